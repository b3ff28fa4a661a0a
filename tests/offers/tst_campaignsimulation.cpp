// Campaign Monte Carlo against closed forms: the mean of a normal censored to [0, 1] (checked
// itself by numerical integration), the Bernoulli variance when the model is certain, the
// fractional-knapsack optimum of Dantzig (1957) for the budget curve, exhaustive enumeration for
// its bound; plus strategy ordering on planted customers and determinism.
#include "common/Error.h"
#include "common/Progress.h"
#include "targeting/CampaignSimulation.h"
#include "targeting/OfferAllocation.h"
#include "targeting/SeededRandom.h"

#include <QTest>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

using namespace mb::targeting;

namespace {

std::vector<OfferOutlook> randomOptions(std::uint64_t seed, int customers, int offersEach,
                                        double maxStandardError) {
    SeededRandom random(seed);
    std::vector<OfferOutlook> options;
    for (int customer = 0; customer < customers; ++customer) {
        for (int offer = 0; offer < offersEach; ++offer) {
            OfferOutlook o;
            o.customer = customer;
            o.offer = offer;
            o.baselineResponse = 0.02 + 0.9 * random.uniform();
            o.upliftMean = -0.05 + 0.35 * random.uniform();
            o.upliftStandardError = maxStandardError * random.uniform();
            o.valuePerResponse = 5.0 + 95.0 * random.uniform();
            o.marginRate = 0.1 + 0.4 * random.uniform();
            o.cost = 0.5 + 4.5 * random.uniform();
            options.push_back(o);
        }
    }
    return options;
}

std::vector<std::int32_t> allOf(const std::vector<OfferOutlook>& options) {
    std::vector<std::int32_t> chosen(options.size());
    for (std::size_t i = 0; i < options.size(); ++i)
        chosen[i] = static_cast<std::int32_t>(i);
    return chosen;
}

// E[clamp(b + U, 0, 1)] - b for U ~ Normal(u, se^2) by Simpson's rule over +-10 sd.
double integratedIncrement(const OfferOutlook& o) {
    const double mean = o.baselineResponse + o.upliftMean, sd = o.upliftStandardError;
    if (sd == 0.0)
        return std::clamp(mean, 0.0, 1.0) - o.baselineResponse;
    const int steps = 20000;
    const double from = mean - 10.0 * sd, width = 20.0 * sd / steps;
    double sum = 0.0;
    for (int i = 0; i <= steps; ++i) {
        const double x = from + i * width;
        const double density = std::exp(-0.5 * std::pow((x - mean) / sd, 2)) /
                               (sd * std::sqrt(2.0 * std::numbers::pi));
        const double weight = (i == 0 || i == steps) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0);
        sum += weight * std::clamp(x, 0.0, 1.0) * density;
    }
    return sum * width / 3.0 - o.baselineResponse;
}

// Dantzig's fractional knapsack: best net value per cost first, the last item in part.
double fractionalKnapsack(const std::vector<OfferOutlook>& options, double budget) {
    std::vector<std::pair<double, double>> items;  // (net value, cost)
    for (const OfferOutlook& o : options) {
        const double value = expectedNetValue(o);
        if (value > 0.0)
            items.emplace_back(value, o.cost);
    }
    std::sort(items.begin(), items.end(),
              [](const auto& a, const auto& b) { return a.first * b.second > b.first * a.second; });
    double total = 0.0;
    for (const auto& [value, cost] : items) {
        if (cost <= budget) {
            budget -= cost;
            total += value;
        } else {
            total += value * budget / cost;
            break;
        }
    }
    return total;
}

// The best whole-offer campaign, at most one offer per customer, by trying every choice.
double bestWholeCampaign(const std::vector<OfferOutlook>& options, int customers, int offersEach,
                         double budget) {
    double best = 0.0;
    std::vector<int> pick(static_cast<std::size_t>(customers), 0);  // 0 = none, k = offer k - 1
    while (true) {
        double cost = 0.0, value = 0.0;
        for (int c = 0; c < customers; ++c) {
            if (pick[static_cast<std::size_t>(c)] == 0)
                continue;
            const OfferOutlook& o = options[static_cast<std::size_t>(
                c * offersEach + pick[static_cast<std::size_t>(c)] - 1)];
            cost += o.cost;
            value += expectedNetValue(o);
        }
        if (cost <= budget)
            best = std::max(best, value);
        int c = 0;
        while (c < customers && ++pick[static_cast<std::size_t>(c)] > offersEach)
            pick[static_cast<std::size_t>(c++)] = 0;
        if (c == customers)
            return best;
    }
}

