// The markdown plan as a job: its request reads back from JSON exactly (every field, the rules'
// schedule_per included) and a bad field is named; a recorded run replays from its request to
// the same decisions and the same recorded request; prices are whole cents in the list and in
// the decisions alike.
#include "CliRun.h"
#include "CsvRows.h"
#include "ProjectThrough.h"
#include "TestFile.h"

#include "common/Error.h"
#include "common/Progress.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "jobs/RecordedRun.h"
#include "markdown/MarkdownBacktestJob.h"
#include "markdown/MarkdownJson.h"
#include "markdown/MarkdownPlanJob.h"
#include "markdown/MarkdownPlanRequest.h"
#include "markdown/MarkdownSolveJob.h"
#include "markdown/PlanningRules.h"
#include "markdown/PriceChangeList.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace mb;

namespace {

markdown::MarkdownPlanRequest everyFieldSet() {
    markdown::MarkdownPlanRequest request;
    request.exitWeek = QDate(2024, 9, 16);
    request.asOf = QDate(2024, 7, 30);
    request.products = {QStringLiteral("P026"), QStringLiteral("P027")};
    request.stores = {QStringLiteral("S0002")};
    markdown::PlanningRules& rules = request.rules;
    rules.ladder = {1.0, 0.85, 0.7, 0.55, 0.4};
    rules.objective = markdown::MarkdownObjective::Revenue;
    rules.distribution = markdown::PlanningDistribution::NegativeBinomial;
    rules.salvageShareOfCost = 0.3;
    rules.salvageValue = 1.25;
    rules.schedulePerCluster = true;
    // All or nothing is round-tripped in planningRulesKeepSchedulePer: it refuses a budget.
    rules.clusterAllOrNothing = false;
    rules.simulations = 17;
    rules.seed = 99;
    rules.markdownBudget = 1234.5;
    rules.rules.monotone = false;
    rules.rules.maxMarkdowns = 2;
    rules.rules.minWeeksBetween = 1;
    rules.rules.earliestWeek = 2;
    rules.rules.marginFloor = 0.1;
    rules.rules.startStep = 1;
    rules.rules.deepestStep = 3;
    rules.rules.targetSellThrough = 0.8;
    rules.rules.sellThroughPenalty = 2.5;
    rules.rules.minOnHand = 6;
    rules.rules.priceEndingCents = {0, 49, 99};
    rules.rules.noChangeWeeks = 2;
    rules.productLadders = {{QStringLiteral("P026"), {12.99, 9.99, 7.49, 5.0, 2.75}},
                            {QStringLiteral("P027"), {8.0, 6.5, 4.99, 3.33, 1.01}}};
    markdown::UserPriceChange byStep{
        QStringLiteral("P026"), QStringLiteral("S0002"), QDate(2024, 8, 12), 2, -1.0, -1.0, 2};
    markdown::UserPriceChange byDiscount{
        QStringLiteral("P027"), QStringLiteral("S0002"), QDate(2024, 8, 19), -1, 0.3, -1.0, 3};
    markdown::UserPriceChange byPrice{
        QStringLiteral("P027"), QStringLiteral("S0002"), QDate(2024, 9, 2), -1, -1.0, 4.99, 4};
    request.userPlan = std::vector<markdown::UserPriceChange>{byStep, byDiscount, byPrice};
    request.userPlanName = QStringLiteral("own-plan.csv");
    return request;
}

const char* const kInstance = R"({
  "weeks": 4, "inventory": 12, "regular_price": 40.0, "unit_cost": 18.0, "salvage_value": 5.0,
  "ladder": [1.0, 0.8, 0.6],
  "demand": {"distribution": "poisson",
             "mean": [[2, 3, 4.5], [2, 3, 4.5], [1.5, 2.5, 4], [1, 2, 3.5]]},
  "rules": {"monotone": true, "max_markdowns": 2, "min_weeks_between": 2, "earliest_week": 2,
            "min_on_hand": 3},
  "objective": "margin", "simulations": 300, "seed": 7
})";

qint64 count(const QString& project, const std::string& sql) {
    return data::queryInt(data::Project::open(project)->db(), sql);
}

