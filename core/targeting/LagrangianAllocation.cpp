#include "common/Progress.h"
#include "targeting/AllocationSolvers.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mb::targeting::detail {

namespace {

// The relaxed problem at given prices: each customer keeps its best reduced effects
// (effect - budgetPrice * cost - offerPrice) that are positive, up to the contact cap.
class RelaxedProblem {
public:
    RelaxedProblem(const AllocationProblem& problem, const UsableOptions& usable)
        : problem_(problem), usable_(usable) {
        const std::size_t count = usable.option.size();
        effect_.resize(count);
        cost_.resize(count);
        offer_.resize(count);
        for (std::size_t i = 0; i < count; ++i) {
            const OfferOption& option = problem.options[static_cast<std::size_t>(usable.option[i])];
            effect_[i] = option.effect;
            cost_[i] = option.cost;
            offer_[i] = option.offer;
        }
        used_.resize(static_cast<std::size_t>(problem.offerCount));
    }

    struct Evaluation {
        double dual = 0.0;  // an upper bound on every allocation's effect
        double cost = 0.0;
    };

    Evaluation evaluate(double budgetPrice, const std::vector<double>& offerPrice) {
        std::fill(used_.begin(), used_.end(), 0.0);
        Evaluation evaluation;
        const auto cap = static_cast<std::size_t>(problem_.maxOffersPerCustomer);
        for (std::size_t customer = 0; customer + 1 < usable_.start.size(); ++customer) {
            const auto begin = static_cast<std::size_t>(usable_.start[customer]);
            const auto end = static_cast<std::size_t>(usable_.start[customer + 1]);
            best_.clear();
            for (std::size_t i = begin; i < end; ++i) {
                const double reduced = reducedEffect(i, budgetPrice, offerPrice);
                if (reduced > 0.0)
                    best_.emplace_back(reduced, i);
            }
            if (best_.size() > cap) {
                std::nth_element(best_.begin(), best_.begin() + static_cast<std::ptrdiff_t>(cap),
                                 best_.end(), std::greater<>());
                best_.resize(cap);
            }
            for (const auto& [reduced, i] : best_) {
                evaluation.dual += reduced;
                evaluation.cost += cost_[i];
                used_[static_cast<std::size_t>(offer_[i])] += 1.0;
            }
        }
        if (std::isfinite(problem_.budget))
            evaluation.dual += budgetPrice * problem_.budget;
        for (std::size_t offer = 0; offer < offerPrice.size(); ++offer) {
            if (offerPrice[offer] > 0.0)
                evaluation.dual += offerPrice[offer] * problem_.capacity[offer];
        }
        return evaluation;
    }

    // Offers of each kind the last evaluation handed out.
    const std::vector<double>& used() const { return used_; }

    double reducedEffect(std::size_t i, double budgetPrice,
                         const std::vector<double>& offerPrice) const {
        return effect_[i] - budgetPrice * cost_[i] -
               offerPrice[static_cast<std::size_t>(offer_[i])];
    }

    // Greedy allocation that respects every constraint: options by reduced effect at these
    // prices, then what still fits by effect per unit cost.
    std::vector<std::size_t> repair(double budgetPrice, const std::vector<double>& offerPrice,
                                    double& totalEffect) const {
        const std::size_t count = effect_.size();
        std::vector<std::size_t> order(count);
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::vector<double> reduced(count);
        for (std::size_t i = 0; i < count; ++i)
            reduced[i] = reducedEffect(i, budgetPrice, offerPrice);
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return reduced[a] != reduced[b] ? reduced[a] > reduced[b] : a < b;
        });
        std::vector<std::uint8_t> taken(count, 0);
        std::vector<int> perCustomer(usable_.start.size(), 0);
        std::vector<double> left(static_cast<std::size_t>(problem_.offerCount), unlimited);
        if (!problem_.capacity.empty())
            left = problem_.capacity;
        double remaining = problem_.budget;
        std::vector<std::size_t> chosen;
        totalEffect = 0.0;
        auto tryTake = [&](std::size_t i) {
            const std::size_t customer = customerOf(i);
            const auto offer = static_cast<std::size_t>(offer_[i]);
            if (taken[i] || perCustomer[customer] >= problem_.maxOffersPerCustomer ||
                left[offer] < 1.0 || cost_[i] > remaining)
                return;
            taken[i] = 1;
            ++perCustomer[customer];
            left[offer] -= 1.0;
            remaining -= cost_[i];
            totalEffect += effect_[i];
            chosen.push_back(i);
        };
        for (const std::size_t i : order) {
            if (reduced[i] > 0.0)
                tryTake(i);
        }
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            // effect_a / cost_a > effect_b / cost_b without dividing by a zero cost
            const double byA = effect_[a] * cost_[b];
            const double byB = effect_[b] * cost_[a];
            return byA != byB ? byA > byB : a < b;
        });
        for (const std::size_t i : order)
            tryTake(i);
        return chosen;
    }

    std::int32_t optionRow(std::size_t i) const { return usable_.option[i]; }
    std::size_t optionCount() const { return effect_.size(); }
    double highestPrice() const {
        double highest = 0.0;
        for (std::size_t i = 0; i < effect_.size(); ++i) {
            if (cost_[i] > 0.0)
                highest = std::max(highest, effect_[i] / cost_[i]);
        }
        return highest;
    }

