#pragma once

#include "markdown/MarkdownPolicy.h"
#include "markdown/MarkdownProblem.h"

#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::markdown {

// One week of the plan. The step is the one the policy takes on the "mean path", where each
// week's demand equals its mean rounded to whole units; path_* figures follow that path. The
// expected_* figures and probabilityAtStep are exact expectations over all demand outcomes.
struct PlannedWeek {
    int week = 0;  // 1-based
    int step = 0;
    double price = 0.0;
    int pathStock = 0;               // on hand at the start of the week on the mean path
    int pathUnits = 0;               // sold in the week on the mean path
    double expectedStock = 0.0;      // expected on hand at the start of the week
    double expectedUnits = 0.0;      // expected units sold in the week
    double probabilityAtStep = 0.0;  // chance the policy charges this week's step
    double expectedPrice = 0.0;      // expected price charged this week
};

struct MarkdownPlan {
    MarkdownPolicy policy;
    // Exact optimum of the model: revenue or margin, plus salvage, minus the shortfall penalty.
    double expectedObjective = 0.0;
    // Exact expectations under the optimal policy (revenue and margin exclude salvage).
    double expectedRevenue = 0.0;
    double expectedMargin = 0.0;
    double expectedUnits = 0.0;
    double expectedLeftover = 0.0;
    double expectedSellThrough = 0.0;
    double expectedSalvage = 0.0;
    double expectedShortfall = 0.0;  // units short of the sell-through target
    double expectedPenalty = 0.0;
    std::vector<PlannedWeek> schedule;
};

// Exact stochastic dynamic programme over weeks x stock x (step, markdowns still possible); a
// change holds its new step for the spacing rule's weeks, so no "weeks since" state is needed
// (see WeekValues in the .cpp). Throws mb::Error for an invalid problem (one too large for the
// limits of SolveSize.h included), an infeasible hard target, or a cancel through the token.
MarkdownPlan optimiseMarkdown(const MarkdownProblem& problem, ProgressToken* progress = nullptr);

// Exact expectations of the plan's policy (any policy table, not only the optimum) by pushing
// the state distribution forward week by week; fills every field but policy and the objective.
void evaluatePolicy(MarkdownPlan& plan);

}  // namespace mb::markdown
