#pragma once

#include "markdown/DemandTable.h"
#include "markdown/MarkdownProblem.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace mb::markdown {

// The optimal price decision for every state a season can be in: 0-based week, units on hand,
// the step in force last week, markdowns taken, and weeks since the last markdown (capped).
//
// The table is smaller than that state: a decision is only stored where the price may change.
// Within the spacing rule's hold after a change the price is fixed, so "weeks since" needs no
// decisions; and the markdowns taken only matter through the markdowns still possible, which
// monotone prices also cap by the allowed steps deeper than the current one. A "class" is one
// (step, markdowns still possible) pair; decisions are kept per week, class and stock.
class MarkdownPolicy {
public:
    MarkdownPolicy() = default;
    MarkdownPolicy(const MarkdownProblem& problem, DemandTable demand);

    const MarkdownProblem& problem() const { return problem_; }
    const DemandTable& demand() const { return demand_; }

    // ---- The season's state as a simulation walks it ----
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
    // Weeks a new price is charged before the next change may come (1 without a spacing rule).
    int holdWeeks() const { return spacing_ > 1 ? spacing_ : 1; }

    // Ladder step to use in a 0-based week; taken and gap as nextTaken() and nextGap() keep them.
    int decide(int week, int stock, int step, int markdownsTaken, int gap) const {
        const int c = gap < spacing_ ? -1 : classOf(step, remaining(step, markdownsTaken));
        return c < 0 || row_[size_t(c)] < 0 ? step : decisions_[index(week, c) + size_t(stock)];
    }
    // For a policy without rules (one class per step): charge `next` in this week and stock.
    void setDecision(int week, int stock, int step, int markdownsTaken, int gap, int next);

    // ---- Classes, as the optimiser works on them ----
    int classCount() const { return static_cast<int>(classStep_.size()); }
    int classStep(int c) const { return classStep_[size_t(c)]; }
    int classRemaining(int c) const { return classRemaining_[size_t(c)]; }
    // Can a season reach this class from the start?
    bool classReachable(int c) const {
        return std::min(firstFree_[size_t(c)], firstLanding_[size_t(c)]) < problem_.weeks;
    }
    // First 0-based week a season can be free to change the price in this class (weeks if none).
    int firstFreeWeek(int c) const { return firstFree_[size_t(c)]; }
    // First week a season can charge the class's step with `held` weeks (1 to holdWeeks()) of
    // it still to charge before a free week: values of earlier weeks are never needed.
    int firstWeekHeld(int c, int held) const;
    // Is this class the one a change lands in (so its held values are needed)?
    bool changeTarget(int c) const { return changeTarget_[size_t(c)] != 0; }
    int startClass() const { return startClass_; }
    // Class of a step with this many markdowns still possible; -1 when there is none.
    int classOf(int step, int remaining) const;
    // Markdowns still possible after `taken`, at this step (capped by the deeper steps).
    int remaining(int step, int markdownsTaken) const;
    // The class a change from class c to `next` lands in.
    int afterChange(int c, int next) const;
    // Does the class store decisions (reachable and a change still possible)?
    bool decides(int c) const { return row_[size_t(c)] >= 0; }
    // The decisions of one (week, class), indexed by stock; only for classes that decide.
    std::int8_t* decisionRow(int week, int c) { return &decisions_[index(week, c)]; }
    const std::int8_t* decisionRow(int week, int c) const { return &decisions_[index(week, c)]; }
    // Bytes of the decision table: weeks x deciding classes x (units + 1).
    size_t decisionBytes() const { return decisions_.size(); }

private:
    size_t index(int week, int c) const {
        return (size_t(week) * size_t(rows_) + size_t(row_[size_t(c)])) *
               size_t(problem_.inventory + 1);
    }
    int cap(int step) const;

    MarkdownProblem problem_;
    DemandTable demand_;
    int steps_ = 0;
    int markdownLimit_ = 0;  // 0 when the count is not tracked
    bool countTracked_ = false;
    int spacing_ = 0;
    int deepest_ = 0;     // deepest step the rules allow
    int classLimit_ = 0;  // most markdowns still possible a class can hold
    int startClass_ = -1;
    int rows_ = 0;                 // classes that decide
    std::vector<int> classIndex_;  // [step][remaining] -> class or -1
    std::vector<int> classStep_, classRemaining_, row_;
    std::vector<int> firstFree_, firstLanding_;
    std::vector<std::uint8_t> changeTarget_;
    std::vector<std::int8_t> decisions_;
};

}  // namespace mb::markdown
