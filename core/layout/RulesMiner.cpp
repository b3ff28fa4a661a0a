#include "layout/RulesMiner.h"

#include "common/MemoryBudget.h"
#include "common/Progress.h"

#include <QLocale>
#include <algorithm>
#include <limits>
#include <optional>
#include <span>
#include <unordered_set>

namespace mb::layout {

namespace {

// The itemsets looked up by their items, holding only each itemset's index: a copy of every
// item list would double the memory of a large mining run.
struct ItemsetIndex {
    const std::vector<FrequentItemset>* itemsets;

    std::span<const ItemId> items(std::span<const ItemId> items) const { return items; }
    std::span<const ItemId> items(std::uint32_t index) const { return (*itemsets)[index].items; }
};

struct ItemsHash : ItemsetIndex {
    using is_transparent = void;
    template <typename Key>
    std::size_t operator()(const Key& key) const {
        std::uint64_t hash = 1469598103934665603ULL;
        for (const ItemId item : items(key))
            hash = (hash ^ item) * 1099511628211ULL;
        return static_cast<std::size_t>(hash);
    }
};

struct ItemsEqual : ItemsetIndex {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
        const std::span<const ItemId> x = items(a);
        const std::span<const ItemId> y = items(b);
        return std::equal(x.begin(), x.end(), y.begin(), y.end());
    }
};

// An index entry: the node, its hash-table slot and the allocator's header.
constexpr std::uint64_t kIndexEntryBytes = 48;

std::uint64_t ruleBytes(std::size_t antecedent) {
    return 2 * sizeof(AssociationRule) +
           (antecedent == 0 ? 0 : (antecedent * 4 + 8 + 15) / 16 * 16);
}

// Confidence is compared with a relative slack so that 3/5 meets 0.6 whatever the rounding.
bool meets(double value, double threshold) {
    return value >= threshold - 1e-12 * std::max(1.0, threshold);
}

AssociationRule makeRule(std::vector<ItemId> antecedent, ItemId consequent, std::uint32_t count,
                         std::uint32_t antecedentCount, std::uint32_t consequentCount, double n) {
    AssociationRule rule;
    rule.antecedent = std::move(antecedent);
    rule.consequent = consequent;
    rule.count = count;
    rule.antecedentCount = antecedentCount;
    rule.consequentCount = consequentCount;
    rule.support = count / n;
    rule.coverage = antecedentCount / n;
    rule.confidence = double(count) / double(antecedentCount);
    const double consequentSupport = consequentCount / n;
    rule.lift = rule.confidence / consequentSupport;
    rule.leverage = rule.support - rule.coverage * consequentSupport;
    rule.conviction = rule.confidence >= 1.0 ? std::numeric_limits<double>::infinity()
                                             : (1.0 - consequentSupport) / (1.0 - rule.confidence);
    return rule;
}

}  // namespace

