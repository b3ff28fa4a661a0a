#include "markdown/SeasonPlanner.h"

#include "markdown/ClusterSchedule.h"
#include "markdown/ItemDates.h"
#include "markdown/ItemProblems.h"
#include "markdown/PricePoints.h"
#include "markdown/Reachability.h"
#include "markdown/SeasonBudget.h"

#include "common/Error.h"
#include "common/ParallelFor.h"
#include "common/Progress.h"
#include "demand/DemandForecast.h"
#include "demand/SalesHistoryLoader.h"

#include <QHash>
#include <QSet>
#include <algorithm>
#include <cmath>
#include <mutex>
#include <numeric>
#include <ranges>

namespace mb::markdown {

namespace {

// The fixed rule is chosen on at most this many items (spread over the list): the grid holds
// hundreds of rules, and a chain applies one rule to all of its items anyway.
constexpr std::size_t kRuleSampleItems = 24;

double lastRegularPrice(const demand::SalesSeries& series) {
    const auto last =
        std::find_if(series.weeks.rbegin(), series.weeks.rend(),
                     [](const demand::WeekSale& week) { return week.regularPrice > 0.0; });
    if (last != series.weeks.rend())
        return last->regularPrice;
    return demand::modalPrice(series.weeks);
}

template <typename Value>
double sum(const std::vector<ItemPlan>& items, Value value) {
    double total = 0.0;
    for (const ItemPlan& item : items)
        if (item.planned)
            total += value(item);
    return total;
}

// The rule of the grid with the best total over `sample` (problems of items spread over the
// season).
FixedSchedule chooseFixedRule(const std::vector<MarkdownProblem>& sample, int threads) {
    if (sample.empty())
        return {};
    // The grid of the longest season; items with an earlier exit take each rule cut short.
    const MarkdownProblem& longest = *std::max_element(
        sample.begin(), sample.end(),
        [](const MarkdownProblem& a, const MarkdownProblem& b) { return a.weeks < b.weeks; });
    const std::vector<FixedSchedule> grid = fixedRuleGrid(longest);
    if (grid.empty())
        return noMarkdownSchedule(longest);
    std::vector<double> totals(grid.size(), 0.0);
    parallelFor(static_cast<int>(sample.size()), threads, [&](int i) {
        const MarkdownProblem& problem = sample[size_t(i)];
        ScheduleEvaluator evaluator(problem);
        std::vector<double> values(grid.size());
        for (std::size_t rule = 0; rule < grid.size(); ++rule)
            values[rule] =
                evaluator.evaluate(fitToWeeks(grid[rule], problem.weeks, problem.rules.startStep))
                    .expectedObjective;
        static std::mutex mutex;
        const std::lock_guard lock(mutex);
        for (std::size_t rule = 0; rule < grid.size(); ++rule)
            totals[rule] += values[rule];
    });
    const auto best = std::max_element(totals.begin(), totals.end()) - totals.begin();
    return grid[size_t(best)];
}

// The item's shelf prices: its product's absolute ladder, else the ladder on the price endings.
void setItemPrices(const PlanningRules& rules, const QString& product, MarkdownProblem& problem) {
    const auto ladder = rules.productLadders.find(product);
    if (ladder != rules.productLadders.end())
        problem.prices = ladder->second;
    else
        setPricePoints(problem);
}

// A cluster's shelf price per step weighted like its regular price, by full-price demand; empty
// when no store has a price table (the pooled regular price x ladder is then the same weighting).
std::vector<double> pooledPrices(const std::vector<MarkdownProblem>& stores) {
    if (std::none_of(stores.begin(), stores.end(),
                     [](const MarkdownProblem& store) { return !store.prices.empty(); }))
        return {};
    const std::size_t steps = stores.front().ladder.size();
    std::vector<double> prices(steps, 0.0);
    double weights = 0.0;
    for (const MarkdownProblem& store : stores) {
        const double weight = store.demand.mean.front().front();
        weights += weight;
        for (std::size_t k = 0; k < steps; ++k)
            prices[k] += weight * store.price(int(k));
    }
    for (std::size_t k = 0; k < steps; ++k)
        prices[k] = weights > 0.0 ? prices[k] / weights : stores.front().price(int(k));
    return prices;
}

// Demand responds to the price charged: the rounded or absolute price over the regular price. A
// step without a shelf price (not allowed) keeps its ladder multiplier so its demand stays finite.
std::vector<double> demandRatios(const MarkdownProblem& problem) {
    std::vector<double> ratios = problem.ladder;
    for (std::size_t k = 0; k < ratios.size(); ++k)
        if (problem.price(int(k)) > 0.0)
            ratios[k] = problem.priceRatio(int(k));
    return ratios;
}

// What shares a schedule: each item alone, or each product's stores in one cluster.
std::vector<std::vector<std::size_t>> scheduleUnits(const SeasonInputs& inputs,
                                                    const PlanningRules& rules) {
    std::vector<std::vector<std::size_t>> units;
    QHash<QString, std::size_t> unitOf;
    for (std::size_t i = 0; i < inputs.items.size(); ++i) {
        const SeasonItem& item = inputs.items[i];
        const QString key = rules.schedulePerCluster && !item.cluster.isEmpty()
                                ? item.product + QLatin1Char('\x1f') + item.cluster
                                : item.product + QLatin1Char('\x1e') + item.store;
        const auto found = unitOf.constFind(key);
        if (found != unitOf.constEnd()) {
            units[*found].push_back(i);
        } else {
            unitOf.insert(key, units.size());
            units.push_back({i});
        }
    }
    return units;
}

// Everything the planner reads for one schedule unit (an item, or a product's cluster).
struct PlanningContext {
    const SeasonInputs& inputs;
    const demand::SalesHistory& history;
    const demand::DemandFit& fit;
    const PlanningRules& rules;
    const SeasonPlan& season;
};

// Fills the unit's item, stores, elasticity and one problem (pooled for a cluster); false with
// out.problem set when a member cannot be planned.
bool buildUnit(const PlanningContext& context, const std::vector<std::size_t>& members,
               ItemPlan& out, std::vector<MarkdownProblem>* storeProblems = nullptr) {
    const SeasonInputs& inputs = context.inputs;
    out.item = inputs.items[members.front()];
    if (members.size() > 1) {
        out.item.store.clear();
        out.item.onHand = 0;
        for (const std::size_t m : members)
            out.item.onHand += inputs.items[m].onHand;
    }
    std::vector<MarkdownProblem> problems;
    double elasticity = 0.0;
    for (const std::size_t m : members) {
        const SeasonItem& member = inputs.items[m];
        MarkdownProblem problem;
        const int weeks = itemSeasonWeeks(member, inputs.stockDate, context.season.weeks);
        if (!buildItemProblem(member, context.history, context.fit, context.rules,
                              context.season.firstWeek, weeks, problem, out.problem)) {
            if (members.size() > 1)
                out.problem = member.store + QStringLiteral(": ") + out.problem;
            return false;
        }
        int member_ = -1;
        const int model = context.fit.findModel(member.product, member.store, &member_);
        elasticity += context.fit.models[size_t(model)].elasticityShrunk / double(members.size());
        out.stores.append(member.store);
        out.storeRegularPrices.push_back(problem.regularPrice);
        out.storePrices.push_back(problem.prices);
        problems.push_back(std::move(problem));
    }
    out.elasticity = elasticity;
    out.input = problems.size() == 1 ? problems.front() : poolProblems(problems);
    if (storeProblems)
        *storeProblems = std::move(problems);
    return true;
}

// The problems of at most kRuleSampleItems units spread over those that can be planned: the
// fixed rule is chosen on them before any item is planned, so each item can be judged against
// it and handed on as soon as it is planned.
std::vector<MarkdownProblem> ruleSample(const PlanningContext& context,
                                        const std::vector<std::vector<std::size_t>>& units,
                                        int threads) {
    std::vector<char> buildable(units.size(), 0);
    parallelFor(static_cast<int>(units.size()), threads, [&](int i) {
        ItemPlan unit;
        try {
            buildable[size_t(i)] = buildUnit(context, units[size_t(i)], unit) ? 1 : 0;
        } catch (const Error&) {
            buildable[size_t(i)] = 0;
        }
    });
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < units.size(); ++i)
        if (buildable[i])
            candidates.push_back(i);
    if (candidates.size() > kRuleSampleItems) {
        std::vector<std::size_t> spread;
        for (std::size_t i = 0; i < kRuleSampleItems; ++i)
            spread.push_back(candidates[i * candidates.size() / kRuleSampleItems]);
        candidates = spread;
    }
    std::vector<MarkdownProblem> sample;
    for (const std::size_t i : candidates) {
        ItemPlan unit;
        if (buildUnit(context, units[i], unit))
            sample.push_back(std::move(unit.input));
    }
    return sample;
}

// Plans one unit against the season's fixed rule; out.problem says why when it cannot.
void planUnit(const PlanningContext& context, const std::vector<std::size_t>& members,
              std::size_t index, ItemPlan& out) {
    try {
        std::vector<MarkdownProblem> stores;
        if (!buildUnit(context, members, out, &stores))
            return;
        if (context.season.budget) {
            out.input.spendPrice = context.season.budget->spendPrices[index];
            out.plan = optimiseAtSpendPrice(out.input, out.input.spendPrice);
        } else {
            out.plan = optimiseOrExplain(out.input);
        }
        const MarkdownPlan none = evaluateSchedule(out.input, noMarkdownSchedule(out.input));
        out.noMarkdown = none.expectedObjective;
        out.noMarkdownLeftover = none.expectedLeftover;
        if (context.rules.clusterAllOrNothing && stores.size() > 1)
            shareAcrossStores(out, std::move(stores));
        if (context.rules.simulations > 0 && out.storeProblems.empty())
            out.simulation = simulatePolicy(out.plan.policy, context.rules.simulations,
                                            context.rules.seed + static_cast<std::uint64_t>(index));
        if (!context.season.fixedRule.steps.empty()) {
            const FixedSchedule rule =
                fitToWeeks(context.season.fixedRule, out.input.weeks, out.input.rules.startStep);
            // All or nothing: each store on its own stock, as the plan is valued.
            out.fixedRule = out.storeProblems.empty()
                                ? evaluateSchedule(out.input, rule).expectedObjective
                                : sharedScheduleObjective(out.storeProblems, rule);
        }
        out.planned = true;
    } catch (const Error& error) {
        out.problem = error.message();
    }
}

}  // namespace