// (subject, payload) of every decision of a run, in the order they were recorded.
QStringList decisions(const QString& project, qint64 runId) {
    const auto opened = data::Project::open(project);
    data::Statement select(opened->db(),
                           "SELECT subject || ' ' || payload FROM decisions WHERE run_id = ?1 "
                           "ORDER BY id");
    select.bind(1, static_cast<std::int64_t>(runId));
    QStringList rows;
    while (select.step())
        rows << select.text(0);
    return rows;
}

QJsonObject recordedParameters(const QString& project, qint64 runId) {
    const auto opened = data::Project::open(project);
    data::Statement select(opened->db(), "SELECT parameters FROM runs WHERE id = ?1");
    select.bind(1, static_cast<std::int64_t>(runId));
    return select.step() ? QJsonDocument::fromJson(select.text(0).toUtf8()).object()
                         : QJsonObject();
}

}  // namespace

class TestMarkdownJobs : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString project_;

    QString write(const QString& name, const QByteArray& content) {
        return mbtest::writeTestFile(dir_, name, content);
    }

    // `request PROJECT RUN_ID` then `run` of it on the same project, into `folder`.
    QJsonObject replay(qint64 runId, const QString& folder) {
        const mbtest::CliRun request =
            mbtest::runCli({QStringLiteral("request"), project_, QString::number(runId)});
        if (request.exitCode != 0)
            qWarning("%s", request.err.constData());
        const QString path = write(folder + QStringLiteral(".json"), request.out);
        const mbtest::CliRun run = mbtest::runCli(
            {QStringLiteral("run"), path, QStringLiteral("--project"), project_,
             QStringLiteral("--out"), dir_.filePath(folder), QStringLiteral("--json")});
        if (run.exitCode != 0)
            qWarning("%s", run.err.constData());
        return run.json();
    }