// Customers of four kinds, each in equal numbers: persuadable (low baseline, big uplift), sure
// thing (buys anyway), lost cause (never buys) and sleeping dog (put off by the offer).
std::vector<OfferOutlook> plantedCustomers(int customers, std::uint64_t seed) {
    SeededRandom random(seed);
    std::vector<OfferOutlook> options;
    for (int c = 0; c < customers; ++c) {
        OfferOutlook o;
        o.customer = c;
        const auto kind = random.below(4);
        o.baselineResponse = kind == 0 ? 0.05 : kind == 1 ? 0.8 : kind == 2 ? 0.02 : 0.5;
        o.upliftMean = kind == 0 ? 0.25 : kind == 3 ? -0.1 : 0.0;
        o.upliftStandardError = 0.03;
        o.valuePerResponse = 40.0;
        o.marginRate = 0.3;
        o.cost = 1.0;
        options.push_back(o);
    }
    return options;
}

}  // namespace

class CampaignSimulationTest : public QObject {
    Q_OBJECT

private slots:
    void censoredMeanMatchesIntegration_data();
    void censoredMeanMatchesIntegration();
    void simulatedMeansMatchClosedForm_data();
    void simulatedMeansMatchClosedForm();
    void certainModelGivesBernoulliVariance_data();
    void certainModelGivesBernoulliVariance();
    void percentilesAreThoseOfReplicates();
    void sameSeedSameForecast();
    void sameCustomerBehavesAlikeAcrossCampaigns();
    void upliftTargetingBeatsSimpleStrategies_data();
    void upliftTargetingBeatsSimpleStrategies();
    void budgetCurveIsConcaveAndRising_data();
    void budgetCurveIsConcaveAndRising();
    void budgetCurveBoundsEveryWholeCampaign();
    void badInputThrows_data();
    void badInputThrows();
    void cancelStops();
};

void CampaignSimulationTest::censoredMeanMatchesIntegration_data() {
    QTest::addColumn<double>("baseline");
    QTest::addColumn<double>("uplift");
    QTest::addColumn<double>("se");
    QTest::newRow("inside") << 0.3 << 0.1 << 0.02;
    QTest::newRow("near one") << 0.9 << 0.08 << 0.1;
    QTest::newRow("near zero") << 0.02 << -0.01 << 0.05;
    QTest::newRow("wide") << 0.5 << 0.0 << 0.6;
    QTest::newRow("certain, cut at one") << 0.95 << 0.2 << 0.0;
}

void CampaignSimulationTest::censoredMeanMatchesIntegration() {
    QFETCH(double, baseline);
    QFETCH(double, uplift);
    QFETCH(double, se);
    OfferOutlook o;
    o.baselineResponse = baseline;
    o.upliftMean = uplift;
    o.upliftStandardError = se;
    o.valuePerResponse = 10.0;
    o.marginRate = 0.5;
    const CampaignExpectation e = expectCampaign({o}, {0});
    QVERIFY2(std::abs(e.incrementalResponses - integratedIncrement(o)) < 1e-7,
             qPrintable(QString::number(e.incrementalResponses - integratedIncrement(o))));
    QCOMPARE(e.incrementalRevenue, e.incrementalResponses * 10.0);
    QCOMPARE(e.incrementalMargin, e.incrementalResponses * 5.0);
}

void CampaignSimulationTest::simulatedMeansMatchClosedForm_data() {
    QTest::addColumn<std::uint64_t>("seed");
    QTest::addColumn<int>("customers");
    QTest::addColumn<double>("maxSe");
    QTest::addColumn<double>("correlation");
    QTest::newRow("certain model") << std::uint64_t{1} << 300 << 0.0 << 1.0;
    QTest::newRow("shared error") << std::uint64_t{2} << 300 << 0.15 << 1.0;
    QTest::newRow("independent errors") << std::uint64_t{3} << 300 << 0.15 << 0.0;
    QTest::newRow("half shared, wide") << std::uint64_t{4} << 200 << 0.4 << 0.5;
    QTest::newRow("one customer") << std::uint64_t{5} << 1 << 0.1 << 1.0;
}