private:
    std::size_t customerOf(std::size_t i) const {
        const auto it = std::upper_bound(usable_.start.begin(), usable_.start.end(),
                                         static_cast<std::int64_t>(i));
        return static_cast<std::size_t>(it - usable_.start.begin() - 1);
    }

    const AllocationProblem& problem_;
    const UsableOptions& usable_;
    std::vector<double> effect_;
    std::vector<double> cost_;
    std::vector<std::int32_t> offer_;
    std::vector<double> used_;
    std::vector<std::pair<double, std::size_t>> best_;
};

}  // namespace

void solveByLagrangian(const AllocationProblem& problem, const UsableOptions& usable,
                       AllocationResult& result, ProgressToken* progress) {
    RelaxedProblem relaxed(problem, usable);
    std::vector<double> offerPrice(static_cast<std::size_t>(problem.offerCount), 0.0);
    const bool pricedBudget = std::isfinite(problem.budget);
    const double highestPrice = relaxed.highestPrice() + 1.0;

    // The dual is convex in the budget price and its slope is budget - cost, so the best price
    // for given offer prices is where the relaxed allocation's cost crosses the budget.
    double bestDual = unlimited;
    auto bestBudgetPrice = [&](const std::vector<double>& prices) {
        if (!pricedBudget)
            return 0.0;
        RelaxedProblem::Evaluation atZero = relaxed.evaluate(0.0, prices);
        bestDual = std::min(bestDual, atZero.dual);
        if (atZero.cost <= problem.budget)
            return 0.0;
        double low = 0.0;
        double high = highestPrice;
        for (int iteration = 0; iteration < 60 && high - low > 1e-10 * (1.0 + high); ++iteration) {
            const double middle = 0.5 * (low + high);
            const RelaxedProblem::Evaluation evaluation = relaxed.evaluate(middle, prices);
            bestDual = std::min(bestDual, evaluation.dual);
            (evaluation.cost > problem.budget ? low : high) = middle;
        }
        const double lowDual = relaxed.evaluate(low, prices).dual;
        const double highDual = relaxed.evaluate(high, prices).dual;
        bestDual = std::min({bestDual, lowDual, highDual});
        return lowDual < highDual ? low : high;
    };

    double bestEffect = -1.0;
    std::vector<std::size_t> bestChoice;
    auto tryPrimal = [&](double budgetPrice) {
        double effect = 0.0;
        std::vector<std::size_t> choice = relaxed.repair(budgetPrice, offerPrice, effect);
        if (effect > bestEffect) {
            bestEffect = effect;
            bestChoice = std::move(choice);
        }
    };

    const bool pricedCapacity =
        std::any_of(problem.capacity.begin(), problem.capacity.end(),
                    [](double capacity) { return std::isfinite(capacity); });
    double budgetPrice = bestBudgetPrice(offerPrice);
    tryPrimal(budgetPrice);
    tryPrimal(0.0);
    const int iterations = pricedCapacity ? std::max(problem.lagrangianIterations, 1) : 0;
    double stepScale = 2.0;
    double lastBest = bestDual;
    int sinceImprovement = 0;
    for (int iteration = 0; iteration < iterations; ++iteration) {
        if (progress) {
            if (progress->isCancelled()) {
                result.cancelled = true;
                break;
            }
            progress->report(static_cast<double>(iteration) / iterations);
        }
        const RelaxedProblem::Evaluation evaluation = relaxed.evaluate(budgetPrice, offerPrice);
        bestDual = std::min(bestDual, evaluation.dual);
        if (bestDual - bestEffect <= 1e-6 * (1.0 + std::abs(bestDual)))
            break;  // within a millionth of the bound: more prices cannot pay off
        // Polyak step towards the best allocation's value along the capacity subgradient.
        std::vector<double> slope(offerPrice.size(), 0.0);
        double norm = 0.0;
        for (std::size_t offer = 0; offer < offerPrice.size(); ++offer) {
            if (problem.capacity.empty() || !std::isfinite(problem.capacity[offer]))
                continue;
            slope[offer] = problem.capacity[offer] - relaxed.used()[offer];
            if (offerPrice[offer] <= 0.0 && slope[offer] > 0.0)
                slope[offer] = 0.0;  // the price is already at its floor
            norm += slope[offer] * slope[offer];
        }
        if (norm == 0.0)
            break;  // capacities are met exactly by the relaxed allocation
        const double step = stepScale * (evaluation.dual - std::max(bestEffect, 0.0)) / norm;
        for (std::size_t offer = 0; offer < offerPrice.size(); ++offer)
            offerPrice[offer] = std::max(0.0, offerPrice[offer] - step * slope[offer]);
        budgetPrice = bestBudgetPrice(offerPrice);
        if (iteration % 5 == 4 || iteration + 1 == iterations)
            tryPrimal(budgetPrice);
        if (bestDual < lastBest - 1e-12 * (1.0 + std::abs(lastBest))) {
            lastBest = bestDual;
            sinceImprovement = 0;
        } else if (++sinceImprovement >= 5) {
            stepScale /= 2.0;
            sinceImprovement = 0;
            if (stepScale < 1e-3)
                break;  // the bound has stopped moving
        }
    }
    tryPrimal(budgetPrice);
    if (!pricedBudget && !pricedCapacity)
        bestDual = relaxed.evaluate(0.0, offerPrice).dual;
    result.upperBound = bestDual;
    for (const std::size_t i : bestChoice)
        result.chosen.push_back(relaxed.optionRow(i));
    if (progress)
        progress->report(1.0);
}

}  // namespace mb::targeting::detail
