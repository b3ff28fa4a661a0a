#pragma once

#include "markdown/MarkdownOptimiser.h"

#include <QString>
#include <vector>

namespace mb::markdown {

// A schedule fixed in advance: the ladder step charged in each week, whatever sells. This is
// how a retailer's rule ("30% off at week 6, 50% at week 10") or a merchandiser's own plan runs.
struct FixedSchedule {
    QString name;
    std::vector<int> steps;  // one per week
};

// The money a plan is judged on: revenue or margin, plus salvage, minus the shortfall penalty.
double planObjective(const MarkdownProblem& problem, const MarkdownPlan& plan);

// Exact expectations of following the schedule under the problem's demand. The schedule is
// evaluated as given, even where it breaks the problem's rules (a baseline is what was done).
MarkdownPlan evaluateSchedule(const MarkdownProblem& problem, const FixedSchedule& schedule);

// Evaluates many schedules of one problem, building the demand tables once.
class ScheduleEvaluator {
public:
    explicit ScheduleEvaluator(const MarkdownProblem& problem);
    const MarkdownPlan& evaluate(const FixedSchedule& schedule);

private:
    MarkdownProblem problem_;
    MarkdownPlan plan_;
};

FixedSchedule noMarkdownSchedule(const MarkdownProblem& problem);

// Two-step rules "step a from week w, step b > a from week v > w" and one-step rules "step a
// from week w", over every week from 2 and every step the ladder has, in names a merchandiser
// reads ("-30% wk 6, -50% wk 10").
std::vector<FixedSchedule> fixedRuleGrid(const MarkdownProblem& problem);

// Index of the schedule with the highest expected objective.
std::size_t bestSchedule(const MarkdownProblem& problem,
                         const std::vector<FixedSchedule>& schedules);

}  // namespace mb::markdown
