#pragma once

#include "demand/DemandEstimator.h"
#include "demand/SalesHistory.h"
#include "markdown/BudgetCoupling.h"
#include "markdown/MarkdownBudget.h"
#include "markdown/PlanningRules.h"
#include "markdown/SeasonInputs.h"

#include <QDate>
#include <QStringList>
#include <cstddef>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::markdown {

struct SeasonPlan;

// The season's markdown budget (rules.markdownBudget) over every planning unit (an item, or a
// product's stores in a cluster, as `units` lists their members in inputs.items): the spend price
// each unit is planned at. Only each unit's objective and spend are kept while the price is
// found, never its policy, so memory stays flat in the number of items; the units are planned
// afterwards at their prices and spend what was counted here. Units that cannot be planned spend
// nothing. Throws mb::Error when the budget is below the spend the rules force, and
// jobs::Cancelled on a cancel during a round (between rounds, the result says cancelled).
// With a coupling the season is one slice of a chain's, and the budget is the chain's.
BudgetAllocation allocateSeasonBudget(const SeasonInputs& inputs,
                                      const std::vector<std::vector<std::size_t>>& units,
                                      const demand::SalesHistory& history,
                                      const demand::DemandFit& fit, const PlanningRules& rules,
                                      const QDate& firstWeek, int weeks, int threads,
                                      ProgressToken* progress, BudgetCoupling* coupling = nullptr);

// The warning when the budget binds: what the plan spends, what the items' own best plans would
// spend and give, the budget's price and the gap bound (the chain's, for a slice of a chain).
// Empty without a binding budget.
QStringList budgetWarnings(const SeasonPlan& season);

}  // namespace mb::markdown