QDate SeasonPlan::exitWeekOf(const ItemPlan& item) const {
    return item.item.exitDate.isValid() ? weekMonday(item.item.exitDate) : exitWeek;
}

double ItemPlan::storePrice(qsizetype store, int step) const {
    const auto s = static_cast<std::size_t>(store);
    if (s < storePrices.size() && !storePrices[s].empty())
        return storePrices[s][size_t(step)];
    if (s < storeRegularPrices.size())
        return storeRegularPrices[s] * input.ladder[size_t(step)];
    return input.price(step);
}

double SeasonPlan::expectedObjective() const {
    return sum(items, [](const ItemPlan& item) { return item.plan.expectedObjective; });
}
double SeasonPlan::expectedRevenue() const {
    return sum(items, [](const ItemPlan& item) { return item.plan.expectedRevenue; });
}
double SeasonPlan::expectedMargin() const {
    return sum(items, [](const ItemPlan& item) { return item.plan.expectedMargin; });
}
double SeasonPlan::noMarkdownObjective() const {
    return sum(items, [](const ItemPlan& item) { return item.noMarkdown; });
}
double SeasonPlan::fixedRuleObjective() const {
    return sum(items, [](const ItemPlan& item) { return item.fixedRule; });
}
double SeasonPlan::markdownSpend() const {
    // The item's problem, not its plan's policy: a streamed season keeps no policies.
    return sum(items,
               [](const ItemPlan& item) { return expectedMarkdownSpend(item.input, item.plan); });
}
double SeasonPlan::budgetGapBound() const {
    if (budget && budget->chainSlices > 0)
        return budget->gapBound;  // the chain's: this plan holds only a slice of its items
    return budget ? std::max(0.0, budget->dualBound - expectedObjective()) : 0.0;
}
int SeasonPlan::plannedItems() const {
    return static_cast<int>(std::count_if(items.begin(), items.end(),
                                          [](const ItemPlan& item) { return item.planned; }));
}

