#pragma once

#include "layout/BasketSet.h"
#include "layout/RulesItemsets.h"

#include <vector>

namespace mb {
class MemoryBudget;
class ProgressToken;
}  // namespace mb

namespace mb::layout {

// Thresholds as in arules' apriori(): support of the whole rule, confidence, and the number of
// items in the rule (antecedent plus consequent). With minLength 1 (arules' default) a rule
// with an empty antecedent, {} => {item}, is produced when the item's support reaches
// minConfidence.
struct RuleOptions {
    double minSupport = 0.1;
    double minConfidence = 0.8;
    double minLift = 0;  // 0 = no lift threshold
    int minLength = 1;
    int maxLength = 10;
};

// antecedent => consequent: arules' measures, support counted over baskets.
struct AssociationRule {
    std::vector<ItemId> antecedent;  // ascending ids; empty for {} => {item}
    ItemId consequent = 0;
    std::uint32_t count = 0;            // baskets holding the whole rule
    std::uint32_t antecedentCount = 0;  // baskets holding the antecedent (n when empty)
    std::uint32_t consequentCount = 0;
    double support = 0;
    double confidence = 0;
    double coverage = 0;  // support of the antecedent
    double lift = 0;
    double leverage = 0;
    double conviction = 0;  // +infinity at confidence 1
};

struct RuleResult {
    std::size_t baskets = 0;
    std::size_t itemsets = 0;            // frequent itemsets of 1..maxLength items
    std::vector<AssociationRule> rules;  // by descending lift, confidence, support
    bool cancelled = false;
};

// The itemsets, their index and the rules are charged to `budget` (none: unlimited); when they
// would pass it, MemoryBudgetExceeded says how far mining got and what to change.
RuleResult findAssociationRules(const BasketSet& baskets, const RuleOptions& options,
                                ProgressToken* progress = nullptr, MemoryBudget* budget = nullptr);

// Rules from itemsets already found (every subset of a listed itemset must be listed too).
std::vector<AssociationRule> rulesFromItemsets(const std::vector<FrequentItemset>& itemsets,
                                               std::size_t baskets, const RuleOptions& options,
                                               MemoryBudget* budget = nullptr);

}  // namespace mb::layout
