// Issue 10 as a merchandiser meets it on the command line: an as-of run of markdown and
// markdown-backtest gives byte for byte what the same run gives on a copy of the project with
// every row after the as-of date deleted (no look-ahead); a missing unit cost under the margin
// objective and a backtest that compares nothing are said, not assumed; and markdown --user-plan
// reads the tool's own --out back (ids the formula-safe writer quoted included), valuing it
// exactly as the optimiser's plan, while a plan that matches no item is an error.
#include "CliRun.h"
#include "CsvRows.h"
#include "ProjectThrough.h"

#include "data/Project.h"
#include "data/Sqlite.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <utility>

namespace {

// The demo's only stock count is on 2024-07-29, after its last sales week; a count eight weeks
// earlier makes a planning day with sales after it.
const QString kAsOf = QStringLiteral("2024-05-27");
const QString kAsOfExit = QStringLiteral("2024-07-22");
// The season after the demo's own stock count.
const QString kExit = QStringLiteral("2024-09-16");

const char* const kRulesJson = R"({
  "ladder": [1.0, 0.9, 0.8, 0.7, 0.6, 0.5], "objective": "margin",
  "rules": {"monotone": true, "max_markdowns": 3},
  "simulations": 40, "seed": 5
})";

qint64 count(const QString& project, const char* sql) {
    const auto opened = mb::data::Project::open(project);
    return mb::data::queryInt(opened->db(), sql, -1);
}

}  // namespace