QStringList checkUnitCosts(const std::vector<SeasonItem>& items, const PlanningRules& rules) {
    if (rules.objective != MarkdownObjective::Margin)
        return {};
    QStringList withoutCost;
    QSet<QString> seen, withCost;
    for (const SeasonItem& item : items) {
        if (item.unitCostKnown)
            withCost.insert(item.product);
        else if (!seen.contains(item.product)) {
            seen.insert(item.product);
            withoutCost.append(item.product);
        }
    }
    if (withoutCost.isEmpty())
        return {};
    if (withCost.isEmpty())
        throw NothingToPlan(missingUnitCostMessage(withoutCost, true));
    return {missingUnitCostMessage(withoutCost, false)};
}

QStringList notPlannedWarnings(const SeasonPlan& season) {
    QStringList problems;
    for (const ItemPlan& item : season.items)
        if (!item.planned && item.problem != QLatin1String(kNoUnitCost))
            problems << item.problem;
    if (problems.isEmpty())
        return {};
    constexpr int kReasonsShown = 5;
    return {QStringLiteral("%1 of the %2 items with stock were not planned (--items lists each "
                           "with its status): %3")
                .arg(problems.size())
                .arg(season.items.size())
                .arg(countedReasons(problems, QStringLiteral("not planned"), kReasonsShown))};
}

