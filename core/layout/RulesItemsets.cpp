#include "layout/RulesItemsets.h"

#include "common/MemoryBudget.h"
#include "common/Progress.h"
#include "layout/AffinityPairs.h"

#include <QLocale>
#include <algorithm>
#include <limits>
#include <numeric>

namespace mb::layout {

namespace {

using BasketList = std::vector<std::uint32_t>;

struct Extension {
    ItemId item;
    BasketList baskets;
};

// What a heap block of `bytes` costs with the allocator's header and 16-byte rounding.
std::uint64_t heapBytes(std::uint64_t bytes) {
    return bytes == 0 ? 0 : (bytes + 8 + 15) / 16 * 16;
}

std::uint64_t extensionBytes(const Extension& extension) {
    // Twice the entry: a growing vector of them holds up to double its size.
    return 2 * sizeof(Extension) + heapBytes(extension.baskets.capacity() * sizeof(ItemId));
}

class ItemsetSearch {
public:
    ItemsetSearch(std::uint64_t minCount, int maxLength, std::vector<FrequentItemset>& out,
                  MemoryBudget& budget)
        : minCount_(minCount), maxLength_(maxLength), out_(out), budget_(budget) {}

    // Records prefix + extension i, then grows it with the extensions after i (only those in
    // `partners`, ascending, when given: the pairs already known to be frequent).
    void growFrom(std::vector<ItemId>& prefix, const std::vector<Extension>& extensions,
                  std::size_t i, const std::vector<std::uint32_t>* partners = nullptr) {
        prefix.push_back(extensions[i].item);
        record(prefix, extensions[i].baskets.size());
        if (int(prefix.size()) < maxLength_) {
            std::vector<Extension> next;
            std::uint64_t held = 0;
            const std::size_t candidates = partners ? partners->size() : extensions.size() - i - 1;
            for (std::size_t c = 0; c < candidates; ++c) {
                const std::size_t j = partners ? (*partners)[c] : i + 1 + c;
                BasketList both;
                intersect(extensions[i].baskets, extensions[j].baskets, both);
                if (both.size() < minCount_)
                    continue;
                next.push_back(Extension{extensions[j].item, std::move(both)});
                const std::uint64_t bytes = extensionBytes(next.back());
                if (!budget_.tryCharge(bytes)) {
                    budget_.release(held);
                    throw MemoryBudgetExceeded(QString());
                }
                held += bytes;
            }
            try {
                for (std::size_t k = 0; k < next.size(); ++k)
                    growFrom(prefix, next, k);
            } catch (const MemoryBudgetExceeded&) {
                budget_.release(held);
                throw;
            }
            budget_.release(held);
        }
        prefix.pop_back();
    }

    std::size_t longest() const { return longest_; }

private:
    void record(const std::vector<ItemId>& items, std::size_t count) {
        if (!budget_.tryCharge(itemsetBytes(items.size())))
            throw MemoryBudgetExceeded(QString());
        FrequentItemset itemset{items, static_cast<std::uint32_t>(count)};
        std::sort(itemset.items.begin(), itemset.items.end());
        out_.push_back(std::move(itemset));
        longest_ = std::max(longest_, items.size());
    }

    static void intersect(const BasketList& x, const BasketList& y, BasketList& out) {
        out.reserve(std::min(x.size(), y.size()));
        std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(out));
    }

    std::uint64_t minCount_;
    int maxLength_;
    std::vector<FrequentItemset>& out_;
    MemoryBudget& budget_;
    std::size_t longest_ = 0;
};

}  // namespace

std::uint64_t itemsetBytes(std::size_t length) {
    return 2 * sizeof(FrequentItemset) + heapBytes(length * sizeof(ItemId));
}

