#include "common/Progress.h"
#include "targeting/AllocationSolvers.h"

#include <algorithm>
#include <limits>

namespace mb::targeting::detail {

namespace {

// One step along a customer's hull: moving from the previous vertex to `option`.
struct HullStep {
    double slope;  // extra effect per unit of extra cost; infinite for a free step
    double extraCost;
    double extraEffect;
    std::int32_t customer;
    std::int32_t option;
    std::int32_t step;
};

struct Vertex {
    double cost;
    double effect;
    std::int32_t option;
};

// True when `middle` lies on or below the segment from `left` to `right`.
bool notAbove(const Vertex& left, const Vertex& middle, const Vertex& right) {
    return (middle.cost - left.cost) * (right.effect - left.effect) -
               (middle.effect - left.effect) * (right.cost - left.cost) >=
           0.0;
}

}  // namespace

void solveByConvexHull(const AllocationProblem& problem, const UsableOptions& usable,
                       AllocationResult& result, ProgressToken* progress) {
    std::vector<HullStep> steps;
    steps.reserve(usable.option.size());
    std::vector<Vertex> points;
    std::vector<Vertex> hull;
    const auto customers = static_cast<std::int32_t>(usable.start.size() - 1);
    for (std::int32_t customer = 0; customer < customers; ++customer) {
        if (progress && (customer & 0xffff) == 0) {
            if (progress->isCancelled()) {
                result.cancelled = true;
                return;
            }
            progress->report(0.5 * customer / std::max(customers, 1));
        }
        const auto begin = usable.start[static_cast<std::size_t>(customer)];
        const auto end = usable.start[static_cast<std::size_t>(customer) + 1];
        if (begin == end)
            continue;
        points.clear();
        for (auto i = begin; i < end; ++i) {
            const std::int32_t row = usable.option[static_cast<std::size_t>(i)];
            const OfferOption& option = problem.options[static_cast<std::size_t>(row)];
            points.push_back(Vertex{option.cost, option.effect, row});
        }
        std::sort(points.begin(), points.end(), [](const Vertex& a, const Vertex& b) {
            return a.cost != b.cost ? a.cost < b.cost : a.effect > b.effect;
        });
        hull.assign(1, Vertex{0.0, 0.0, -1});
        for (const Vertex& point : points) {
            if (point.effect <= hull.back().effect)
                continue;  // costs at least as much and brings no more
            while (hull.size() >= 2 && notAbove(hull[hull.size() - 2], hull.back(), point))
                hull.pop_back();
            hull.push_back(point);
        }
        for (std::size_t i = 1; i < hull.size(); ++i) {
            const double extraCost = hull[i].cost - hull[i - 1].cost;
            const double extraEffect = hull[i].effect - hull[i - 1].effect;
            const double slope =
                extraCost > 0.0 ? extraEffect / extraCost : std::numeric_limits<double>::infinity();
            steps.push_back(HullStep{slope, extraCost, extraEffect, customer, hull[i].option,
                                     static_cast<std::int32_t>(i - 1)});
        }
    }
    std::sort(steps.begin(), steps.end(), [](const HullStep& a, const HullStep& b) {
        if (a.slope != b.slope)
            return a.slope > b.slope;
        if (a.customer != b.customer)
            return a.customer < b.customer;
        return a.step < b.step;
    });

    std::vector<std::int32_t> nextStep(static_cast<std::size_t>(customers), 0);
    std::vector<std::int32_t> choice(static_cast<std::size_t>(customers), -1);
    double remaining = problem.budget;
    double effect = 0.0;
    bool split = false;
    result.upperBound = 0.0;
    for (const HullStep& step : steps) {
        const auto customer = static_cast<std::size_t>(step.customer);
        if (step.step != nextStep[customer])
            continue;  // an earlier step of this customer did not fit
        if (step.extraCost <= remaining) {
            remaining -= step.extraCost;
            effect += step.extraEffect;
            ++nextStep[customer];
            choice[customer] = step.option;
        } else if (!split) {
            // The LP takes this step in part and stops; everything before it is whole.
            split = true;
            result.upperBound = effect + step.extraEffect * (remaining / step.extraCost);
            result.fractionalCustomer = step.customer;
        }
    }
    if (!split)
        result.upperBound = effect;
    for (const std::int32_t option : choice) {
        if (option >= 0)
            result.chosen.push_back(option);
    }
    if (progress)
        progress->report(1.0);
}

}  // namespace mb::targeting::detail