QString missingUnitCostMessage(const QStringList& products, bool noneHasCost) {
    // The first few name the problem; a catalogue-sized list would bury the remedy.
    constexpr qsizetype kNamed = 20;
    QString named = products.mid(0, kNamed).join(QStringLiteral(", "));
    if (products.size() > kNamed)
        named += QStringLiteral(" and %1 more").arg(products.size() - kNamed);
    const QString remedy = QStringLiteral(
        "import a products file with a unit_cost column (merchbench-cli import PROJECT "
        "products.csv --kind products), or plan for revenue (\"objective\": \"revenue\" in the "
        "rules file)");
    if (noneHasCost)
        return QStringLiteral(
                   "the margin objective needs unit costs and no product planned has "
                   "one (%1 without: %2): %3")
            .arg(products.size())
            .arg(named, remedy);
    return QStringLiteral(
               "%1 products have no unit cost and are left out of the margin plan (%2): "
               "%3")
        .arg(products.size())
        .arg(named, remedy);
}

bool buildItemProblem(const SeasonItem& item, const demand::SalesHistory& history,
                      const demand::DemandFit& fit, const PlanningRules& rules,
                      const QDate& firstWeek, int weeks, MarkdownProblem& problem,
                      QString& reason) {
    int member = -1;
    const int modelIndex = fit.findModel(item.product, item.store, &member);
    if (modelIndex < 0) {
        reason = QStringLiteral("no sales history to fit demand from");
        return false;
    }
    if (weeks < 1) {
        reason = QStringLiteral("its exit date %1 (products.exit_date) is before the stock count")
                     .arg(item.exitDate.toString(Qt::ISODate));
        return false;
    }
    const demand::DemandModel& model = fit.models[size_t(modelIndex)];
    if (!model.fitted) {
        reason = QStringLiteral("demand not fitted: %1").arg(model.problem);
        return false;
    }
    problem = MarkdownProblem();
    problem.weeks = weeks;
    problem.inventory = item.onHand;
    problem.regularPrice = item.regularPrice;
    if (problem.regularPrice <= 0.0) {
        const int series = model.members[size_t(member)].series;
        if (series >= 0)
            problem.regularPrice = lastRegularPrice(history.series[size_t(series)]);
    }
    if (!(problem.regularPrice > 0.0)) {
        reason = QStringLiteral("no regular price (products.regular_price or in the sales)");
        return false;
    }
    if (rules.objective == MarkdownObjective::Margin && !item.unitCostKnown) {
        // A cost taken as 0 would make the margin the revenue and every discount look good.
        reason = QString::fromUtf8(kNoUnitCost);
        return false;
    }
    problem.unitCost = item.unitCost;
    problem.salvageValue = rules.salvageFor(item.unitCost);
    problem.ladder = rules.ladder;
    problem.rules = rules.rules;
    holdAfterArrival(problem, firstWeek, item.receivedDate);
    problem.objective = rules.objective;
    setItemPrices(rules, item.product, problem);
    std::vector<std::int64_t> days;
    days.reserve(static_cast<std::size_t>(weeks));
    for (int week = 0; week < weeks; ++week)
        days.push_back(firstWeek.addDays(7 * week).toJulianDay());
    problem.demand = demand::weeklyDemand(model, member, demandRatios(problem), days, true);
    switch (rules.distribution) {
        case PlanningDistribution::Fitted:
            break;
        case PlanningDistribution::Poisson:
            problem.demand.distribution = DemandDistribution::Poisson;
            break;
        case PlanningDistribution::NegativeBinomial:
            problem.demand.distribution = DemandDistribution::NegativeBinomial;
            break;
        case PlanningDistribution::Deterministic:
            problem.demand.distribution = DemandDistribution::Deterministic;
            break;
    }
    const QStringList problems = problem.problems();
    if (!problems.isEmpty()) {
        reason = problems.join(QStringLiteral("; "));
        return false;
    }
    return true;
}

