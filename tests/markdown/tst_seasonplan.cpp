// merchbench-cli markdown on the demo project as a merchandiser runs it: every price change
// obeys the rules, prices sit on the ladder, the plan is never worse than the baselines the
// rules allow, the run and its decisions are recorded; bad input changes nothing.
#include "CliRun.h"
#include "CsvRows.h"

#include "data/Project.h"
#include "data/Sqlite.h"
#include "markdown/MarkdownPlanJob.h"
#include "markdown/PlanningRules.h"
#include "markdown/SeasonPlanner.h"

#include "common/Error.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>

namespace {

const char* const rulesJson = R"({
  "ladder": [1.0, 0.85, 0.7, 0.55, 0.4], "objective": "margin", "salvage_share_of_cost": 0.25,
  "rules": {"monotone": true, "max_markdowns": 2, "min_weeks_between": 3, "earliest_week": 2},
  "simulations": 50, "seed": 3
})";

}  // namespace

class TestSeasonPlan : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString project_;

    QString write(const QString& name, const QByteArray& content) {
        QFile file(dir_.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write");
        file.write(content);
        return file.fileName();
    }

private Q_SLOTS:
    void initTestCase() {
        const mbtest::CliRun demo = mbtest::runCli({QStringLiteral("demo"), dir_.path()});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        project_ = dir_.filePath(QStringLiteral("demo.merchbench"));
    }

    void planObeysTheRules() {
        const QString rules = write(QStringLiteral("rules.json"), rulesJson);
        const QString plan = dir_.filePath(QStringLiteral("plan.csv"));
        const QString items = dir_.filePath(QStringLiteral("items.csv"));
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("markdown"), project_, QStringLiteral("--exit-week"),
                            QStringLiteral("2024-09-18"), QStringLiteral("--rules"), rules,
                            QStringLiteral("--out"), plan, QStringLiteral("--items"), items,
                            QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject summary = run.json();
        QCOMPARE(summary[QStringLiteral("weeks")].toInt(), 8);  // 2024-07-29 .. the 16th's week
        QCOMPARE(summary[QStringLiteral("first_week")].toString(), QStringLiteral("2024-07-29"));
        const int itemCount = summary[QStringLiteral("items")].toInt();
        QVERIFY(itemCount > 0);
        QCOMPARE(summary[QStringLiteral("items_planned")].toInt(), itemCount);
        // Every grid rule and "no markdown" obey these rules or break only the spacing and
        // earliest-week rules, so the optimum can fall below them only through those rules:
        // the no-markdown schedule obeys every rule and must never beat the plan.
        const double planned = summary[QStringLiteral("expected_objective")].toDouble();
        QVERIFY(planned >= summary[QStringLiteral("no_markdown_objective")].toDouble() - 1e-6);

        const auto itemRows = mbtest::readCsvRows(items);
        QCOMPARE(itemRows.size(), itemCount);
        QHash<QString, double> regular;
        double sum = 0.0;
        for (const auto& row : itemRows) {
            regular.insert(row[QStringLiteral("product")] + u'@' + row[QStringLiteral("store")],
                           row[QStringLiteral("regular_price")].toDouble());
            sum += row[QStringLiteral("expected_objective")].toDouble();
            QVERIFY(row[QStringLiteral("expected_objective")].toDouble() >=
                    row[QStringLiteral("no_markdown_objective")].toDouble() - 1e-6);
            const double p10 = row[QStringLiteral("p10_objective")].toDouble();
            const double p90 = row[QStringLiteral("p90_objective")].toDouble();
            QVERIFY(p10 <= p90);
        }
        QVERIFY(std::abs(sum - planned) < 1e-6 * std::max(1.0, std::abs(planned)));

        const std::vector<double> ladder{1.0, 0.85, 0.7, 0.55, 0.4};
        QHash<QString, QList<QPair<QDate, int>>> changes;
        const auto planRows = mbtest::readCsvRows(plan);
        for (const auto& row : planRows) {
            const QString item =
                row[QStringLiteral("product")] + u'@' + row[QStringLiteral("store")];
            QVERIFY2(regular.contains(item), qPrintable(item));
            const int step = row[QStringLiteral("step")].toInt();
            QVERIFY(step >= 1 && step < 5);
            QVERIFY(std::abs(row[QStringLiteral("new_price")].toDouble() -
                             regular[item] * ladder[size_t(step)]) <= 0.005 + 1e-9);
            changes[item].append(
                {QDate::fromString(row[QStringLiteral("week")], Qt::ISODate), step});
        }
        for (auto it = changes.begin(); it != changes.end(); ++it) {
            const auto& list = it.value();
            QVERIFY2(list.size() <= 2, qPrintable(it.key()));  // max_markdowns
            for (int i = 0; i < list.size(); ++i) {
                QVERIFY(list[i].first > QDate(2024, 7, 29));  // earliest week 2
                QCOMPARE(list[i].first.dayOfWeek(), 1);
                if (i > 0) {
                    QVERIFY(list[i].second > list[i - 1].second);            // monotone
                    QVERIFY(list[i - 1].first.daysTo(list[i].first) >= 21);  // 3 weeks apart
                }
            }
        }
        // The run and one decision per price change are in the project.
        const auto project = mb::data::Project::open(project_);
        const qint64 runId = summary[QStringLiteral("run_id")].toInteger();
        QCOMPARE(mb::data::queryInt(
                     project->db(),
                     QStringLiteral("SELECT count(*) FROM decisions WHERE run_id = %1 AND kind = "
                                    "'price_change'")
                         .arg(runId)
                         .toStdString()),
                 qint64(planRows.size()));
        QCOMPARE(mb::data::queryInt(project->db(),
                                    QStringLiteral("SELECT count(*) FROM runs WHERE id = %1 AND "
                                                   "status = 'finished' AND analysis = 'markdown'")
                                        .arg(runId)
                                        .toStdString()),
                 qint64(1));
        QVERIFY(QFile::exists(dir_.filePath(QStringLiteral("plan.params.json"))));
    }

    // The plan's demand sees stock-outs as `demand` does: a weekly stock count at or below a
    // week's sales marks that week sold out (censored) in the history the plan fits, and the
    // counts, all before the season's stock date, leave the season as it was.
    void planSeesStockOuts() {
        const QString project = dir_.filePath(QStringLiteral("stockouts.merchbench"));
        QFile::remove(project);
        QVERIFY(QFile::copy(project_, project));
        mb::markdown::MarkdownPlanRequest request;
        request.exitWeek = QDate(2024, 9, 18);
        const auto opened = mb::data::Project::open(project);
        const mb::markdown::MarkdownPlanInputs before =
            mb::markdown::loadMarkdownPlan(*opened, request);
        const auto soldOutWeeks = [](const mb::markdown::MarkdownPlanInputs& inputs) {
            int count = 0;
            for (const auto& series : inputs.history.series)
                for (const auto& week : series.weeks)
                    count += week.soldOut ? 1 : 0;
            return count;
        };
        QCOMPARE(soldOutWeeks(before), 0);
        // Every discounted week of one clearance item opened with exactly what it sold.
        mb::data::exec(opened->db(),
                       "INSERT INTO inventory(store, product, date, on_hand) "
                       "SELECT store, product, substr(week, 1, 10), units FROM sales "
                       "WHERE product = 'P026' AND store = 'S0001' AND units > 0 "
                       "AND price < regular_price");
        const std::int64_t marked = mb::data::queryInt(
            opened->db(),
            "SELECT COUNT(*) FROM sales WHERE product = 'P026' AND store = 'S0001' "
            "AND units > 0 AND price < regular_price");
        QVERIFY(marked > 0);
        const mb::markdown::MarkdownPlanInputs after =
            mb::markdown::loadMarkdownPlan(*opened, request);
        QCOMPARE(after.season.stockDate, before.season.stockDate);
        QCOMPARE(after.season.items.size(), before.season.items.size());
        QCOMPARE(soldOutWeeks(after), int(marked));
        QVERIFY(after.history.stockCounts > before.history.stockCounts);
    }

    // "markdown_budget" caps the season's expected markdown spend over every item: recomputed
    // from the items file (regular price x expected units - expected revenue), it stays within
    // each budget, never rises as the budget tightens, and the objective never beats the plan
    // without a budget; the budget is recorded and a replay spends the same.
    void budgetCapsTheSeasonSpend() {
        const auto plan = [&](const QString& name, double budget) {
            QJsonObject rules = QJsonDocument::fromJson(rulesJson).object();
            if (budget >= 0.0)
                rules[QStringLiteral("markdown_budget")] = budget;
            const QString rulesPath =
                write(name + QStringLiteral(".json"), QJsonDocument(rules).toJson());
            const QString items = dir_.filePath(name + QStringLiteral("-items.csv"));
            const mbtest::CliRun run = mbtest::runCli(
                {QStringLiteral("markdown"), project_, QStringLiteral("--exit-week"),
                 QStringLiteral("2024-09-18"), QStringLiteral("--rules"), rulesPath,
                 QStringLiteral("--out"), dir_.filePath(name + QStringLiteral(".csv")),
                 QStringLiteral("--items"), items, QStringLiteral("--json")});
            if (run.exitCode != 0)
                qWarning("%s", run.err.constData());
            QJsonObject summary = run.json();
            double spend = 0.0;
            for (const auto& row : mbtest::readCsvRows(items))
                if (row[QStringLiteral("status")] == QLatin1String("planned"))
                    spend += row[QStringLiteral("regular_price")].toDouble() *
                                 row[QStringLiteral("expected_units")].toDouble() -
                             row[QStringLiteral("expected_revenue")].toDouble();
            summary[QStringLiteral("spend_from_items")] = spend;
            return summary;
        };
        const QJsonObject free = plan(QStringLiteral("budget-none"), -1.0);
        const double freeSpend = free[QStringLiteral("markdown_spend")].toDouble();
        const double freeObjective = free[QStringLiteral("expected_objective")].toDouble();
        QVERIFY2(freeSpend > 0.0, "the demo's plan should mark something down");
        QVERIFY(std::abs(free[QStringLiteral("spend_from_items")].toDouble() - freeSpend) <=
                1e-6 * (1.0 + freeSpend));
        double previous = freeSpend;
        for (const double share : {2.0, 0.7, 0.4, 0.1, 0.0}) {
            const double budget = share * freeSpend;
            const QJsonObject summary =
                plan(QStringLiteral("budget-%1").arg(int(share * 10)), budget);
            const double spend = summary[QStringLiteral("markdown_spend")].toDouble();
            QVERIFY(std::abs(summary[QStringLiteral("spend_from_items")].toDouble() - spend) <=
                    1e-6 * (1.0 + spend));
            QVERIFY2(spend <= budget + 1e-6,
                     qPrintable(QStringLiteral("spend %1, budget %2").arg(spend).arg(budget)));
            QVERIFY(spend <= previous + 1e-6);
            previous = spend;
            const double objective = summary[QStringLiteral("expected_objective")].toDouble();
            QVERIFY(objective <= freeObjective + 1e-6);
            QCOMPARE(summary[QStringLiteral("markdown_budget")].toDouble(), budget);
            QVERIFY(summary[QStringLiteral("gap_bound")].toDouble() >= 0.0);
            const bool binds = share < 1.0;
            QCOMPARE(summary[QStringLiteral("budget_binds")].toBool(), binds);
            const QJsonArray warnings = summary[QStringLiteral("warnings")].toArray();
            QCOMPARE(std::any_of(warnings.begin(), warnings.end(),
                                 [](const QJsonValue& warning) {
                                     return warning.toString().contains(
                                         QStringLiteral("markdown budget"));
                                 }),
                     binds);
            if (!binds) {
                QCOMPARE(summary[QStringLiteral("gap_bound")].toDouble(), 0.0);
                QCOMPARE(objective, freeObjective);
                continue;
            }
            QVERIFY(summary[QStringLiteral("lambda")].toDouble() > 0.0);
            // Recorded with its budget, the run replays to the same spend.
            const mbtest::CliRun request =
                mbtest::runCli({QStringLiteral("request"), project_,
                                QString::number(summary[QStringLiteral("run_id")].toInteger())});
            QVERIFY2(request.exitCode == 0, request.err.constData());
            QVERIFY(request.out.contains("markdown_budget"));
            const QString replayFile = write(QStringLiteral("budget-replay.json"), request.out);
            const mbtest::CliRun replay = mbtest::runCli(
                {QStringLiteral("run"), replayFile, QStringLiteral("--project"), project_,
                 QStringLiteral("--out"), dir_.filePath(QStringLiteral("budget-replay")),
                 QStringLiteral("--json")});
            QVERIFY2(replay.exitCode == 0, replay.err.constData());
            const QJsonObject replayed = replay.json()[QStringLiteral("result")].toObject();
            QCOMPARE(replayed[QStringLiteral("markdown_spend")].toDouble(), spend);
            QCOMPARE(replayed[QStringLiteral("expected_objective")].toDouble(), objective);
        }
    }

    // The user's own plan is judged item by item under the same model: the optimiser's own
    // path taken as a fixed plan can never beat its adaptive policy, an empty plan is exactly
    // "no markdown", and a discount, a step and a price that name the same ladder step agree.
    void userPlanIsJudgedLikeThePlan() {
        const QString rules = write(QStringLiteral("user-rules.json"), rulesJson);
        const QString plan = dir_.filePath(QStringLiteral("own-plan.csv"));
        const auto runWith = [&](const QString& userPlan, const QString& items) {
            return mbtest::runCli({QStringLiteral("markdown"), project_,
                                   QStringLiteral("--exit-week"), QStringLiteral("2024-09-18"),
                                   QStringLiteral("--rules"), rules, QStringLiteral("--out"), plan,
                                   QStringLiteral("--items"), items, QStringLiteral("--user-plan"),
                                   userPlan, QStringLiteral("--json")});
        };
        // A plan without a change compares nothing: an error, not a total of regular prices.
        const QString empty = write(QStringLiteral("empty-plan.csv"), "product,store,week,step\n");
        const mbtest::CliRun none = runWith(empty, dir_.filePath(QStringLiteral("i0.csv")));
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(none.err.contains("lists no price change"), none.err.constData());
        const mbtest::CliRun first =
            mbtest::runCli({QStringLiteral("markdown"), project_, QStringLiteral("--exit-week"),
                            QStringLiteral("2024-09-18"), QStringLiteral("--rules"), rules,
                            QStringLiteral("--out"), plan});
        QVERIFY2(first.exitCode == 0, first.err.constData());

        // Copy the plan the first run wrote, so the second run judges it.
        const QString own = dir_.filePath(QStringLiteral("user-own.csv"));
        QFile::remove(own);
        QVERIFY(QFile::copy(plan, own));
        const mbtest::CliRun second = runWith(own, dir_.filePath(QStringLiteral("i1.csv")));
        QVERIFY2(second.exitCode == 0, second.err.constData());
        QSet<QString> listed;
        for (const auto& row : mbtest::readCsvRows(own))
            listed.insert(row[QStringLiteral("product")] + u'@' + row[QStringLiteral("store")]);
        QCOMPARE(second.json()[QStringLiteral("user_plan_items")].toInt(), int(listed.size()));
        QCOMPARE(second.json()[QStringLiteral("user_plan_unmatched_rows")].toInt(), 0);
        const auto items = mbtest::readCsvRows(dir_.filePath(QStringLiteral("i1.csv")));
        QString someItem, someStore;
        for (const auto& row : items) {
            const double user = row[QStringLiteral("user_plan_objective")].toDouble();
            QVERIFY(user <= row[QStringLiteral("expected_objective")].toDouble() + 1e-6);
            const QString item =
                row[QStringLiteral("product")] + u'@' + row[QStringLiteral("store")];
            if (!listed.contains(item)) {
                QVERIFY(std::abs(user - row[QStringLiteral("no_markdown_objective")].toDouble()) <
                        1e-6);
                someItem = row[QStringLiteral("product")];
                someStore = row[QStringLiteral("store")];
            }
        }
        QVERIFY(!someItem.isEmpty());

        // One change for an unlisted item: 30% off from 2024-08-12 is ladder step 2 (0.7).
        const auto judged = [&](const QByteArray& header, const QByteArray& value) {
            const QString file =
                write(QStringLiteral("one.csv"), "product,store,week," + header + "\r\n" +
                                                     someItem.toUtf8() + ',' + someStore.toUtf8() +
                                                     ",2024-08-14," + value + "\r\n");
            const mbtest::CliRun run = runWith(file, dir_.filePath(QStringLiteral("i2.csv")));
            for (const auto& row : mbtest::readCsvRows(dir_.filePath(QStringLiteral("i2.csv"))))
                if (row[QStringLiteral("product")] == someItem &&
                    row[QStringLiteral("store")] == someStore)
                    return row[QStringLiteral("user_plan_objective")].toDouble();
            return -1e300;
        };
        const double byStep = judged("step", "2");
        QVERIFY(byStep > -1e299);
        const double byDiscount = judged("discount", "30%");
        QCOMPARE(byDiscount, byStep);
        QCOMPARE(judged("discount", "0.31"), byStep);  // nearest step
    }

    void userPlanErrorsNameTheCell() {
        const QString bad = write(QStringLiteral("bad-plan.csv"),
                                  "product,store,week,discount\nP001,S01,2024-08-12,0.2\n"
                                  "P001,S01,someday,0.3\n");
        const QString out = dir_.filePath(QStringLiteral("never.csv"));
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("markdown"), project_, QStringLiteral("--exit-week"),
                            QStringLiteral("2024-09-18"), QStringLiteral("--user-plan"), bad,
                            QStringLiteral("--out"), out});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("bad-plan.csv:3:10:") && run.err.contains("someday"),
                 run.err.constData());
        QVERIFY(!QFile::exists(out));
    }

    // With schedule_per cluster every store of a cluster charges the same steps in the same
    // weeks, one plan per product and cluster (clusters read from the stores table here).
    void clusterStoresShareOneSchedule() {
        QByteArray rules = rulesJson;
        rules.replace("\"seed\": 3", "\"seed\": 3, \"schedule_per\": \"cluster\"");
        const QString path = write(QStringLiteral("cluster.json"), rules);
        const QString plan = dir_.filePath(QStringLiteral("cluster-plan.csv"));
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("markdown"), project_, QStringLiteral("--exit-week"),
                            QStringLiteral("2024-09-16"), QStringLiteral("--rules"), path,
                            QStringLiteral("--out"), plan, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto project = mb::data::Project::open(project_);
        QHash<QString, QString> clusterOf;
        mb::data::Statement stores(project->db(), "SELECT store, cluster FROM stores");
        while (stores.step())
            clusterOf.insert(stores.text(0), stores.text(1));
        const qint64 units = mb::data::queryInt(
            project->db(),
            "SELECT count(DISTINCT i.product || '/' || s.cluster) FROM inventory i JOIN stores s "
            "USING (store) WHERE i.on_hand > 0");
        QCOMPARE(qint64(run.json()[QStringLiteral("items")].toInt()), units);
        // product + cluster -> store -> its changes ("week:step"), which must all agree.
        QHash<QString, QHash<QString, QStringList>> changes;
        for (const auto& row : mbtest::readCsvRows(plan)) {
            const QString store = row[QStringLiteral("store")];
            QCOMPARE(row[QStringLiteral("shared_with_cluster")], clusterOf.value(store));
            changes[row[QStringLiteral("product")] + u'/' + clusterOf.value(store)][store].append(
                row[QStringLiteral("week")] + u':' + row[QStringLiteral("step")]);
        }
        QVERIFY(!changes.isEmpty());
        for (const auto& byStore : changes) {
            const QStringList first = byStore.begin().value();
            for (const QStringList& other : byStore)
                QCOMPARE(other, first);
        }
    }

    void poolingTwoStoresAddsDemandAndStock() {
        mb::markdown::MarkdownProblem store;
        store.weeks = 2;
        store.inventory = 10;
        store.regularPrice = 20.0;
        store.unitCost = 8.0;
        store.salvageValue = 2.0;
        store.ladder = {1.0, 0.7};
        store.demand.mean = {{3.0, 5.0}, {2.0, 4.0}};
        mb::markdown::MarkdownProblem other = store;
        other.inventory = 30;
        other.regularPrice = 30.0;
        other.unitCost = 12.0;
        other.demand.mean = {{1.0, 2.0}, {1.0, 1.5}};
        const mb::markdown::MarkdownProblem pooled = mb::markdown::poolProblems({store, other});
        QCOMPARE(pooled.inventory, 40);
        QCOMPARE(pooled.demand.mean[0][1], 7.0);
        QCOMPARE(pooled.demand.mean[1][1], 5.5);
        QCOMPARE(pooled.regularPrice, (20.0 * 3.0 + 30.0 * 1.0) / 4.0);  // by full-price demand
        QCOMPARE(pooled.unitCost, (8.0 * 10 + 12.0 * 30) / 40.0);        // by stock
        QCOMPARE(pooled.demand.distribution, mb::markdown::DemandDistribution::Poisson);
    }

    void badInputIsRefused_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::addRow("exit before stock")
            << QStringList{QStringLiteral("--exit-week"), QStringLiteral("2024-01-01")} << 2
            << QStringLiteral("before the stock date");
        QTest::addRow("not a date")
            << QStringList{QStringLiteral("--exit-week"), QStringLiteral("next friday")} << 1
            << QStringLiteral("--exit-week");
        QTest::addRow("no stock for the store")
            << QStringList{QStringLiteral("--exit-week"), QStringLiteral("2024-09-16"),
                           QStringLiteral("--stores"), QStringLiteral("S9999")}
            << 2 << QStringLiteral("no stock on hand");
    }
    void badInputIsRefused() {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const QString out = dir_.filePath(QStringLiteral("refused.csv"));
        const mbtest::CliRun run =
            mbtest::runCli(QStringList{QStringLiteral("markdown"), project_} + arguments +
                           QStringList{QStringLiteral("--out"), out});
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
        QVERIFY(!QFile::exists(out));
    }

    void rulesFileErrorsNameTheKey_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("key");
        QTest::addRow("unknown key")
            << QByteArray(R"({"ladr": [1, 0.5]})") << QStringLiteral("ladr");
        QTest::addRow("ladder not deeper")
            << QByteArray(R"({"ladder": [1, 0.8, 0.9]})") << QStringLiteral("ladder[2]");
        QTest::addRow("bad objective")
            << QByteArray(R"({"objective": "profit"})") << QStringLiteral("objective");
        QTest::addRow("bad rule") << QByteArray(R"({"rules": {"max_markdowns": -1}})")
                                  << QStringLiteral("rules.max_markdowns");
        QTest::addRow("bad distribution")
            << QByteArray(R"({"distribution": "normal"})") << QStringLiteral("distribution");
        QTest::addRow("broken json")
            << QByteArray("{\"ladder\": [1,\n 0.5") << QStringLiteral("2:");
    }
    void rulesFileErrorsNameTheKey() {
        QFETCH(QByteArray, json);
        QFETCH(QString, key);
        try {
            mb::markdown::readPlanningRules(json, QStringLiteral("r.json"));
            QFAIL("accepted");
        } catch (const mb::Error& error) {
            QVERIFY2(error.message().startsWith(QStringLiteral("r.json")),
                     qPrintable(error.message()));
            QVERIFY2(error.message().contains(key), qPrintable(error.message()));
        }
    }

    void rulesRoundTrip() {
        const mb::markdown::PlanningRules rules =
            mb::markdown::readPlanningRules(rulesJson, QStringLiteral("r.json"));
        const QByteArray again = QJsonDocument(mb::markdown::planningRulesToJson(rules)).toJson();
        const mb::markdown::PlanningRules back =
            mb::markdown::readPlanningRules(again, QStringLiteral("again.json"));
        QCOMPARE(back.ladder, rules.ladder);
        QCOMPARE(back.rules.maxMarkdowns, 2);
        QCOMPARE(back.rules.minWeeksBetween, 3);
        QCOMPARE(back.rules.earliestWeek, 2);
        QCOMPARE(back.salvageShareOfCost, 0.25);
        QCOMPARE(back.simulations, 50);
        QCOMPARE(back.seed, std::uint64_t(3));
    }
};

QTEST_GUILESS_MAIN(TestSeasonPlan)
#include "tst_seasonplan.moc"
