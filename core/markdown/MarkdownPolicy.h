#pragma once

#include "markdown/DemandTable.h"
#include "markdown/MarkdownProblem.h"

#include <cstdint>
#include <vector>

namespace mb::markdown {

// The optimal price decision for every state the rules need: 0-based week, units on hand, the
// step in force last week, markdowns taken, and weeks since the last markdown (capped).
class MarkdownPolicy {
public:
    MarkdownPolicy() = default;
    MarkdownPolicy(const MarkdownProblem& problem, DemandTable demand);

    const MarkdownProblem& problem() const { return problem_; }
    const DemandTable& demand() const { return demand_; }
    // Markdown counts the state tells apart: 1 when the limit can never bind (it is at least
    // the weeks, or the ladder's depth for monotone prices), so that dimension costs nothing.
    int markdownCounts() const { return markdownLimit_ + 1; }
    // Does the count rule bind? (max_markdowns 0 binds with a single count.)
    bool countTracked() const { return countTracked_; }
    int nextTaken(int taken, bool changed) const {
        return countTracked_ && changed ? taken + 1 : taken;
    }
    // Weeks since the last markdown as the state stores it: capped at the spacing rule (0 when
    // min_weeks_between is 0 or 1, which never binds).
    int gaps() const { return spacing_ + 1; }
    int initialGap() const { return spacing_; }
    int nextGap(int gap, bool changed) const;
    // Can a season reach this state from the start? A tracked count of 0 means the start step
    // is still in force; monotone prices sit at least one step deeper per markdown taken. The
    // optimiser skips the rest, which roughly halves its work under a markdown count rule.
    bool reachable(int step, int markdownsTaken, int gap) const;
    // May the price move from `step` to `next` in this 0-based week?
    bool canChange(int week, int step, int next, int markdownsTaken, int gap) const;

    // Ladder step to use in a 0-based week; taken and gap as nextTaken() and nextGap() keep them.
    int decide(int week, int stock, int step, int markdownsTaken, int gap) const {
        return decisions_[index(week, step, markdownsTaken, gap) + size_t(stock)];
    }
    void setDecision(int week, int stock, int step, int markdownsTaken, int gap, int next) {
        decisions_[index(week, step, markdownsTaken, gap) + size_t(stock)] =
            static_cast<std::int8_t>(next);
    }
    // The decisions of one (week, step, markdowns, gap) block, indexed by stock.
    std::int8_t* decisionRow(int week, int step, int markdownsTaken, int gap) {
        return &decisions_[index(week, step, markdownsTaken, gap)];
    }
    // Offset of the (step, markdowns, gap) block of one week; stock is the fastest index.
    size_t index(int week, int step, int markdownsTaken, int gap) const {
        return (((size_t(week) * size_t(steps_) + size_t(step)) * size_t(markdownCounts()) +
                 size_t(markdownsTaken)) *
                    size_t(gaps()) +
                size_t(gap)) *
               size_t(problem_.inventory + 1);
    }

private:
    MarkdownProblem problem_;
    DemandTable demand_;
    int steps_ = 0;
    int markdownLimit_ = 0;  // 0 when the count is not tracked
    bool countTracked_ = false;
    int spacing_ = 0;
    std::vector<std::int8_t> decisions_;
};

}  // namespace mb::markdown
