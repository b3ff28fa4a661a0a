#pragma once

#include "layout/AffinityMeasures.h"
#include "layout/BasketSet.h"

#include <vector>

namespace mb {
class MemoryBudget;
class ProgressToken;
}  // namespace mb

namespace mb::layout {

struct AffinityPair {
    ItemId itemA = 0;  // itemA < itemB
    ItemId itemB = 0;
    PairCounts counts;
    PairMeasures measures;
};

struct AffinityOptions {
    double minSupport = 0;         // share of baskets holding both items
    std::uint64_t minBaskets = 1;  // and at least this many baskets holding both
};

// The affinity command's default floor: a pair seen together in fewer baskets than the larger of
// 10 and 0.1% of the baskets is a chance co-occurrence whose lift says little. On UCI Online
// Retail (20,728 baskets, floor 21) it keeps 322,014 of 3.7 million pairs, few enough for a
// spreadsheet (1,048,576 rows); 10 alone kept 850,028 (240 MB). On Groceries (9,835 baskets)
// the floor stays 10.
inline constexpr std::uint64_t kDefaultAffinityMinBaskets = 10;
inline constexpr double kDefaultAffinityMinShare = 0.001;
std::uint64_t defaultAffinityMinBaskets(std::size_t baskets);

struct AffinityResult {
    std::vector<AffinityPair> pairs;  // by descending lift, then ids
    std::vector<std::uint32_t> itemCounts;
    std::uint64_t pairsBelowFloor = 0;  // bought together, but in fewer than minBaskets baskets
    bool cancelled = false;
};

// Minimum basket count for a support threshold: support is counted over baskets, and a count
// meets the threshold when count / n >= minSupport (at least 1, as an itemset must occur).
std::uint64_t minimumCount(double minSupport, std::size_t baskets);

// Every pair of items bought together in at least minSupport of the baskets and in at least
// minBaskets baskets, with its measures and tests. The pairs and the basket lists are charged to
// `budget` (none: unlimited); when they would pass it, MemoryBudgetExceeded says how far it got.
AffinityResult findAffinityPairs(const BasketSet& baskets, const AffinityOptions& options,
                                 ProgressToken* progress = nullptr, MemoryBudget* budget = nullptr);
inline AffinityResult findAffinityPairs(const BasketSet& baskets, double minSupport,
                                        ProgressToken* progress = nullptr) {
    return findAffinityPairs(baskets, AffinityOptions{minSupport, 1}, progress);
}

}  // namespace mb::layout
