// The layout test's estimator against independent answers: on a balanced panel the fixed-effects
// coefficient is the 2x2 difference of means; on an unbalanced one coefficient and clustered
// standard error equal a dense least-squares fit with every store and week dummy and the
// cluster sandwich written out here; the store permutation's p-value and interval ends equal a
// brute-force refit of every choice of changed stores; the pre-trend check fires on a planted trend
// and not on parallel stores; the request round-trips and refuses bad values by name.
#include "RequestChecks.h"

#include "common/SeededRandom.h"
#include "layout/LayoutTestJob.h"
#include "layout/StorePermutation.h"
#include "layout/StoreWeekPanel.h"

#include <Eigen/Dense>
#include <QJsonArray>
#include <QTest>
#include <cmath>

using mb::layout::StoreWeekValue;

namespace {

// Dense OLS of y on [regressor, store dummies, week dummies but the first] and the CR1 sandwich
// by store, K counted as the week effects plus the regressor (store effects nested in clusters).
std::pair<double, double> denseFit(const std::vector<StoreWeekValue>& cells,
                                   const std::vector<double>& regressor, int stores, int weeks) {
    const auto n = static_cast<Eigen::Index>(cells.size());
    Eigen::MatrixXd x = Eigen::MatrixXd::Zero(n, 1 + stores + weeks - 1);
    Eigen::VectorXd y(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const StoreWeekValue& cell = cells[static_cast<std::size_t>(i)];
        x(i, 0) = regressor[static_cast<std::size_t>(i)];
        x(i, 1 + cell.store) = 1.0;
        if (cell.week > 0)
            x(i, stores + cell.week) = 1.0;
        y(i) = cell.value;
    }
    const Eigen::MatrixXd bread = (x.transpose() * x).inverse();
    const Eigen::VectorXd beta = bread * x.transpose() * y;
    const Eigen::VectorXd residual = y - x * beta;
    Eigen::MatrixXd meat = Eigen::MatrixXd::Zero(x.cols(), x.cols());
    for (int s = 0; s < stores; ++s) {
        Eigen::VectorXd score = Eigen::VectorXd::Zero(x.cols());
        for (Eigen::Index i = 0; i < n; ++i)
            if (cells[static_cast<std::size_t>(i)].store == s)
                score += x.row(i).transpose() * residual(i);
        meat += score * score.transpose();
    }
    const double g = stores;
    const double k = weeks;
    const double factor = g / (g - 1) * (double(n) - 1) / (double(n) - k);
    const Eigen::MatrixXd variance = factor * bread * meat * bread;
    return {beta(0), std::sqrt(variance(0, 0))};
}

// A store-week panel: store level + week level + effect for the changed stores after the middle
// week + noise.
std::vector<StoreWeekValue> plantedPanel(int stores, int changed, int weeks, double effect,
                                         std::uint64_t seed, std::vector<double>& regressor) {
    mb::SeededRandom random(seed);
    std::vector<double> weekLevel;
    for (int w = 0; w < weeks; ++w)
        weekLevel.push_back(random.uniform());
    std::vector<StoreWeekValue> cells;
    regressor.clear();
    for (int s = 0; s < stores; ++s) {
        const double storeLevel = 3.0 * random.uniform();
        for (int w = 0; w < weeks; ++w) {
            const double x = (s < changed && w >= weeks / 2) ? 1.0 : 0.0;
            cells.push_back({s, w,
                             storeLevel + weekLevel[std::size_t(w)] + effect * x +
                                 0.2 * (random.uniform() - 0.5)});
            regressor.push_back(x);
        }
    }
    return cells;
}

// Inputs for computeLayoutTest: `baskets` a week per store, the cross-category count set from a
// share that rises by `trend` a week in the changed stores (before and after the date).
mb::layout::LayoutTestInputs trendInputs(double trend, std::uint64_t seed) {
    mb::layout::LayoutTestInputs inputs;
    inputs.weeks = 6;
    inputs.date = QStringLiteral("2024-03-04");
    inputs.changedStores = 4;
    mb::SeededRandom random(seed);
    for (int s = 0; s < 12; ++s) {
        inputs.stores.append(QStringLiteral("S%1").arg(s));
        const double base = 0.3 + 0.1 * random.uniform();
        for (int w = 0; w < 2 * inputs.weeks; ++w) {
            const double share =
                base + (s < inputs.changedStores ? trend * w : 0.0) + 0.01 * random.uniform();
            mb::layout::StoreWeekBaskets cell;
            cell.baskets = 1000;
            cell.crossCategory = std::llround(1000 * share);
            inputs.cells.push_back(cell);
        }
    }
    return inputs;
}

mb::layout::LayoutTestRequest request() {
    mb::layout::LayoutTestRequest request;
    request.stores = QStringList{"S1", "S2"};
    request.date = QStringLiteral("2024-03-04");
    request.control = QStringList{"S3", "S4"};
    request.weeks = 6;
    request.confidence = 0.9;
    request.seed = 42;
    return request;
}

}  // namespace