std::vector<AssociationRule> rulesFromItemsets(const std::vector<FrequentItemset>& itemsets,
                                               std::size_t baskets, const RuleOptions& options,
                                               MemoryBudget* budget) {
    MemoryBudget unlimited;
    MemoryBudget& memory = budget ? *budget : unlimited;
    const std::uint64_t before = memory.used();
    const QLocale locale(QLocale::English);
    std::vector<AssociationRule> rules;
    const auto stop = [&]() {
        memory.release(memory.used() - before);
        return MemoryBudgetExceeded(
            QStringLiteral("stopped at the %1 memory limit with %2 frequent itemsets and %3 "
                           "rules: the rules at confidence %4 do not fit. Raise --min-confidence "
                           "or --min-support, lower --max-len (now %5), use --level category, "
                           "or allow more with --memory-limit.")
                .arg(MemoryBudget::formatSize(memory.limit()),
                     locale.toString(qulonglong(itemsets.size())),
                     locale.toString(qulonglong(rules.size())))
                .arg(options.minConfidence)
                .arg(options.maxLength));
    };
    if (!memory.tryCharge(kIndexEntryBytes * itemsets.size()))
        throw stop();
    const ItemsetIndex index{&itemsets};
    std::unordered_set<std::uint32_t, ItemsHash, ItemsEqual> known(
        itemsets.size(), ItemsHash{index}, ItemsEqual{index});
    for (std::size_t i = 0; i < itemsets.size(); ++i)
        known.insert(std::uint32_t(i));
    const auto countOf = [&](std::span<const ItemId> items) -> std::optional<std::uint32_t> {
        const auto found = known.find(items);
        return found == known.end() ? std::nullopt : std::optional(itemsets[*found].count);
    };
    const double n = double(baskets);
    std::vector<ItemId> antecedent;
    for (const FrequentItemset& itemset : itemsets) {
        const int length = int(itemset.items.size());
        if (length < std::max(1, options.minLength) || length > options.maxLength)
            continue;
        if (itemset.count / n < options.minSupport - 1e-12)
            continue;
        for (std::size_t drop = 0; drop < itemset.items.size(); ++drop) {
            const ItemId consequent = itemset.items[drop];
            antecedent.assign(itemset.items.begin(), itemset.items.end());
            antecedent.erase(antecedent.begin() + std::ptrdiff_t(drop));
            const std::optional<std::uint32_t> consequentCount =
                countOf(std::span<const ItemId>(&consequent, 1));
            const std::uint32_t antecedentCount =
                antecedent.empty() ? std::uint32_t(baskets) : countOf(antecedent).value_or(0);
            if (!consequentCount || antecedentCount == 0)
                continue;
            const double confidence = double(itemset.count) / double(antecedentCount);
            if (!meets(confidence, options.minConfidence))
                continue;
            AssociationRule rule = makeRule(antecedent, consequent, itemset.count, antecedentCount,
                                            *consequentCount, n);
            if (options.minLift > 0 && !meets(rule.lift, options.minLift))
                continue;
            if (!memory.tryCharge(ruleBytes(rule.antecedent.size())))
                throw stop();
            rules.push_back(std::move(rule));
        }
    }
    // The index goes with this function; the rules stay charged for the caller.
    memory.release(kIndexEntryBytes * itemsets.size());
    std::sort(rules.begin(), rules.end(), [](const AssociationRule& x, const AssociationRule& y) {
        if (x.lift != y.lift)
            return x.lift > y.lift;
        if (x.confidence != y.confidence)
            return x.confidence > y.confidence;
        if (x.count != y.count)
            return x.count > y.count;
        if (x.antecedent != y.antecedent)
            return x.antecedent < y.antecedent;
        return x.consequent < y.consequent;
    });
    return rules;
}

RuleResult findAssociationRules(const BasketSet& baskets, const RuleOptions& options,
                                ProgressToken* progress, MemoryBudget* budget) {
    RuleResult result;
    result.baskets = baskets.basketCount();
    ItemsetOptions itemsetOptions;
    itemsetOptions.minSupport = options.minSupport;
    itemsetOptions.maxLength = options.maxLength;
    MemoryBudget unlimited;
    MemoryBudget& memory = budget ? *budget : unlimited;
    const std::uint64_t before = memory.used();
    ItemsetResult itemsets = findFrequentItemsets(baskets, itemsetOptions, progress, &memory);
    result.cancelled = itemsets.cancelled;
    if (result.cancelled)
        return result;
    result.itemsets = itemsets.itemsets.size();
    const std::uint64_t itemsetsHeld = memory.used() - before;
    try {
        result.rules = rulesFromItemsets(itemsets.itemsets, result.baskets, options, &memory);
    } catch (const MemoryBudgetExceeded&) {
        memory.release(itemsetsHeld);
        throw;
    }
    // The itemsets go with this function; the rules stay charged for the caller.
    memory.release(itemsetsHeld);
    return result;
}

}  // namespace mb::layout
