#pragma once

#include "targeting/OfferAllocation.h"

namespace mb::targeting::detail {

// The options that may be offered (eligible, consented, not held out, positive effect, offer
// with room), grouped by customer: rows of customer c are option[start[c] .. start[c + 1]).
struct UsableOptions {
    std::vector<std::int64_t> start;
    std::vector<std::int32_t> option;
};

// Budget only, one offer each. Each customer's options are reduced to the upper convex hull of
// (cost, effect) from (0, 0); the hull steps of all customers are taken by effect per unit cost
// until the budget runs out. This greedy solves the LP relaxation of the multiple-choice
// knapsack exactly (Sinha & Zoltners 1979, Operations Research 27(3):503-515); the integral
// answer drops the split step and keeps filling with later steps that still fit.
void solveByConvexHull(const AllocationProblem& problem, const UsableOptions& usable,
                       AllocationResult& result, ProgressToken* progress);

// Capacities and/or several offers each: Lagrangian relaxation of the budget and capacity rows
// (each customer then keeps the best reduced effects up to the cap), prices by bisection on the
// budget and Polyak subgradient steps on the capacities; primal allocations by a greedy repair
// at the current prices. The best dual value bounds every allocation.
void solveByLagrangian(const AllocationProblem& problem, const UsableOptions& usable,
                       AllocationResult& result, ProgressToken* progress);

}  // namespace mb::targeting::detail
