#pragma once

#include "markdown/MarkdownBaselines.h"

#include <vector>

namespace mb::markdown {

struct ItemPlan;

// "All or nothing" across a cluster's stores ("all_or_nothing": true with "schedule_per":
// "cluster"): every store of the cluster charges the same ladder step each week (its own price
// at that step), so in any week either every store takes a markdown or none does, and each store
// sells from its own stock (no stock moves between stores).
//   Exact: the figures. Each store's expectations under the shared schedule on its own demand
//   and stock (evaluateSchedule), summed.
//   Approximation: the schedule. It is the mean path of the optimal policy for the cluster's
//   pooled demand and stock (as if stock moved freely), fixed in advance; the best shared
//   schedule for separate stocks is not searched (there are steps^weeks of them).

// The shared schedule's plan: the pooled problem's week-by-week layout with every figure the
// sum over the stores.
MarkdownPlan sharedSchedulePlan(const MarkdownProblem& pooled,
                                const std::vector<MarkdownProblem>& stores,
                                const FixedSchedule& shared);

// The stores' summed objective under one schedule (a baseline such as no markdown).
double sharedScheduleObjective(const std::vector<MarkdownProblem>& stores,
                               const FixedSchedule& schedule);

// Turns a cluster item planned on pooled stock into its all-or-nothing plan: keeps the stores'
// problems, replaces the plan and the no-markdown figures with the stores' sums, and drops the
// pooled simulation (its P10/P90 would be of pooled stock).
void shareAcrossStores(ItemPlan& item, std::vector<MarkdownProblem> stores);

}  // namespace mb::markdown