class TestLayoutTestModel : public QObject {
    Q_OBJECT

private slots:
    void balancedPanelEqualsTheDifferenceOfMeans() {
        std::vector<double> regressor;
        const auto cells = plantedPanel(9, 3, 10, 0.7, 11, regressor);
        double sum[2][2] = {};
        double count[2][2] = {};
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const int changed = cells[i].store < 3 ? 1 : 0;
            const int after = cells[i].week >= 5 ? 1 : 0;
            sum[changed][after] += cells[i].value;
            count[changed][after] += 1;
        }
        const double closedForm = (sum[1][1] / count[1][1] - sum[1][0] / count[1][0]) -
                                  (sum[0][1] / count[0][1] - sum[0][0] / count[0][0]);
        const auto fit = mb::layout::fixedEffectsCoefficient(cells, regressor, 9, 10, 0.95);
        QVERIFY2(std::abs(fit.estimate - closedForm) < 1e-10,
                 qPrintable(QStringLiteral("%1 vs %2").arg(fit.estimate).arg(closedForm)));
        QCOMPARE(fit.degreesOfFreedom, 8);
        QCOMPARE(fit.clusters, 9);
    }

    // Over many planted panels the estimate centres on the planted effect and its 95% interval
    // holds it about 95% of the time. Cluster-robust intervals with three changed stores of nine
    // cover a little less than nominal (Cameron and Miller 2015, section VI): 0.88 is a floor
    // three standard errors of a 400-draw coverage below that.
    void intervalsCoverThePlantedEffect() {
        const int draws = 400;
        double sum = 0.0;
        double sumOfSquares = 0.0;
        int covered = 0;
        for (int draw = 0; draw < draws; ++draw) {
            std::vector<double> regressor;
            const auto cells = plantedPanel(9, 3, 10, 0.7, 1000 + std::uint64_t(draw), regressor);
            const auto fit = mb::layout::fixedEffectsCoefficient(cells, regressor, 9, 10, 0.95);
            sum += fit.estimate;
            sumOfSquares += fit.estimate * fit.estimate;
            covered += fit.low < 0.7 && 0.7 < fit.high ? 1 : 0;
        }
        const double mean = sum / draws;
        const double spread = std::sqrt(sumOfSquares / draws - mean * mean);
        QVERIFY2(std::abs(mean - 0.7) < 4.0 * spread / std::sqrt(double(draws)),
                 qPrintable(QStringLiteral("mean %1, spread %2").arg(mean).arg(spread)));
        const double coverage = double(covered) / draws;
        QVERIFY2(coverage >= 0.88 && coverage <= 0.99, qPrintable(QString::number(coverage)));
    }

    void unbalancedPanelEqualsTheDenseFit() {
        std::vector<double> regressor;
        auto cells = plantedPanel(7, 2, 8, -0.4, 5, regressor);
        // Drop every fifth store-week: the fixed effects no longer sweep out in one pass.
        std::vector<StoreWeekValue> kept;
        std::vector<double> keptRegressor;
        for (std::size_t i = 0; i < cells.size(); ++i)
            if (i % 5 != 3) {
                kept.push_back(cells[i]);
                keptRegressor.push_back(regressor[i]);
            }
        const auto [beta, se] = denseFit(kept, keptRegressor, 7, 8);
        const auto fit = mb::layout::fixedEffectsCoefficient(kept, keptRegressor, 7, 8, 0.95);
        QVERIFY2(std::abs(fit.estimate - beta) < 1e-9,
                 qPrintable(QStringLiteral("%1 vs %2").arg(fit.estimate).arg(beta)));
        QVERIFY2(std::abs(fit.standardError - se) < 1e-9 * std::max(1.0, se),
                 qPrintable(QStringLiteral("%1 vs %2").arg(fit.standardError).arg(se)));
        // Student's t with 6 degrees of freedom: 2.446912 (tables).
        QVERIFY(std::abs((fit.high - fit.estimate) / fit.standardError - 2.446912) < 1e-5);
    }

    // Every choice of 2 changed stores of 8, refitted from scratch with the estimator itself: the
    // share at least as far from 0 is the p-value, and just outside (inside) each end of the
    // interval the refits with the values shifted reject (do not reject) the shift.
    void storePermutationEqualsEveryChoiceRefitted() {
        const int stores = 8;
        const int weeks = 6;
        std::vector<double> regressor;
        const auto cells = plantedPanel(stores, 2, weeks, 0.15, 21, regressor);
        const std::vector<bool> changed{true, true, false, false, false, false, false, false};
        const std::vector<bool> after{false, false, false, true, true, true};
        const double confidence = 0.9;
        const auto permutation = mb::layout::storePermutation(cells, changed, after, confidence, 1);
        QVERIFY(permutation.exact);
        QCOMPARE(permutation.assignments, qint64(28));

        // The p-value of the shift d: refit every choice on the values less d on the observed
        // changed store-weeks.
        const auto bruteP = [&](double shift) {
            std::vector<StoreWeekValue> shifted = cells;
            for (std::size_t i = 0; i < cells.size(); ++i)
                shifted[i].value -= shift * regressor[i];
            const double observed =
                mb::layout::fixedEffectsCoefficient(shifted, regressor, stores, weeks, 0.95)
                    .estimate;
            int asFar = 0;
            int choices = 0;
            for (int a = 0; a < stores; ++a)
                for (int b = a + 1; b < stores; ++b) {
                    std::vector<double> x;
                    for (const StoreWeekValue& cell : cells)
                        x.push_back((cell.store == a || cell.store == b) && cell.week >= 3 ? 1.0
                                                                                           : 0.0);
                    const double estimate =
                        mb::layout::fixedEffectsCoefficient(shifted, x, stores, weeks, 0.95)
                            .estimate;
                    asFar += std::abs(estimate) >= std::abs(observed) * (1 - 1e-9) ? 1 : 0;
                    ++choices;
                }
            return double(asFar) / choices;
        };
        QCOMPARE(permutation.pValue, bruteP(0.0));
        const double alpha = 1.0 - confidence;
        const double step = 1e-6 * (permutation.high - permutation.low);
        QVERIFY(std::isfinite(permutation.low) && std::isfinite(permutation.high));
        QVERIFY(permutation.low < permutation.high);
        QVERIFY2(bruteP(permutation.high + step) <= alpha, "rejected just above the interval");
        QVERIFY2(bruteP(permutation.high - step) > alpha, "kept just inside the interval");
        QVERIFY2(bruteP(permutation.low - step) <= alpha, "rejected just below the interval");
        QVERIFY2(bruteP(permutation.low + step) > alpha, "kept just inside the interval");
    }

    void storePermutationSaysWhenItCannotReject() {
        std::vector<double> regressor;
        const auto cells = plantedPanel(5, 1, 6, 0.5, 2, regressor);
        const std::vector<bool> changed{true, false, false, false, false};
        const std::vector<bool> after{false, false, false, true, true, true};
        // 5 choices: the smallest p-value is 0.2, so no effect is rejected at 95%.
        const auto permutation = mb::layout::storePermutation(cells, changed, after, 0.95, 1);
        QCOMPARE(permutation.assignments, qint64(5));
        QVERIFY(permutation.pValue >= 0.2);
        QVERIFY(std::isnan(permutation.low) && std::isnan(permutation.high));
    }

    void storePermutationSamplesWithItsSeed() {
        std::vector<double> regressor;
        const auto cells = plantedPanel(30, 5, 4, 0.3, 9, regressor);
        std::vector<bool> changed(30, false);
        std::fill_n(changed.begin(), 5, true);
        const std::vector<bool> after{false, false, true, true};
        const auto a = mb::layout::storePermutation(cells, changed, after, 0.95, 7, 500);
        const auto b = mb::layout::storePermutation(cells, changed, after, 0.95, 7, 500);
        const auto c = mb::layout::storePermutation(cells, changed, after, 0.95, 8, 500);
        QVERIFY(!a.exact);
        QCOMPARE(a.assignments, qint64(500));
        QCOMPARE(a.pValue, b.pValue);
        QCOMPARE(a.high, b.high);
        QVERIFY(a.high != c.high || a.low != c.low);
        // The planted 0.3 is far out for a noise of 0.06: only the observed choice is as far.
        QCOMPARE(a.pValue, 1.0 / 500);
        QVERIFY(a.low < 0.3 && 0.3 < a.high);
    }

    void refusesAnUnidentifiedChange() {
        std::vector<double> regressor;
        const auto cells = plantedPanel(4, 4, 6, 0.5, 3, regressor);  // every store changed
        QVERIFY_THROWS_EXCEPTION(mb::Error,
                                 mb::layout::fixedEffectsCoefficient(cells, regressor, 4, 6, 0.95));
    }

    void trendCheckFiresOnAPlantedPreTrend() {
        const auto request = ::request();
        const auto trending = mb::layout::computeLayoutTest(trendInputs(0.01, 7), request);
        QVERIFY(trending.preTrend.checked);
        QVERIFY2(!trending.preTrend.parallel, qPrintable(trending.verdict));
        QVERIFY(std::abs(trending.preTrend.slope.estimate - 0.01) < 0.002);
        QVERIFY(trending.verdict.contains(QStringLiteral("pre-period trends differ")));
        const auto flat = mb::layout::computeLayoutTest(trendInputs(0.0, 7), request);
        QVERIFY2(flat.preTrend.parallel, qPrintable(flat.verdict));
        QVERIFY(flat.verdict.contains(QStringLiteral("pre-period trends parallel")));
    }

    void requestRoundTrips() {
        QVERIFY(mbtest::roundTrips(request()));
        auto defaults = request();
        defaults.control.clear();
        QVERIFY(mbtest::roundTrips(defaults));
    }

    void requestRefusesBadValues_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no stores") << "stores" << QJsonValue(QJsonArray{}) << "at least one";
        QTest::newRow("store twice")
            << "stores" << QJsonValue(QJsonArray{"S1", "S1"}) << "named twice";
        QTest::newRow("bad date") << "date" << QJsonValue("2024-02-30") << "YYYY-MM-DD";
        QTest::newRow("control changed")
            << "control" << QJsonValue(QJsonArray{"S2"}) << "did not change";
        QTest::newRow("no weeks") << "weeks" << QJsonValue(0) << "weeks";
        QTest::newRow("confidence") << "confidence" << QJsonValue(1.5) << "confidence";
        QTest::newRow("seed") << "seed" << QJsonValue(-1) << "seed";
        QTest::newRow("misspelt") << "week" << QJsonValue(3) << "unknown field \"week\"";
    }

    void requestRefusesBadValues() {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expected);
        QJsonObject json = request().toJson();
        json.insert(field, value);
        const QString why = mbtest::refusal<mb::layout::LayoutTestRequest>(json);
        QVERIFY2(why.contains(expected), qPrintable(why));
        QVERIFY2(why.contains(u'"' + field + u'"') || why.contains(field + u':'), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestLayoutTestModel)
#include "tst_layouttestmodel.moc"
