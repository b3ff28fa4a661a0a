#include "layout/RulesMiner.h"

#include "common/Progress.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace mb::layout {

namespace {

struct ItemsHash {
    std::size_t operator()(const std::vector<ItemId>& items) const {
        std::uint64_t hash = 1469598103934665603ULL;
        for (const ItemId item : items)
            hash = (hash ^ item) * 1099511628211ULL;
        return static_cast<std::size_t>(hash);
    }
};

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
                                               std::size_t baskets, const RuleOptions& options) {
    std::unordered_map<std::vector<ItemId>, std::uint32_t, ItemsHash> countOf;
    countOf.reserve(itemsets.size());
    for (const FrequentItemset& itemset : itemsets)
        countOf.emplace(itemset.items, itemset.count);
    const double n = double(baskets);
    std::vector<AssociationRule> rules;
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
            const auto consequentCount = countOf.find({consequent});
            const std::uint32_t antecedentCount =
                antecedent.empty() ? std::uint32_t(baskets) : countOf.at(antecedent);
            if (consequentCount == countOf.end() || antecedentCount == 0)
                continue;
            const double confidence = double(itemset.count) / double(antecedentCount);
            if (!meets(confidence, options.minConfidence))
                continue;
            AssociationRule rule = makeRule(antecedent, consequent, itemset.count, antecedentCount,
                                            consequentCount->second, n);
            if (options.minLift > 0 && !meets(rule.lift, options.minLift))
                continue;
            rules.push_back(std::move(rule));
        }
    }
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
                                ProgressToken* progress) {
    RuleResult result;
    result.baskets = baskets.basketCount();
    ItemsetOptions itemsetOptions;
    itemsetOptions.minSupport = options.minSupport;
    itemsetOptions.maxLength = options.maxLength;
    ItemsetResult itemsets = findFrequentItemsets(baskets, itemsetOptions, progress);
    result.cancelled = itemsets.cancelled;
    if (result.cancelled)
        return result;
    result.itemsets = itemsets.itemsets.size();
    result.rules = rulesFromItemsets(itemsets.itemsets, result.baskets, options);
    return result;
}

}  // namespace mb::layout
