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
#include "markdown/ClusterSchedule.h"
#include "markdown/ItemDates.h"
#include "markdown/MarkdownJson.h"
#include "markdown/MarkdownOptimiser.h"
#include "markdown/PlanningRules.h"
#include "markdown/PriceChangeList.h"
#include "markdown/PricePoints.h"
#include "markdown/Reachability.h"
#include "markdown/SeasonPlanner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <tuple>

using namespace mb::markdown;

namespace {

// Every monotone schedule of a deterministic instance, valued from the definition: units sold
// are the mean rounded, at most the stock; `prices` is the shelf price per step worked by hand
// and `floor` the lowest price the margin rule allows. -infinity when no schedule is allowed.
// The next of every schedule in order (an odometer over the weeks); false after the last.
bool nextSchedule(std::vector<int>& schedule, int steps) {
    auto week = static_cast<int>(schedule.size()) - 1;
    while (week >= 0 && schedule[size_t(week)] == steps - 1)
        schedule[size_t(week--)] = 0;
    if (week < 0)
        return false;
    ++schedule[size_t(week)];
    return true;
}

// `held(week)` (1-based) says the week's price must be the week before's (week 1: the start step).
double bestBySchedules(const MarkdownProblem& problem, const std::vector<double>& prices,
                       double floor, const std::function<bool(int)>& held = {}) {
    const int steps = static_cast<int>(prices.size());
    double best = -std::numeric_limits<double>::infinity();
    std::vector<int> schedule(size_t(problem.weeks), 0);
    for (;;) {
        bool allowed = true;
        int previous = 0, weekNumber = 1;
        for (const int step : schedule) {
            allowed = allowed && step >= previous && prices[size_t(step)] >= floor - 1e-9 &&
                      !(held && held(weekNumber) && step != previous);
            previous = step;
            ++weekNumber;
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
        if (!nextSchedule(schedule, steps))
            return best;
    }
}

// Most units any schedule the rules allow sells, every rule checked from its definition on each
// of steps^weeks schedules; `dropped` names a rule left out (as reachableSellThrough relaxes).
int mostUnitsBySchedules(const MarkdownProblem& problem, const QString& dropped = QString()) {
    const MarkdownRules& r = problem.rules;
    const auto on = [&](const char* rule) { return !dropped.startsWith(QLatin1String(rule)); };
    const int steps = static_cast<int>(problem.ladder.size());
    int best = -1;
    std::vector<int> schedule(size_t(problem.weeks), 0);
    for (;;) {
        bool allowed = true;
        int previous = r.startStep, changes = 0, lastChange = -1000;
        for (int week = 1; week <= problem.weeks; ++week) {
            const int step = schedule[size_t(week - 1)];
            const double price = problem.regularPrice * problem.ladder[size_t(step)];
            if (on("rules.margin_floor") && r.marginFloor > -1.0 &&
                price < problem.unitCost * (1.0 + r.marginFloor) - 1e-9)
                allowed = false;
            if (on("rules.deepest_step") && step > r.deepestStep)
                allowed = false;
            if (on("rules.locks") && r.lockedStep(week - 1) >= 0 && step != r.lockedStep(week - 1))
                allowed = false;
            if (on("rules.monotone") && r.monotone && step < previous)
                allowed = false;
            if (step != previous) {
                if (on("rules.earliest_week") && week < r.earliestWeek)
                    allowed = false;
                if (on("rules.min_weeks_between") && week - lastChange < r.minWeeksBetween)
                    allowed = false;
                ++changes;
                lastChange = week;
            }
            previous = step;
        }
        if (on("rules.max_markdowns") && changes > r.maxMarkdowns)
            allowed = false;
        if (allowed) {
            int stock = problem.inventory;
            for (int week = 0; week < problem.weeks; ++week)
                stock -= std::min(
                    stock, static_cast<int>(std::lround(
                               problem.demand.mean[size_t(week)][size_t(schedule[size_t(week)])])));
            best = std::max(best, problem.inventory - stock);
        }
        if (!nextSchedule(schedule, steps))
            return best;
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

    // No change in the N weeks from the stock's arrival week, each week held by hand, against
    // the planner's fold of the rule into the first week a price may change.
    void noChangeAfterArrival_data() {
        QTest::addColumn<QDate>("received");
        QTest::addColumn<int>("noChangeWeeks");
        QTest::addColumn<int>("arrivalWeek");  // worked by hand; week 1 is from 2024-07-29
        QTest::addRow("no date, 2 weeks") << QDate() << 2 << 1;
        QTest::addRow("received in week 1") << QDate(2024, 7, 31) << 2 << 1;
        QTest::addRow("received the Sunday before") << QDate(2024, 7, 28) << 2 << 0;
        QTest::addRow("received two weeks before") << QDate(2024, 7, 17) << 3 << -1;
        QTest::addRow("received long before") << QDate(2024, 6, 1) << 3 << -8;
        // Stock cannot arrive after it was counted: a later date is the count's week.
        QTest::addRow("received after the count") << QDate(2024, 8, 5) << 1 << 1;
        QTest::addRow("longer than the season") << QDate() << 9 << 1;
        QTest::addRow("no rule") << QDate(2024, 7, 31) << 0 << 1;
    }
    void noChangeAfterArrival() {
        QFETCH(QDate, received);
        QFETCH(int, noChangeWeeks);
        QFETCH(int, arrivalWeek);
        MarkdownProblem problem = tenDollarItem();
        problem.rules.noChangeWeeks = noChangeWeeks;
        holdAfterArrival(problem, QDate(2024, 7, 29), received);
        const std::vector<double> prices{10.0, 8.0, 6.0, 4.5};
        const auto held = [&](int week) {
            return week >= arrivalWeek && week < arrivalWeek + noChangeWeeks;
        };
        const double expected = bestBySchedules(problem, prices, 0.0, held);
        const double plan = optimiseMarkdown(problem).expectedObjective;
        QVERIFY2(std::abs(plan - expected) < 1e-9,
                 qPrintable(QStringLiteral("dp %1, every schedule %2").arg(plan).arg(expected)));
        // Marking down in week 1 is best here, so a hold over week 1 costs money.
        const double free = bestBySchedules(problem, prices, 0.0);
        QCOMPARE(expected < free - 1e-9, held(1));
    }

    void instanceHoldsFromWeekOne() {
        const QByteArray json = R"({"weeks": 4, "inventory": 5, "regular_price": 10,
            "ladder": [1, 0.8], "demand": {"distribution": "deterministic",
            "mean": [[0.4, 2], [0.4, 2], [0.4, 2], [0.4, 2]]}, "rules": {"no_change_weeks": 2}})";
        const MarkdownInstance instance = readMarkdownInstance(json, QStringLiteral("i.json"));
        QCOMPARE(instance.problem.rules.earliestWeek, 3);
        // Nothing sells at full price: held for weeks 1 and 2, then 4 units at 8.00 (40 without).
        const MarkdownPlan plan = optimiseMarkdown(instance.problem);
        QCOMPARE(plan.expectedObjective, 32.0);
        for (const PlannedWeek& week : plan.schedule)
            QCOMPARE(week.step, week.week < 3 ? 0 : 1);
    }

    // An unreachable hard target names the most that can be sold and what each binding rule
    // costs, every figure checked against every schedule.
    void unreachableTargetNamesWhatIsReachable_data() {
        QTest::addColumn<QString>("rules");
        QTest::addColumn<int>("inventory");
        QTest::addColumn<QStringList>("binding");  // the rules a larger share needs relaxed
        QTest::addRow("margin floor")
            << QStringLiteral("floor") << 60 << QStringList{QStringLiteral("rules.margin_floor")};
        QTest::addRow("count, spacing and earliest week")
            << QStringLiteral("timing") << 60 << QStringList{QStringLiteral("rules.earliest_week")};
        QTest::addRow("locked weeks")
            << QStringLiteral("locks") << 60
            << QStringList{QStringLiteral("rules.locks"), QStringLiteral("rules.monotone")};
        QTest::addRow("the demand") << QStringLiteral("none") << 500 << QStringList();
    }
    void unreachableTargetNamesWhatIsReachable() {
        QFETCH(QString, rules);
        QFETCH(int, inventory);
        QFETCH(QStringList, binding);
        MarkdownProblem problem = tenDollarItem();
        problem.weeks = 5;
        problem.inventory = inventory;
        problem.demand.mean.push_back({2.0, 5.0, 7.0, 12.0});
        MarkdownRules& r = problem.rules;
        r.targetSellThrough = 0.99;
        if (rules == QLatin1String("floor"))
            r.marginFloor = 0.3;  // 5.20: the deepest step (4.50) is out
        if (rules == QLatin1String("timing")) {
            r.maxMarkdowns = 1;
            r.minWeeksBetween = 2;
            r.earliestWeek = 3;
        }
        if (rules == QLatin1String("locks"))
            r.lockedSteps = {-1, 0, -1, 1, -1};  // full price in week 2, step 1 in week 4
        const double stock = inventory;
        const Reachability reach = reachableSellThrough(problem);
        QCOMPARE(reach.units, double(mostUnitsBySchedules(problem)));
        QStringList named;
        for (const RelaxedRule& relaxed : reach.without) {
            named << relaxed.rule.section(u' ', 0, 0);
            QCOMPARE(relaxed.sellThrough, mostUnitsBySchedules(problem, relaxed.rule) / stock);
        }
        QCOMPARE(named, binding);
        // A rule left unnamed sells no more when dropped.
        for (const char* rule :
             {"rules.margin_floor", "rules.deepest_step", "rules.locks", "rules.max_markdowns",
              "rules.min_weeks_between", "rules.earliest_week", "rules.monotone"})
            if (!named.contains(QLatin1String(rule)))
                QCOMPARE(mostUnitsBySchedules(problem, QLatin1String(rule)), int(reach.units));
        try {
            optimiseOrExplain(problem);
            QFAIL("an unreachable target was planned");
        } catch (const mb::Error& error) {
            const QString share =
                QString::number(std::floor(1000.0 * reach.units / stock) / 10.0, 'f', 1);
            QVERIFY2(error.message().contains(QStringLiteral("at most %1% can be sold").arg(share)),
                     qPrintable(error.message()));
            for (const QString& rule : binding)
                QVERIFY2(error.message().contains(QStringLiteral("without ") + rule),
                         qPrintable(error.message()));
            QCOMPARE(error.message().contains(QStringLiteral("no single rule limits it")),
                     binding.isEmpty());
        }
        // A target at the reachable share is met.
        r.targetSellThrough = std::floor(1000.0 * reach.units / stock) / 1000.0;
        QVERIFY(optimiseOrExplain(problem).expectedSellThrough >= r.targetSellThrough - 1e-12);
    }

    // All or nothing across a small cluster: one schedule for both stores (so both mark down in
    // the same weeks), its figures exactly each store's own stock and demand under it, and the
    // schedule itself no better than the best of every shared schedule (the approximation).
    void allOrNothingAcrossACluster() {
        MarkdownProblem small = tenDollarItem();
        small.inventory = 12;
        MarkdownProblem large = tenDollarItem();
        large.inventory = 30;
        large.regularPrice = 12.0;
        large.unitCost = 5.0;
        for (auto& row : large.demand.mean)
            row = {row[0] * 2.0, row[1] * 1.5, row[2] * 1.2, row[3]};
        const std::vector<MarkdownProblem> stores{small, large};
        const MarkdownProblem pooled = poolProblems(stores);
        std::vector<int> steps;
        for (const PlannedWeek& week : optimiseMarkdown(pooled).schedule)
            steps.push_back(week.step);
        const MarkdownPlan shared = sharedSchedulePlan(pooled, stores, {QString(), steps});
        // Each store on its own stock, week by week, from the definition.
        const auto byHand = [](const MarkdownProblem& store, const std::vector<int>& schedule) {
            int stock = store.inventory;
            double money = 0.0;
            for (int week = 0; week < store.weeks; ++week) {
                const int step = schedule[size_t(week)];
                const int sold = std::min(
                    stock, int(std::lround(store.demand.mean[size_t(week)][size_t(step)])));
                money += sold * (store.regularPrice * store.ladder[size_t(step)] - store.unitCost);
                stock -= sold;
            }
            return money + stock * store.salvageValue;
        };
        QVERIFY(std::abs(shared.expectedObjective - (byHand(small, steps) + byHand(large, steps))) <
                1e-9);
        double best = -std::numeric_limits<double>::infinity();
        std::vector<int> schedule(size_t(small.weeks), 0);
        for (int code = 0; code < 256; ++code) {  // 4 steps ^ 4 weeks
            for (int week = 0, rest = code; week < small.weeks; ++week, rest /= 4)
                schedule[size_t(week)] = rest % 4;
            if (std::is_sorted(schedule.begin(), schedule.end()))
                best = std::max(best, byHand(small, schedule) + byHand(large, schedule));
        }
        QVERIFY(shared.expectedObjective <= best + 1e-9);
        qInfo("all or nothing: pooled-plan schedule %.2f, best shared schedule %.2f",
              shared.expectedObjective, best);
    }

    // The season plan under all or nothing: every store of a product's cluster changes price in
    // the same weeks to the same step, and no P10/P90 is shown for a shared schedule's sums.
    void allOrNothingSeasonPlan() {
        const QString rules = mbtest::writeTestFile(
            dir_, QStringLiteral("all-or-nothing.json"),
            R"({"objective": "revenue", "schedule_per": "cluster", "all_or_nothing": true,
                "simulations": 20})");
        const QString out = dir_.filePath(QStringLiteral("all-or-nothing-plan.csv"));
        const QString items = dir_.filePath(QStringLiteral("all-or-nothing-items.csv"));
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("markdown"), project_, QStringLiteral("--exit-week"),
                            QStringLiteral("2024-09-16"), QStringLiteral("--rules"), rules,
                            QStringLiteral("--out"), out, QStringLiteral("--items"), items,
                            QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        // Without markdowns each store sells from its own stock either way: the shared plan's
        // no-markdown baseline is exactly the per-store plan's (pooled stock would sell more).
        const QString perStore = mbtest::writeTestFile(dir_, QStringLiteral("per-store.json"),
                                                       R"({"objective": "revenue"})");
        const mbtest::CliRun stores = mbtest::runCli(
            {QStringLiteral("markdown"), project_, QStringLiteral("--exit-week"),
             QStringLiteral("2024-09-16"), QStringLiteral("--rules"), perStore,
             QStringLiteral("--out"), dir_.filePath(QStringLiteral("per-store-plan.csv")),
             QStringLiteral("--json")});
        QVERIFY2(stores.exitCode == 0, stores.err.constData());
        const double none = stores.json()[QStringLiteral("no_markdown_objective")].toDouble();
        QVERIFY(std::abs(run.json()[QStringLiteral("no_markdown_objective")].toDouble() - none) <
                1e-6 * none);
        int shared = 0;
        for (const auto& row : mbtest::readCsvRows(items))
            if (row[QStringLiteral("store")].contains(u' ')) {
                ++shared;
                QVERIFY(row[QStringLiteral("p10_objective")].isEmpty());
            }
        QVERIFY(shared > 0);
        QHash<QString, QHash<QString, QStringList>> changes;
        for (const auto& row : mbtest::readCsvRows(out))
            changes[row[QStringLiteral("product")] + u'/' +
                    row[QStringLiteral("shared_with_cluster")]][row[QStringLiteral("store")]]
                .append(row[QStringLiteral("week")] + u':' + row[QStringLiteral("step")]);
        QVERIFY(!changes.isEmpty());
        for (const auto& byStore : changes)
            for (const QStringList& other : byStore)
                QCOMPARE(other, byStore.begin().value());
        try {
            readPlanningRules(R"({"all_or_nothing": true})", QStringLiteral("r.json"));
            QFAIL("all or nothing without clusters was accepted");
        } catch (const mb::Error& error) {
            QVERIFY2(error.message().startsWith(QStringLiteral(
                         "r.json: all_or_nothing: expected false unless \"schedule_per\"")),
                     qPrintable(error.message()));
        }
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

    // One product with its own exit date: its items plan exactly as a run that exits then, the
    // others exactly as before, and the summary adds them up. Then stock received the week
    // before the count holds the price for rules.no_change_weeks from that week.
    void itemsKeepTheirOwnExitAndArrival() {
        const QString folder = dir_.filePath(QStringLiteral("exits"));
        QVERIFY(mbtest::runCli({QStringLiteral("demo"), folder}).exitCode == 0);
        const QString project = folder + QStringLiteral("/demo.merchbench");
        const QString rules =
            mbtest::writeTestFile(dir_, QStringLiteral("exit-rules.json"),
                                  R"({"objective": "revenue", "rules": {"max_markdowns": 2}})");
        const auto plan = [&](const QString& name, const QString& exit) {
            const QString out = dir_.filePath(name + QStringLiteral("-plan.csv"));
            const QString items = dir_.filePath(name + QStringLiteral("-items.csv"));
            const mbtest::CliRun run =
                mbtest::runCli({QStringLiteral("markdown"), project, QStringLiteral("--exit-week"),
                                exit, QStringLiteral("--rules"), rules, QStringLiteral("--out"),
                                out, QStringLiteral("--items"), items, QStringLiteral("--json")});
            if (run.exitCode != 0)
                qWarning("%s", run.err.constData());
            return std::make_tuple(run.json(), mbtest::readCsvRows(items),
                                   mbtest::readCsvRows(out));
        };
        const auto [summary0, items0, changes0] =
            plan(QStringLiteral("long"), QStringLiteral("2024-09-16"));
        const auto [summaryShort, itemsShort, changesShort] =
            plan(QStringLiteral("short"), QStringLiteral("2024-08-26"));
        QVERIFY(!items0.isEmpty() && !changes0.isEmpty());
        const QString product = items0.front()[QStringLiteral("product")];
        const QString exits =
            mbtest::writeTestFile(dir_, QStringLiteral("exits.csv"),
                                  "product,exit_date\n" + product.toUtf8() + ",2024-08-28\n");
        const mbtest::CliRun imported =
            mbtest::runCli({QStringLiteral("import"), project, exits, QStringLiteral("--kind"),
                            QStringLiteral("products")});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        const auto [summary, items, changes] =
            plan(QStringLiteral("own"), QStringLiteral("2024-09-16"));

        // Items by product@store; the product's own rows must match the short run's.
        const auto key = [](const QHash<QString, QString>& row) {
            return row[QStringLiteral("product")] + u'@' + row[QStringLiteral("store")];
        };
        QHash<QString, QHash<QString, QString>> expectedItems;
        for (const auto& row : items0)
            if (row[QStringLiteral("product")] != product)
                expectedItems.insert(key(row), row);
        int own = 0;
        for (const auto& row : itemsShort)
            if (row[QStringLiteral("product")] == product) {
                expectedItems.insert(key(row), row);
                ++own;
            }
        QVERIFY(own > 0);
        QCOMPARE(items.size(), items0.size());
        double sum = 0.0;
        for (const auto& row : items) {
            const auto& expected = expectedItems[key(row)];
            const bool mine = row[QStringLiteral("product")] == product;
            QCOMPARE(row[QStringLiteral("exit_week")],
                     mine ? QStringLiteral("2024-08-26") : QStringLiteral("2024-09-16"));
            for (const char* column : {"expected_objective", "no_markdown_objective",
                                       "expected_units", "markdowns", "status"})
                QCOMPARE(row[QLatin1String(column)], expected[QLatin1String(column)]);
            sum += row[QStringLiteral("expected_objective")].toDouble();
        }
        QCOMPARE(summary[QStringLiteral("items_with_own_exit")].toInt(), own);
        QCOMPARE(summary[QStringLiteral("weeks")].toInt(),
                 summary0[QStringLiteral("weeks")].toInt());
        QVERIFY(std::abs(summary[QStringLiteral("expected_objective")].toDouble() - sum) <
                1e-6 * std::max(1.0, sum));
        // The price changes: the product's from the short run, the rest from the long one.
        const auto listed = [&](const QList<QHash<QString, QString>>& rows, bool mine) {
            QStringList out;
            for (const auto& row : rows)
                if ((row[QStringLiteral("product")] == product) == mine)
                    out << key(row) + u' ' + row[QStringLiteral("week")] + u' ' +
                               row[QStringLiteral("new_price")];
            return out;
        };
        QCOMPARE(listed(changes, true), listed(changesShort, true));
        QCOMPARE(listed(changes, false), listed(changes0, false));
        for (const QString& change : listed(changes, true))
            QVERIFY2(change.section(u' ', 1, 1) <= QStringLiteral("2024-08-26"),
                     qPrintable(change));

        // Stock of the product received on 2024-07-24, the week before the count's week (week 0):
        // held in weeks 0 to 2 under 3 no-change weeks; the rest from week 1, held to week 3.
        QString inventory = QStringLiteral("store,product,date,on_hand,received_date\n");
        {
            const auto db = mb::data::Project::open(project);
            mb::data::Statement rows(db->db(),
                                     "SELECT store, product, date, on_hand FROM inventory WHERE "
                                     "product = ?1 AND date = (SELECT max(date) FROM inventory)");
            rows.bind(1, product);
            while (rows.step())
                inventory += QStringLiteral("%1,%2,%3,%4,2024-07-24\n")
                                 .arg(rows.text(0), rows.text(1), rows.text(2).left(10))
                                 .arg(rows.real(3));
        }
        const QString received =
            mbtest::writeTestFile(dir_, QStringLiteral("received.csv"), inventory.toUtf8());
        QVERIFY(mbtest::runCli({QStringLiteral("import"), project, received,
                                QStringLiteral("--kind"), QStringLiteral("inventory")})
                    .exitCode == 0);
        const QString held = mbtest::writeTestFile(
            dir_, QStringLiteral("held-rules.json"),
            R"({"objective": "revenue", "rules": {"max_markdowns": 2, "no_change_weeks": 3}})");
        const QString heldPlan = dir_.filePath(QStringLiteral("held-plan.csv"));
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("markdown"), project, QStringLiteral("--exit-week"),
                            QStringLiteral("2024-09-16"), QStringLiteral("--rules"), held,
                            QStringLiteral("--out"), heldPlan});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto heldRows = mbtest::readCsvRows(heldPlan);
        QVERIFY(!heldRows.isEmpty());
        for (const auto& row : heldRows) {
            const QDate first =
                row[QStringLiteral("product")] == product ? QDate(2024, 8, 12) : QDate(2024, 8, 19);
            QVERIFY2(QDate::fromString(row[QStringLiteral("week")], Qt::ISODate) >= first,
                     qPrintable(key(row) + u' ' + row[QStringLiteral("week")]));
        }
    }
};

QTEST_GUILESS_MAIN(TestMarkdownRules)
#include "tst_markdownrules.moc"
