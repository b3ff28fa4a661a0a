#pragma once

#include <QString>
#include <cstdint>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::targeting {

// One offer a customer could receive, with what the uplift model expects of it. Give only the
// offers that may be sent (consent and eligibility already applied).
struct OfferOutlook {
    std::int32_t customer = 0;         // >= 0
    std::int32_t offer = 0;            // >= 0
    double baselineResponse = 0.0;     // chance the customer buys anyway, in [0, 1]
    double upliftMean = 0.0;           // the model's expected change in that chance
    double upliftStandardError = 0.0;  // the model's uncertainty about it, >= 0
    double valuePerResponse = 0.0;     // revenue one purchase brings
    double marginRate = 0.0;           // margin / revenue
    double cost = 0.0;                 // of sending the offer, counted against the budget, >= 0
};

struct SimulationSettings {
    int replicates = 1000;  // 1 to 1,000,000
    std::uint64_t seed = 1;
    // How the model's errors move together, in [0, 1]: 1 = it is wrong the same way for every
    // customer at once (the cautious default, widest range), 0 = independently per customer.
    double upliftCorrelation = 1.0;
};

struct OutcomeSummary {
    double mean = 0.0;
    double standardDeviation = 0.0;  // over replicates, n - 1
    double p10 = 0.0;                // percentiles interpolated linearly (Hyndman & Fan type 7)
    double p50 = 0.0;
    double p90 = 0.0;
};

struct CampaignForecast {
    OutcomeSummary incrementalResponses;
    OutcomeSummary incrementalRevenue;
    OutcomeSummary incrementalMargin;
    OutcomeSummary spend;
    OutcomeSummary returnOnSpend;  // incremental margin / spend; NaN when nothing is spent
    std::int64_t offersGiven = 0;
    int replicates = 0;
    std::vector<double> marginByReplicate;  // for a histogram of what the campaign may earn
    bool cancelled = false;
};

// What the campaign brings on average, in closed form: with the uplift drawn from
// Normal(mean, se^2) and the purchase chance b + uplift cut to [0, 1], the expected chance is
// the mean of a normal censored at 0 and 1. The variances are those of the purchases alone
// (a sum of independent +-Bernoulli(|effect|)), exact when every standard error is 0.
struct CampaignExpectation {
    double incrementalResponses = 0.0;
    double incrementalRevenue = 0.0;
    double incrementalMargin = 0.0;
    double spend = 0.0;
    double responsesVariance = 0.0;
    double revenueVariance = 0.0;
    double marginVariance = 0.0;
};

// chosen: indices into options (offers sent); several to one customer count independently.
// Throws mb::Error on an invalid option, index or setting.
CampaignExpectation expectCampaign(const std::vector<OfferOutlook>& options,
                                   const std::vector<std::int32_t>& chosen);

// The expected incremental margin of one offer net of its cost: the allocation's effect.
double expectedNetValue(const OfferOutlook& option);

// Monte Carlo of the campaign. Each replicate draws the model's error (one shared normal and one
// per offer, mixed by upliftCorrelation) and then each customer's purchase with and without the
// offer from one uniform, so an offer changes the purchase only of a customer it can persuade
// (or put off). The draws of a replicate are keyed by (seed, replicate, option), so two
// strategies that send the same offer see the same customer behaviour.
CampaignForecast simulateCampaign(const std::vector<OfferOutlook>& options,
                                  const std::vector<std::int32_t>& chosen,
                                  const SimulationSettings& settings,
                                  ProgressToken* progress = nullptr);

enum class TargetingStrategy {
    Everyone,       // customers in list order until the budget runs out
    Random,         // customers in a seeded random order until the budget runs out
    TopPropensity,  // the likeliest buyers first (highest baseline response)
    TopUplift       // the allocation given (highest expected gain per cost)
};
QString strategyName(TargetingStrategy strategy);  // "everyone", "random", ...

// Who a simple strategy sends an offer to: each customer's first option in the list (list the
// campaign's standard offer first), taken in the strategy's order while its cost fits the
// budget. TopUplift is not simple: pass the allocation itself to compareStrategies.
std::vector<std::int32_t> chooseByStrategy(const std::vector<OfferOutlook>& options,
                                           TargetingStrategy strategy, double budget,
                                           std::uint64_t seed);

struct StrategyForecast {
    TargetingStrategy strategy = TargetingStrategy::Everyone;
    std::vector<std::int32_t> chosen;
    CampaignExpectation expected;
    CampaignForecast forecast;
};

// The four strategies at the same budget, each simulated with the same settings.
std::vector<StrategyForecast> compareStrategies(const std::vector<OfferOutlook>& options,
                                                const std::vector<std::int32_t>& allocation,
                                                double budget, const SimulationSettings& settings,
                                                ProgressToken* progress = nullptr);

struct BudgetPoint {
    double budget = 0.0;
    // On the LP path (offers by expected net value per unit of cost, the last one in part):
    // concave and non-decreasing in the budget.
    double spend = 0.0;
    double netValue = 0.0;           // expected incremental margin minus spend
    double incrementalMargin = 0.0;  // netValue + spend
    // Whole offers only, as the allocation sends them.
    double wholeOffersSpend = 0.0;
    double wholeOffersNetValue = 0.0;
};

// points budgets evenly from 0 to the cost of every offer worth sending (points >= 2).
std::vector<double> budgetGrid(const std::vector<OfferOutlook>& options, int points);

// The campaign's expected net value at each budget, best offers first; at most one offer per
// customer (the convex-hull greedy of the allocation). Throws mb::Error on invalid input.
std::vector<BudgetPoint> budgetCurve(const std::vector<OfferOutlook>& options,
                                     const std::vector<double>& budgets,
                                     ProgressToken* progress = nullptr);

}  // namespace mb::targeting
