#include "layout/RulesItemsets.h"

#include "common/Progress.h"
#include "layout/AffinityPairs.h"

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

class ItemsetSearch {
public:
    ItemsetSearch(std::uint64_t minCount, int maxLength, std::vector<FrequentItemset>& out)
        : minCount_(minCount), maxLength_(maxLength), out_(out) {}

    // Records prefix + extension i, then grows it with the extensions after i (only those in
    // `partners`, ascending, when given: the pairs already known to be frequent).
    void growFrom(std::vector<ItemId>& prefix, const std::vector<Extension>& extensions,
                  std::size_t i, const std::vector<std::uint32_t>* partners = nullptr) {
        prefix.push_back(extensions[i].item);
        record(prefix, extensions[i].baskets.size());
        if (int(prefix.size()) < maxLength_) {
            std::vector<Extension> next;
            const std::size_t candidates = partners ? partners->size() : extensions.size() - i - 1;
            for (std::size_t c = 0; c < candidates; ++c) {
                const std::size_t j = partners ? (*partners)[c] : i + 1 + c;
                BasketList both;
                intersect(extensions[i].baskets, extensions[j].baskets, both);
                if (both.size() >= minCount_)
                    next.push_back(Extension{extensions[j].item, std::move(both)});
            }
            for (std::size_t k = 0; k < next.size(); ++k)
                growFrom(prefix, next, k);
        }
        prefix.pop_back();
    }

private:
    void record(const std::vector<ItemId>& items, std::size_t count) {
        FrequentItemset itemset{items, static_cast<std::uint32_t>(count)};
        std::sort(itemset.items.begin(), itemset.items.end());
        out_.push_back(std::move(itemset));
    }

    static void intersect(const BasketList& x, const BasketList& y, BasketList& out) {
        out.reserve(std::min(x.size(), y.size()));
        std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(out));
    }

    std::uint64_t minCount_;
    int maxLength_;
    std::vector<FrequentItemset>& out_;
};

}  // namespace

ItemsetResult findFrequentItemsets(const BasketSet& baskets, const ItemsetOptions& options,
                                   ProgressToken* progress) {
    ItemsetResult result;
    if (options.maxLength < 1)
        return result;
    const std::uint64_t minCount = minimumCount(options.minSupport, baskets.basketCount());
    std::vector<BasketList> byItem = baskets.basketsByItem();

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
        }
    }

    ItemsetSearch search(minCount, options.maxLength, result.itemsets);
    std::vector<ItemId> prefix;
    // Progress and cancel are checked between the subtrees of the first item.
    for (std::size_t i = 0; i < frequent.size(); ++i) {
        if (progress) {
            if (progress->isCancelled()) {
                result.cancelled = true;
                return result;
            }
            progress->report(double(i) / double(frequent.size()));
        }
        search.growFrom(prefix, frequent, i, &partners[i]);
    }
    if (progress)
        progress->report(1.0);
    return result;
}

}  // namespace mb::layout
