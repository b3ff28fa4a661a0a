#pragma once

#include "markdown/MarkdownOptimiser.h"
#include "markdown/MarkdownProblem.h"

#include <QString>
#include <algorithm>
#include <cstddef>
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

// The items' groups (a season's categories): every sum of the search is taken a group at a time,
// in item order within the group, and then over the groups in their order. A chain's slices hold
// whole groups, so a slice sums its groups as one process would and the chain adds them.
struct BudgetGroups {
    std::vector<int> of;  // per item, its group in 0..count-1, numbered in the groups' order
    int count = 1;
    // Every item in one group.
    static BudgetGroups one(int items) {
        return {std::vector<int>(static_cast<std::size_t>(std::max(items, 0)), 0), 1};
    }
};

// Groups named by `names` (one per item), numbered in the order of the names' UTF-8 bytes; a null
// name is the empty one.
BudgetGroups groupsByName(const std::vector<QString>& names);

// A round that plans each listed item with `solve`, on `threads` threads (0: one per core).
BudgetRound parallelRound(const BudgetItemSolver& solve, int threads);

// A move the search's last step may make: an item's richer plan for `extra` more spend.
struct BudgetMove {
    int item = -1;  // this part's item; -1: another part's
    double gain = 0.0;
    double extra = 0.0;
};

// When the items are one part of a whole (a chain's slice): what the search needs of the other
// parts. Each part makes the same calls in the same order, since every decision of the search
// follows from these answers. pg::ShardBudget shares them through the sink.
class BudgetShares {
public:
    virtual ~BudgetShares() = default;
    // The whole's sums: `perGroup` holds this part's sums, a row per group (each row as wide),
    // and the answer is the sums over every part's groups in the whole's group order. `price`:
    // the search's price at this step, the same in every part.
    virtual std::vector<double> sum(const std::vector<std::vector<double>>& perGroup,
                                    double price) = 0;
    // Every part's moves in the whole's item order; `mine` in this part's item order.
    virtual std::vector<BudgetMove> moves(const std::vector<BudgetMove>& mine) = 0;
};

// Throws mb::Error naming the budget when it is negative or below the least spend the items'
// rules allow (locked or starting steps below full price), and whatever `solve` throws.
BudgetAllocation allocateMarkdownBudget(int items, double budget, const BudgetItemSolver& solve,
                                        int threads = 0, ProgressToken* progress = nullptr);
// The same search a round at a time, over grouped items that may be one part of a whole
// (`shares`): then spendPrices are this part's items' and every other figure the whole's, the
// same in every part and equal to one process's over the whole's items.
BudgetAllocation allocateMarkdownBudget(int items, double budget, const BudgetRound& round,
                                        const BudgetGroups& groups, BudgetShares* shares = nullptr,
                                        ProgressToken* progress = nullptr);

}  // namespace mb::markdown
