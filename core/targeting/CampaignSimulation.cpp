#include "targeting/CampaignSimulation.h"

#include "common/Error.h"
#include "common/ParallelFor.h"
#include "common/Progress.h"
#include "targeting/OfferAllocation.h"
#include "targeting/SeededRandom.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numbers>
#include <thread>

namespace mb::targeting {

namespace {

constexpr int maxReplicates = 1000000;

double normalCdf(double x) {
    return 0.5 * std::erfc(-x / std::numbers::sqrt2);
}

double normalDensity(double x) {
    return std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::numbers::pi);
}

// E[min(max(X, 0), 1)] for X ~ Normal(mean, sd^2): the part inside [0, 1] (a truncated normal's
// mass times its mean) plus the mass above 1 (Greene, Econometric Analysis, 7th ed., 19.3.2).
double censoredMean(double mean, double sd) {
    if (sd <= 0.0)
        return std::clamp(mean, 0.0, 1.0);
    const double alpha = -mean / sd;
    const double beta = (1.0 - mean) / sd;
    const double inside = mean * (normalCdf(beta) - normalCdf(alpha)) +
                          sd * (normalDensity(alpha) - normalDensity(beta));
    return std::clamp(inside + (1.0 - normalCdf(beta)), 0.0, 1.0);
}

double expectedIncrement(const OfferOutlook& option) {
    return censoredMean(option.baselineResponse + option.upliftMean, option.upliftStandardError) -
           option.baselineResponse;
}

[[noreturn]] void badOption(std::size_t index, const QString& what, double value) {
    throw Error(QStringLiteral("offer option %1: %2 (%3)").arg(index).arg(what).arg(value));
}

void validate(const std::vector<OfferOutlook>& options) {
    for (std::size_t i = 0; i < options.size(); ++i) {
        const OfferOutlook& o = options[i];
        if (o.customer < 0)
            badOption(i, QStringLiteral("the customer index is negative"), o.customer);
        if (o.offer < 0)
            badOption(i, QStringLiteral("the offer index is negative"), o.offer);
        if (!(o.baselineResponse >= 0.0 && o.baselineResponse <= 1.0))
            badOption(i, QStringLiteral("the baseline response must be in [0, 1]"),
                      o.baselineResponse);
        if (!std::isfinite(o.upliftMean))
            badOption(i, QStringLiteral("the uplift must be a number"), o.upliftMean);
        if (!(o.upliftStandardError >= 0.0) || !std::isfinite(o.upliftStandardError))
            badOption(i, QStringLiteral("the uplift's standard error must be zero or more"),
                      o.upliftStandardError);
        if (!std::isfinite(o.valuePerResponse))
            badOption(i, QStringLiteral("the value per response must be a number"),
                      o.valuePerResponse);
        if (!std::isfinite(o.marginRate))
            badOption(i, QStringLiteral("the margin rate must be a number"), o.marginRate);
        if (!(o.cost >= 0.0) || !std::isfinite(o.cost))
            badOption(i, QStringLiteral("the cost must be zero or more"), o.cost);
    }
}

void validateChosen(const std::vector<OfferOutlook>& options,
                    const std::vector<std::int32_t>& chosen) {
    for (const std::int32_t index : chosen) {
        if (index < 0 || static_cast<std::size_t>(index) >= options.size())
            throw Error(QStringLiteral("chosen offer %1 is not one of the %2 options")
                            .arg(index)
                            .arg(options.size()));
    }
}

void validate(const SimulationSettings& settings) {
    if (settings.replicates < 1 || settings.replicates > maxReplicates)
        throw Error(QStringLiteral("replicates must be 1 to %1 (%2)")
                        .arg(maxReplicates)
                        .arg(settings.replicates));
    if (!(settings.upliftCorrelation >= 0.0 && settings.upliftCorrelation <= 1.0))
        throw Error(QStringLiteral("the uplift correlation must be in [0, 1] (%1)")
                        .arg(settings.upliftCorrelation));
}

// Counter-based streams: the same (seed, replicate, option) always gives the same draws, in
// whatever order or on whichever thread they are asked for.
std::uint64_t replicateKey(std::uint64_t seed, std::uint64_t replicate) {
    SeededRandom mix(seed ^ (replicate * 0xd1b54a32d192ed03ULL));
    return mix.next();
}

SeededRandom streamFor(std::uint64_t replicateKey, std::uint64_t option) {
    return SeededRandom(replicateKey ^ (option * 0x8cb92ba72f3d8dd7ULL));
}

// Box-Muller with the cosine half only, so each normal uses exactly two uniforms.
double standardNormal(SeededRandom& random) {
    const double u1 = 1.0 - random.uniform();  // (0, 1]: the logarithm stays finite
    const double u2 = random.uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

// Type 7 of Hyndman & Fan (1996), as R's quantile() and numpy's default.
double percentile(const std::vector<double>& sorted, double p) {
    const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
    const auto low = static_cast<std::size_t>(std::floor(h));
    const std::size_t high = std::min(low + 1, sorted.size() - 1);
    return sorted[low] + (h - static_cast<double>(low)) * (sorted[high] - sorted[low]);
}

OutcomeSummary summarise(std::vector<double> values) {
    OutcomeSummary summary;
    const auto n = static_cast<double>(values.size());
    if (values.empty() ||
        std::any_of(values.begin(), values.end(), [](double v) { return std::isnan(v); })) {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        return OutcomeSummary{nan, nan, nan, nan, nan};
    }
    double sum = 0.0;
    for (const double v : values)
        sum += v;
    summary.mean = sum / n;
    double squares = 0.0;
    for (const double v : values)
        squares += (v - summary.mean) * (v - summary.mean);
    summary.standardDeviation = values.size() > 1 ? std::sqrt(squares / (n - 1.0)) : 0.0;
    std::sort(values.begin(), values.end());
    summary.p10 = percentile(values, 0.1);
    summary.p50 = percentile(values, 0.5);
    summary.p90 = percentile(values, 0.9);
    return summary;
}

struct ReplicateTotals {
    double responses = 0.0;
    double revenue = 0.0;
    double margin = 0.0;
    double spend = 0.0;
};

ReplicateTotals simulateReplicate(const std::vector<OfferOutlook>& options,
                                  const std::vector<std::int32_t>& chosen,
                                  const SimulationSettings& settings, std::uint64_t replicate) {
    const double shared = std::sqrt(settings.upliftCorrelation);
    const double own = std::sqrt(1.0 - settings.upliftCorrelation);
    const std::uint64_t key = replicateKey(settings.seed, replicate);
    SeededRandom modelError = streamFor(key, ~std::uint64_t{0});
    const double z = standardNormal(modelError);
    ReplicateTotals totals;
    for (const std::int32_t index : chosen) {
        const OfferOutlook& o = options[static_cast<std::size_t>(index)];
        SeededRandom random = streamFor(key, static_cast<std::uint64_t>(index));
        const double purchaseDraw = random.uniform();
        double uplift = o.upliftMean;
        if (o.upliftStandardError > 0.0) {
            const double error = own > 0.0 ? shared * z + own * standardNormal(random) : z;
            uplift += o.upliftStandardError * error;
        }
        const double withOffer = std::clamp(o.baselineResponse + uplift, 0.0, 1.0);
        // One uniform for both outcomes: the offer only changes a persuadable customer.
        const double change = (purchaseDraw < withOffer ? 1.0 : 0.0) -
                              (purchaseDraw < o.baselineResponse ? 1.0 : 0.0);
        totals.responses += change;
        totals.revenue += change * o.valuePerResponse;
        totals.margin += change * o.valuePerResponse * o.marginRate;
        totals.spend += o.cost;
    }
    return totals;
}

CampaignForecast simulate(const std::vector<OfferOutlook>& options,
                          const std::vector<std::int32_t>& chosen,
                          const SimulationSettings& settings, ProgressToken* progress,
                          double progressFrom, double progressSpan) {
    const auto replicates = static_cast<std::size_t>(settings.replicates);
    std::vector<ReplicateTotals> totals(replicates);
    CampaignForecast forecast;
    forecast.offersGiven = static_cast<std::int64_t>(chosen.size());
    forecast.replicates = settings.replicates;
    // Replicates are independent and keyed by their number, so any split over threads gives
    // the same answer; only the calling thread reports progress, so the listener is never
    // called from two threads at once.
    const std::size_t threads =
        std::clamp<std::size_t>(std::min<std::size_t>(std::thread::hardware_concurrency(),
                                                      replicates * (chosen.size() + 1) / 20000 + 1),
                                1, 16);
    std::atomic<bool> cancelled{false};
    constexpr std::size_t block = 16;
    const auto caller = std::this_thread::get_id();
    const auto blocks = static_cast<int>((replicates + block - 1) / block);
    parallelFor(blocks, static_cast<int>(threads), [&](int b) {
        const std::size_t first = static_cast<std::size_t>(b) * block;
        if (cancelled.load())
            return;
        if (progress) {
            if (progress->isCancelled()) {
                cancelled.store(true);
                return;
            }
            if (std::this_thread::get_id() == caller)
                progress->report(progressFrom + progressSpan * static_cast<double>(first) /
                                                    static_cast<double>(replicates));
        }
        for (std::size_t r = first; r < std::min(first + block, replicates); ++r)
            totals[r] = simulateReplicate(options, chosen, settings, r);
    });
    if (cancelled.load()) {
        forecast.cancelled = true;
        return forecast;
    }
    std::vector<double> responses(replicates), revenue(replicates), margin(replicates),
        spend(replicates), returnOnSpend(replicates);
    for (std::size_t r = 0; r < replicates; ++r) {
        responses[r] = totals[r].responses;
        revenue[r] = totals[r].revenue;
        margin[r] = totals[r].margin;
        spend[r] = totals[r].spend;
        returnOnSpend[r] = totals[r].spend > 0.0 ? totals[r].margin / totals[r].spend
                                                 : std::numeric_limits<double>::quiet_NaN();
    }
    forecast.marginByReplicate = margin;
    forecast.incrementalResponses = summarise(std::move(responses));
    forecast.incrementalRevenue = summarise(std::move(revenue));
    forecast.incrementalMargin = summarise(std::move(margin));
    forecast.spend = summarise(std::move(spend));
    forecast.returnOnSpend = summarise(std::move(returnOnSpend));
    return forecast;
}

}  // namespace

double expectedNetValue(const OfferOutlook& option) {
    return expectedIncrement(option) * option.valuePerResponse * option.marginRate - option.cost;
}

CampaignExpectation expectCampaign(const std::vector<OfferOutlook>& options,
                                   const std::vector<std::int32_t>& chosen) {
    validate(options);
    validateChosen(options, chosen);
    CampaignExpectation expectation;
    for (const std::int32_t index : chosen) {
        const OfferOutlook& o = options[static_cast<std::size_t>(index)];
        const double increment = expectedIncrement(o);
        const double value = o.valuePerResponse;
        const double marginValue = value * o.marginRate;
        expectation.incrementalResponses += increment;
        expectation.incrementalRevenue += increment * value;
        expectation.incrementalMargin += increment * marginValue;
        expectation.spend += o.cost;
        const double bernoulli = std::abs(increment) * (1.0 - std::abs(increment));
        expectation.responsesVariance += bernoulli;
        expectation.revenueVariance += bernoulli * value * value;
        expectation.marginVariance += bernoulli * marginValue * marginValue;
    }
    return expectation;
}

CampaignForecast simulateCampaign(const std::vector<OfferOutlook>& options,
                                  const std::vector<std::int32_t>& chosen,
                                  const SimulationSettings& settings, ProgressToken* progress) {
    validate(options);
    validateChosen(options, chosen);
    validate(settings);
    CampaignForecast forecast = simulate(options, chosen, settings, progress, 0.0, 1.0);
    if (progress && !forecast.cancelled)
        progress->report(1.0);
    return forecast;
}

QString strategyName(TargetingStrategy strategy) {
    switch (strategy) {
        case TargetingStrategy::Everyone:
            return QStringLiteral("everyone");
        case TargetingStrategy::Random:
            return QStringLiteral("random");
        case TargetingStrategy::TopPropensity:
            return QStringLiteral("top_propensity");
        case TargetingStrategy::TopUplift:
            return QStringLiteral("top_uplift");
    }
    return {};
}

std::vector<std::int32_t> chooseByStrategy(const std::vector<OfferOutlook>& options,
                                           TargetingStrategy strategy, double budget,
                                           std::uint64_t seed) {
    validate(options);
    if (std::isnan(budget) || budget < 0.0)
        throw Error(QStringLiteral("the budget must be zero or more (%1)").arg(budget));
    if (strategy == TargetingStrategy::TopUplift)
        throw Error(QStringLiteral("top uplift targets by the allocation; pass it instead"));
    // Each customer's first option, customers in index order.
    std::vector<std::int32_t> first;
    {
        std::int32_t customers = 0;
        for (const OfferOutlook& o : options)
            customers = std::max(customers, o.customer + 1);
        std::vector<std::int32_t> byCustomer(static_cast<std::size_t>(customers), -1);
        for (std::size_t i = 0; i < options.size(); ++i) {
            auto& slot = byCustomer[static_cast<std::size_t>(options[i].customer)];
            if (slot < 0)
                slot = static_cast<std::int32_t>(i);
        }
        for (const std::int32_t index : byCustomer) {
            if (index >= 0)
                first.push_back(index);
        }
    }
    if (strategy == TargetingStrategy::Random) {
        SeededRandom random(seed);
        for (std::size_t i = first.size(); i > 1; --i)
            std::swap(first[i - 1], first[static_cast<std::size_t>(random.below(i))]);
    } else if (strategy == TargetingStrategy::TopPropensity) {
        std::stable_sort(first.begin(), first.end(), [&](std::int32_t a, std::int32_t b) {
            return options[static_cast<std::size_t>(a)].baselineResponse >
                   options[static_cast<std::size_t>(b)].baselineResponse;
        });
    }
    std::vector<std::int32_t> chosen;
    double remaining = budget;
    for (const std::int32_t index : first) {
        const double cost = options[static_cast<std::size_t>(index)].cost;
        if (cost <= remaining) {
            remaining -= cost;
            chosen.push_back(index);
        }
    }
    return chosen;
}

std::vector<StrategyForecast> compareStrategies(const std::vector<OfferOutlook>& options,
                                                const std::vector<std::int32_t>& allocation,
                                                double budget, const SimulationSettings& settings,
                                                ProgressToken* progress) {
    validate(options);
    validateChosen(options, allocation);
    validate(settings);
    const TargetingStrategy strategies[] = {TargetingStrategy::Everyone, TargetingStrategy::Random,
                                            TargetingStrategy::TopPropensity,
                                            TargetingStrategy::TopUplift};
    std::vector<StrategyForecast> forecasts;
    for (int i = 0; i < 4; ++i) {
        StrategyForecast result;
        result.strategy = strategies[i];
        result.chosen = result.strategy == TargetingStrategy::TopUplift
                            ? allocation
                            : chooseByStrategy(options, result.strategy, budget, settings.seed);
        result.expected = expectCampaign(options, result.chosen);
        result.forecast = simulate(options, result.chosen, settings, progress, i / 4.0, 0.25);
        const bool cancelled = result.forecast.cancelled;
        forecasts.push_back(std::move(result));
        if (cancelled)
            return forecasts;
    }
    if (progress)
        progress->report(1.0);
    return forecasts;
}

std::vector<double> budgetGrid(const std::vector<OfferOutlook>& options, int points) {
    validate(options);
    if (points < 2)
        throw Error(QStringLiteral("a budget grid needs at least 2 points (%1)").arg(points));
    // The most any budget can buy: per customer, the dearest offer worth sending.
    std::vector<double> dearest;
    for (const OfferOutlook& o : options) {
        if (expectedNetValue(o) <= 0.0)
            continue;
        const auto customer = static_cast<std::size_t>(o.customer);
        if (dearest.size() <= customer)
            dearest.resize(customer + 1, 0.0);
        dearest[customer] = std::max(dearest[customer], o.cost);
    }
    double top = 0.0;
    for (const double cost : dearest)
        top += cost;
    std::vector<double> grid(static_cast<std::size_t>(points));
    for (int i = 0; i < points; ++i)
        grid[static_cast<std::size_t>(i)] = top * i / (points - 1);
    return grid;
}

std::vector<BudgetPoint> budgetCurve(const std::vector<OfferOutlook>& options,
                                     const std::vector<double>& budgets, ProgressToken* progress) {
    validate(options);
    AllocationProblem problem;
    for (const OfferOutlook& o : options) {
        problem.customerCount = std::max(problem.customerCount, o.customer + 1);
        problem.offerCount = std::max(problem.offerCount, o.offer + 1);
        problem.options.push_back(OfferOption{o.customer, o.offer, expectedNetValue(o), o.cost});
    }
    std::vector<BudgetPoint> curve;
    curve.reserve(budgets.size());
    for (std::size_t i = 0; i < budgets.size(); ++i) {
        if (progress) {
            if (progress->isCancelled())
                return curve;
            progress->report(static_cast<double>(i) / static_cast<double>(budgets.size()));
        }
        problem.budget = budgets[i];
        const AllocationResult result = allocateOffers(problem);
        BudgetPoint point;
        point.budget = budgets[i];
        // The LP spends the whole budget when it splits an offer, else exactly what it took.
        point.spend = result.fractionalCustomer >= 0 ? budgets[i] : result.totalCost;
        point.netValue = result.upperBound;
        point.incrementalMargin = point.netValue + point.spend;
        point.wholeOffersSpend = result.totalCost;
        point.wholeOffersNetValue = result.totalEffect;
        curve.push_back(point);
    }
    if (progress)
        progress->report(1.0);
    return curve;
}

}  // namespace mb::targeting
