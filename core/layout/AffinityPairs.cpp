#include "layout/AffinityPairs.h"

#include "common/MemoryBudget.h"
#include "common/Progress.h"

#include <QLocale>
#include <algorithm>
#include <cmath>

namespace mb::layout {

std::uint64_t minimumCount(double minSupport, std::size_t baskets) {
    // The small slack keeps 0.001 * 10000 from becoming 11 through rounding.
    const double exact = minSupport * double(baskets);
    const auto count = static_cast<std::uint64_t>(std::ceil(exact - 1e-9 * std::max(1.0, exact)));
    return std::max<std::uint64_t>(count, 1);
}

std::uint64_t defaultAffinityMinBaskets(std::size_t baskets) {
    return std::max(kDefaultAffinityMinBaskets, minimumCount(kDefaultAffinityMinShare, baskets));
}

AffinityResult findAffinityPairs(const BasketSet& baskets, const AffinityOptions& options,
                                 ProgressToken* progress, MemoryBudget* budget) {
    AffinityResult result;
    result.itemCounts = baskets.itemCounts();
    const std::size_t n = baskets.basketCount();
    const std::uint64_t supportCount = minimumCount(options.minSupport, n);
    const std::uint64_t minCount = std::max(supportCount, options.minBaskets);
    const std::size_t itemCount = baskets.itemCount();
    MemoryBudget unlimited;
    MemoryBudget& memory = budget ? *budget : unlimited;
    const std::uint64_t before = memory.used();
    ItemId row = 0;
    const auto charge = [&](std::uint64_t bytes) {
        if (memory.tryCharge(bytes))
            return;
        memory.release(memory.used() - before);
        const QLocale locale(QLocale::English);
        throw MemoryBudgetExceeded(
            QStringLiteral("stopped at the %1 memory limit after %2 pairs, %3 of %4 items "
                           "paired: the pairs seen in %5 or more baskets do not fit. Raise "
                           "--min-baskets or --min-support, use --level category, or allow more "
                           "with --memory-limit.")
                .arg(MemoryBudget::formatSize(memory.limit()),
                     locale.toString(qulonglong(result.pairs.size())),
                     locale.toString(qulonglong(row)), locale.toString(qulonglong(itemCount)),
                     locale.toString(qulonglong(minCount))));
    };

    // Rows of the upper triangle, one item at a time, through that item's baskets: memory stays
    // linear in the number of items however many there are.
    charge(baskets.items.size() * sizeof(std::uint32_t) +
           itemCount * (sizeof(std::vector<std::uint32_t>) + 2 * sizeof(std::uint32_t) + 16));
    const std::vector<std::vector<std::uint32_t>> byItem = baskets.basketsByItem();
    std::vector<std::uint32_t> together(itemCount, 0);
    std::vector<ItemId> touched;
    for (ItemId a = 0; a < itemCount; ++a) {
        row = a;
        if (progress && (a & 63) == 0) {
            if (progress->isCancelled()) {
                result.cancelled = true;
                memory.release(memory.used() - before);
                return result;
            }
            progress->report(double(a) / double(itemCount));
        }
        // Rows of items below the floor are still read, to count their pairs left out.
        if (result.itemCounts[a] < supportCount)
            continue;
        touched.clear();
        for (const std::uint32_t basket : byItem[a]) {
            const ItemId* end = baskets.basketEnd(basket);
            // Items in a basket are sorted: only those after `a` belong to row a.
            const ItemId* it = std::upper_bound(baskets.basketBegin(basket), end, a);
            for (; it != end; ++it) {
                if (together[*it]++ == 0)
                    touched.push_back(*it);
            }
        }
        std::sort(touched.begin(), touched.end());
        for (const ItemId b : touched) {
            if (together[b] >= minCount) {
                // Twice the entry: a growing vector holds up to double its size.
                charge(2 * sizeof(AffinityPair));
                AffinityPair pair;
                pair.itemA = a;
                pair.itemB = b;
                pair.counts =
                    PairCounts{n, result.itemCounts[a], result.itemCounts[b], together[b]};
                pair.measures = measurePair(pair.counts);
                result.pairs.push_back(pair);
            } else if (together[b] >= supportCount) {
                ++result.pairsBelowFloor;
            }
            together[b] = 0;
        }
    }
    std::stable_sort(result.pairs.begin(), result.pairs.end(),
                     [](const AffinityPair& x, const AffinityPair& y) {
                         return x.measures.lift > y.measures.lift;
                     });
    if (progress)
        progress->report(1.0);
    // The basket lists go with this function; the pairs stay charged for the caller.
    memory.release(memory.used() - before - 2 * sizeof(AffinityPair) * result.pairs.size());
    return result;
}

}  // namespace mb::layout