void CampaignSimulationTest::simulatedMeansMatchClosedForm() {
    QFETCH(std::uint64_t, seed);
    QFETCH(int, customers);
    QFETCH(double, maxSe);
    QFETCH(double, correlation);
    const auto options = randomOptions(seed, customers, 2, maxSe);
    std::vector<std::int32_t> chosen;
    for (std::size_t i = 0; i < options.size(); i += 2)
        chosen.push_back(static_cast<std::int32_t>(i + (i / 2) % 2));
    SimulationSettings settings;
    settings.replicates = 3000;
    settings.seed = seed * 7;
    settings.upliftCorrelation = correlation;
    const CampaignExpectation expected = expectCampaign(options, chosen);
    const CampaignForecast forecast = simulateCampaign(options, chosen, settings);
    QCOMPARE(forecast.replicates, 3000);
    QCOMPARE(forecast.offersGiven, static_cast<std::int64_t>(chosen.size()));
    const double n = std::sqrt(3000.0);
    const std::pair<const OutcomeSummary*, double> checks[] = {
        {&forecast.incrementalResponses, expected.incrementalResponses},
        {&forecast.incrementalRevenue, expected.incrementalRevenue},
        {&forecast.incrementalMargin, expected.incrementalMargin}};
    for (const auto& [summary, mean] : checks) {
        const double se = summary->standardDeviation / n;
        QVERIFY2(std::abs(summary->mean - mean) <= 4.0 * se + 1e-12,
                 qPrintable(QStringLiteral("simulated %1, closed form %2, se %3")
                                .arg(summary->mean)
                                .arg(mean)
                                .arg(se)));
        QVERIFY(summary->standardDeviation > 0.0);
    }
    QVERIFY(std::abs(forecast.spend.mean - expected.spend) < 1e-9 * expected.spend);
    QCOMPARE(forecast.spend.p10, forecast.spend.p90);  // costs are certain
    QVERIFY(std::abs(forecast.returnOnSpend.mean -
                     forecast.incrementalMargin.mean / forecast.spend.mean) <
            1e-9 * std::abs(forecast.returnOnSpend.mean) + 1e-12);
}

void CampaignSimulationTest::certainModelGivesBernoulliVariance_data() {
    QTest::addColumn<std::uint64_t>("seed");
    QTest::addColumn<int>("customers");
    QTest::newRow("200 customers") << std::uint64_t{21} << 200;
    QTest::newRow("20 customers") << std::uint64_t{22} << 20;
    QTest::newRow("1 customer") << std::uint64_t{23} << 1;
}

void CampaignSimulationTest::certainModelGivesBernoulliVariance() {
    QFETCH(std::uint64_t, seed);
    QFETCH(int, customers);
    auto options = randomOptions(seed, customers, 1, 0.0);
    options.front().upliftMean = 1.5;  // cut at a purchase chance of 1
    SimulationSettings settings;
    settings.replicates = 6000;
    settings.seed = seed;
    const auto chosen = allOf(options);
    const CampaignExpectation expected = expectCampaign(options, chosen);
    const CampaignForecast forecast = simulateCampaign(options, chosen, settings);
    // The sample variance's standard error is about sigma^2 sqrt(2 / (R - 1)) for a sum of many
    // Bernoullis; one customer's three-point outcome has a larger one, so use the fourth moment.
    const std::pair<double, double> checks[] = {
        {std::pow(forecast.incrementalResponses.standardDeviation, 2), expected.responsesVariance},
        {std::pow(forecast.incrementalRevenue.standardDeviation, 2), expected.revenueVariance},
        {std::pow(forecast.incrementalMargin.standardDeviation, 2), expected.marginVariance}};
    for (const auto& [simulated, closed] : checks) {
        const double tolerance = 4.0 * closed * std::sqrt((customers == 1 ? 10.0 : 2.0) / 5999.0);
        QVERIFY2(
            std::abs(simulated - closed) <= tolerance,
            qPrintable(QStringLiteral("simulated %1, closed form %2").arg(simulated).arg(closed)));
    }
    QVERIFY(std::abs(forecast.incrementalResponses.mean - expected.incrementalResponses) <=
            4.0 * std::sqrt(expected.responsesVariance / 6000.0));
}