private Q_SLOTS:
    void initTestCase() {
        const mbtest::CliRun demo = mbtest::runCli({QStringLiteral("demo"), dir_.path()});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        project_ = dir_.filePath(QStringLiteral("demo.merchbench"));
    }

    void requestRoundTripsEveryField() {
        const markdown::MarkdownPlanRequest request = everyFieldSet();
        QVERIFY(!(request == markdown::MarkdownPlanRequest()));
        const QJsonObject json = request.toJson();
        QCOMPARE(json[QStringLiteral("analysis")].toString(), QStringLiteral("markdown"));
        QVERIFY(markdown::MarkdownPlanRequest::fromJson(json) == request);
        // Through text, as `request` prints it and `run` reads it.
        const QJsonObject text = QJsonDocument::fromJson(QJsonDocument(json).toJson()).object();
        QVERIFY(markdown::MarkdownPlanRequest::fromJson(text) == request);
        // An empty user plan is a plan of its own (an error later), not "no plan".
        markdown::MarkdownPlanRequest empty = request;
        empty.userPlan->clear();
        QVERIFY(markdown::MarkdownPlanRequest::fromJson(empty.toJson()).userPlan.has_value());
        empty.userPlan.reset();
        QVERIFY(!markdown::MarkdownPlanRequest::fromJson(empty.toJson()).userPlan.has_value());
    }

    void planningRulesKeepSchedulePer_data() {
        QTest::addColumn<bool>("perCluster");
        QTest::newRow("cluster") << true;
        QTest::newRow("store") << false;
    }
    void planningRulesKeepSchedulePer() {
        QFETCH(bool, perCluster);
        markdown::PlanningRules rules = everyFieldSet().rules;
        rules.schedulePerCluster = perCluster;
        rules.clusterAllOrNothing = perCluster;  // all or nothing needs clusters
        if (perCluster) {
            // ... and plans without a budget: together they are refused, naming the budget.
            const QByteArray both = QJsonDocument(markdown::planningRulesToJson(rules)).toJson();
            try {
                markdown::readPlanningRules(both, QStringLiteral("t"));
                QFAIL("a budget with all or nothing was accepted");
            } catch (const mb::Error& error) {
                QVERIFY(error.message().contains(QStringLiteral("markdown_budget")));
            }
            rules.markdownBudget = -1.0;
        }
        const QJsonObject json = markdown::planningRulesToJson(rules);
        QCOMPARE(json[QStringLiteral("schedule_per")].toString(),
                 perCluster ? QStringLiteral("cluster") : QStringLiteral("store"));
        QVERIFY(markdown::readPlanningRules(QJsonDocument(json).toJson(), QStringLiteral("t")) ==
                rules);
        // The defaults read back too (salvage by share, no value).
        const markdown::PlanningRules defaults;
        QVERIFY(markdown::readPlanningRules(
                    QJsonDocument(markdown::planningRulesToJson(defaults)).toJson(),
                    QStringLiteral("t")) == defaults);
    }

    void badFieldIsNamed_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("named");
        QTest::newRow("exit week") << "exit_week" << QJsonValue("2024-13-01") << "exit_week";
        QTest::newRow("as of") << "as_of" << QJsonValue(20240701) << "as_of";
        QTest::newRow("products") << "products" << QJsonValue("P026") << "products";
        QTest::newRow("rule") << "rules"
                              << QJsonValue(
                                     QJsonObject{{"rules", QJsonObject{{"max_markdowns", -1}}}})
                              << "max_markdowns";
        QTest::newRow("min on hand")
            << "rules" << QJsonValue(QJsonObject{{"rules", QJsonObject{{"min_on_hand", -2}}}})
            << "rules.min_on_hand";
        QTest::newRow("price ending")
            << "rules"
            << QJsonValue(QJsonObject{{"rules", QJsonObject{{"price_endings", QJsonArray{1.5}}}}})
            << "rules.price_endings[0]";
        QTest::newRow("product ladder")
            << "rules"
            << QJsonValue(QJsonObject{{"product_ladders", QJsonObject{{"P026", QJsonArray{5.0}}}}})
            << "product_ladders.P026";
        QTest::newRow("schedule per")
            << "rules" << QJsonValue(QJsonObject{{"schedule_per", "region"}}) << "schedule_per";
        QTest::newRow("markdown budget")
            << "rules" << QJsonValue(QJsonObject{{"markdown_budget", -100}})
            << "markdown_budget: expected a number from 0";
        QTest::newRow("user plan week")
            << "user_plan"
            << QJsonValue(QJsonArray{QJsonObject{
                   {"product", "P026"}, {"store", "S0001"}, {"week", "soon"}, {"step", 1}}})
            << "user_plan[0].week";
        QTest::newRow("unknown") << "exit_weeks" << QJsonValue("2024-09-16") << "exit_weeks";
    }
    void badFieldIsNamed() {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QFETCH(QString, named);
        QJsonObject json = everyFieldSet().toJson();
        json[field] = value;
        try {
            markdown::MarkdownPlanRequest::fromJson(json);
            QFAIL("the bad field was accepted");
        } catch (const Error& error) {
            QVERIFY2(error.message().contains(named), qPrintable(error.message()));
        }
    }

    void pricesAreWholeCents() {
        QCOMPARE(markdown::toMinorUnits(21.590999999999998), qint64(2159));
        QCOMPARE(markdown::toMinorUnits(6.7915), qint64(679));
        QCOMPARE(markdown::minorUnitsText(2159), QStringLiteral("21.59"));
        QCOMPARE(markdown::minorUnitsText(2400), QStringLiteral("24.00"));
        QCOMPARE(markdown::minorUnitsText(5), QStringLiteral("0.05"));
    }

    // The demo's markdown run, replayed from its recorded request on the unchanged project:
    // the same decisions, exactly, the same recorded request, the same price-change list.
    void demoRunReplays() {
        const qint64 original = count(project_,
                                      "SELECT min(id) FROM runs WHERE analysis = 'markdown' AND "
                                      "status = 'finished'");
        QVERIFY(original > 0);
        const QJsonObject replayed = replay(original, QStringLiteral("replay"));
        QCOMPARE(replayed[QStringLiteral("input_changed")].toBool(true), false);
        const qint64 runId = replayed[QStringLiteral("run_id")].toInteger(-1);
        QVERIFY(runId > original);
        const QStringList before = decisions(project_, original);
        QVERIFY(!before.isEmpty());
        QCOMPARE(decisions(project_, runId), before);
        QCOMPARE(recordedParameters(project_, runId), recordedParameters(project_, original));
        QCOMPARE(mbtest::fileBytes(dir_.filePath(QStringLiteral("replay/"
                                                                "markdown-price-changes.csv"))),
                 mbtest::fileBytes(dir_.filePath(QStringLiteral("exports/markdown-plan.csv"))));
        // Every decision's price is the file's, in whole cents.
        const auto rows =
            mbtest::readCsvRows(dir_.filePath(QStringLiteral("exports/"
                                                             "markdown-plan.csv")));
        QCOMPARE(rows.size(), before.size());
        for (int i = 0; i < rows.size(); ++i) {
            const QJsonObject payload =
                QJsonDocument::fromJson(before[i].section(u' ', 1).toUtf8()).object();
            QVERIFY(payload[QStringLiteral("price_cents")].isDouble());
            QCOMPARE(markdown::minorUnitsText(payload[QStringLiteral("price_cents")].toInteger()),
                     rows[i][QStringLiteral("new_price")]);
            QCOMPARE(payload[QStringLiteral("store")].toString(), rows[i][QStringLiteral("store")]);
        }
    }

    // A plan per cluster is recorded as one: its replay plans per cluster again, and each
    // store's decision names its cluster.
    void clusterPlanReplaysAsClusterPlan() {
        const QString rules = write(
            QStringLiteral("cluster.json"),
            R"({"ladder": [1.0, 0.85, 0.7, 0.55, 0.4], "schedule_per": "cluster", "seed": 3})");
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("markdown"), project_, QStringLiteral("--exit-week"),
                            QStringLiteral("2024-09-16"), QStringLiteral("--rules"), rules,
                            QStringLiteral("--out"), dir_.filePath(QStringLiteral("cluster.csv")),
                            QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const qint64 original = run.json()[QStringLiteral("run_id")].toInteger(-1);
        QCOMPARE(recordedParameters(project_, original)[QStringLiteral("rules")]
                     .toObject()[QStringLiteral("schedule_per")]
                     .toString(),
                 QStringLiteral("cluster"));
        QVERIFY(count(project_,
                      "SELECT count(*) FROM decisions WHERE run_id = " + std::to_string(original) +
                          " AND json_extract(payload, '$.cluster') IS NULL") == 0);
        const QJsonObject replayed = replay(original, QStringLiteral("cluster-replay"));
        const qint64 runId = replayed[QStringLiteral("run_id")].toInteger(-1);
        QVERIFY(runId > original);
        QCOMPARE(decisions(project_, runId), decisions(project_, original));
        QCOMPARE(recordedParameters(project_, runId), recordedParameters(project_, original));
    }

    // A plan cancelled while it computes is recorded as cancelled, with no decisions, and writes
    // no file.
    void cancelledPlanIsRecordedAsCancelled() {
        markdown::MarkdownPlanRequest request;
        request.exitWeek = QDate(2024, 9, 16);
        const auto project = data::Project::open(project_);
        const std::int64_t runs = data::queryInt(project->db(), "SELECT count(*) FROM runs");
        const std::int64_t decided =
            data::queryInt(project->db(), "SELECT count(*) FROM decisions");
        ProgressToken progress;
        progress.cancel();
        jobs::JobContext context{project.get(), progress, {}};
        context.outputs.insert(QStringLiteral("out"), dir_.filePath(QStringLiteral("no.csv")));
        QVERIFY_THROWS_EXCEPTION(jobs::Cancelled,
                                 markdown::runMarkdownPlanJob(request.toJson(), context));
        QCOMPARE(data::queryInt(project->db(), "SELECT count(*) FROM runs"), runs + 1);
        QCOMPARE(data::queryInt(project->db(),
                                "SELECT count(*) FROM runs WHERE status = 'cancelled' AND "
                                "analysis = 'markdown' AND id = (SELECT max(id) FROM runs)"),
                 std::int64_t(1));
        QCOMPARE(data::queryInt(project->db(), "SELECT count(*) FROM decisions"), decided);
        QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("no.csv"))));
    }

    void backtestRequestRoundTripsEveryField() {
        markdown::MarkdownBacktestRequest request;
        request.seasonStart = QDate(2023, 7, 31);
        request.exitWeek = QDate(2023, 9, 18);
        request.rules = everyFieldSet().rules;
        request.products = {QStringLiteral("P001")};
        request.stores = {QStringLiteral("S0001"), QStringLiteral("S0003")};
        const QJsonObject json = request.toJson();
        QVERIFY(markdown::MarkdownBacktestRequest::fromJson(json) == request);
        QJsonObject bad = json;
        bad[QStringLiteral("season_start")] = QStringLiteral("last summer");
        try {
            markdown::MarkdownBacktestRequest::fromJson(bad);
            QFAIL("a bad season start was accepted");
        } catch (const Error& error) {
            QVERIFY2(error.message().contains(QStringLiteral("season_start")),
                     qPrintable(error.message()));
        }
    }

    void solveRequestRoundTrips() {
        const markdown::MarkdownSolveRequest request =
            markdown::MarkdownSolveRequest::fromInstanceFile(kInstance, QStringLiteral("i.json"));
        QCOMPARE(request.instance[QStringLiteral("inventory")].toInt(), 12);
        QCOMPARE(markdown::readMarkdownInstance(kInstance, QStringLiteral("i.json"))
                     .problem.rules.minOnHand,
                 3);
        QVERIFY(markdown::MarkdownSolveRequest::fromJson(request.toJson()) == request);
        QJsonObject bad = request.toJson();
        QJsonObject instance = request.instance;
        instance[QStringLiteral("inventory")] = -3;
        bad[QStringLiteral("instance")] = instance;
        try {
            markdown::MarkdownSolveRequest::fromJson(bad);
            QFAIL("a negative inventory was accepted");
        } catch (const Error& error) {
            QVERIFY2(error.message().contains(QStringLiteral("inventory")),
                     qPrintable(error.message()));
        }
    }

    // markdown-solve from a request file (no project) answers as the command does.
    void solveRunsFromItsRequest() {
        const QString instance = write(QStringLiteral("instance.json"), kInstance);
        const mbtest::CliRun direct =
            mbtest::runCli({QStringLiteral("markdown-solve"), instance, QStringLiteral("--json")});
        QVERIFY2(direct.exitCode == 0, direct.err.constData());
        const QString request = write(
            QStringLiteral("solve-request.json"),
            QJsonDocument(
                markdown::MarkdownSolveRequest::fromInstanceFile(kInstance, instance).toJson())
                .toJson());
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("run"), request, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QJsonObject replayed = run.json()[QStringLiteral("result")].toObject();
        QJsonObject original = direct.json();
        QVERIFY(replayed.contains(QStringLiteral("expected_objective")));
        for (QJsonObject* result : {&replayed, &original})
            result->remove(QStringLiteral("solve_ms"));
        QCOMPARE(replayed, original);
    }

    // A recorded backtest replays to the same report and the same recorded request.
    void backtestReplays() {
        const QString report = dir_.filePath(QStringLiteral("backtest.csv"));
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("markdown-backtest"), project_,
                            QStringLiteral("--season-start"), QStringLiteral("2023-07-31"),
                            QStringLiteral("--exit-week"), QStringLiteral("2023-09-18"),
                            QStringLiteral("--out"), report, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const qint64 original = run.json()[QStringLiteral("run_id")].toInteger(-1);
        QVERIFY(original > 0);
        const QJsonObject replayed = replay(original, QStringLiteral("backtest-replay"));
        const qint64 runId = replayed[QStringLiteral("run_id")].toInteger(-1);
        QVERIFY(runId > original);
        QCOMPARE(recordedParameters(project_, runId), recordedParameters(project_, original));
        QCOMPARE(mbtest::fileBytes(dir_.filePath(QStringLiteral("backtest-replay/"
                                                                "markdown-backtest.csv"))),
                 mbtest::fileBytes(report));
    }
};

QTEST_GUILESS_MAIN(TestMarkdownJobs)
#include "tst_markdownjobs.moc"
