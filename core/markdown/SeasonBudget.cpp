#include "markdown/SeasonBudget.h"

#include "common/Error.h"
#include "common/Progress.h"
#include "jobs/RunRecorder.h"
#include "markdown/ItemDates.h"
#include "markdown/SeasonPlanner.h"

#include <algorithm>

namespace mb::markdown {

BudgetAllocation allocateSeasonBudget(const SeasonInputs& inputs,
                                      const std::vector<std::vector<std::size_t>>& units,
                                      const demand::SalesHistory& history,
                                      const demand::DemandFit& fit, const PlanningRules& rules,
                                      const QDate& firstWeek, int weeks, int threads,
                                      ProgressToken* progress, BudgetCoupling* coupling) {
    const auto outcome = [&](int unit, double spendPrice) -> std::optional<BudgetOutcome> {
        // A round over a chain's items is long: a cancel stops it here, not at its end.
        if (progress && progress->isCancelled())
            throw jobs::Cancelled();
        // The unit's problem as planSeason builds it; rebuilt per price rather than kept.
        std::vector<MarkdownProblem> stores;
        for (const std::size_t member : units[size_t(unit)]) {
            MarkdownProblem problem;
            QString reason;
            const SeasonItem& item = inputs.items[member];
            if (!buildItemProblem(item, history, fit, rules, firstWeek,
                                  itemSeasonWeeks(item, inputs.stockDate, weeks), problem, reason))
                return std::nullopt;
            stores.push_back(std::move(problem));
        }
        try {
            const MarkdownPlan plan = optimiseAtSpendPrice(
                stores.size() == 1 ? stores.front() : poolProblems(stores), spendPrice);
            return BudgetOutcome{plan.expectedObjective, expectedMarkdownSpend(plan)};
        } catch (const Error&) {
            return std::nullopt;  // planSeason reports why the unit is not planned
        }
    };
    if (coupling) {
        // The coupling says which of its errors are the rules'.
        std::vector<BudgetUnitKey> keys;
        keys.reserve(units.size());
        for (const std::vector<std::size_t>& members : units) {
            const SeasonItem& first = inputs.items[members.front()];
            keys.push_back({first.product, first.store, first.category});
        }
        return coupling->allocate(keys, rules.markdownBudget, outcome, threads, progress);
    }
    try {
        // Summed a category at a time, as a chain's shards sum theirs.
        std::vector<QString> categories;
        categories.reserve(units.size());
        for (const std::vector<std::size_t>& members : units)
            categories.push_back(inputs.items[members.front()].category);
        return allocateMarkdownBudget(static_cast<int>(units.size()), rules.markdownBudget,
                                      parallelRound(outcome, threads), groupsByName(categories),
                                      nullptr, progress);
    } catch (const jobs::Cancelled&) {
        throw;
    } catch (const Error& error) {
        throw Error(QStringLiteral("rules: %1").arg(error.message()));
    }
}

QStringList budgetWarnings(const SeasonPlan& season) {
    if (!season.budget || !season.budget->binds)
        return {};
    const BudgetAllocation& budget = *season.budget;
    if (budget.chainSlices > 0)
        return {QStringLiteral(
                    "the chain's markdown budget of %1 binds (shared by %2 shards): the chain's "
                    "plan is expected to spend %3 where the items' own best plans would spend %4 "
                    "for %5 more objective; each unit of spend is priced at %6, and the chain's "
                    "plan is within %7 (gap_bound) of the best plan within the budget; this "
                    "shard's items spend %8")
                    .arg(budget.budget, 0, 'f', 2)
                    .arg(budget.chainSlices)
                    .arg(budget.spend, 0, 'f', 2)
                    .arg(budget.unbudgetedSpend, 0, 'f', 2)
                    .arg(std::max(0.0, budget.unbudgetedObjective - budget.objective), 0, 'f', 2)
                    .arg(budget.lambda, 0, 'g', 4)
                    .arg(season.budgetGapBound(), 0, 'f', 2)
                    .arg(season.markdownSpend(), 0, 'f', 2)};
    return {
        QStringLiteral(
            "the markdown budget of %1 binds: the plan's expected markdown spend is %2 where "
            "the items' own best plans would spend %3 for %4 more objective; each unit of "
            "spend is priced at %5, and the plan is within %6 (gap_bound) of the best plan "
            "within the budget")
            .arg(budget.budget, 0, 'f', 2)
            .arg(season.markdownSpend(), 0, 'f', 2)
            .arg(budget.unbudgetedSpend, 0, 'f', 2)
            .arg(std::max(0.0, budget.unbudgetedObjective - season.expectedObjective()), 0, 'f', 2)
            .arg(budget.lambda, 0, 'g', 4)
            .arg(season.budgetGapBound(), 0, 'f', 2)};
}

}  // namespace mb::markdown
