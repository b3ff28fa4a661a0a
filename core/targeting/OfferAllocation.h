#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::targeting {

// One offer a customer could receive: its expected incremental value to the retailer (already
// net of the offer's cost, e.g. uplift x value - cost) and its cost against the budget.
struct OfferOption {
    std::int32_t customer = 0;  // index, 0 <= customer < customerCount
    std::int32_t offer = 0;     // index, 0 <= offer < offerCount
    double effect = 0.0;
    double cost = 0.0;  // >= 0
    bool eligible = true;
};

constexpr double unlimited = std::numeric_limits<double>::infinity();

// At most one row per customer and offer.
struct AllocationProblem {
    std::int32_t customerCount = 0;
    std::int32_t offerCount = 0;
    std::vector<OfferOption> options;
    // Per customer; a customer who has not consented to personalised offers is never offered
    // anything, whatever the other settings. Empty means everyone consented.
    std::vector<std::uint8_t> consented;
    double budget = unlimited;
    std::vector<double> capacity;  // per offer; empty or unlimited = no limit
    int maxOffersPerCustomer = 1;  // the contact cap per customer in this campaign
    double holdoutFraction = 0.0;  // of eligible customers, drawn before allocation
    std::uint64_t seed = 1;
    int lagrangianIterations = 100;
};

enum class AllocationMethod {
    ConvexHullGreedy,  // budget only, one offer each: exact LP bound
    Lagrangian         // capacities or several offers each: prices on the constraints
};

struct AllocationResult {
    std::vector<std::int32_t> chosen;   // indices into problem.options, customer order
    std::vector<std::uint8_t> heldOut;  // per customer: in the random control group
    double totalEffect = 0.0;
    double totalCost = 0.0;
    std::int64_t assignedCustomers = 0;
    std::int64_t heldOutCustomers = 0;
    std::int64_t eligibleCustomers = 0;  // consented, with at least one eligible offer
    AllocationMethod method = AllocationMethod::ConvexHullGreedy;
    // An upper bound on any allocation's total effect: the LP relaxation's optimum on the greedy
    // path, the best Lagrangian dual value otherwise; gap = bound - totalEffect.
    double upperBound = 0.0;
    double gap = 0.0;
    std::int32_t fractionalCustomer = -1;  // greedy path: the customer the LP splits, if any
    bool cancelled = false;
};

// Throws mb::Error on a malformed problem (index out of range, negative or non-finite cost).
AllocationResult allocateOffers(const AllocationProblem& problem,
                                ProgressToken* progress = nullptr);

// Picks round(fraction * eligible) of the flagged customers uniformly at random for a
// control group (partial Fisher-Yates over them in index order). Same seed, same group.
std::vector<std::uint8_t> drawControlGroup(const std::vector<std::uint8_t>& eligible,
                                           double fraction, std::uint64_t seed);

}  // namespace mb::targeting
