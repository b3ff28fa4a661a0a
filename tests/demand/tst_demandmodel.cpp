// The demand model against known truths: synthetic series drawn from planted coefficients, the
// DerSimonian-Laird closed form for two estimates, and the loader on a hand-made project.
#include "SyntheticSales.h"
#include "common/Error.h"
#include "common/Progress.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "demand/DemandEstimator.h"
#include "demand/DemandForecast.h"
#include "demand/ElasticityShrinkage.h"
#include "demand/FixedEffectsRegression.h"
#include "demand/SalesHistoryLoader.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace mb::demand;

namespace {

DemandOptions plainOptions() {
    DemandOptions options;
    options.holdoutWeeks = 0;
    options.seasonality = false;
    options.lifecycle = false;
    options.threads = 1;
    return options;
}

DemandFit fitOne(const mb::demand::SalesSeries& series, const DemandOptions& options) {
    SalesHistory history;
    history.series.push_back(series);
    return fitDemand(history, options);
}

}  // namespace

class DemandModelTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void plantedCoefficients_data() {
        QTest::addColumn<double>("elasticity");
        QTest::addColumn<double>("feature");
        QTest::addColumn<double>("display");
        QTest::addColumn<double>("tpr");
        QTest::addColumn<int>("weeks");
        QTest::addColumn<double>("noise");
        QTest::addColumn<bool>("extraTerms");
        QTest::newRow("elastic, 3 years") << -2.5 << 0.3 << 0.2 << 0.1 << 156 << 0.2 << false;
        QTest::newRow("inelastic, 2 years") << -0.8 << 0.5 << 0.1 << 0.0 << 104 << 0.3 << false;
        QTest::newRow("one year, noisy") << -1.5 << 0.2 << 0.3 << 0.15 << 52 << 0.4 << false;
        QTest::newRow("with season and lifecycle terms")
            << -2.0 << 0.25 << 0.15 << 0.05 << 156 << 0.2 << true;
    }

    // Each estimate lies within 3 SE of the truth, and the SE matches the spread over seeds.
    void plantedCoefficients() {
        QFETCH(double, elasticity);
        QFETCH(double, feature);
        QFETCH(double, display);
        QFETCH(double, tpr);
        QFETCH(int, weeks);
        QFETCH(double, noise);
        QFETCH(bool, extraTerms);
        mbtest::PlantedDemand truth;
        truth.elasticity = elasticity;
        truth.feature = feature;
        truth.display = display;
        truth.tpr = tpr;
        truth.noiseSd = noise;
        DemandOptions options = plainOptions();
        options.seasonality = extraTerms;
        options.lifecycle = extraTerms;

        const int seeds = 200;
        double sum = 0.0, sumSquares = 0.0, sumSe = 0.0;
        for (int seed = 1; seed <= seeds; ++seed) {
            const DemandFit fit =
                fitOne(mbtest::drawSeries(truth, weeks, seed, "P1", "S1", "c"), options);
            QCOMPARE(fit.models.size(), std::size_t(1));
            const DemandModel& model = fit.models.front();
            QVERIFY2(model.fitted, qPrintable(model.problem));
            QVERIFY2(std::isfinite(model.elasticity.value),
                     qPrintable(QStringLiteral("seed %1: %2").arg(seed).arg(model.problem)));
            if (seed == 1) {
                const std::pair<const Coefficient*, double> checks[] = {
                    {&model.elasticity, elasticity},
                    {&model.featureLift, feature},
                    {&model.displayLift, display},
                    {&model.tprLift, tpr}};
                for (const auto& [estimate, planted] : checks) {
                    QVERIFY2(std::abs(estimate->value - planted) <= 3.0 * estimate->standardError,
                             qPrintable(QStringLiteral("estimate %1, planted %2, se %3")
                                            .arg(estimate->value)
                                            .arg(planted)
                                            .arg(estimate->standardError)));
                }
            }
            sum += model.elasticity.value;
            sumSquares += model.elasticity.value * model.elasticity.value;
            sumSe += model.elasticity.standardError;
        }
        const double mean = sum / seeds;
        const double spread = std::sqrt((sumSquares - seeds * mean * mean) / (seeds - 1));
        const double meanSe = sumSe / seeds;
        qInfo("elasticity %.3f: mean estimate %.4f, spread over seeds %.4f, mean SE %.4f",
              elasticity, mean, spread, meanSe);
        QVERIFY(std::abs(mean - elasticity) <= 4.0 * spread / std::sqrt(double(seeds)));
        QVERIFY2(meanSe / spread > 0.8 && meanSe / spread < 1.25,
                 qPrintable(QStringLiteral("SE %1 vs spread %2").arg(meanSe).arg(spread)));
    }

    // One binary column and one intercept: the Poisson MLE is log(mean y | x=1 / mean y | x=0)
    // with variance phi (1 / sum y1 + 1 / sum y0), phi = Pearson chi^2 / (n - 2).
    void poissonClosedForm_data() {
        QTest::addColumn<int>("seed");
        QTest::addColumn<double>("lift");
        QTest::newRow("small counts") << 1 << 0.4;
        QTest::newRow("no lift") << 2 << 0.0;
        QTest::newRow("large lift") << 3 << 1.2;
    }
    void poissonClosedForm() {
        QFETCH(int, seed);
        QFETCH(double, lift);
        std::mt19937_64 random(static_cast<std::uint64_t>(seed));
        const int n = 300;
        Eigen::MatrixXd x(n, 1);
        Eigen::VectorXd units(n);
        double sum[2] = {0, 0}, count[2] = {0, 0};
        for (int i = 0; i < n; ++i) {
            const int flag = i % 3 == 0 ? 1 : 0;
            std::poisson_distribution<int> draw(1.5 * std::exp(lift * flag));
            x(i, 0) = flag;
            units(i) = draw(random);
            sum[flag] += units(i);
            count[flag] += 1;
        }
        const FixedEffectsFit fit =
            fitPoissonFixedEffects(x, units, Eigen::VectorXd::Zero(n), std::vector<int>(n, 0), 1);
        QVERIFY(fit.estimable);
        const double mean0 = sum[0] / count[0], mean1 = sum[1] / count[1];
        QVERIFY(std::abs(fit.coefficients(0) - std::log(mean1 / mean0)) < 1e-8);
        QVERIFY(std::abs(fit.intercepts(0) - std::log(mean0)) < 1e-8);
        double chi2 = 0.0;
        for (int i = 0; i < n; ++i) {
            const double mu = x(i, 0) > 0 ? mean1 : mean0;
            chi2 += (units(i) - mu) * (units(i) - mu) / mu;
        }
        const double se = std::sqrt(chi2 / (n - 2) * (1.0 / sum[1] + 1.0 / sum[0]));
        QVERIFY(std::abs(fit.standardErrors(0) - se) < 1e-8);
    }

    // Columns that repeat earlier ones are dropped (a copied flag, one constant within each group,
    // a sum of earlier columns), one that is nearly but not exactly collinear is kept, and the
    // slopes of the kept columns are those of least squares with a dummy per group, solved here
    // by a pivoted QR of the full design (an independent method).
    void repeatedColumnsAreDropped() {
        std::mt19937_64 random(7);
        std::normal_distribution<double> noise(0.0, 1.0);
        const int n = 120, groups = 3, p = 7;
        Eigen::MatrixXd x(n, p);
        Eigen::VectorXd y(n);
        std::vector<int> group(n);
        for (int i = 0; i < n; ++i) {
            group[i] = i * groups / n;
            x(i, 0) = noise(random);
            x(i, 1) = i % 4 == 0 ? 1.0 : 0.0;
            x(i, 2) = x(i, 1);
            x(i, 3) = 2.0 + group[i];
            x(i, 4) = x(i, 0) + 2.0 * x(i, 1);
            x(i, 5) = noise(random);
            x(i, 6) = x(i, 0) + 1e-3 * noise(random);
            y(i) = group[i] + 1.5 * x(i, 0) - 0.7 * x(i, 1) + 0.3 * x(i, 5) + 2.0 * x(i, 6) +
                   0.1 * noise(random);
        }
        const FixedEffectsFit fit = fitFixedEffects(x, y, group, groups);
        QVERIFY(fit.estimable);
        for (const int dropped : {2, 3, 4})
            QVERIFY2(std::isnan(fit.coefficients(dropped)), qPrintable(QString::number(dropped)));
        const std::vector<int> kept{0, 1, 5, 6};
        Eigen::MatrixXd full = Eigen::MatrixXd::Zero(n, groups + 4);
        for (int i = 0; i < n; ++i) {
            full(i, group[i]) = 1.0;
            for (int k = 0; k < 4; ++k)
                full(i, groups + k) = x(i, kept[k]);
        }
        const Eigen::VectorXd exact = full.colPivHouseholderQr().solve(y);
        for (int k = 0; k < 4; ++k)
            QVERIFY2(std::abs(fit.coefficients(kept[k]) - exact(groups + k)) < 1e-6,
                     qPrintable(QStringLiteral("column %1: %2 against %3")
                                    .arg(kept[k])
                                    .arg(fit.coefficients(kept[k]))
                                    .arg(exact(groups + k))));
        for (int g = 0; g < groups; ++g)
            QVERIFY(std::abs(fit.intercepts(g) - exact(g)) < 1e-6);
        QCOMPARE(fit.degreesOfFreedom, n - 4 - groups);
    }

    // A design fitted once and reused for several responses (the censored fit's EM steps) gives
    // what a fit from scratch gives for each, to the last bit, weighted or not.
    void designReusedForResponses() {
        std::mt19937_64 random(11);
        std::normal_distribution<double> noise(0.0, 1.0);
        const int n = 90, groups = 4, p = 3;
        const Eigen::MatrixXd x = Eigen::MatrixXd::NullaryExpr(n, p, [&] { return noise(random); });
        const Eigen::VectorXd weights =
            Eigen::VectorXd::NullaryExpr(n, [&] { return 0.5 + std::abs(noise(random)); });
        std::vector<int> group, cluster;  // four stores' series, two stores a cluster
        for (int i = 0; i < n; ++i) {
            group.push_back(i % groups);
            cluster.push_back(group.back() / 2);
        }
        for (const Eigen::VectorXd* weight : {static_cast<const Eigen::VectorXd*>(nullptr),
                                              static_cast<const Eigen::VectorXd*>(&weights)}) {
            const FixedEffectsDesign design(x, group, groups, weight);
            for (int response = 0; response < 3; ++response) {
                Eigen::VectorXd y(n);
                for (int i = 0; i < n; ++i)
                    y(i) = response * x(i, 0) - x(i, 2) + group[i] + noise(random);
                const FixedEffectsFit reused = design.fit(y, &cluster);
                const FixedEffectsFit fresh =
                    fitFixedEffects(x, y, group, groups, weight, &cluster);
                QVERIFY(reused.estimable && fresh.estimable);
                for (int j = 0; j < p; ++j) {
                    QVERIFY(reused.coefficients(j) == fresh.coefficients(j));
                    QVERIFY(reused.standardErrors(j) == fresh.standardErrors(j));
                    QVERIFY(reused.classicalStandardErrors(j) == fresh.classicalStandardErrors(j));
                }
                for (int g = 0; g < groups; ++g)
                    QVERIFY(reused.intercepts(g) == fresh.intercepts(g));
                QVERIFY(reused.residuals == fresh.residuals);
                QVERIFY(reused.withinR2 == fresh.withinR2);
                QCOMPARE(reused.clusters, 2);
                // A different response moves the slope on x0, so a design that kept the first
                // response's answer would fail here.
                QVERIFY(std::abs(reused.coefficients(0) - response) < 0.5);
            }
        }
    }

    // Slow sellers with many zero weeks: the Poisson fit keeps them and recovers the elasticity.
    void poissonSlowSeller() {
        mbtest::PlantedDemand truth;
        truth.baseLogUnits = std::log(0.8);
        truth.negativeBinomialSize = 1e6;  // effectively Poisson counts
        truth.elasticity = -2.0;
        DemandOptions options = plainOptions();
        options.method = DemandMethod::Poisson;
        const int seeds = 100;
        double sum = 0.0, sumSquares = 0.0, sumSe = 0.0;
        int zeroWeeks = 0;
        for (int seed = 1; seed <= seeds; ++seed) {
            const DemandFit fit =
                fitOne(mbtest::drawSeries(truth, 260, seed, "P1", "S1", "c"), options);
            const DemandModel& model = fit.models.front();
            QVERIFY(model.fitted);
            QCOMPARE(model.observations, 260);
            zeroWeeks += model.zeroWeeks;
            sum += model.elasticity.value;
            sumSquares += model.elasticity.value * model.elasticity.value;
            sumSe += model.elasticity.standardError;
        }
        const double mean = sum / seeds;
        const double spread = std::sqrt((sumSquares - seeds * mean * mean) / (seeds - 1));
        qInfo("%d%% zero weeks; mean estimate %.3f, spread %.3f, mean SE %.3f",
              zeroWeeks * 100 / (seeds * 260), mean, spread, sumSe / seeds);
        QVERIFY(zeroWeeks > seeds * 260 / 5);
        QVERIFY(std::abs(mean - truth.elasticity) <= 4.0 * spread / std::sqrt(double(seeds)));
        QVERIFY(sumSe / seeds / spread > 0.8 && sumSe / seeds / spread < 1.25);
    }

    void cancelledFitReturnsNothing() {
        SalesHistory history;
        for (int s = 0; s < 20; ++s)
            history.series.push_back(mbtest::drawSeries({}, 104, s, "P", QString::number(s), "c"));
        mb::ProgressToken token;
        token.cancel();
        const DemandFit fit = fitDemand(history, plainOptions(), &token);
        QVERIFY(fit.cancelled);
        QVERIFY(fit.models.empty());
        mb::ProgressToken progress;
        QVERIFY(!fitDemand(history, plainOptions(), &progress).cancelled);
        QCOMPARE(progress.fraction(), 1.0);
    }

    // Counts with known over-dispersion: the 80% intervals cover about 80% of new weeks.
    void negativeBinomialIntervals_data() {
        QTest::addColumn<double>("size");
        QTest::addColumn<double>("baseLogUnits");
        QTest::newRow("size 4, about 20 a week") << 4.0 << 3.0;
        QTest::newRow("size 20, about 50 a week") << 20.0 << 3.9;
    }
    void negativeBinomialIntervals() {
        QFETCH(double, size);
        QFETCH(double, baseLogUnits);
        mbtest::PlantedDemand truth;
        truth.negativeBinomialSize = size;
        truth.baseLogUnits = baseLogUnits;
        const DemandFit fit =
            fitOne(mbtest::drawSeries(truth, 520, 11, "P1", "S1", "c"), plainOptions());
        const DemandModel& model = fit.models.front();
        QVERIFY(model.fitted);
        qInfo("planted size %.1f, estimated %.2f, Pearson dispersion %.2f", size,
              model.negativeBinomialSize, model.pearsonDispersion);
        QVERIFY(std::isfinite(model.negativeBinomialSize));
        QVERIFY(model.negativeBinomialSize > size / 2.0 && model.negativeBinomialSize < size * 2.0);

        const mb::demand::SalesSeries fresh = mbtest::drawSeries(truth, 2000, 12, "P1", "S1", "c");
        int covered = 0;
        for (const WeekSale& week : fresh.weeks) {
            DemandScenario scenario;
            scenario.julianDay = week.day;
            scenario.priceRatio = week.price / week.regularPrice;
            scenario.feature = week.feature;
            scenario.display = week.display;
            scenario.tpr = week.tpr;
            const UnitsInterval interval = unitsInterval(model, 0, scenario, 0.8);
            covered += week.units >= interval.low && week.units <= interval.high ? 1 : 0;
        }
        const double coverage = covered / double(fresh.weeks.size());
        qInfo("80%% interval coverage %.3f", coverage);
        QVERIFY(coverage > 0.74 && coverage < 0.92);
    }

    // What the markdown optimiser receives: one row per week, and steps in the ratio the
    // constant-elasticity curve gives, (r_j / r_0)^elasticity.
    void weeklyDemandForLadder() {
        mbtest::PlantedDemand truth;
        const DemandFit fit =
            fitOne(mbtest::drawSeries(truth, 156, 3, "P1", "S1", "c"), plainOptions());
        const DemandModel& model = fit.models.front();
        const std::vector<double> ladder{1.0, 0.8, 0.6, 0.5};
        const std::int64_t last = model.members.front().lastDay;
        const std::vector<std::int64_t> days{last + 7, last + 14, last + 21};
        const mb::markdown::WeeklyDemand demand = weeklyDemand(model, 0, ladder, days, false);
        QCOMPARE(demand.mean.size(), days.size());
        for (const std::vector<double>& week : demand.mean) {
            QCOMPARE(week.size(), ladder.size());
            for (std::size_t step = 1; step < ladder.size(); ++step) {
                const double expected =
                    week[0] * std::pow(ladder[step] / ladder[0], model.elasticity.value);
                QVERIFY(std::abs(week[step] - expected) <= 1e-9 * expected);
                QVERIFY(week[step] > week[step - 1]);
            }
        }
    }

    // Two estimates with the same SE s: Q = (b1 - b2)^2 / (2 s^2) and S1 - S2/S1 = 1 / s^2, so
    // tau^2 = max(0, (b1 - b2)^2 / 2 - s^2), and both move toward their plain average.
    void shrinkageTwoEstimates_data() {
        QTest::addColumn<double>("b1");
        QTest::addColumn<double>("b2");
        QTest::addColumn<double>("se");
        QTest::newRow("far apart") << -3.0 << -1.0 << 0.3;
        QTest::newRow("close") << -2.0 << -1.9 << 0.3;
        QTest::newRow("moderate") << -2.5 << -1.5 << 0.5;
    }
    void shrinkageTwoEstimates() {
        QFETCH(double, b1);
        QFETCH(double, b2);
        QFETCH(double, se);
        const Shrinkage result = shrinkTowardGroupMeans({b1, b2}, {se, se}, {0, 0}, 1);
        const double tau2 = std::max(0.0, (b1 - b2) * (b1 - b2) / 2.0 - se * se);
        QVERIFY(std::abs(result.groups[0].tau2 - tau2) < 1e-12);
        const double weight = se * se / (se * se + tau2);
        const double mean = (b1 + b2) / 2.0;
        QVERIFY(std::abs(result.weight[0] - weight) < 1e-12);
        QVERIFY(std::abs(result.shrunk[0] - ((1 - weight) * b1 + weight * mean)) < 1e-12);
        QVERIFY(std::abs(result.shrunk[1] - ((1 - weight) * b2 + weight * mean)) < 1e-12);
    }

    void shrinkageWhenAllAgree() {
        const Shrinkage result =
            shrinkTowardGroupMeans({-2.0, -2.0, -2.0, -2.0}, {0.1, 0.5, 0.2, 1.0}, {0, 0, 0, 0}, 1);
        QCOMPARE(result.groups[0].tau2, 0.0);
        for (std::size_t i = 0; i < 4; ++i) {
            QCOMPARE(result.weight[i], 1.0);
            QVERIFY(std::abs(result.shrunk[i] + 2.0) < 1e-12);
        }
    }

    // Through the whole fit: a product sold in five stores with genuinely different elasticities;
    // the store with 12 weeks moves most of the way to the product mean, those with 3 years barely.
    void thinSeriesMovesTowardProductMean() {
        SalesHistory history;
        const double planted[] = {-1.2, -1.8, -2.4, -3.0};
        for (int s = 0; s < 4; ++s) {
            mbtest::PlantedDemand truth;
            truth.elasticity = planted[s];
            history.series.push_back(
                mbtest::drawSeries(truth, 156, 100 + s, "P1", QStringLiteral("S%1").arg(s), "c"));
        }
        mbtest::PlantedDemand thin;
        thin.elasticity = -4.0;
        thin.noiseSd = 0.4;
        history.series.push_back(mbtest::drawSeries(thin, 12, 7, "P1", "S9", "c"));
        const DemandFit fit = fitDemand(history, plainOptions());
        QCOMPARE(fit.models.size(), std::size_t(5));
        double longest = 0.0;
        for (int s = 0; s < 4; ++s) {
            const DemandModel& model = fit.models[static_cast<std::size_t>(s)];
            longest = std::max(longest, model.shrinkageWeight);
            QVERIFY(std::abs(model.elasticityShrunk - model.elasticity.value) < 0.1);
        }
        const DemandModel& thinModel = fit.models.back();
        qInfo("long series weights <= %.3f; thin series weight %.3f: %.3f -> %.3f", longest,
              thinModel.shrinkageWeight, thinModel.elasticity.value, thinModel.elasticityShrunk);
        QVERIFY(longest < 0.2);
        QVERIFY(thinModel.shrinkageWeight > 0.5);
        QVERIFY(thinModel.shrinkageWeight > 3 * longest);
        // Toward the mean of the others, never past it.
        const double others = (-1.2 - 1.8 - 2.4 - 3.0) / 4.0;
        const double low = std::min(thinModel.elasticity.value, others) - 0.3;
        const double high = std::max(thinModel.elasticity.value, others) + 0.3;
        QVERIFY(thinModel.elasticityShrunk > low && thinModel.elasticityShrunk < high);
        QVERIFY(std::abs(thinModel.elasticityShrunk - others) <
                std::abs(thinModel.elasticity.value - others));
    }

    // Missing regular prices take the series' most common price; a week that is not a date is
    // an error naming the series.
    void loaderFillsRegularPriceWithMode() {
        QTemporaryDir dir;
        auto project = mb::data::Project::open(dir.filePath("p.merchbench"));
        mb::data::exec(project->db(),
                       "INSERT INTO products(product, category) VALUES ('A', 'snacks');"
                       "INSERT INTO stores(store) VALUES ('S');"
                       "INSERT INTO sales(product, store, week, units, price) VALUES "
                       "('A','S','2024-01-01',10,2.0),('A','S','2024-01-08',12,2.5),"
                       "('A','S','2024-01-15',9,2.5),('A','S','2024-01-22',20,1.5),"
                       "('A','S','2024-01-29',5,NULL);");
        const SalesHistory history = loadSalesHistory(project->db(), {});
        QCOMPARE(history.series.size(), std::size_t(1));
        QCOMPARE(history.skippedRows, std::int64_t(1));
        QCOMPARE(history.series[0].category, QStringLiteral("snacks"));
        QCOMPARE(history.series[0].weeks.size(), std::size_t(4));
        for (const WeekSale& week : history.series[0].weeks)
            QCOMPARE(week.regularPrice, 2.5);

        // As of a day the weeks after it are not read, so a filled-in regular price is the mode
        // of what was known then: 2.0 on 2024-01-07, not the whole history's 2.5.
        const SalesHistory asOf = loadSalesHistory(project->db(), {{}, {}, QDate(2024, 1, 15)});
        QCOMPARE(asOf.series.size(), std::size_t(1));
        QCOMPARE(asOf.series[0].weeks.size(), std::size_t(3));
        QCOMPARE(asOf.series[0].weeks.back().day, QDate(2024, 1, 15).toJulianDay());
        const SalesHistory early = loadSalesHistory(project->db(), {{}, {}, QDate(2024, 1, 7)});
        QCOMPARE(early.series[0].weeks.size(), std::size_t(1));
        QCOMPARE(early.series[0].weeks[0].regularPrice, 2.0);

        mb::data::exec(project->db(),
                       "INSERT INTO sales(product, store, week, units, price) "
                       "VALUES ('A','S','week 7',5,2.5)");
        try {
            loadSalesHistory(project->db(), {});
            QFAIL("a week that is not a date was accepted");
        } catch (const mb::Error& error) {
            QVERIFY(error.message().contains(QStringLiteral("week 7")));
        }
        QCOMPARE(loadSalesHistory(project->db(), {{QStringLiteral("B")}, {}, {}}).series.size(),
                 std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(DemandModelTest)
#include "tst_demandmodel.moc"
