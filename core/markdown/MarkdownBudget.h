#pragma once

#include "markdown/MarkdownOptimiser.h"
#include "markdown/MarkdownProblem.h"

#include <functional>
#include <optional>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::markdown {

// A cap on the season's markdown spend, sum over items of (regular price - price paid) x units
// sold, across every item planned together. The cap is on expected spend: each item's policy
// reacts to the demand it meets, so the spend of one season is a random figure around it.

// Expected markdown spend of a plan: its expected units at the regular price less its expected
// revenue.
double expectedMarkdownSpend(const MarkdownPlan& plan);
// The same for a plan of `problem` that may keep no policy (a streamed season's items).
double expectedMarkdownSpend(const MarkdownProblem& problem, const MarkdownPlan& plan);

// The exact plan of an item whose markdown spend is charged at `spendPrice` per unit of
// discount: the policy maximises objective - spendPrice x spend, while the plan reports the true
// expected objective, revenue and margin (without the charge).
MarkdownPlan optimiseAtSpendPrice(MarkdownProblem problem, double spendPrice,
                                  ProgressToken* progress = nullptr);

// What an item's plan at one spend price gives, as the coupling needs it.
struct BudgetOutcome {
    double objective = 0.0;  // true expected objective
    double spend = 0.0;      // expected markdown spend
};

// The budget shared over the items, priced by Lagrangian relaxation: each item is planned
// exactly at a spend price lambda, the smallest lambda whose plans fit the budget is found over
// the breakpoints of the dual, and items near it are moved greedily to the richer side's plan
// while the budget allows.
struct BudgetAllocation {
    double budget = 0.0;
    bool binds = false;  // the plans without a budget would spend more than it
    // The price of the budget: the breakpoint at which the plans come to fit it when the search
    // reaches it, else the smallest price tried whose plans fit.
    double lambda = 0.0;
    // Per item, the spend price to plan it at (reproduces its chosen plan exactly).
    std::vector<double> spendPrices;
    double objective = 0.0;  // of the chosen plans
    double spend = 0.0;      // of the chosen plans, <= budget
    // The items' own best plans, without the budget.
    double unbudgetedObjective = 0.0;
    double unbudgetedSpend = 0.0;
    // The best Lagrangian dual bound: min over the lambdas tried of
    // sum_i max(objective_i - lambda spend_i) + lambda budget, at or above the best plan within
    // the budget; gapBound = dualBound - objective is how far the result may be from it.
    double dualBound = 0.0;
    double gapBound = 0.0;
    int lambdasTried = 0;
    bool cancelled = false;
    // More than 0 when the items were one slice of a chain's, the budget shared with the other
    // slices (BudgetCoupling.h): then spendPrices are the slice's items' and every figure above
    // is the chain's.
    int chainSlices = 0;
};

// Plans item i at a spend price; nullopt when the item cannot be planned (it spends nothing).
// Called from several threads at once; must be deterministic.
using BudgetItemSolver = std::function<std::optional<BudgetOutcome>(int item, double spendPrice)>;

// Plans the listed items (indices into 0..items-1) at one spend price: one round of the budget's
// search. The outcomes in the order listed.
using BudgetRound = std::function<std::vector<std::optional<BudgetOutcome>>(
    const std::vector<int>& which, double spendPrice)>;

// Throws mb::Error naming the budget when it is negative or below the least spend the items'
// rules allow (locked or starting steps below full price), and whatever `solve` throws.
BudgetAllocation allocateMarkdownBudget(int items, double budget, const BudgetItemSolver& solve,
                                        int threads = 0, ProgressToken* progress = nullptr);
// The same search, a round at a time: the rounds asked for, and the answer, depend only on the
// outcomes `round` returns, so processes that each plan some of the items and share every
// outcome (a chain's shards) take the same rounds and reach the same allocation.
BudgetAllocation allocateMarkdownBudget(int items, double budget, const BudgetRound& round,
                                        ProgressToken* progress = nullptr);

}  // namespace mb::markdown
