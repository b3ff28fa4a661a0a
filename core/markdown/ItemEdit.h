#pragma once

#include "markdown/MarkdownOptimiser.h"
#include "markdown/SeasonPlanner.h"

#include <QStringList>
#include <memory>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::markdown {

// A merchandiser's change of one item: weeks locked at a step, and either the optimiser's policy
// re-solved around those locks or a schedule fixed week by week (which may break the rules;
// ruleBreaks lists the breaks). Either way `plan` holds its exact figures.
struct ItemEdit {
    // One entry per 0-based week as MarkdownRules::lockedSteps: the locked step, or -1.
    std::vector<int> locks;
    // The user's schedule fixed in advance; empty when the edit is the re-solved policy.
    std::vector<int> fixedSteps;
    MarkdownPlan plan;
    // The steps shown and exported: the fixed schedule, or the policy's expected path.
    std::vector<int> steps;
    QStringList ruleBreaks;

    bool isFixed() const { return !fixedSteps.empty(); }
    // week is 1-based, as the page shows it.
    bool isLocked(int week) const;
    int lockCount() const;
};
using ItemEditPtr = std::shared_ptr<const ItemEdit>;

// The price step the plan charges in each week on its expected path: the schedule an edit
// starts from.
std::vector<int> planSteps(const ItemPlan& item);

// The rules a fixed schedule breaks, one line per break ("week 5: markdown 4, the rules allow
// 3"); empty when the schedule could have been chosen by the optimiser.
QStringList scheduleRuleBreaks(const MarkdownProblem& problem, const std::vector<int>& steps);

// A fixed schedule evaluated exactly under the item's demand.
ItemEditPtr fixedScheduleEdit(const MarkdownProblem& problem, std::vector<int> locks,
                              std::vector<int> steps);
// The item's policy re-solved with optimiseMarkdown so that the locked weeks charge their steps
// and every other week stays optimal. Throws mb::Error (locks the rules cannot keep, cancel).
ItemEditPtr lockedPolicyEdit(const MarkdownProblem& problem, std::vector<int> locks,
                             ProgressToken* progress = nullptr);

}  // namespace mb::markdown
