#pragma once

#include "markdown/MarkdownBudget.h"

#include <QString>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::markdown {

// A planning unit as the whole chain names it: its product and its first store (a cluster's
// lowest-named store). A whole season lists its units in this order, product then store, as
// bytes of UTF-8, which is how a slice's units find their place among the chain's.
struct BudgetUnitKey {
    QString product;
    QString store;
    QString category;  // the unit's group in the budget's sums (groupsByName)
};

// The markdown budget of a season that is one slice of a chain's (a shard of a chain run): the
// budget caps the chain's spend, so the slice's units are priced together with every other
// slice's. pg::ShardBudget shares the rounds through the sink.
class BudgetCoupling {
public:
    virtual ~BudgetCoupling() = default;
    // The allocation over the chain's units, of which `units` (the slice's, in its order; whole
    // categories) are this slice's, planned one at a time by `solve` (a slice index and a spend
    // price). Its spendPrices are the slice's units', every other figure the chain's
    // (chainSlices > 0), and it equals what allocateMarkdownBudget finds over the chain's units,
    // grouped by category, in one process. Throws mb::Error as that does, and when the slices
    // cannot agree.
    virtual BudgetAllocation allocate(const std::vector<BudgetUnitKey>& units, double budget,
                                      const BudgetItemSolver& solve, int threads,
                                      ProgressToken* progress) = 0;
};

}  // namespace mb::markdown
