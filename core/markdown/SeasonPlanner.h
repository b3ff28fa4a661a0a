#pragma once

#include "demand/DemandEstimator.h"
#include "demand/SalesHistory.h"
#include "markdown/MarkdownBaselines.h"
#include "markdown/MarkdownBudget.h"
#include "markdown/MarkdownOptimiser.h"
#include "markdown/MarkdownSimulation.h"
#include "markdown/PlanningRules.h"
#include "markdown/SeasonInputs.h"

#include "common/Error.h"

#include <QDate>
#include <optional>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::markdown {

class BudgetCoupling;

// The plan of one item with what it is judged against.
struct ItemPlan {
    SeasonItem item;  // for a cluster: store is empty, onHand the cluster's stock
    // The stores that follow this plan and each one's regular price (one store, or a cluster).
    QStringList stores;
    std::vector<double> storeRegularPrices;
    // Each store's shelf price per step (MarkdownProblem::prices; empty: regular x ladder).
    std::vector<std::vector<double>> storePrices;
    // All or nothing (PlanningRules::clusterAllOrNothing): each store's own problem, which the
    // figures are summed over; empty otherwise.
    std::vector<MarkdownProblem> storeProblems;
    bool planned = false;
    QString problem;  // why the item was not planned
    double elasticity = 0.0;
    MarkdownProblem input;  // what the optimiser was given (demand per week and ladder step)
    MarkdownPlan plan;
    MarkdownSimulation simulation;    // seasons = 0 unless the rules ask for simulations
    double noMarkdown = 0.0;          // expected objective without any markdown
    double noMarkdownLeftover = 0.0;  // expected units left at the exit without any markdown
    double fixedRule = 0.0;           // expected objective of the season's fixed rule

    // A store's shelf price at a step: its price table (price endings, a product ladder), else
    // its regular price x the ladder; the plan's own price when the store is not known.
    double storePrice(qsizetype store, int step) const;
};

struct SeasonPlan {
    QDate firstWeek;  // Monday of the week the stock was counted
    QDate exitWeek;   // Monday of the last week on sale
    int weeks = 0;
    FixedSchedule fixedRule;  // the best rule of the grid over the season's items
    std::vector<ItemPlan> items;
    bool cancelled = false;
    // Set when the rules cap the markdown spend: each unit's spend price and the budget's
    // figures (SeasonBudget.h).
    std::optional<BudgetAllocation> budget;

    // Sums over the planned items.
    double expectedObjective() const;
    double expectedRevenue() const;
    double expectedMargin() const;
    double noMarkdownObjective() const;
    double fixedRuleObjective() const;
    int plannedItems() const;
    // Expected markdown spend of the planned items, and how far the plan may be from the best
    // within the budget (0 without one).
    double markdownSpend() const;
    double budgetGapBound() const;
    // Monday of the item's last week: its product's exit date (products.exit_date) or the run's.
    QDate exitWeekOf(const ItemPlan& item) const;
};

// Why an item without products.unit_cost is not planned under the margin objective.
inline constexpr const char* kNoUnitCost =
    "no unit cost (products.unit_cost) for the margin objective";

// What to tell the planner about products without a unit cost, each named once in item order:
// an error when no item has a cost (nothing could be planned), else a warning that they are left
// out. Both say how to supply the costs.
QString missingUnitCostMessage(const QStringList& products, bool noneHasCost);

// Items with stock of which none can be planned (none has a unit cost under the margin
// objective, or every one lacks what its plan needs). A plan of the whole chain stops there; a
// shard of it has a slice without a plan (pg/ShardRun), as the chain's plan has no item of it.
class NothingToPlan : public Error {
public:
    using Error::Error;
};

// Under the margin objective: throws NothingToPlan (missingUnitCostMessage) when no item has a unit
// cost, else returns the warning for the items left out for want of one (none: empty). Nothing
// under the revenue objective, which needs no cost.
QStringList checkUnitCosts(const std::vector<SeasonItem>& items, const PlanningRules& rules);

// The warning for the items with stock that were not planned, their reasons counted (most
// first): a plan of 67 of 68 items must not pass for the whole stock. Items without a unit cost
// are left to checkUnitCosts, which names them and says how to supply the costs. Empty when
// every other item was planned.
QStringList notPlannedWarnings(const SeasonPlan& season);

// The one-item problem of a product in a store: the fitted demand at each ladder step in each
// week of the season, its stock, prices and the rules. Returns false with a reason when the item
// cannot be planned (no fitted demand, no price, no unit cost under the margin objective).
bool buildItemProblem(const SeasonItem& item, const demand::SalesHistory& history,
                      const demand::DemandFit& fit, const PlanningRules& rules,
                      const QDate& firstWeek, int weeks, MarkdownProblem& problem, QString& reason);

// One problem for stores sharing a schedule: demand means and stock summed (stock pooled across
// the cluster), regular price weighted by full-price demand, unit cost and salvage by stock; a
// negative-binomial size matched to the summed variance of the first week at full price.
MarkdownProblem poolProblems(const std::vector<MarkdownProblem>& stores);

// Where planSeason hands each item once its plan and baselines are complete, in item order and
// on the calling thread: the run path writes it out at once, so a chain's items need not all be
// held with their policy tables.
class ItemPlanSink {
public:
    virtual ~ItemPlanSink() = default;
    virtual void add(std::size_t index, const ItemPlan& item) = 0;
};

// How planSeason keeps the items it hands on.
enum class ItemPlanKeeping {
    Whole,          // every item with its policy table (the page shows and edits them)
    WithoutPolicy,  // the policy table dropped once handed on: memory flat in the items
    // Also the demand the item was planned on (input.demand, storeProblems): its figures,
    // schedule, prices and stock remain, all a run's files, decisions and totals read; no other
    // schedule (a user plan) can be valued on it.
    Figures
};

// Items planned at once: bounds the policy tables alive at any time (a few MB each at most).
inline constexpr int kPlanningBatchItems = 64;

// Plans every item (or, with rules.schedulePerCluster, every product in each cluster) in parallel
// batches (one optimiser per item, independent of the thread count and batch size), judging each
// plan against no markdown and against the best fixed rule of the grid, chosen before planning on
// items spread over the season. Each finished item goes to `sink` (if any) in item order and stays
// in `items` as `keeping` says. Cancel through the token leaves `cancelled` set and the plan
// partial. A coupling makes the season one slice of a chain's whose budget is the chain's.
SeasonPlan planSeason(const SeasonInputs& inputs, const demand::SalesHistory& history,
                      const demand::DemandFit& fit, const PlanningRules& rules,
                      const QDate& exitDate, int threads = 0, ProgressToken* progress = nullptr,
                      ItemPlanSink* sink = nullptr,
                      ItemPlanKeeping keeping = ItemPlanKeeping::Whole,
                      BudgetCoupling* coupling = nullptr);

}  // namespace mb::markdown