void CampaignSimulationTest::percentilesAreThoseOfReplicates() {
    const auto options = randomOptions(31, 50, 1, 0.1);
    SimulationSettings settings;
    settings.replicates = 501;
    const CampaignForecast forecast = simulateCampaign(options, allOf(options), settings);
    std::vector<double> sorted = forecast.marginByReplicate;
    QCOMPARE(sorted.size(), std::size_t{501});
    std::sort(sorted.begin(), sorted.end());
    // 501 replicates put P10, P50 and P90 exactly on the 51st, 251st and 451st values.
    QCOMPARE(forecast.incrementalMargin.p10, sorted[50]);
    QCOMPARE(forecast.incrementalMargin.p50, sorted[250]);
    QCOMPARE(forecast.incrementalMargin.p90, sorted[450]);
    QVERIFY(sorted.front() < sorted.back());
}

void CampaignSimulationTest::sameSeedSameForecast() {
    const auto options = randomOptions(41, 100, 2, 0.1);
    const auto chosen = allOf(options);
    SimulationSettings settings;
    settings.replicates = 200;
    settings.seed = 99;
    settings.upliftCorrelation = 0.3;
    const CampaignForecast a = simulateCampaign(options, chosen, settings);
    const CampaignForecast b = simulateCampaign(options, chosen, settings);
    QCOMPARE(a.marginByReplicate, b.marginByReplicate);
    QCOMPARE(a.incrementalResponses.p90, b.incrementalResponses.p90);
    settings.seed = 100;
    const CampaignForecast c = simulateCampaign(options, chosen, settings);
    QVERIFY(a.marginByReplicate != c.marginByReplicate);
}

void CampaignSimulationTest::sameCustomerBehavesAlikeAcrossCampaigns() {
    // With a certain model each offer's outcome depends only on (seed, replicate, offer), so a
    // campaign's margin is the sum of its parts replicate by replicate.
    const auto options = randomOptions(51, 30, 1, 0.0);
    std::vector<std::int32_t> first, second;
    for (std::int32_t i = 0; i < 30; ++i)
        (i % 3 == 0 ? first : second).push_back(i);
    SimulationSettings settings;
    settings.replicates = 300;
    const auto whole = simulateCampaign(options, allOf(options), settings).marginByReplicate;
    const auto a = simulateCampaign(options, first, settings).marginByReplicate;
    const auto b = simulateCampaign(options, second, settings).marginByReplicate;
    for (std::size_t r = 0; r < whole.size(); ++r)
        QVERIFY(std::abs(whole[r] - (a[r] + b[r])) < 1e-9);
}

void CampaignSimulationTest::upliftTargetingBeatsSimpleStrategies_data() {
    QTest::addColumn<std::uint64_t>("seed");
    QTest::addColumn<double>("budgetShare");
    QTest::newRow("a fifth") << std::uint64_t{61} << 0.2;
    QTest::newRow("a half") << std::uint64_t{62} << 0.5;
    QTest::newRow("everyone affordable") << std::uint64_t{63} << 1.0;
}

