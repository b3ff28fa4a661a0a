#include "markdown/ItemEdit.h"

#include "markdown/MarkdownBaselines.h"

#include <algorithm>

namespace mb::markdown {

std::vector<int> planSteps(const ItemPlan& item) {
    std::vector<int> steps;
    for (const PlannedWeek& week : item.plan.schedule)
        steps.push_back(week.step);
    return steps;
}

QStringList scheduleRuleBreaks(const MarkdownProblem& problem, const std::vector<int>& steps) {
    QStringList breaks;
    const MarkdownRules& rules = problem.rules;
    int step = rules.startStep, taken = 0, lastChange = -1;
    for (int week = 0; week < static_cast<int>(steps.size()); ++week) {
        const int next = steps[size_t(week)];
        if (next == step)
            continue;
        const QString where = QStringLiteral("week %1: ").arg(week + 1);
        if (rules.monotone && next < step)
            breaks.append(where + QStringLiteral("the price goes back up"));
        if (!problem.stepAllowed(next))
            breaks.append(where +
                          QStringLiteral("deeper than the margin floor or deepest step allow"));
        if (week + 1 < rules.earliestWeek)
            breaks.append(
                where +
                QStringLiteral("before the earliest markdown week %1").arg(rules.earliestWeek));
        if (taken >= rules.maxMarkdowns)
            breaks.append(where + QStringLiteral("markdown %1, the rules allow %2")
                                      .arg(taken + 1)
                                      .arg(rules.maxMarkdowns));
        if (lastChange >= 0 && week - lastChange < rules.minWeeksBetween)
            breaks.append(where + QStringLiteral("%1 weeks after the last change, the rules ask %2")
                                      .arg(week - lastChange)
                                      .arg(rules.minWeeksBetween));
        ++taken;
        lastChange = week;
        step = next;
    }
    return breaks;
}

bool ItemEdit::isLocked(int week) const {
    return week >= 1 && week <= static_cast<int>(locks.size()) && locks[size_t(week - 1)] >= 0;
}

int ItemEdit::lockCount() const {
    return static_cast<int>(
        std::count_if(locks.begin(), locks.end(), [](int s) { return s >= 0; }));
}

ItemEditPtr fixedScheduleEdit(const MarkdownProblem& problem, std::vector<int> locks,
                              std::vector<int> steps) {
    auto edit = std::make_shared<ItemEdit>();
    edit->plan = evaluateSchedule(problem, {QStringLiteral("your edit"), steps});
    edit->ruleBreaks = scheduleRuleBreaks(problem, steps);
    edit->locks = std::move(locks);
    edit->fixedSteps = steps;
    edit->steps = std::move(steps);
    return edit;
}

ItemEditPtr lockedPolicyEdit(const MarkdownProblem& problem, std::vector<int> locks,
                             ProgressToken* progress) {
    MarkdownProblem locked = problem;
    locked.rules.lockedSteps = locks;
    auto edit = std::make_shared<ItemEdit>();
    // At the item's share of the markdown budget, if the season has one (its spend price).
    edit->plan = optimiseAtSpendPrice(locked, locked.spendPrice, progress);
    for (const PlannedWeek& week : edit->plan.schedule)
        edit->steps.push_back(week.step);
    edit->locks = std::move(locks);
    return edit;
}

}  // namespace mb::markdown
