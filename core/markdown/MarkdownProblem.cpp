#include "markdown/MarkdownProblem.h"

#include "markdown/SolveSize.h"

#include <algorithm>
#include <cmath>

namespace mb::markdown {

bool MarkdownRules::hasLocks() const {
    return std::any_of(lockedSteps.begin(), lockedSteps.end(), [](int step) { return step >= 0; });
}

bool MarkdownProblem::stepAllowed(int step) const {
    if (step < 0 || step >= static_cast<int>(ladder.size()) || step > rules.deepestStep)
        return false;
    // A step with no price point at or below its ladder price (a price under the lowest
    // ending) has no shelf price to charge.
    if (!(price(step) > 0.0))
        return false;
    if (rules.marginFloor > -1.0 &&
        price(step) < unitCost * (1.0 + rules.marginFloor) - 1e-9 * (1.0 + regularPrice))
        return false;
    return true;
}

double MarkdownProblem::shortfall(int leftover) const {
    if (rules.targetSellThrough <= 0.0)
        return 0.0;
    const double allowedLeftover = inventory * (1.0 - rules.targetSellThrough);
    // The tolerance only decides whether the target is missed; it is not taken off the units.
    const double excess = leftover - allowedLeftover;
    return excess > 1e-9 ? excess : 0.0;
}

QStringList MarkdownProblem::problems() const {
    QStringList out;
    const auto bad = [](double value) { return !std::isfinite(value); };
    if (weeks < 1)
        out << QStringLiteral("weeks must be at least 1 (got %1)").arg(weeks);
    if (inventory < 0)
        out << QStringLiteral("inventory must be 0 or more (got %1)").arg(inventory);
    if (bad(regularPrice) || regularPrice <= 0.0)
        out << QStringLiteral("regular_price must be a positive number (got %1)").arg(regularPrice);
    if (bad(unitCost) || unitCost < 0.0)
        out << QStringLiteral("unit_cost must be 0 or more (got %1)").arg(unitCost);
    if (bad(salvageValue) || salvageValue < 0.0)
        out << QStringLiteral("salvage_value must be 0 or more (got %1)").arg(salvageValue);
    if (bad(spendPrice) || spendPrice < 0.0)
        out << QStringLiteral("the markdown budget's spend price must be 0 or more (got %1)")
                   .arg(spendPrice);
    const int steps = static_cast<int>(ladder.size());
    if (steps < 1 || steps > 127)
        out << QStringLiteral("ladder must have 1 to 127 steps (got %1)").arg(steps);
    for (int k = 0; k < steps; ++k) {
        if (bad(ladder[size_t(k)]) || ladder[size_t(k)] <= 0.0)
            out << QStringLiteral("ladder[%1] must be a positive number (got %2)")
                       .arg(k)
                       .arg(ladder[size_t(k)]);
        else if (k > 0 && !(ladder[size_t(k)] < ladder[size_t(k - 1)]))
            out << QStringLiteral(
                       "ladder must be strictly decreasing, deepest step last "
                       "(ladder[%1] = %2 after %3)")
                       .arg(k)
                       .arg(ladder[size_t(k)])
                       .arg(ladder[size_t(k - 1)]);
    }
    if (!prices.empty() && static_cast<int>(prices.size()) != steps)
        out << QStringLiteral("prices must have one price per ladder step: %1 (got %2)")
                   .arg(steps)
                   .arg(prices.size());
    for (size_t k = 1; k < prices.size(); ++k)
        if (bad(prices[k]) || prices[k] > prices[k - 1])
            out << QStringLiteral("prices must not rise with the step (prices[%1] = %2 after %3)")
                       .arg(k)
                       .arg(prices[k])
                       .arg(prices[k - 1]);
    for (const int cents : rules.priceEndingCents)
        if (cents < 0 || cents > 99)
            out << QStringLiteral("rules.price_endings must be from 0.00 to 0.99 (got %1)")
                       .arg(cents / 100.0);
    if (static_cast<int>(demand.mean.size()) != weeks)
        out << QStringLiteral("demand.mean must have one row per week: %1 rows (got %2)")
                   .arg(weeks)
                   .arg(demand.mean.size());
    for (size_t t = 0; t < demand.mean.size(); ++t) {
        if (static_cast<int>(demand.mean[t].size()) != steps) {
            out << QStringLiteral(
                       "demand.mean[%1] must have one value per ladder step: %2 (got %3)")
                       .arg(t)
                       .arg(steps)
                       .arg(demand.mean[t].size());
            continue;
        }
        for (size_t k = 0; k < demand.mean[t].size(); ++k)
            if (bad(demand.mean[t][k]) || demand.mean[t][k] < 0.0 || demand.mean[t][k] > 1e7)
                out << QStringLiteral("demand.mean[%1][%2] must be a number from 0 to 1e7 (got %3)")
                           .arg(t)
                           .arg(k)
                           .arg(demand.mean[t][k]);
    }
    if (demand.distribution == DemandDistribution::NegativeBinomial &&
        (bad(demand.dispersion) || demand.dispersion <= 0.0))
        out << QStringLiteral("demand.dispersion must be a positive number for negbin (got %1)")
                   .arg(demand.dispersion);
    if (rules.maxMarkdowns < 0)
        out << QStringLiteral("rules.max_markdowns must be 0 or more (got %1)")
                   .arg(rules.maxMarkdowns);
    if (rules.minWeeksBetween < 0)
        out << QStringLiteral("rules.min_weeks_between must be 0 or more (got %1)")
                   .arg(rules.minWeeksBetween);
    if (rules.minOnHand < 0)
        out << QStringLiteral("rules.min_on_hand must be 0 or more (got %1)").arg(rules.minOnHand);
    if (rules.earliestWeek < 1)
        out << QStringLiteral("rules.earliest_week must be 1 or more (got %1)")
                   .arg(rules.earliestWeek);
    if (bad(rules.marginFloor) || rules.marginFloor < -1.0)
        out << QStringLiteral("rules.margin_floor must be a number of -1 or more (got %1)")
                   .arg(rules.marginFloor);
    if (rules.deepestStep < 0)
        out << QStringLiteral("rules.deepest_step must be 0 or more (got %1)")
                   .arg(rules.deepestStep);
    if (rules.startStep < 0 || rules.startStep >= std::max(steps, 1))
        out << QStringLiteral("rules.start_step must be a ladder step from 0 to %1 (got %2)")
                   .arg(steps - 1)
                   .arg(rules.startStep);
    else if (out.isEmpty() && !stepAllowed(rules.startStep))
        out << QStringLiteral("rules.start_step %1 breaks deepest_step or margin_floor")
                   .arg(rules.startStep);
    if (bad(rules.targetSellThrough) || rules.targetSellThrough < 0.0 ||
        rules.targetSellThrough > 1.0)
        out << QStringLiteral("rules.target_sell_through must be from 0 to 1 (got %1)")
                   .arg(rules.targetSellThrough);
    if (std::isnan(rules.sellThroughPenalty) || std::isinf(rules.sellThroughPenalty))
        out << QStringLiteral("rules.sell_through_penalty must be a number (got %1)")
                   .arg(rules.sellThroughPenalty);
    if (!rules.lockedSteps.empty() && static_cast<int>(rules.lockedSteps.size()) != weeks)
        out << QStringLiteral("rules.locked_steps must have one entry per week: %1 (got %2)")
                   .arg(weeks)
                   .arg(rules.lockedSteps.size());
    for (size_t t = 0; t < rules.lockedSteps.size(); ++t) {
        const int step = rules.lockedSteps[t];
        if (step < -1 || step >= steps)
            out << QStringLiteral("week %1 is locked at step %2, which is not on the ladder")
                       .arg(t + 1)
                       .arg(step);
        else if (step >= 0 && steps > 0 && !stepAllowed(step))
            out << QStringLiteral(
                       "week %1 is locked at step %2, which breaks deepest_step or "
                       "margin_floor")
                       .arg(t + 1)
                       .arg(step);
    }
    if (hardTarget() && demand.distribution != DemandDistribution::Deterministic)
        out << QStringLiteral(
            "a hard sell-through target can only be met for deterministic "
            "demand; give rules.sell_through_penalty for stochastic demand");
    if (out.isEmpty()) {
        const QString tooLarge = solveSizeProblem(*this);
        if (!tooLarge.isEmpty())
            out << tooLarge;
    }
    return out;
}

}  // namespace mb::markdown
