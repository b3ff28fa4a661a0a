#include "targeting/OfferAllocation.h"

#include "common/Error.h"
#include "targeting/AllocationSolvers.h"
#include "targeting/SeededRandom.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mb::targeting {

std::vector<std::uint8_t> drawControlGroup(const std::vector<std::uint8_t>& eligible,
                                           double fraction, std::uint64_t seed) {
    std::vector<std::uint8_t> control(eligible.size(), 0);
    std::vector<std::int32_t> pool;
    for (std::size_t customer = 0; customer < eligible.size(); ++customer) {
        if (eligible[customer])
            pool.push_back(static_cast<std::int32_t>(customer));
    }
    const double clamped = std::clamp(std::isfinite(fraction) ? fraction : 0.0, 0.0, 1.0);
    const auto wanted = static_cast<std::size_t>(std::llround(clamped * pool.size()));
    SeededRandom random(seed);
    for (std::size_t i = 0; i < wanted; ++i) {
        const std::size_t pick = i + static_cast<std::size_t>(random.below(pool.size() - i));
        std::swap(pool[i], pool[pick]);
        control[static_cast<std::size_t>(pool[i])] = 1;
    }
    return control;
}

namespace {

void validate(const AllocationProblem& problem) {
    if (problem.customerCount < 0 || problem.offerCount < 0)
        throw Error(QStringLiteral("Negative customer or offer count."));
    if (!problem.consented.empty() &&
        problem.consented.size() != static_cast<std::size_t>(problem.customerCount))
        throw Error(QStringLiteral("Consent flags do not match the customers."));
    if (!problem.capacity.empty() &&
        problem.capacity.size() != static_cast<std::size_t>(problem.offerCount))
        throw Error(QStringLiteral("Capacities do not match the offers."));
    if (std::isnan(problem.budget) || problem.budget < 0.0)
        throw Error(QStringLiteral("The budget must be zero or more (%1).").arg(problem.budget));
    if (problem.maxOffersPerCustomer < 1)
        throw Error(QStringLiteral("Each customer must be allowed at least one offer (%1).")
                        .arg(problem.maxOffersPerCustomer));
    for (std::size_t row = 0; row < problem.options.size(); ++row) {
        const OfferOption& option = problem.options[row];
        if (option.customer < 0 || option.customer >= problem.customerCount || option.offer < 0 ||
            option.offer >= problem.offerCount)
            throw Error(
                QStringLiteral("Option %1 names a customer or offer out of range.").arg(row));
        if (!std::isfinite(option.cost) || option.cost < 0.0 || !std::isfinite(option.effect))
            throw Error(QStringLiteral("Option %1 has a cost or effect that is not a finite "
                                       "number, or a negative cost (%2, %3).")
                            .arg(row)
                            .arg(option.cost)
                            .arg(option.effect));
    }
}

bool hasConsent(const AllocationProblem& problem, std::int32_t customer) {
    return problem.consented.empty() || problem.consented[static_cast<std::size_t>(customer)];
}

bool offerHasRoom(const AllocationProblem& problem, std::int32_t offer) {
    return problem.capacity.empty() || problem.capacity[static_cast<std::size_t>(offer)] >= 1.0;
}

}  // namespace

AllocationResult allocateOffers(const AllocationProblem& problem, ProgressToken* progress) {
    validate(problem);
    const auto customers = static_cast<std::size_t>(problem.customerCount);
    AllocationResult result;

    std::vector<std::uint8_t> eligible(customers, 0);
    for (const OfferOption& option : problem.options) {
        if (option.eligible && hasConsent(problem, option.customer))
            eligible[static_cast<std::size_t>(option.customer)] = 1;
    }
    result.eligibleCustomers = std::accumulate(eligible.begin(), eligible.end(), std::int64_t{0});
    result.heldOut = drawControlGroup(eligible, problem.holdoutFraction, problem.seed);
    result.heldOutCustomers =
        std::accumulate(result.heldOut.begin(), result.heldOut.end(), std::int64_t{0});

    // Counting sort by customer keeps each customer's options together, in input order.
    detail::UsableOptions usable;
    usable.start.assign(customers + 1, 0);
    auto usableOption = [&](const OfferOption& option) {
        return option.eligible && option.effect > 0.0 && hasConsent(problem, option.customer) &&
               !result.heldOut[static_cast<std::size_t>(option.customer)] &&
               offerHasRoom(problem, option.offer);
    };
    for (const OfferOption& option : problem.options) {
        if (usableOption(option))
            ++usable.start[static_cast<std::size_t>(option.customer) + 1];
    }
    std::partial_sum(usable.start.begin(), usable.start.end(), usable.start.begin());
    usable.option.resize(static_cast<std::size_t>(usable.start.back()));
    std::vector<std::int64_t> fill(usable.start.begin(), usable.start.end() - 1);
    for (std::size_t row = 0; row < problem.options.size(); ++row) {
        const OfferOption& option = problem.options[row];
        if (usableOption(option))
            usable.option[static_cast<std::size_t>(
                fill[static_cast<std::size_t>(option.customer)]++)] =
                static_cast<std::int32_t>(row);
    }

    const bool anyCapacity = std::any_of(problem.capacity.begin(), problem.capacity.end(),
                                         [](double capacity) { return std::isfinite(capacity); });
    if (!anyCapacity && problem.maxOffersPerCustomer == 1) {
        result.method = AllocationMethod::ConvexHullGreedy;
        detail::solveByConvexHull(problem, usable, result, progress);
    } else {
        result.method = AllocationMethod::Lagrangian;
        detail::solveByLagrangian(problem, usable, result, progress);
    }

    std::sort(result.chosen.begin(), result.chosen.end(), [&](std::int32_t a, std::int32_t b) {
        const OfferOption& left = problem.options[static_cast<std::size_t>(a)];
        const OfferOption& right = problem.options[static_cast<std::size_t>(b)];
        return left.customer != right.customer ? left.customer < right.customer
                                               : left.offer < right.offer;
    });
    result.totalEffect = 0.0;
    result.totalCost = 0.0;
    result.assignedCustomers = 0;
    std::int32_t previous = -1;
    for (const std::int32_t row : result.chosen) {
        const OfferOption& option = problem.options[static_cast<std::size_t>(row)];
        result.totalEffect += option.effect;
        result.totalCost += option.cost;
        if (option.customer != previous)
            ++result.assignedCustomers;
        previous = option.customer;
    }
    result.gap = std::max(0.0, result.upperBound - result.totalEffect);
    return result;
}

}  // namespace mb::targeting
