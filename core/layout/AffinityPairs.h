#pragma once

#include "layout/AffinityMeasures.h"
#include "layout/BasketSet.h"

#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::layout {

struct AffinityPair {
    ItemId itemA = 0;  // itemA < itemB
    ItemId itemB = 0;
    PairCounts counts;
    PairMeasures measures;
};

struct AffinityResult {
    std::vector<AffinityPair> pairs;  // by descending lift, then ids
    std::vector<std::uint32_t> itemCounts;
    bool cancelled = false;
};

// Minimum basket count for a support threshold: support is counted over baskets, and a count
// meets the threshold when count / n >= minSupport (at least 1, as an itemset must occur).
std::uint64_t minimumCount(double minSupport, std::size_t baskets);

// Every pair of items bought together in at least minSupport of the baskets (and at least once),
// with its measures and tests.
AffinityResult findAffinityPairs(const BasketSet& baskets, double minSupport,
                                 ProgressToken* progress = nullptr);

}  // namespace mb::layout
