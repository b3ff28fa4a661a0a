// Fitted against actual weeks and the seasonal index, on series whose answer is known in closed
// form: units drawn without noise from a planted log-linear model are fitted exactly, life by
// life, so every fitted week must equal its actual units.
#include "demand/DemandEstimator.h"
#include "demand/DemandFitted.h"

#include <QDate>
#include <QtTest>
#include <cmath>
#include <numbers>

using namespace mb::demand;

namespace {

constexpr double kElasticity = -1.7;
constexpr double kFeature = 0.35;
constexpr double kDisplay = 0.15;
constexpr double kTpr = 0.1;
constexpr double kPerWeek = -0.02;  // lifecycle: units fall 2% a week into a life

// Two lives of `lifeLength` weeks with their own level, `gapWeeks` without rows between them
// (a relaunch when the gap is longer than the options' relaunchGapWeeks).
SalesSeries plantedSeries(double firstLevel, double secondLevel, int lifeLength, int gapWeeks,
                          bool lifecycle) {
    SalesSeries series{QStringLiteral("P1"), QStringLiteral("S1"), QStringLiteral("C1"), {}};
    const std::int64_t start = QDate(2021, 1, 4).toJulianDay();
    const double ratios[] = {1.0, 0.8, 1.0, 0.9, 0.7, 1.0};
    for (int life = 0; life < 2; ++life) {
        for (int w = 0; w < lifeLength; ++w) {
            WeekSale sale;
            sale.day = start + 7 * (life * (lifeLength + gapWeeks) + w);
            sale.regularPrice = 5.0;
            sale.price = 5.0 * ratios[w % 6];
            sale.feature = w % 5 == 0;
            sale.display = w % 7 == 3;
            sale.tpr = sale.price < sale.regularPrice && w % 4 != 0;
            const double logUnits = (life == 0 ? firstLevel : secondLevel) +
                                    kElasticity * std::log(sale.price / sale.regularPrice) +
                                    (sale.feature ? kFeature : 0.0) +
                                    (sale.display ? kDisplay : 0.0) + (sale.tpr ? kTpr : 0.0) +
                                    (lifecycle ? kPerWeek * w : 0.0);
            sale.units = std::exp(logUnits);
            series.weeks.push_back(sale);
        }
    }
    return series;
}

DemandOptions exactOptions(bool lifecycle, int holdoutWeeks) {
    DemandOptions options;
    options.holdoutWeeks = holdoutWeeks;
    options.seasonality = false;
    options.lifecycle = lifecycle;
    options.threads = 1;
    return options;
}

}  // namespace

class DemandFittedTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void exactSeriesIsFittedWeekByWeek_data() {
        QTest::addColumn<bool>("lifecycle");
        QTest::addColumn<int>("holdoutWeeks");
        QTest::newRow("one level, no lifecycle") << false << 0;
        QTest::newRow("two lives with their own level") << true << 0;
        QTest::newRow("two lives, last 8 weeks held out") << true << 8;
    }

    void exactSeriesIsFittedWeekByWeek() {
        QFETCH(bool, lifecycle);
        QFETCH(int, holdoutWeeks);
        // Without lifecycle the two blocks share one level; with it they differ, so a fitted
        // week that used the latest life's intercept for the first life would be 2.2x off.
        const double secondLevel = lifecycle ? 2.2 : 3.0;
        SalesHistory history;
        history.series.push_back(plantedSeries(3.0, secondLevel, 30, 10, lifecycle));
        const DemandOptions options = exactOptions(lifecycle, holdoutWeeks);
        const DemandFit fit = fitDemand(history, options);
        QCOMPARE(fit.models.size(), std::size_t(1));
        const DemandModel& model = fit.models.front();
        QVERIFY2(model.fitted, qPrintable(model.problem));
        QVERIFY(std::abs(model.elasticity.value - kElasticity) < 1e-8);
        QCOMPARE(model.members.front().lifeIntercepts.size(), std::size_t(lifecycle ? 2 : 1));

        const std::vector<FittedWeek> weeks =
            fittedWeeks(model, 0, history.series.front(), options);
        QCOMPARE(weeks.size(), history.series.front().weeks.size());
        int heldOut = 0;
        for (std::size_t w = 0; w < weeks.size(); ++w) {
            const WeekSale& sale = history.series.front().weeks[w];
            QCOMPARE(weeks[w].day, sale.day);
            QCOMPARE(weeks[w].actualUnits, sale.units);
            QCOMPARE(weeks[w].price, sale.price);
            QVERIFY2(std::abs(weeks[w].fittedUnits / sale.units - 1.0) < 1e-8,
                     qPrintable(QStringLiteral("week %1: fitted %2, actual %3")
                                    .arg(w)
                                    .arg(weeks[w].fittedUnits)
                                    .arg(sale.units)));
            heldOut += weeks[w].heldOut ? 1 : 0;
            // The held-out weeks are the series' last ones.
            QCOMPARE(weeks[w].heldOut, static_cast<int>(w) >= 60 - holdoutWeeks);
        }
        QCOMPARE(heldOut, holdoutWeeks);
    }

    void unfittedModelGivesNoFittedWeeks() {
        SalesHistory history;
        SalesSeries series = plantedSeries(3.0, 3.0, 30, 0, false);
        series.weeks.resize(2);  // too few weeks to fit five coefficients
        history.series.push_back(series);
        const DemandOptions options = exactOptions(false, 0);
        const DemandFit fit = fitDemand(history, options);
        QVERIFY(!fit.models.front().fitted);
        const std::vector<FittedWeek> weeks = fittedWeeks(fit.models.front(), 0, series, options);
        QCOMPARE(weeks.size(), std::size_t(2));
        for (const FittedWeek& week : weeks) {
            QVERIFY(std::isnan(week.fittedUnits));
            QVERIFY(week.actualUnits > 0.0);
        }
    }

    void seasonalIndexIsTheProfilesMultiplier() {
        SeasonalProfile profile;
        profile.source = SeasonalProfile::Source::Own;
        profile.sine = {0.3, 0.0};
        profile.cosine = {0.0, -0.1};
        const std::vector<double> index = seasonalIndexByWeek(profile);
        QCOMPARE(index.size(), std::size_t(52));
        for (int w = 0; w < 52; ++w) {
            const int dayOfYear = 7 * w + 4;  // the middle of week w + 1
            const double angle = 2.0 * std::numbers::pi * (dayOfYear - 1) / 365.25;
            const double expected = std::exp(0.3 * std::sin(angle) - 0.1 * std::cos(2.0 * angle));
            QVERIFY2(std::abs(index[static_cast<std::size_t>(w)] - expected) < 1e-12,
                     qPrintable(QString::number(w)));
        }
        // A sine of 0.3 peaks a quarter of the year in: week 13 or 14 sells about e^0.3 - 1 =
        // 35% more than the year's level (less the second harmonic's 0.1 there).
        const auto peak = std::max_element(index.begin(), index.end()) - index.begin();
        QVERIFY(peak >= 11 && peak <= 14);

        const std::vector<double> flat = seasonalIndexByWeek(SeasonalProfile{});
        QCOMPARE(flat.size(), std::size_t(52));
        for (const double value : flat)
            QCOMPARE(value, 1.0);
    }

    void confidenceIntervalIsNormal() {
        // z for 95% is 1.959964 (two-sided), for 80% 1.281552.
        const CoefficientInterval wide = confidenceInterval({-2.0, 0.5});
        QVERIFY(std::abs(wide.low - (-2.0 - 1.959964 * 0.5)) < 1e-6);
        QVERIFY(std::abs(wide.high - (-2.0 + 1.959964 * 0.5)) < 1e-6);
        QVERIFY(!wide.includesZero());
        const CoefficientInterval eighty = confidenceInterval({-0.4, 0.5}, 0.8);
        QVERIFY(std::abs(eighty.high - (-0.4 + 1.281552 * 0.5)) < 1e-6);
        QVERIFY(eighty.includesZero());
        const CoefficientInterval unknown = confidenceInterval({-1.0, kNotEstimated});
        QVERIFY(std::isnan(unknown.low) && std::isnan(unknown.high));
        QVERIFY(!unknown.includesZero());
    }

    void weeksBelowRegularPriceCountsDiscounts() {
        const SalesSeries series = plantedSeries(3.0, 3.0, 12, 0, false);
        // Ratios cycle 1, 0.8, 1, 0.9, 0.7, 1: three of every six weeks are discounted.
        QCOMPARE(weeksBelowRegularPrice(series), 12);
    }
};

QTEST_GUILESS_MAIN(DemandFittedTest)
#include "tst_demandfitted.moc"
