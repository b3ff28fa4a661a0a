// The retailer's markdown rules beyond count and spacing: price points (rules.price_endings)
// and absolute ladders per product. Rounding is checked against a table worked by hand, the
// optimiser against every schedule of small deterministic instances priced from that table, and
// the whole season plan through the CLI as a merchandiser runs it.
#include "CliRun.h"
#include "CsvRows.h"
#include "TestFile.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "markdown/MarkdownJson.h"
#include "markdown/MarkdownOptimiser.h"
#include "markdown/PlanningRules.h"
#include "markdown/PriceChangeList.h"
#include "markdown/PricePoints.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <limits>

using namespace mb::markdown;

namespace {

// Every monotone schedule of a deterministic instance, valued from the definition: units sold
// are the mean rounded, at most the stock; `prices` is the shelf price per step worked by hand
// and `floor` the lowest price the margin rule allows. -infinity when no schedule is allowed.
double bestBySchedules(const MarkdownProblem& problem, const std::vector<double>& prices,
                       double floor) {
    const int steps = static_cast<int>(prices.size());
    double best = -std::numeric_limits<double>::infinity();
    std::vector<int> schedule(size_t(problem.weeks), 0);
    for (;;) {
        bool allowed = true;
        int previous = 0;
        for (const int step : schedule) {
            allowed = allowed && step >= previous && prices[size_t(step)] >= floor - 1e-9;
            previous = step;
        }
        if (allowed) {
            int stock = problem.inventory;
            double money = 0.0;
            for (int week = 0; week < problem.weeks; ++week) {
                const int step = schedule[size_t(week)];
                const auto demand =
                    static_cast<int>(std::lround(problem.demand.mean[size_t(week)][size_t(step)]));
                const int sold = std::min(stock, demand);
                money += sold * (prices[size_t(step)] -
                                 (problem.objective == MarkdownObjective::Margin ? problem.unitCost
                                                                                 : 0.0));
                stock -= sold;
            }
            best = std::max(best, money + stock * problem.salvageValue);
        }
        int week = problem.weeks - 1;
        while (week >= 0 && schedule[size_t(week)] == steps - 1)
            schedule[size_t(week--)] = 0;
        if (week < 0)
            return best;
        ++schedule[size_t(week)];
    }
}

// Regular price 10.00, ladder 1 / 0.8 / 0.6 / 0.45: 10.00, 8.00, 6.00, 4.50 before rounding.
MarkdownProblem tenDollarItem() {
    MarkdownProblem problem;
    problem.weeks = 4;
    problem.inventory = 40;
    problem.regularPrice = 10.0;
    problem.unitCost = 4.0;
    problem.salvageValue = 0.5;
    problem.ladder = {1.0, 0.8, 0.6, 0.45};
    problem.objective = MarkdownObjective::Margin;
    problem.demand.distribution = DemandDistribution::Deterministic;
    for (int week = 0; week < problem.weeks; ++week)
        problem.demand.mean.push_back({3.0 - 0.4 * week, 6.0, 9.0 - 0.5 * week, 14.0});
    return problem;
}

}  // namespace

class TestMarkdownRules : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString project_;

