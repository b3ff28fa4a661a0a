#include "markdown/MarkdownPolicy.h"

#include <algorithm>

namespace mb::markdown {

MarkdownPolicy::MarkdownPolicy(const MarkdownProblem& problem, DemandTable demand)
    : problem_(problem),
      demand_(std::move(demand)),
      steps_(static_cast<int>(problem.ladder.size())),
      spacing_(problem.rules.minWeeksBetween <= 1
                   ? 0
                   : std::min(problem.rules.minWeeksBetween, problem.weeks)) {
    // The most changes any schedule can make, whatever the count rule says.
    const int possible =
        problem.rules.monotone ? std::min(problem.weeks, steps_ - 1) : problem.weeks;
    countTracked_ = problem.rules.maxMarkdowns < possible;
    markdownLimit_ = countTracked_ ? problem.rules.maxMarkdowns : 0;
    decisions_.assign(index(problem.weeks, 0, 0, 0), std::int8_t(problem.rules.startStep));
}

bool MarkdownPolicy::reachable(int step, int markdownsTaken, int gap) const {
    const int start = problem_.rules.startStep;
    const bool monotone = problem_.rules.monotone;
    if (countTracked_) {
        if (markdownsTaken == 0)
            return step == start && gap == spacing_;
        return !monotone || step >= start + markdownsTaken;
    }
    if (monotone && step == start)
        return gap == spacing_;
    return !monotone || step > start;
}

int MarkdownPolicy::nextGap(int gap, bool changed) const {
    return changed ? std::min(1, spacing_) : std::min(gap + 1, spacing_);
}

bool MarkdownPolicy::canChange(int week, int step, int next, int markdownsTaken, int gap) const {
    if (next == step)
        return true;
    if (!problem_.stepAllowed(next) || (problem_.rules.monotone && next < step))
        return false;
    return (!countTracked_ || markdownsTaken < markdownLimit_) && gap >= spacing_ &&
           week + 1 >= problem_.rules.earliestWeek;
}

}  // namespace mb::markdown
