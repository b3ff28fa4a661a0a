#include "ScheduleEdits.h"

#include "ScheduleSearch.h"
#include "markdown/MarkdownBaselines.h"

#include <QUndoStack>
#include <algorithm>

namespace mb::ui {

std::vector<int> planSteps(const markdown::ItemPlan& item) {
    std::vector<int> steps;
    for (const markdown::PlannedWeek& week : item.plan.schedule)
        steps.push_back(week.step);
    return steps;
}

QStringList scheduleRuleBreaks(const markdown::MarkdownProblem& problem,
                               const std::vector<int>& steps) {
    QStringList breaks;
    const markdown::MarkdownRules& rules = problem.rules;
    int step = rules.startStep, taken = 0, lastChange = -1;
    for (int week = 0; week < static_cast<int>(steps.size()); ++week) {
        const int next = steps[size_t(week)];
        if (next == step)
            continue;
        const QString where = QObject::tr("week %1: ").arg(week + 1);
        if (rules.monotone && next < step)
            breaks.append(where + QObject::tr("the price goes back up"));
        if (!problem.stepAllowed(next))
            breaks.append(where +
                          QObject::tr("deeper than the margin floor or deepest step allow"));
        if (week + 1 < rules.earliestWeek)
            breaks.append(
                where +
                QObject::tr("before the earliest markdown week %1").arg(rules.earliestWeek));
        if (taken >= rules.maxMarkdowns)
            breaks.append(where + QObject::tr("markdown %1, the rules allow %2")
                                      .arg(taken + 1)
                                      .arg(rules.maxMarkdowns));
        if (lastChange >= 0 && week - lastChange < rules.minWeeksBetween)
            breaks.append(where + QObject::tr("%1 weeks after the last change, the rules ask %2")
                                      .arg(week - lastChange)
                                      .arg(rules.minWeeksBetween));
        ++taken;
        lastChange = week;
        step = next;
    }
    return breaks;
}

ScheduleEdits::ScheduleEdits(QObject* parent) : QObject(parent) {
    undo_ = new QUndoStack(this);
}

void ScheduleEdits::setRun(MarkdownRunResultPtr run) {
    run_ = std::move(run);
    const QList<int> items = editedItems();
    edits_.clear();
    undo_->clear();
    for (int item : items)
        emit itemChanged(item);
}

const ItemEdit* ScheduleEdits::edit(int item) const {
    const auto found = edits_.find(item);
    return found == edits_.end() ? nullptr : &found->second;
}

QList<int> ScheduleEdits::editedItems() const {
    QList<int> items;
    for (const auto& [item, edit] : edits_)
        items.append(item);
    return items;
}

std::vector<int> ScheduleEdits::currentSteps(int item) const {
    if (const ItemEdit* found = edit(item))
        return found->steps;
    if (!run_ || item < 0 || item >= static_cast<int>(run_->a.season.items.size()))
        return {};
    return planSteps(run_->a.season.items[size_t(item)]);
}

void ScheduleEdits::overrideWeek(int item, int week, int step) {
    std::vector<int> before = edit(item) ? edit(item)->steps : std::vector<int>();
    std::vector<int> after = currentSteps(item);
    if (week < 1 || week > static_cast<int>(after.size()) || after[size_t(week - 1)] == step)
        return;
    after[size_t(week - 1)] = step;
    const markdown::ItemPlan& plan = run_->a.season.items[size_t(item)];
    if (after == planSteps(plan))
        after.clear();  // back to the plan's own path: no edit left
    undo_->push(new ScheduleCommand(
        this, item, std::move(before), std::move(after),
        tr("Week %1 of %2 @ %3").arg(week).arg(plan.item.product, plan.item.store)));
}

bool ScheduleEdits::lockWeek(int item, int week, int step, bool* tooMany) {
    if (!run_ || item < 0 || item >= static_cast<int>(run_->a.season.items.size()))
        return false;
    const markdown::ItemPlan& plan = run_->a.season.items[size_t(item)];
    if (!plan.planned)
        return false;
    std::vector<int> after =
        bestScheduleWithLock(plan.input, week, step, tooMany, interactiveScheduleLimit(plan.input));
    if (after.empty())
        return false;
    std::vector<int> before = edit(item) ? edit(item)->steps : std::vector<int>();
    if (after == planSteps(plan))
        after.clear();
    if (after == before)
        return true;
    undo_->push(new ScheduleCommand(
        this, item, std::move(before), std::move(after),
        tr("Lock week %1 of %2 @ %3").arg(week).arg(plan.item.product, plan.item.store)));
    return true;
}

void ScheduleEdits::revertItem(int item) {
    const ItemEdit* found = edit(item);
    if (!found)
        return;
    const markdown::ItemPlan& plan = run_->a.season.items[size_t(item)];
    undo_->push(new ScheduleCommand(this, item, found->steps, {},
                                    tr("Revert %1 @ %2").arg(plan.item.product, plan.item.store)));
}

void ScheduleEdits::setSteps(int item, const std::vector<int>& steps) {
    if (steps.empty()) {
        edits_.erase(item);
    } else if (run_ && item >= 0 && item < static_cast<int>(run_->a.season.items.size())) {
        const markdown::MarkdownProblem& problem = run_->a.season.items[size_t(item)].input;
        ItemEdit edit;
        edit.steps = steps;
        edit.plan = markdown::evaluateSchedule(problem, {tr("your edit"), steps});
        edit.ruleBreaks = scheduleRuleBreaks(problem, steps);
        edits_.insert_or_assign(item, std::move(edit));
    }
    emit itemChanged(item);
}

ScheduleCommand::ScheduleCommand(ScheduleEdits* edits, int item, std::vector<int> before,
                                 std::vector<int> after, const QString& text)
    : QUndoCommand(text),
      edits_(edits),
      item_(item),
      before_(std::move(before)),
      after_(std::move(after)) {}

void ScheduleCommand::undo() {
    edits_->setSteps(item_, before_);
}

void ScheduleCommand::redo() {
    edits_->setSteps(item_, after_);
}

}  // namespace mb::ui