void CampaignSimulationTest::upliftTargetingBeatsSimpleStrategies() {
    QFETCH(std::uint64_t, seed);
    QFETCH(double, budgetShare);
    const int customers = 2000;
    const auto options = plantedCustomers(customers, seed);
    const double budget = customers * budgetShare;
    AllocationProblem problem;
    problem.customerCount = customers;
    problem.offerCount = 1;
    problem.budget = budget;
    for (const OfferOutlook& o : options)
        problem.options.push_back(OfferOption{o.customer, o.offer, expectedNetValue(o), o.cost});
    const AllocationResult allocation = allocateOffers(problem);
    SimulationSettings settings;
    settings.replicates = 300;
    settings.seed = seed;
    const auto strategies = compareStrategies(options, allocation.chosen, budget, settings);
    QCOMPARE(strategies.size(), std::size_t{4});
    const StrategyForecast* by[4] = {};
    for (const StrategyForecast& s : strategies) {
        by[static_cast<int>(s.strategy)] = &s;
        QVERIFY(s.expected.spend <= budget + 1e-9);
        QVERIFY(!s.forecast.cancelled);
    }
    const auto margin = [&](TargetingStrategy s) {
        return by[static_cast<int>(s)]->forecast.incrementalMargin.mean;
    };
    const auto net = [&](TargetingStrategy s) {
        return margin(s) - by[static_cast<int>(s)]->expected.spend;
    };
    QVERIFY2(net(TargetingStrategy::TopUplift) >= net(TargetingStrategy::Random),
             qPrintable(QStringLiteral("%1 < %2")
                            .arg(net(TargetingStrategy::TopUplift))
                            .arg(net(TargetingStrategy::Random))));
    QVERIFY(net(TargetingStrategy::TopUplift) >= net(TargetingStrategy::TopPropensity));
    QVERIFY(net(TargetingStrategy::TopUplift) >= net(TargetingStrategy::Everyone));
    // Sure things and sleeping dogs make the likeliest buyers a poor target.
    if (budgetShare < 1.0)
        QVERIFY(margin(TargetingStrategy::TopPropensity) < margin(TargetingStrategy::Random));
    QCOMPARE(strategyName(TargetingStrategy::TopUplift), QStringLiteral("top_uplift"));
}

void CampaignSimulationTest::budgetCurveIsConcaveAndRising_data() {
    QTest::addColumn<std::uint64_t>("seed");
    QTest::addColumn<int>("customers");
    QTest::addColumn<int>("offersEach");
    QTest::newRow("one offer each") << std::uint64_t{71} << 400 << 1;
    QTest::newRow("one offer, few customers") << std::uint64_t{72} << 7 << 1;
    QTest::newRow("three offers each") << std::uint64_t{73} << 300 << 3;
}

void CampaignSimulationTest::budgetCurveIsConcaveAndRising() {
    QFETCH(std::uint64_t, seed);
    QFETCH(int, customers);
    QFETCH(int, offersEach);
    const auto options = randomOptions(seed, customers, offersEach, 0.05);
    const auto grid = budgetGrid(options, 41);
    QCOMPARE(grid.size(), std::size_t{41});
    QCOMPARE(grid.front(), 0.0);
    const auto curve = budgetCurve(options, grid);
    QCOMPARE(curve.size(), grid.size());
    for (std::size_t i = 0; i < curve.size(); ++i) {
        const BudgetPoint& p = curve[i];
        QCOMPARE(p.budget, grid[i]);
        QVERIFY(p.spend <= p.budget + 1e-9);
        QVERIFY(p.wholeOffersSpend <= p.budget + 1e-9);
        QVERIFY(p.wholeOffersNetValue <= p.netValue + 1e-9);
        QVERIFY(std::abs(p.incrementalMargin - (p.netValue + p.spend)) < 1e-9);
        if (offersEach == 1)
            QVERIFY(std::abs(p.netValue - fractionalKnapsack(options, p.budget)) <
                    1e-9 * (1.0 + p.netValue));
        if (i == 0)
            continue;
        QVERIFY(p.netValue >= curve[i - 1].netValue - 1e-9);
        if (i + 1 < curve.size()) {  // equal steps: concave means the rises shrink
            const double before = p.netValue - curve[i - 1].netValue;
            const double after = curve[i + 1].netValue - p.netValue;
            QVERIFY2(after <= before + 1e-9 * (1.0 + std::abs(before)),
                     qPrintable(QStringLiteral("at %1: %2 then %3").arg(i).arg(before).arg(after)));
        }
    }
    // At the top of the grid everything worth sending is sent.
    double everything = 0.0;
    for (int c = 0; c < customers; ++c) {
        double best = 0.0;
        for (int k = 0; k < offersEach; ++k)
            best = std::max(
                best, expectedNetValue(options[static_cast<std::size_t>(c * offersEach + k)]));
        everything += best;
    }
    QVERIFY(std::abs(curve.back().netValue - everything) < 1e-9 * (1.0 + everything));
}