class TestMarkdownAsOf : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString project_;  // the demo with a second, earlier stock count
    QString rules_;

    QString path(const QString& name) const { return dir_.filePath(name); }

    QString write(const QString& name, const QByteArray& content) {
        QFile file(path(name));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(name));
        file.write(content);
        return file.fileName();
    }

    QString copy(const QString& name) {
        const QString to = path(name);
        QFile::remove(to);
        return QFile::copy(project_, to) ? to : QString();
    }

    mbtest::CliRun markdown(const QString& project, const QString& tag, const QStringList& extra,
                            const QString& exit = kExit) {
        return mbtest::runCli(
            QStringList{QStringLiteral("markdown"), project, QStringLiteral("--exit-week"), exit,
                        QStringLiteral("--rules"), rules_, QStringLiteral("--out"),
                        path(tag + "-plan.csv"), QStringLiteral("--items"),
                        path(tag + "-items.csv"), QStringLiteral("--json")} +
            extra);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QByteArray error;
        project_ = mbtest::buildDemo(path(QStringLiteral("demo")), &error);
        QVERIFY2(!project_.isEmpty(), error.constData());
        // The same stock list counted on the as-of day, imported as a user would.
        QByteArray inventory =
            mbtest::fileBytes(QStringLiteral(MERCHBENCH_SOURCE_DIR "/datasets/demo/inventory.csv"));
        inventory.replace("2024-07-29", kAsOf.toUtf8());
        const mbtest::CliRun imported =
            mbtest::runCli({QStringLiteral("import"), project_,
                            write(QStringLiteral("inventory-may.csv"), inventory),
                            QStringLiteral("--kind"), QStringLiteral("inventory")});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        rules_ = write(QStringLiteral("rules.json"), kRulesJson);
    }

    // Sales after the as-of day exist and move the demand fit, so the comparison below can fail.
    void laterSalesMatter() {
        const QString cut = path(QStringLiteral("cut-demand.merchbench"));
        mbtest::copyProjectThrough(project_, cut, kAsOf);
        QVERIFY(count(project_, "SELECT count(*) FROM sales") >
                count(cut, "SELECT count(*) FROM sales"));
        for (const QString& project : {project_, cut}) {
            const mbtest::CliRun run =
                mbtest::runCli({QStringLiteral("demand"), project, QStringLiteral("--products"),
                                QStringLiteral("P026,P027"), QStringLiteral("--out"),
                                path(project == cut ? "cut-demand.csv" : "full-demand.csv")});
            QVERIFY2(run.exitCode == 0, run.err.constData());
        }
        QVERIFY(mbtest::fileBytes(path("cut-demand.csv")) !=
                mbtest::fileBytes(path("full-demand.csv")));
    }

    void markdownSeesNothingAfterAsOf() {
        const QString cut = path(QStringLiteral("cut-markdown.merchbench"));
        mbtest::copyProjectThrough(project_, cut, kAsOf);
        const QStringList asOf{QStringLiteral("--as-of"), kAsOf};
        const mbtest::CliRun full = markdown(project_, QStringLiteral("full"), asOf, kAsOfExit);
        QVERIFY2(full.exitCode == 0, full.err.constData());
        const mbtest::CliRun copied = markdown(cut, QStringLiteral("cut"), asOf, kAsOfExit);
        QVERIFY2(copied.exitCode == 0, copied.err.constData());
        QCOMPARE(full.json()[QStringLiteral("stock_date")].toString(), kAsOf);
        QVERIFY(full.json()[QStringLiteral("items_planned")].toInt() > 0);
        QCOMPARE(mbtest::runResult(full.json()), mbtest::runResult(copied.json()));
        QCOMPARE(mbtest::fileBytes(path("full-plan.csv")), mbtest::fileBytes(path("cut-plan.csv")));
        QCOMPARE(mbtest::fileBytes(path("full-items.csv")),
                 mbtest::fileBytes(path("cut-items.csv")));
        QVERIFY(mbtest::fileBytes(path("full-plan.csv")).count('\n') > 1);
    }

    // dunnhumby imported as README.md shows, with a stock count the test derives from its sales
    // (eight average weeks per store and product): an as-of plan equals the plan on the cut copy.
    // dunnhumby has no unit costs, so the default margin objective is refused first.
    void dunnhumbySeesNothingAfterAsOf() {
        const QString folder = QStringLiteral(MERCHBENCH_SHARED_DATASETS "/dunnhumby-frat");
        if (!QFile::exists(folder + QStringLiteral("/weekly_sales.csv.gz")))
            QSKIP(qPrintable(QStringLiteral("dataset absent: %1").arg(folder)));
        const QString project = path(QStringLiteral("dunnhumby.merchbench"));
        for (const auto& [file, kind] :
             {std::pair{"products.csv", "products"}, std::pair{"stores.csv", "stores"},
              std::pair{"weekly_sales.csv.gz", "sales"}}) {
            const mbtest::CliRun run = mbtest::runCli(
                {QStringLiteral("import"), project, folder + u'/' + QLatin1String(file),
                 QStringLiteral("--kind"), QLatin1String(kind)},
                300000);
            QVERIFY2(run.exitCode == 0, run.err.constData());
        }
        const QString day = QStringLiteral("2011-06-27");
        QByteArray inventory = "store,product,date,on_hand\n";
        {
            const auto opened = mb::data::Project::open(project);
            mb::data::Statement stock(
                opened->db(),
                "SELECT store, product, CAST(round(8 * avg(units)) AS INTEGER) FROM sales "
                "WHERE week > date(?1, '-182 days') AND week <= ?1 GROUP BY store, product "
                "HAVING avg(units) > 0");
            stock.bind(1, day);
            while (stock.step())
                inventory += (stock.text(0) + u',' + stock.text(1) + u',' + day + u',' +
                              QString::number(stock.int64(2)) + u'\n')
                                 .toUtf8();
        }
        const mbtest::CliRun counted =
            mbtest::runCli({QStringLiteral("import"), project,
                            write(QStringLiteral("dunnhumby-stock.csv"), inventory),
                            QStringLiteral("--kind"), QStringLiteral("inventory")});
        QVERIFY2(counted.exitCode == 0, counted.err.constData());

        const QStringList plan{QStringLiteral("--exit-week"), QStringLiteral("2011-09-19"),
                               QStringLiteral("--as-of"), day};
        const mbtest::CliRun margin =
            mbtest::runCli(QStringList{QStringLiteral("markdown"), project, QStringLiteral("--out"),
                                       path("dunnhumby-margin.csv")} +
                           plan);
        QCOMPARE(margin.exitCode, 2);
        QVERIFY2(margin.err.contains("unit_cost") && margin.err.contains("55 without"),
                 margin.err.constData());

        const QString cut = path(QStringLiteral("dunnhumby-cut.merchbench"));
        mbtest::copyProjectThrough(project, cut, day);
        const QString revenue = write(QStringLiteral("dunnhumby-rules.json"),
                                      R"({"objective": "revenue", "simulations": 0})");
        QJsonObject summaries[2];
        for (int i = 0; i < 2; ++i) {
            const QString tag = QStringLiteral("dunnhumby-%1").arg(i);
            const mbtest::CliRun run = mbtest::runCli(
                QStringList{QStringLiteral("markdown"), i == 0 ? project : cut,
                            QStringLiteral("--rules"), revenue, QStringLiteral("--out"),
                            path(tag + "-plan.csv"), QStringLiteral("--items"),
                            path(tag + "-items.csv"), QStringLiteral("--json")} +
                    plan,
                600000);
            QVERIFY2(run.exitCode == 0, run.err.constData());
            summaries[i] = mbtest::runResult(run.json());
        }
        QVERIFY(summaries[0][QStringLiteral("items_planned")].toInt() > 3000);
        QCOMPARE(summaries[0], summaries[1]);
        QCOMPARE(mbtest::fileBytes(path("dunnhumby-0-plan.csv")),
                 mbtest::fileBytes(path("dunnhumby-1-plan.csv")));
        QCOMPARE(mbtest::fileBytes(path("dunnhumby-0-items.csv")),
                 mbtest::fileBytes(path("dunnhumby-1-items.csv")));
    }

    void backtestSeesNothingAfterItsWindow() {
        // The demo's 2023 summer clearance: the model learns before 2023-07-31; the season and
        // the four weeks after its exit (through 2023-10-22) are what the plan is judged on.
        const QString cut = path(QStringLiteral("cut-backtest.merchbench"));
        mbtest::copyProjectThrough(project_, cut, QStringLiteral("2023-10-22"));
        QByteArray outputs[2];
        QJsonObject summaries[2];
        int index = 0;
        for (const QString& project : {project_, cut}) {
            const QString out = path(QStringLiteral("backtest-%1.csv").arg(index));
            const mbtest::CliRun run =
                mbtest::runCli({QStringLiteral("markdown-backtest"), project,
                                QStringLiteral("--season-start"), QStringLiteral("2023-07-31"),
                                QStringLiteral("--exit-week"), QStringLiteral("2023-09-18"),
                                QStringLiteral("--out"), out, QStringLiteral("--json")});
            QVERIFY2(run.exitCode == 0, run.err.constData());
            outputs[index] = mbtest::fileBytes(out);
            summaries[index] = mbtest::runResult(run.json());
            ++index;
        }
        QVERIFY(summaries[0][QStringLiteral("items_compared")].toInt() > 0);
        QCOMPARE(summaries[0], summaries[1]);
        QCOMPARE(outputs[0], outputs[1]);
    }

    void backtestThatComparesNothingSaysWhy_data() {
        QTest::addColumn<QString>("start");
        QTest::addColumn<QString>("exit");
        QTest::addColumn<QString>("why");
        // After the last sales week: nothing sold in the season.
        QTest::newRow("no season sales") << "2024-09-02"
                                         << "2024-10-21"
                                         << "no sales in the season";
        // A spring season: items sold at regular prices, no clearance.
        QTest::newRow("no markdowns") << "2023-03-06"
                                      << "2023-04-24"
                                      << "not marked down by the exit week";
    }
    void backtestThatComparesNothingSaysWhy() {
        QFETCH(QString, start);
        QFETCH(QString, exit);
        QFETCH(QString, why);
        const QString out = path(QStringLiteral("nothing.csv"));
        const qint64 runsBefore = count(project_, "SELECT count(*) FROM runs");
        const mbtest::CliRun run = mbtest::runCli(
            {QStringLiteral("markdown-backtest"), project_, QStringLiteral("--season-start"), start,
             QStringLiteral("--exit-week"), exit, QStringLiteral("--out"), out});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(why.toUtf8()), run.err.constData());
        QVERIFY(!QFile::exists(out));
        QCOMPARE(count(project_, "SELECT count(*) FROM runs"), runsBefore);
    }

    // As of a day before any sales there is nothing to fit demand from: an error that says so,
    // not "0 of 68 items" with exit 0.
    void nothingPlannableIsAnError() {
        const QString project = copy(QStringLiteral("early.merchbench"));
        QByteArray inventory =
            mbtest::fileBytes(QStringLiteral(MERCHBENCH_SOURCE_DIR "/datasets/demo/inventory.csv"));
        inventory.replace("2024-07-29", "2022-06-06");
        const mbtest::CliRun imported =
            mbtest::runCli({QStringLiteral("import"), project,
                            write(QStringLiteral("inventory-early.csv"), inventory),
                            QStringLiteral("--kind"), QStringLiteral("inventory")});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        const mbtest::CliRun run =
            markdown(project, QStringLiteral("early"),
                     {QStringLiteral("--as-of"), QStringLiteral("2022-06-06")},
                     QStringLiteral("2022-08-01"));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("none of the 68 items with stock on 2022-06-06 could be planned: "
                                  "68 no sales history to fit demand from"),
                 run.err.constData());
        QVERIFY(!QFile::exists(path("early-plan.csv")));
    }

    // Season sales without a price cannot show what the retailer charged.
    void backtestWithoutRetailerPricesSaysWhy() {
        const QString project = copy(QStringLiteral("no-prices.merchbench"));
        mb::data::exec(mb::data::Project::open(project)->db(),
                       "UPDATE sales SET price = NULL, revenue = NULL WHERE week >= '2023-07-31' "
                       "AND week <= '2023-09-24'");
        const QString out = path(QStringLiteral("no-prices.csv"));
        const mbtest::CliRun run = mbtest::runCli(
            {QStringLiteral("markdown-backtest"), project, QStringLiteral("--season-start"),
             QStringLiteral("2023-07-31"), QStringLiteral("--exit-week"),
             QStringLiteral("2023-09-18"), QStringLiteral("--out"), out});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("no sales in the season") &&
                     run.err.contains("sales rows were left out for a missing or zero price"),
                 run.err.constData());
        QVERIFY(!QFile::exists(out));
    }

    void noUnitCostIsAnError() {
        const QString project = copy(QStringLiteral("no-costs.merchbench"));
        mb::data::exec(mb::data::Project::open(project)->db(),
                       "UPDATE products SET unit_cost = NULL");
        const qint64 runsBefore = count(project, "SELECT count(*) FROM runs");
        const mbtest::CliRun run = markdown(project, QStringLiteral("no-costs"), {});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("unit_cost") && run.err.contains("P026") &&
                     run.err.contains("revenue"),
                 run.err.constData());
        QVERIFY(!QFile::exists(path("no-costs-plan.csv")));
        QCOMPARE(count(project, "SELECT count(*) FROM runs"), runsBefore);
        // The revenue objective needs no cost: the same project plans.
        const QString revenue =
            write(QStringLiteral("revenue.json"), R"({"objective": "revenue", "simulations": 0})");
        const mbtest::CliRun byRevenue =
            mbtest::runCli({QStringLiteral("markdown"), project, QStringLiteral("--exit-week"),
                            kExit, QStringLiteral("--rules"), revenue, QStringLiteral("--out"),
                            path("revenue-plan.csv"), QStringLiteral("--json")});
        QVERIFY2(byRevenue.exitCode == 0, byRevenue.err.constData());
        QVERIFY(byRevenue.json()[QStringLiteral("warnings")].toArray().isEmpty());
        QCOMPARE(byRevenue.json()[QStringLiteral("items_planned")].toInt(),
                 byRevenue.json()[QStringLiteral("items")].toInt());
    }

    void someUnitCostsMissingLeavesThoseOut() {
        const QString project = copy(QStringLiteral("some-costs.merchbench"));
        mb::data::exec(mb::data::Project::open(project)->db(),
                       "UPDATE products SET unit_cost = NULL WHERE product IN ('P026', 'P027')");
        const mbtest::CliRun run = markdown(project, QStringLiteral("some-costs"), {});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonArray warnings = run.json()[QStringLiteral("warnings")].toArray();
        QCOMPARE(warnings.size(), 1);
        const QString warning = warnings.first().toString();
        QVERIFY2(
            warning.contains("P026") && warning.contains("P027") && warning.contains("unit_cost"),
            qPrintable(warning));
        QVERIFY2(run.err.contains("warning: ") && run.err.contains("P026"), run.err.constData());
        int leftOut = 0;
        for (const auto& row : mbtest::readCsvRows(path("some-costs-items.csv"))) {
            const bool noCost = row[QStringLiteral("product")] == QLatin1String("P026") ||
                                row[QStringLiteral("product")] == QLatin1String("P027");
            QCOMPARE(row[QStringLiteral("status")] != QLatin1String("planned"), noCost);
            if (noCost) {
                QVERIFY(row[QStringLiteral("status")].contains("unit_cost"));
                ++leftOut;
            }
        }
        QVERIFY(leftOut > 0);
        for (const auto& row : mbtest::readCsvRows(path("some-costs-plan.csv")))
            QVERIFY(row[QStringLiteral("product")] != QLatin1String("P026"));
    }

    // Ids a spreadsheet would take for formulas are written with a leading quote; the plan file
    // still reads back as the same plan, item for item.
    void userPlanReadsBackTheToolsOwnPlan() {
        const QString project = copy(QStringLiteral("formula-ids.merchbench"));
        {
            const auto opened = mb::data::Project::open(project);
            mb::data::exec(opened->db(), "PRAGMA foreign_keys = OFF");
            for (const char* table : {"products", "sales", "inventory", "basket_lines"}) {
                mb::data::exec(opened->db(), QStringLiteral("UPDATE %1 SET product = CASE product "
                                                            "WHEN 'P028' THEN '-123' WHEN "
                                                            "'P027' THEN '=A' ELSE product END")
                                                 .arg(QLatin1String(table))
                                                 .toStdString());
            }
            for (const char* table : {"stores", "sales", "inventory"}) {
                mb::data::exec(opened->db(), QStringLiteral("UPDATE %1 SET store = '@S0001' WHERE "
                                                            "store = 'S0001'")
                                                 .arg(QLatin1String(table))
                                                 .toStdString());
            }
        }
        const mbtest::CliRun planned = markdown(project, QStringLiteral("own"), {});
        QVERIFY2(planned.exitCode == 0, planned.err.constData());
        const QByteArray written = mbtest::fileBytes(path("own-plan.csv"));
        QVERIFY2(written.contains("\"'-123\"") && written.contains("\"'=A\"") &&
                     written.contains("\"'@S0001\""),
                 written.constData());
        const QString plan = path(QStringLiteral("user-own.csv"));
        QFile::remove(plan);
        QVERIFY(QFile::copy(path("own-plan.csv"), plan));

        const mbtest::CliRun judged =
            markdown(project, QStringLiteral("judged"), {QStringLiteral("--user-plan"), plan});
        QVERIFY2(judged.exitCode == 0, judged.err.constData());
        const QJsonObject summary = judged.json();
        QSet<QString> listed;
        for (const auto& row : mbtest::readCsvRows(plan))
            listed.insert(row[QStringLiteral("product")] + u'@' + row[QStringLiteral("store")]);
        QCOMPARE(summary[QStringLiteral("user_plan_items")].toInt(), int(listed.size()));
        QCOMPARE(summary[QStringLiteral("user_plan_unmatched_rows")].toInt(), 0);
        QVERIFY(summary[QStringLiteral("warnings")].toArray().isEmpty());
        // Every item the plan changes is listed, and each item's price list is valued the same
        // read back from the file as taken from the plan.
        int withChanges = 0;
        for (const auto& row : mbtest::readCsvRows(path("judged-items.csv"))) {
            if (row[QStringLiteral("status")] != QLatin1String("planned"))
                continue;
            const QString item =
                row[QStringLiteral("product")] + u'@' + row[QStringLiteral("store")];
            withChanges += row[QStringLiteral("markdowns")].toInt() > 0 ? 1 : 0;
            // Both files carry the ids as written, formula quote included.
            QCOMPARE(listed.contains(item), row[QStringLiteral("markdowns")].toInt() > 0);
            const double user = row[QStringLiteral("user_plan_objective")].toDouble();
            const double list = row[QStringLiteral("plan_list_objective")].toDouble();
            QVERIFY2(std::abs(user - list) <= 1e-9 * (1.0 + std::abs(list)), qPrintable(item));
            // The plan itself re-decides on the stock left, so its list is never worth more.
            QVERIFY(list <= row[QStringLiteral("expected_objective")].toDouble() + 1e-6);
        }
        QCOMPARE(withChanges, int(listed.size()));
        const double list = summary[QStringLiteral("plan_list_objective")].toDouble();
        QVERIFY(std::abs(summary[QStringLiteral("user_plan_objective")].toDouble() - list) <=
                1e-9 * (1.0 + std::abs(list)));
        QVERIFY(std::abs(summary[QStringLiteral("gain_vs_user_plan")].toDouble()) < 1e-12);
        QVERIFY2(judged.err.isEmpty(), judged.err.constData());
    }

    void userPlanMatchingNothingIsAnError_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown ids") << QByteArray(
                                            "product,store,week,step\nP999,S0001,2024-08-05,"
                                            "1\nP026,S9999,2024-08-05,2\n")
                                     << "changes no planned item: 2 of its 2 rows name no item "
                                        "with stock (lines 2, 3)";
        QTest::newRow("no rows") << QByteArray("product,store,week,step\n")
                                 << "lists no price change";
        // A change after the exit week is outside the season: it changes nothing either.
        QTest::newRow("after the exit")
            << QByteArray("product,store,week,step\nP026,S0001,2024-10-07,2\n")
            << "changes no planned item: 0 of its 1 rows name no item with stock, the others "
               "items that were not planned or weeks after the exit";
    }
    void userPlanMatchingNothingIsAnError() {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        const QString plan = write(QStringLiteral("nothing-plan.csv"), content);
        const qint64 runsBefore = count(project_, "SELECT count(*) FROM runs");
        QFile::remove(path("nothing-plan-out.csv"));
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("markdown"), project_, QStringLiteral("--exit-week"),
                            kExit, QStringLiteral("--user-plan"), plan, QStringLiteral("--out"),
                            path("nothing-plan-out.csv")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
        QVERIFY(!run.out.contains("ahead"));
        QCOMPARE(count(project_, "SELECT count(*) FROM runs"), runsBefore);
        QVERIFY(!QFile::exists(path("nothing-plan-out.csv")));
    }

    // An item with stock but no sales to fit demand from is not planned: the plan of the others
    // goes on, and a counted warning (text and --json) says how many items were left out and why.
    void itemsNotPlannedAreWarned() {
        const QString project = copy(QStringLiteral("one-unplanned.merchbench"));
        mb::data::exec(mb::data::Project::open(project)->db(),
                       "DELETE FROM sales WHERE product = 'P026' AND store = 'S0001'");
        const mbtest::CliRun run = markdown(project, QStringLiteral("one-unplanned"), {});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        int items = 0;
        QStringList notPlanned;
        for (const auto& row : mbtest::readCsvRows(path("one-unplanned-items.csv"))) {
            ++items;
            if (row[QStringLiteral("status")] != QLatin1String("planned"))
                notPlanned << row[QStringLiteral("status")];
        }
        QCOMPARE(notPlanned.size(), 1);
        const QString expected = QStringLiteral(
                                     "1 of the %1 items with stock were not planned "
                                     "(--items lists each with its status): 1 %2")
                                     .arg(items)
                                     .arg(notPlanned.first());
        const QJsonArray warnings = run.json()[QStringLiteral("warnings")].toArray();
        QCOMPARE(warnings.size(), 1);
        QCOMPARE(warnings[0].toString(), expected);
        QVERIFY2(QString::fromUtf8(run.err).contains(QStringLiteral("warning: ") + expected),
                 run.err.constData());
    }

    // A discount between two ladder steps is read as the nearest one, and the planner is told
    // which row was read as what; a discount on a step is not warned about.
    void userPlanOffTheLadderIsWarned() {
        const QString plan = write(QStringLiteral("user-off-ladder.csv"),
                                   "product,store,week,discount\n"
                                   "P026,S0001,2024-08-12,0.2\n"
                                   "P026,S0001,2024-08-26,0.13\n");
        const mbtest::CliRun run =
            markdown(project_, QStringLiteral("off-ladder"), {QStringLiteral("--user-plan"), plan});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonArray warnings = run.json()[QStringLiteral("warnings")].toArray();
        QCOMPARE(warnings.size(), 1);
        QCOMPARE(warnings[0].toString(),
                 plan + QStringLiteral(" line 3: discount 0.13 is not on the price ladder; the "
                                       "nearest step, 10% off the regular price, is used"));
        QVERIFY(run.err.contains("line 3: discount 0.13"));
    }
};

QTEST_GUILESS_MAIN(TestMarkdownAsOf)
#include "tst_markdownasof.moc"
