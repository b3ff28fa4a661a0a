#include "ScheduleEdits.h"

#include "markdown/MarkdownBaselines.h"
#include "markdown/MarkdownOptimiser.h"

#include <QUndoStack>
#include <algorithm>

namespace mb::ui {

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

void ScheduleEdits::restore(const std::map<int, ItemEditPtr>& edits) {
    QList<int> items = editedItems();
    edits_.clear();
    undo_->clear();
    for (const auto& [item, edit] : edits)
        if (edit && validItem(item)) {
            edits_.insert_or_assign(item, edit);
            items.append(item);
        }
    for (int item : items)
        emit itemChanged(item);
}

bool ScheduleEdits::validItem(int item) const {
    return run_ && item >= 0 && item < static_cast<int>(run_->a.season.items.size()) &&
           run_->a.season.items[size_t(item)].planned;
}

const ItemEdit* ScheduleEdits::edit(int item) const {
    const auto found = edits_.find(item);
    return found == edits_.end() ? nullptr : found->second.get();
}

ItemEditPtr ScheduleEdits::editPtr(int item) const {
    const auto found = edits_.find(item);
    return found == edits_.end() ? nullptr : found->second;
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
    if (!validItem(item))
        return {};
    return planSteps(run_->a.season.items[size_t(item)]);
}

std::vector<int> ScheduleEdits::locksWith(int item, int week, int step) const {
    if (!validItem(item))
        return {};
    const int weeks = run_->a.season.items[size_t(item)].input.weeks;
    std::vector<int> locks = edit(item) ? edit(item)->locks : std::vector<int>();
    locks.resize(size_t(weeks), -1);
    if (week >= 1 && week <= weeks)
        locks[size_t(week - 1)] = step;
    return locks;
}

void ScheduleEdits::overrideWeek(int item, int week, int step) {
    if (!validItem(item))
        return;
    std::vector<int> after = currentSteps(item);
    if (week < 1 || week > static_cast<int>(after.size()) || after[size_t(week - 1)] == step)
        return;
    after[size_t(week - 1)] = step;
    const markdown::ItemPlan& plan = run_->a.season.items[size_t(item)];
    std::vector<int> locks = edit(item) ? edit(item)->locks : std::vector<int>();
    if (edit(item) && edit(item)->isLocked(week))
        locks[size_t(week - 1)] = step;
    const bool anyLock = std::any_of(locks.begin(), locks.end(), [](int s) { return s >= 0; });
    // Back to the plan's own path with nothing locked: no edit left.
    ItemEditPtr next = after == planSteps(plan) && !anyLock
                           ? nullptr
                           : fixedScheduleEdit(plan.input, std::move(locks), std::move(after));
    pushEdit(item, std::move(next),
             tr("Week %1 of %2 @ %3").arg(week).arg(plan.item.product, plan.item.store));
}

void ScheduleEdits::pushEdit(int item, ItemEditPtr after, const QString& text) {
    if (!validItem(item))
        return;
    undo_->push(new EditCommand(this, item, editPtr(item), std::move(after), text));
}

void ScheduleEdits::revertItem(int item) {
    if (!edit(item))
        return;
    const markdown::ItemPlan& plan = run_->a.season.items[size_t(item)];
    pushEdit(item, nullptr, tr("Revert %1 @ %2").arg(plan.item.product, plan.item.store));
}

void ScheduleEdits::setEdit(int item, ItemEditPtr edit) {
    if (!edit) {
        edits_.erase(item);
    } else if (validItem(item)) {
        edits_.insert_or_assign(item, std::move(edit));
    }
    emit itemChanged(item);
}

EditCommand::EditCommand(ScheduleEdits* edits, int item, ItemEditPtr before, ItemEditPtr after,
                         const QString& text)
    : QUndoCommand(text),
      edits_(edits),
      item_(item),
      before_(std::move(before)),
      after_(std::move(after)) {}

void EditCommand::undo() {
    edits_->setEdit(item_, before_);
}

void EditCommand::redo() {
    edits_->setEdit(item_, after_);
}

}  // namespace mb::ui