void CampaignSimulationTest::budgetCurveBoundsEveryWholeCampaign() {
    for (std::uint64_t seed = 81; seed < 86; ++seed) {
        const auto options = randomOptions(seed, 5, 2, 0.0);
        const auto grid = budgetGrid(options, 9);
        const auto curve = budgetCurve(options, grid);
        for (const BudgetPoint& p : curve) {
            const double best = bestWholeCampaign(options, 5, 2, p.budget);
            QVERIFY(p.netValue >= best - 1e-9);
            QVERIFY(p.wholeOffersNetValue <= best + 1e-9);
        }
    }
}

void CampaignSimulationTest::badInputThrows_data() {
    QTest::addColumn<int>("field");
    QTest::addColumn<double>("value");
    QTest::newRow("baseline above 1") << 0 << 1.5;
    QTest::newRow("baseline NaN") << 0 << std::nan("");
    QTest::newRow("uplift infinite") << 1 << std::numeric_limits<double>::infinity();
    QTest::newRow("negative standard error") << 2 << -0.1;
    QTest::newRow("negative cost") << 3 << -1.0;
    QTest::newRow("value NaN") << 4 << std::nan("");
    QTest::newRow("chosen out of range") << 5 << 3.0;
    QTest::newRow("no replicates") << 6 << 0.0;
    QTest::newRow("correlation above 1") << 7 << 1.5;
    QTest::newRow("negative budget") << 8 << -5.0;
}

void CampaignSimulationTest::badInputThrows() {
    QFETCH(int, field);
    QFETCH(double, value);
    auto options = randomOptions(91, 3, 1, 0.1);
    std::vector<std::int32_t> chosen = allOf(options);
    SimulationSettings settings;
    settings.replicates = 10;
    double budget = 10.0;
    switch (field) {
        case 0:
            options[1].baselineResponse = value;
            break;
        case 1:
            options[1].upliftMean = value;
            break;
        case 2:
            options[1].upliftStandardError = value;
            break;
        case 3:
            options[1].cost = value;
            break;
        case 4:
            options[1].valuePerResponse = value;
            break;
        case 5:
            chosen.push_back(static_cast<std::int32_t>(value));
            break;
        case 6:
            settings.replicates = static_cast<int>(value);
            break;
        case 7:
            settings.upliftCorrelation = value;
            break;
        case 8:
            budget = value;
            break;
    }
    if (field == 8) {
        QVERIFY_THROWS_EXCEPTION(mb::Error,
                                 chooseByStrategy(options, TargetingStrategy::Random, budget, 1));
        return;
    }
    QVERIFY_THROWS_EXCEPTION(mb::Error, simulateCampaign(options, chosen, settings));
    QVERIFY_THROWS_EXCEPTION(mb::Error, compareStrategies(options, chosen, budget, settings));
    if (field <= 4)
        QVERIFY_THROWS_EXCEPTION(mb::Error, budgetCurve(options, {1.0}));
}

void CampaignSimulationTest::cancelStops() {
    const auto options = randomOptions(95, 100, 1, 0.1);
    mb::ProgressToken token;
    token.cancel();
    SimulationSettings settings;
    settings.replicates = 1000;
    QVERIFY(simulateCampaign(options, allOf(options), settings, &token).cancelled);
    const auto strategies = compareStrategies(options, allOf(options), 50.0, settings, &token);
    QCOMPARE(strategies.size(), std::size_t{1});
    QVERIFY(strategies.front().forecast.cancelled);
    double last = -1.0;
    int reports = 0;
    mb::ProgressToken watching([&](double fraction) {
        QVERIFY(fraction >= last);
        last = fraction;
        ++reports;
    });
    QVERIFY(!simulateCampaign(options, allOf(options), settings, &watching).cancelled);
    QCOMPARE(last, 1.0);
    QVERIFY(reports > 2);
}

QTEST_GUILESS_MAIN(CampaignSimulationTest)
#include "tst_campaignsimulation.moc"