MarkdownProblem poolProblems(const std::vector<MarkdownProblem>& stores) {
    MarkdownProblem pooled = stores.front();
    pooled.inventory = 0;
    double weightedRegular = 0.0, fullPriceDemand = 0.0, cost = 0.0, salvage = 0.0;
    double spread = 0.0;  // sum of mean^2 / size at full price in the first week
    bool negativeBinomial = false;
    for (std::size_t s = 0; s < stores.size(); ++s) {
        const MarkdownProblem& store = stores[s];
        pooled.inventory += store.inventory;
        // The latest stock to arrive holds the cluster's shared price.
        pooled.rules.earliestWeek = std::max(pooled.rules.earliestWeek, store.rules.earliestWeek);
        const double first = store.demand.mean.front().front();
        weightedRegular += store.regularPrice * first;
        fullPriceDemand += first;
        cost += store.unitCost * store.inventory;
        salvage += store.salvageValue * store.inventory;
        if (store.demand.distribution == DemandDistribution::NegativeBinomial) {
            negativeBinomial = true;
            spread += first * first / store.demand.dispersion;
        }
        if (s == 0)
            continue;
        for (std::size_t t = 0; t < pooled.demand.mean.size(); ++t)
            for (std::size_t k = 0; k < pooled.demand.mean[t].size(); ++k)
                pooled.demand.mean[t][k] += store.demand.mean[t][k];
    }
    pooled.regularPrice =
        fullPriceDemand > 0.0 ? weightedRegular / fullPriceDemand : stores.front().regularPrice;
    pooled.prices = pooledPrices(stores);
    if (pooled.inventory > 0) {
        pooled.unitCost = cost / pooled.inventory;
        pooled.salvageValue = salvage / pooled.inventory;
    }
    if (negativeBinomial && spread > 0.0) {
        pooled.demand.distribution = DemandDistribution::NegativeBinomial;
        pooled.demand.dispersion = fullPriceDemand * fullPriceDemand / spread;
    }
    return pooled;
}

SeasonPlan planSeason(const SeasonInputs& inputs, const demand::SalesHistory& history,
                      const demand::DemandFit& fit, const PlanningRules& rules,
                      const QDate& exitDate, int threads, ProgressToken* progress,
                      ItemPlanSink* sink, ItemPlanKeeping keeping, BudgetCoupling* coupling) {
    SeasonPlan season;
    season.firstWeek = weekMonday(inputs.stockDate);
    season.exitWeek = weekMonday(exitDate);
    season.weeks = seasonWeeks(inputs.stockDate, exitDate);
    if (season.weeks <= 0)
        throw Error(
            QStringLiteral("the exit week %1 is before the stock date %2")
                .arg(exitDate.toString(Qt::ISODate), inputs.stockDate.toString(Qt::ISODate)));
    const std::vector<std::vector<std::size_t>> units = scheduleUnits(inputs, rules);
    const PlanningContext context{inputs, history, fit, rules, season};
    season.fixedRule = chooseFixedRule(ruleSample(context, units, threads), threads);
    if (rules.markdownBudget >= 0.0) {
        // The budget couples every unit: its price is found first, over all units, keeping only
        // each unit's objective and spend; each unit is then planned once at its own price.
        season.budget = allocateSeasonBudget(inputs, units, history, fit, rules, season.firstWeek,
                                             season.weeks, threads, progress, coupling);
        season.cancelled = season.budget->cancelled;
        if (season.cancelled)
            return season;
    }
    if (progress)
        progress->report(0.05);
    season.items.reserve(units.size());
    const int count = static_cast<int>(units.size());
    // Batches bound the policy tables alive at once; each item's figures depend on it alone.
    for (int first = 0; first < count; first += kPlanningBatchItems) {
        if (progress && progress->isCancelled())
            break;
        const int size = std::min(kPlanningBatchItems, count - first);
        std::vector<ItemPlan> batch(static_cast<std::size_t>(size));
        parallelFor(size, threads, [&](int i) {
            if (progress && progress->isCancelled())
                return;
            const std::size_t index = static_cast<std::size_t>(first + i);
            planUnit(context, units[index], index, batch[size_t(i)]);
        });
        if (progress && progress->isCancelled())
            break;
        for (int i = 0; i < size; ++i) {
            ItemPlan& item = batch[size_t(i)];
            if (sink)
                sink->add(static_cast<std::size_t>(first + i), item);
            if (keeping != ItemPlanKeeping::Whole)
                item.plan.policy = MarkdownPolicy();
            if (keeping == ItemPlanKeeping::Figures) {
                item.input.demand.mean = {};
                item.storeProblems = {};
            }
            season.items.push_back(std::move(item));
        }
        if (progress)
            progress->report(0.05 + 0.95 * (first + size) / count);
    }
    season.cancelled = progress && progress->isCancelled();
    return season;
}

}  // namespace mb::markdown