ItemsetResult findFrequentItemsets(const BasketSet& baskets, const ItemsetOptions& options,
                                   ProgressToken* progress, MemoryBudget* budget) {
    ItemsetResult result;
    if (options.maxLength < 1)
        return result;
    MemoryBudget unlimited;
    MemoryBudget& memory = budget ? *budget : unlimited;
    const std::uint64_t minCount = minimumCount(options.minSupport, baskets.basketCount());
    const QLocale locale(QLocale::English);
    std::size_t explored = 0;
    std::size_t startItems = 0;
    const std::uint64_t before = memory.used();
    // Says how far the search got and what would make it fit; the caller's budget is left as
    // it was before the search.
    const auto stop = [&](std::size_t longest) {
        memory.release(memory.used() - before);
        return MemoryBudgetExceeded(
            QStringLiteral("stopped at the %1 memory limit after %2 frequent itemsets (up to %3 "
                           "items), %4 of %5 frequent items explored; at support %6 (%7 of %8 "
                           "baskets) the itemsets do not fit. Raise --min-support, lower "
                           "--max-len (now %9), use --level category, or allow more with "
                           "--memory-limit.")
                .arg(MemoryBudget::formatSize(memory.limit()),
                     locale.toString(qulonglong(result.itemsets.size())))
                .arg(longest)
                .arg(locale.toString(qulonglong(explored)), locale.toString(qulonglong(startItems)))
                .arg(options.minSupport)
                .arg(locale.toString(qulonglong(minCount)),
                     locale.toString(qulonglong(baskets.basketCount())))
                .arg(options.maxLength));
    };

    std::vector<BasketList> byItem = baskets.basketsByItem();
    // Every basket-id list is held through the search.
    std::uint64_t listBytes = 0;
    for (const BasketList& list : byItem)
        listBytes += sizeof(BasketList) + heapBytes(list.capacity() * sizeof(std::uint32_t));
    if (!memory.tryCharge(listBytes))
        throw stop(0);

    // Rarest items first keeps the basket lists of deep prefixes short.
    std::vector<ItemId> order(byItem.size());
    std::iota(order.begin(), order.end(), ItemId{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](ItemId x, ItemId y) { return byItem[x].size() < byItem[y].size(); });
    std::vector<Extension> frequent;
    for (const ItemId item : order) {
        if (byItem[item].size() >= minCount)
            frequent.push_back(Extension{item, std::move(byItem[item])});
    }
    startItems = frequent.size();

    // Pair counts from the baskets themselves (rank order) spare the top level from
    // intersecting the basket lists of pairs that are not frequent, most of them on sparse data.
    std::vector<std::uint32_t> rank(byItem.size(), std::numeric_limits<std::uint32_t>::max());
    for (std::size_t i = 0; i < frequent.size(); ++i)
        rank[frequent[i].item] = std::uint32_t(i);
    std::vector<std::vector<std::uint32_t>> partners(frequent.size());
    if (options.maxLength >= 2) {
        std::vector<std::uint32_t> together(frequent.size(), 0);
        std::vector<std::uint32_t> touched;
        for (std::size_t i = 0; i < frequent.size(); ++i) {
            touched.clear();
            for (const std::uint32_t basket : frequent[i].baskets) {
                for (const ItemId* it = baskets.basketBegin(basket);
                     it != baskets.basketEnd(basket); ++it) {
                    const std::uint32_t other = rank[*it];
                    if (other != std::numeric_limits<std::uint32_t>::max() && other > i &&
                        together[other]++ == 0)
                        touched.push_back(other);
                }
            }
            std::sort(touched.begin(), touched.end());
            for (const std::uint32_t other : touched) {
                if (together[other] >= minCount)
                    partners[i].push_back(other);
                together[other] = 0;
            }
            // The list's own header (pointer, size, capacity) plus its heap block.
            if (!memory.tryCharge(sizeof(std::vector<std::uint32_t>) +
                                  heapBytes(partners[i].capacity() * sizeof(std::uint32_t))))
                throw stop(1);
        }
    }

    ItemsetSearch search(minCount, options.maxLength, result.itemsets, memory);
    std::vector<ItemId> prefix;
    // Progress and cancel are checked between the subtrees of the first item.
    for (std::size_t i = 0; i < frequent.size(); ++i) {
        if (progress) {
            if (progress->isCancelled()) {
                result.cancelled = true;
                memory.release(memory.used() - before);
                return result;
            }
            progress->report(double(i) / double(frequent.size()));
        }
        explored = i;
        try {
            search.growFrom(prefix, frequent, i, &partners[i]);
        } catch (const MemoryBudgetExceeded&) {
            throw stop(search.longest());
        }
    }
    if (progress)
        progress->report(1.0);
    // The basket lists go with this function; the itemsets stay charged for the caller.
    std::uint64_t kept = 0;
    for (const FrequentItemset& itemset : result.itemsets)
        kept += itemsetBytes(itemset.items.size());
    memory.release(memory.used() - before - kept);
    return result;
}

}  // namespace mb::layout
