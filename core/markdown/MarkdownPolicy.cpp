#include "markdown/MarkdownPolicy.h"

#include <algorithm>
#include <limits>

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
    // Allowed steps are a prefix of the ladder: deeper steps are cheaper, so the deepest-step
    // rule and the margin floor each cut the ladder at one step.
    deepest_ = -1;
    while (deepest_ + 1 < steps_ && problem.stepAllowed(deepest_ + 1))
        ++deepest_;
    // Untracked counts keep one "changes still possible" class per step (remaining 1).
    classLimit_ = countTracked_ ? markdownLimit_ : 1;
    const int width = classLimit_ + 1;
    classIndex_.assign(size_t(std::max(steps_, 0)) * size_t(width), -1);
    for (int k = 0; k <= deepest_; ++k) {
        for (int r = 0; r <= std::min(classLimit_, cap(k)); ++r) {
            classIndex_[size_t(k) * size_t(width) + size_t(r)] = classCount();
            classStep_.push_back(k);
            classRemaining_.push_back(r);
        }
    }
    changeTarget_.assign(classStep_.size(), 0);
    // The first week each class can be in force (never = weeks): the start class from week 0; a
    // change from a free class lands in its target no earlier than the earliest week, and the
    // target is free again after the hold. Classes only lead to classes of fewer (or, untracked,
    // as many) markdowns still possible, so a few passes in class order settle every week.
    const int never = problem.weeks;
    firstFree_.assign(classStep_.size(), never);
    firstLanding_.assign(classStep_.size(), never);
    startClass_ = classOf(problem.rules.startStep, remaining(problem.rules.startStep, 0));
    if (startClass_ >= 0)
        firstFree_[size_t(startClass_)] = 0;
    for (bool moved = startClass_ >= 0; moved;) {
        moved = false;
        for (int c = 0; c < classCount(); ++c) {
            const int from = std::max(firstFree_[size_t(c)], problem.rules.earliestWeek - 1);
            if (from >= never || classRemaining(c) == 0)
                continue;
            for (int next = 0; next <= deepest_; ++next) {
                if (next == classStep(c) || (problem.rules.monotone && next < classStep(c)))
                    continue;
                const size_t to = size_t(afterChange(c, next));
                changeTarget_[to] = 1;
                if (from < firstLanding_[to]) {
                    firstLanding_[to] = from;
                    moved = true;
                }
                if (from + holdWeeks() < firstFree_[to]) {
                    firstFree_[to] = from + holdWeeks();
                    moved = true;
                }
            }
        }
    }
    row_.assign(classStep_.size(), -1);
    for (int c = 0; c < classCount(); ++c)
        if (classReachable(c) && classRemaining(c) > 0)
            row_[size_t(c)] = rows_++;
    decisions_.resize(size_t(problem.weeks) * size_t(rows_) * size_t(problem.inventory + 1));
    for (int t = 0; t < problem.weeks; ++t)
        for (int c = 0; c < classCount(); ++c)
            if (decides(c))
                std::fill_n(decisionRow(t, c), problem.inventory + 1,
                            static_cast<std::int8_t>(classStep(c)));
}

int MarkdownPolicy::firstWeekHeld(int c, int held) const {
    const int free = firstFree_[size_t(c)], landing = firstLanding_[size_t(c)];
    const int last = problem_.weeks;  // never
    if (classRemaining(c) == 0)
        return std::min(free, landing);
    // Held for `held` more weeks: the hold's week (hold - held) after a landing, or a free week
    // that keeps the price (held = 1).
    const int inHold = landing >= last ? last : landing + holdWeeks() - held;
    return held == 1 ? std::min(free, inHold) : inHold;
}

int MarkdownPolicy::cap(int step) const {
    // Monotone prices can change at most once per allowed step deeper than this one.
    return problem_.rules.monotone ? std::max(0, deepest_ - step) : std::numeric_limits<int>::max();
}

int MarkdownPolicy::remaining(int step, int markdownsTaken) const {
    const int left = countTracked_ ? markdownLimit_ - markdownsTaken : 1;
    return std::max(0, std::min(left, cap(step)));
}

int MarkdownPolicy::classOf(int step, int remaining) const {
    if (step < 0 || step > deepest_ || remaining < 0 || remaining > classLimit_)
        return -1;
    return classIndex_[size_t(step) * size_t(classLimit_ + 1) + size_t(remaining)];
}

int MarkdownPolicy::afterChange(int c, int next) const {
    const int left = countTracked_ ? classRemaining(c) - 1 : 1;
    return classOf(next, std::max(0, std::min(left, cap(next))));
}

void MarkdownPolicy::setDecision(int week, int stock, int step, int markdownsTaken, int gap,
                                 int next) {
    const int c = gap < spacing_ ? -1 : classOf(step, remaining(step, markdownsTaken));
    if (c >= 0 && decides(c))
        decisionRow(week, c)[stock] = static_cast<std::int8_t>(next);
}

int MarkdownPolicy::nextGap(int gap, bool changed) const {
    return changed ? std::min(1, spacing_) : std::min(gap + 1, spacing_);
}

}  // namespace mb::markdown
