#pragma once

#include <QStringList>
#include <limits>
#include <vector>

namespace mb::markdown {

enum class DemandDistribution { Poisson, NegativeBinomial, Deterministic };
enum class MarkdownObjective { Revenue, Margin };

// Weekly demand of one item (a product in a store, or a store cluster given as summed means).
struct WeeklyDemand {
    DemandDistribution distribution = DemandDistribution::Poisson;
    // mean[week][step]: expected units demanded in that week at that ladder step.
    std::vector<std::vector<double>> mean;
    // Negative binomial only: variance = mean + mean^2 / dispersion.
    double dispersion = 1.0;
};

// The merchandiser's rules. A "markdown" is any change of ladder step (a price rise counts too
// when monotone is off), so the count and spacing rules limit every price change.
struct MarkdownRules {
    bool monotone = true;
    int maxMarkdowns = std::numeric_limits<int>::max();
    int minWeeksBetween = 0;    // weeks between two changes are at least this many
    int earliestWeek = 1;       // 1-based; the week-1 price may differ from the start step if 1
    double marginFloor = -1.0;  // no price below unitCost * (1 + marginFloor); -1 means none
    int startStep = 0;
    int deepestStep = std::numeric_limits<int>::max();
    double targetSellThrough = 0.0;  // share of inventory to sell by the exit week; 0 = none
    // Penalty per unit short of the target; negative means the target is hard (deterministic only).
    double sellThroughPenalty = -1.0;
    // Steps the merchandiser has fixed: lockedSteps[week] (0-based) is the step that week must
    // charge, or -1 for a free week; empty when nothing is locked. The other weeks stay optimal.
    std::vector<int> lockedSteps;
    // No price change in a week that starts with fewer units on hand than this (an item nearly
    // sold out is not marked down); 0 = no minimum. A locked week is kept as locked.
    int minOnHand = 0;
    // Price points: the allowed endings in cents (99 for x.99), ascending. Each step below the
    // regular price is put on the highest price with one of these endings at or below its ladder
    // price (pricePointTable); empty means prices are regular price x ladder, unrounded.
    std::vector<int> priceEndingCents;
    // No price change in the first N weeks after the stock arrived. The planner folds it into
    // each item's earliestWeek (firstChangeWeek); markdown-solve counts from week 1.
    int noChangeWeeks = 0;

    int lockedStep(int week) const {
        return size_t(week) < lockedSteps.size() ? lockedSteps[size_t(week)] : -1;
    }
    bool hasLocks() const;
    bool operator==(const MarkdownRules&) const = default;
};

struct MarkdownProblem {
    int weeks = 0;
    int inventory = 0;
    double regularPrice = 0.0;
    double unitCost = 0.0;
    double salvageValue = 0.0;
    std::vector<double> ladder;  // price multipliers of the regular price, deepest last
    WeeklyDemand demand;
    MarkdownRules rules;
    MarkdownObjective objective = MarkdownObjective::Revenue;
    // The price of the season's markdown budget (its Lagrange multiplier, MarkdownBudget.h): each
    // unit sold at a discount is charged spendPrice x its discount, so the policy weighs the
    // budget it uses. 0 (no budget) leaves the objective as it is.
    double spendPrice = 0.0;

    // The shelf price at each step, built once per item (setPricePoints): the ladder on the
    // rules' price endings, or a product's absolute ladder. Empty: regularPrice x ladder.
    std::vector<double> prices;

    double price(int step) const {
        return prices.empty() ? regularPrice * ladder[static_cast<size_t>(step)]
                              : prices[static_cast<size_t>(step)];
    }
    // The price at a step as a share of the regular price (what demand responds to).
    double priceRatio(int step) const { return price(step) / regularPrice; }
    // Money counted per unit sold at a step: price for revenue, price - unit cost for margin,
    // less the budget's price of the discount given.
    double unitReward(int step) const {
        const double money =
            objective == MarkdownObjective::Revenue ? price(step) : price(step) - unitCost;
        return money - spendPrice * (regularPrice - price(step));
    }
    // Steps the deepest-step and margin-floor rules allow.
    bool stepAllowed(int step) const;
    bool hardTarget() const {
        return rules.targetSellThrough > 0.0 && rules.sellThroughPenalty < 0.0;
    }
    // Units short of the target when this many are left at the exit week.
    double shortfall(int leftover) const;
    // Empty when the problem can be solved; otherwise one line per problem.
    QStringList problems() const;
};

}  // namespace mb::markdown