private Q_SLOTS:
    void initTestCase() {
        const mbtest::CliRun demo = mbtest::runCli({QStringLiteral("demo"), dir_.path()});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        project_ = dir_.filePath(QStringLiteral("demo.merchbench"));
    }

    // The highest price on an allowed ending at or below the ladder price, worked by hand.
    void roundsToThePricePoint_data() {
        QTest::addColumn<double>("ladderPrice");
        QTest::addColumn<QList<int>>("endings");
        QTest::addColumn<qint64>("cents");
        const QList<int> nine{99}, two{49, 99}, whole{0};
        QTest::addRow("7.20 to 6.99") << 7.20 << nine << qint64(699);
        QTest::addRow("on an ending stays") << 6.99 << nine << qint64(699);
        QTest::addRow("7.00 to 6.99") << 7.00 << two << qint64(699);
        QTest::addRow("7.50 to 7.49") << 7.50 << two << qint64(749);
        QTest::addRow("7.49 stays") << 7.49 << two << qint64(749);
        QTest::addRow("7.48 to 6.99") << 7.48 << two << qint64(699);
        QTest::addRow("half a cent is below") << 4.995 << nine << qint64(499);
        QTest::addRow("a tenth of a cent under") << 5.489 << two << qint64(499);
        // 9 x 0.8 is 7.1999999999999993 in floating point: it is 7.20, on the ending 0.20.
        QTest::addRow("floating-point 7.20") << 9.0 * 0.8 << QList<int>{20} << qint64(720);
        QTest::addRow("whole amounts") << 12.345 << whole << qint64(1200);
        QTest::addRow("1.00 to 0.99") << 1.00 << nine << qint64(99);
        QTest::addRow("under the lowest ending") << 0.50 << nine << qint64(0);
        QTest::addRow("under the lowest of two") << 0.45 << two << qint64(0);
        QTest::addRow("0.49 stays") << 0.49 << two << qint64(49);
    }
    void roundsToThePricePoint() {
        QFETCH(double, ladderPrice);
        QFETCH(QList<int>, endings);
        QFETCH(qint64, cents);
        QCOMPARE(onPriceEnding(ladderPrice, std::vector<int>(endings.begin(), endings.end())),
                 cents);
    }

    // The regular price is never rounded; without endings nothing is.
    void tableKeepsTheRegularPrice() {
        const std::vector<double> ladder{1.0, 0.8, 0.6, 0.45};
        QCOMPARE(pricePointTable(10.0, ladder, {99}),
                 (std::vector<double>{10.0, 7.99, 5.99, 3.99}));
        QCOMPARE(pricePointTable(10.0, ladder, {}),
                 (std::vector<double>{10.0, 10.0 * 0.8, 10.0 * 0.6, 10.0 * 0.45}));
        MarkdownProblem problem = tenDollarItem();
        problem.rules.priceEndingCents = {49, 99};
        setPricePoints(problem);
        QCOMPARE(problem.price(0), 10.0);
        QCOMPARE(problem.price(1), 7.99);
        QCOMPARE(problem.price(2), 5.99);
        QCOMPARE(problem.price(3), 4.49);
        QVERIFY(problem.problems().isEmpty());
    }

    // The optimiser under price endings equals the best of every schedule priced by hand, with
    // and without a margin floor that only the rounded price breaks.
    void optimiserChargesThePricePoints_data() {
        QTest::addColumn<double>("marginFloor");
        QTest::addColumn<double>("floorPrice");
        QTest::addRow("no floor") << -1.0 << 0.0;
        // 6.00 is the floor: step 2 (6.00 on the ladder) is allowed unrounded, not at 5.99.
        QTest::addRow("floor after rounding") << 0.5 << 6.0;
    }
    void optimiserChargesThePricePoints() {
        QFETCH(double, marginFloor);
        QFETCH(double, floorPrice);
        MarkdownProblem problem = tenDollarItem();
        problem.rules.marginFloor = marginFloor;
        QVERIFY(std::abs(optimiseMarkdown(problem).expectedObjective -
                         bestBySchedules(problem, {10.0, 8.0, 6.0, 4.5}, floorPrice)) < 1e-9);
        problem.rules.priceEndingCents = {99};
        setPricePoints(problem);
        QCOMPARE(problem.stepAllowed(2), marginFloor < 0.0);
        const std::vector<double> shelf{10.0, 7.99, 5.99, 4.49};
        const MarkdownPlan plan = optimiseMarkdown(problem);
        const double expected = bestBySchedules(problem, shelf, floorPrice);
        QVERIFY2(std::abs(plan.expectedObjective - expected) < 1e-9,
                 qPrintable(QStringLiteral("dp %1, every schedule %2")
                                .arg(plan.expectedObjective, 0, 'g', 15)
                                .arg(expected, 0, 'g', 15)));
        for (const PlannedWeek& week : plan.schedule) {
            QCOMPARE(week.price, shelf[size_t(week.step)]);
            QVERIFY(week.price >= floorPrice);
        }
    }

    // markdown-solve reads the endings and prints each step's shelf price.
    void instanceReadsTheEndings() {
        const QByteArray json = R"({"weeks": 2, "inventory": 5, "regular_price": 10,
            "ladder": [1, 0.8, 0.6], "demand": {"distribution": "deterministic",
            "mean": [[1, 2, 3], [1, 2, 3]]}, "rules": {"price_endings": [0.99, 0.49]}})";
        const MarkdownInstance instance = readMarkdownInstance(json, QStringLiteral("i.json"));
        QCOMPARE(instance.problem.rules.priceEndingCents, (std::vector<int>{49, 99}));
        const QJsonObject result =
            markdownResultToJson(optimiseMarkdown(instance.problem), MarkdownSimulation());
        QCOMPARE(result[QStringLiteral("step_prices")].toArray(), (QJsonArray{10.0, 7.99, 5.99}));
    }

    void badEndingsAreNamed_data() {
        QTest::addColumn<QByteArray>("rules");
        QTest::addColumn<QString>("message");
        QTest::addRow("not cents") << QByteArray(R"({"price_endings": [0.455]})")
                                   << QStringLiteral(
                                          "rules.price_endings[0]: expected an ending "
                                          "in whole cents");
        QTest::addRow("a whole price") << QByteArray(R"({"price_endings": [0.99, 1.99]})")
                                       << QStringLiteral(
                                              "rules.price_endings[1]: expected a "
                                              "number from 0 to 0.99 (got 1.99)");
        QTest::addRow("twice") << QByteArray(R"({"price_endings": [0.99, 0.99]})")
                               << QStringLiteral(
                                      "rules.price_endings[1]: expected an ending "
                                      "not already listed");
        QTest::addRow("empty") << QByteArray(R"({"price_endings": []})")
                               << QStringLiteral("rules.price_endings: expected an array");
    }
    void badEndingsAreNamed() {
        QFETCH(QByteArray, rules);
        QFETCH(QString, message);
        try {
            readPlanningRules("{\"rules\": " + rules + "}", QStringLiteral("r.json"));
            QFAIL("accepted");
        } catch (const mb::Error& error) {
            QVERIFY2(error.message().startsWith(QStringLiteral("r.json: ") + message),
                     qPrintable(error.message()));
        }
    }

    void badProductLaddersAreNamed_data() {
        QTest::addColumn<QByteArray>("ladders");
        QTest::addColumn<QString>("message");
        QTest::addRow("too few prices")
            << QByteArray(R"({"P1": [9.99, 7.99]})")
            << QStringLiteral("product_ladders.P1: expected an array of 3 prices");
        QTest::addRow("not falling")
            << QByteArray(R"({"P1": [9.99, 7.99, 8.49]})")
            << QStringLiteral(
                   "product_ladders.P1[2]: expected a price below product_ladders.P1[1]");
        QTest::addRow("not a price") << QByteArray(R"({"P1": [9.99, 7.99, 0]})")
                                     << QStringLiteral("product_ladders.P1[2]: expected a number");
    }
    void badProductLaddersAreNamed() {
        QFETCH(QByteArray, ladders);
        QFETCH(QString, message);
        try {
            readPlanningRules("{\"ladder\": [1, 0.8, 0.6], \"product_ladders\": " + ladders + "}",
                              QStringLiteral("r.json"));
            QFAIL("accepted");
        } catch (const mb::Error& error) {
            QVERIFY2(error.message().startsWith(QStringLiteral("r.json: ") + message),
                     qPrintable(error.message()));
        }
    }

    // The season plan on the demo: every marked-down price on .99 (step 0 never changes), the
    // one product with its own ladder charges exactly those prices, and the discount column is
    // the rounded price against the regular price.
    void seasonPlanShowsThePricePoints() {
        QString product;
        double productRegular = 0.0;
        {
            const auto project = mb::data::Project::open(project_);
            mb::data::Statement first(project->db(),
                                      "SELECT i.product, p.regular_price FROM inventory i JOIN "
                                      "products p USING (product) WHERE i.on_hand > 0 AND "
                                      "p.regular_price > 2 ORDER BY i.product LIMIT 1");
            QVERIFY(first.step());
            product = first.text(0);
            productRegular = first.real(1);
        }
        // Its own prices, deliberately off the .99 points and off the shared ladder.
        std::vector<double> ownLadder;
        for (const double share : {1.0, 0.61, 0.43, 0.27, 0.13})
            ownLadder.push_back(std::round(productRegular * share * 100.0) / 100.0);
        QJsonArray own;
        for (const double price : ownLadder)
            own.append(price);
        const QByteArray rules =
            QByteArray(R"({"ladder": [1.0, 0.85, 0.7, 0.55, 0.4], "objective": "revenue",
              "rules": {"price_endings": [0.99]}, "product_ladders": {")") +
            product.toUtf8() + "\": " + QJsonDocument(own).toJson(QJsonDocument::Compact) + "}}";
        const QString path = mbtest::writeTestFile(dir_, QStringLiteral("endings.json"), rules);
        const QString plan = dir_.filePath(QStringLiteral("endings-plan.csv"));
        const QString items = dir_.filePath(QStringLiteral("endings-items.csv"));
        const mbtest::CliRun run = mbtest::runCli(
            {QStringLiteral("markdown"), project_, QStringLiteral("--exit-week"),
             QStringLiteral("2024-09-16"), QStringLiteral("--rules"), path, QStringLiteral("--out"),
             plan, QStringLiteral("--items"), items, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QHash<QString, double> regular;
        for (const auto& row : mbtest::readCsvRows(items))
            regular.insert(row[QStringLiteral("product")] + u'@' + row[QStringLiteral("store")],
                           row[QStringLiteral("regular_price")].toDouble());
        const auto rows = mbtest::readCsvRows(plan);
        QVERIFY(!rows.isEmpty());
        int ownChanges = 0;
        for (const auto& row : rows) {
            const QString price = row[QStringLiteral("new_price")];
            const int step = row[QStringLiteral("step")].toInt();
            if (row[QStringLiteral("product")] == product) {
                ++ownChanges;
                QCOMPARE(price, mb::markdown::minorUnitsText(
                                    std::llround(ownLadder[size_t(step)] * 100.0)));
            } else {
                QVERIFY2(price.endsWith(QStringLiteral(".99")), qPrintable(price));
            }
            const double itemRegular =
                regular.value(row[QStringLiteral("product")] + u'@' + row[QStringLiteral("store")]);
            QVERIFY(itemRegular > 0.0);
            QVERIFY(std::abs(row[QStringLiteral("discount")].toDouble() -
                             (1.0 - price.toDouble() / itemRegular)) < 1e-4);
        }
        QVERIFY(ownChanges > 0);
    }
};

QTEST_GUILESS_MAIN(TestMarkdownRules)
#include "tst_markdownrules.moc"
