#pragma once

#include "layout/BasketSet.h"

#include <vector>

namespace mb {
class MemoryBudget;
class ProgressToken;
}  // namespace mb

namespace mb::layout {

struct FrequentItemset {
    std::vector<ItemId> items;  // ascending ids
    std::uint32_t count = 0;    // baskets holding every item
};

struct ItemsetOptions {
    double minSupport = 0.1;  // arules' default
    int maxLength = 10;       // items in an itemset, arules' default maxlen
};

struct ItemsetResult {
    std::vector<FrequentItemset> itemsets;  // every frequent itemset of 1..maxLength items
    bool cancelled = false;
};

// Frequent itemsets by depth-first search over basket-id lists (Eclat: Zaki, "Scalable
// algorithms for association mining", IEEE TKDE 12(3), 2000); the same itemsets Apriori finds.
// The basket-id lists and the itemsets found are charged to `budget` (none: unlimited); when
// they would pass it the search stops with MemoryBudgetExceeded, saying how far it got.
ItemsetResult findFrequentItemsets(const BasketSet& baskets, const ItemsetOptions& options,
                                   ProgressToken* progress = nullptr,
                                   MemoryBudget* budget = nullptr);

// Bytes one itemset of `length` items holds in a result (the entry, its item list and the
// allocator's bookkeeping), as charged to a budget.
std::uint64_t itemsetBytes(std::size_t length);

}  // namespace mb::layout
