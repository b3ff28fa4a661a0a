// merchbench-cli markdown-solve as a user runs it: JSON fields, table output, exit codes.
#include "CliRun.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

namespace {

const char* const smallInstance = R"({
  "weeks": 4, "inventory": 12, "regular_price": 40.0, "unit_cost": 18.0, "salvage_value": 5.0,
  "ladder": [1.0, 0.8, 0.6],
  "demand": {"distribution": "poisson",
             "mean": [[2, 3, 4.5], [2, 3, 4.5], [1.5, 2.5, 4], [1, 2, 3.5]]},
  "rules": {"monotone": true, "max_markdowns": 2, "min_weeks_between": 2, "earliest_week": 2,
            "target_sell_through": 0.8, "sell_through_penalty": 3.0},
  "objective": "margin", "simulations": 3000, "seed": 7
})";

}  // namespace

class TestMarkdownCli : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    QString write(const QString& name, const QByteArray& content) {
        QFile file(dir_.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write");
        file.write(content);
        return file.fileName();
    }

private Q_SLOTS:
    void solvesToJson() {
        const QString path = write(QStringLiteral("small.json"), smallInstance);
        const mbtest::CliRun result =
            mbtest::runCli({QStringLiteral("markdown-solve"), path, QStringLiteral("--json")});
        QCOMPARE(result.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(result.out).object();
        for (const char* key :
             {"expected_objective", "expected_revenue", "expected_margin", "expected_units",
              "expected_leftover", "expected_sell_through", "p10", "p90", "simulated_objective"})
            QVERIFY2(json.value(QLatin1String(key)).isDouble(), key);
        const double objective = json[QLatin1String("expected_objective")].toDouble();
        QVERIFY(json[QLatin1String("p10")].toDouble() <= objective);
        QVERIFY(json[QLatin1String("p90")].toDouble() >= objective);
        QCOMPARE(json[QLatin1String("expected_units")].toDouble() +
                     json[QLatin1String("expected_leftover")].toDouble(),
                 12.0);
        const QJsonArray schedule = json[QLatin1String("schedule")].toArray();
        QCOMPARE(schedule.size(), 4);
        int previousStep = 0;
        for (int t = 0; t < schedule.size(); ++t) {
            const QJsonObject week = schedule[t].toObject();
            QCOMPARE(week[QLatin1String("week")].toInt(), t + 1);
            const int step = week[QLatin1String("step")].toInt();
            QVERIFY(step >= previousStep);  // monotone
            const double ladder[] = {1.0, 0.8, 0.6};
            QCOMPARE(week[QLatin1String("price")].toDouble(), 40.0 * ladder[step]);
            QVERIFY(week[QLatin1String("expected_units")].isDouble());
            QVERIFY(week[QLatin1String("expected_stock")].isDouble());
            previousStep = step;
        }
        // Same seed, same output.
        const mbtest::CliRun again =
            mbtest::runCli({QStringLiteral("markdown-solve"), path, QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(again.out).object()[QLatin1String("p10")],
                 json[QLatin1String("p10")]);
    }

    // A lock holds on the schedule, is flagged, and can only cost money against the free plan.
    void honoursLocks() {
        const QString free = write(QStringLiteral("free.json"), smallInstance);
        const QString locked = write(QStringLiteral("locked.json"),
                                     QByteArray(smallInstance)
                                         .replace("\"earliest_week\": 2,",
                                                  "\"earliest_week\": 2, \"locks\": [{\"week\": 2, "
                                                  "\"step\": 2}],"));
        const auto solve = [](const QString& path) {
            const mbtest::CliRun run =
                mbtest::runCli({QStringLiteral("markdown-solve"), path, QStringLiteral("--json")});
            return QJsonDocument::fromJson(run.out).object();
        };
        const QJsonObject freePlan = solve(free), lockedPlan = solve(locked);
        const QJsonArray schedule = lockedPlan[QLatin1String("schedule")].toArray();
        QCOMPARE(schedule.size(), 4);
        QCOMPARE(schedule[1].toObject()[QLatin1String("step")].toInt(), 2);
        QVERIFY(schedule[1].toObject()[QLatin1String("locked")].toBool());
        QVERIFY(!schedule[0].toObject()[QLatin1String("locked")].toBool());
        QCOMPARE(schedule[3].toObject()[QLatin1String("step")].toInt(), 2);  // monotone after
        QVERIFY(lockedPlan[QLatin1String("expected_objective")].toDouble() <=
                freePlan[QLatin1String("expected_objective")].toDouble() + 1e-9);
    }

    void printsTable() {
        const QString path = write(QStringLiteral("table.json"), smallInstance);
        const mbtest::CliRun result = mbtest::runCli({QStringLiteral("markdown-solve"), path});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains("week"));
        QVERIFY(result.out.contains("sell-through"));
    }

    // A portfolio under a budget: without a binding budget each item is its own optimum (the
    // single-instance command's answer); with half the spend as budget the spend fits, the items'
    // spends add up to it and the objective is no higher.
    void solvesPortfolio() {
        const QByteArray other = QByteArray(smallInstance).replace("\"seed\": 7", "\"seed\": 8");
        const QString single = write(QStringLiteral("single.json"), smallInstance);
        const auto portfolio = [&](double budget) {
            const QString path =
                write(QStringLiteral("portfolio.json"),
                      "{\"items\": [" + QByteArray(smallInstance) + ", " + other +
                          "], \"markdown_budget\": " + QByteArray::number(budget, 'g', 17) + "}");
            const mbtest::CliRun result =
                mbtest::runCli({QStringLiteral("markdown-solve"), path, QStringLiteral("--json")});
            if (result.exitCode != 0)
                qWarning("%s", result.err.constData());
            return result.json();
        };
        const QJsonObject alone =
            mbtest::runCli({QStringLiteral("markdown-solve"), single, QStringLiteral("--json")})
                .json();
        const QJsonObject free = portfolio(1e9);
        QCOMPARE(free[QLatin1String("budget_binds")].toBool(true), false);
        QCOMPARE(free[QLatin1String("gap_bound")].toDouble(), 0.0);
        const QJsonArray items = free[QLatin1String("items")].toArray();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items[0].toObject()[QLatin1String("expected_objective")].toDouble(),
                 alone[QLatin1String("expected_objective")].toDouble());
        QCOMPARE(free[QLatin1String("expected_objective")].toDouble(),
                 2.0 * alone[QLatin1String("expected_objective")].toDouble());
        const double spend = free[QLatin1String("markdown_spend")].toDouble();
        QVERIFY(spend > 0.0);

        const QJsonObject tight = portfolio(spend / 2.0);
        QCOMPARE(tight[QLatin1String("budget_binds")].toBool(), true);
        QVERIFY(tight[QLatin1String("markdown_spend")].toDouble() <= spend / 2.0 + 1e-9);
        QVERIFY(tight[QLatin1String("expected_objective")].toDouble() <=
                free[QLatin1String("expected_objective")].toDouble());
        QVERIFY(tight[QLatin1String("gap_bound")].toDouble() >= 0.0);
        QVERIFY(tight[QLatin1String("lambda")].toDouble() > 0.0);
        double sum = 0.0;
        for (const QJsonValue& item : tight[QLatin1String("items")].toArray())
            sum += item.toObject()[QLatin1String("markdown_spend")].toDouble();
        QVERIFY(std::abs(sum - tight[QLatin1String("markdown_spend")].toDouble()) <= 1e-9);

        const mbtest::CliRun table = mbtest::runCli(
            {QStringLiteral("markdown-solve"), dir_.filePath(QStringLiteral("portfolio.json"))});
        QCOMPARE(table.exitCode, 0);
        for (const char* text : {"expected_objective", "markdown_spend", "lambda", "gap_bound",
                                 "items[0]", "items[1]", "sell-through"})
            QVERIFY2(table.out.contains(text), text);
    }

    void exitCodes_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("message");
        const QByteArray good = smallInstance;
        QTest::newRow("help") << QStringList{QStringLiteral("--help")} << good << 0 << QByteArray();
        QTest::newRow("no file") << QStringList{} << QByteArray() << 1 << QByteArray("expected");
        QTest::newRow("bad option")
            << QStringList{QStringLiteral("--bogus")} << good << 1 << QByteArray("bogus");
        QTest::newRow("missing file") << QStringList{QStringLiteral("/nonexistent/x.json")}
                                      << QByteArray() << 2 << QByteArray("no such file");
        QTest::newRow("not JSON") << QStringList{} << QByteArray("{\n \"weeks\": 4,,\n}") << 2
                                  << QByteArray(":2:");
        QTest::newRow("missing ladder")
            << QStringList{} << QByteArray(good).replace("\"ladder\"", "\"latter\"") << 2
            << QByteArray("latter");
        QTest::newRow("bad distribution")
            << QStringList{} << QByteArray(good).replace("poisson", "gauss") << 2
            << QByteArray("demand.distribution");
        QTest::newRow("short mean row")
            << QStringList{} << QByteArray(good).replace("[1, 2, 3.5]", "[1, 2]") << 2
            << QByteArray("demand.mean[3]");
        QTest::newRow("rising ladder")
            << QStringList{} << QByteArray(good).replace("[1.0, 0.8, 0.6]", "[1.0, 0.8, 0.9]") << 2
            << QByteArray("ladder[2]");
        QTest::newRow("fractional weeks")
            << QStringList{} << QByteArray(good).replace("\"weeks\": 4", "\"weeks\": 4.5") << 2
            << QByteArray("weeks");
        QTest::newRow("lock past the season")
            << QStringList{}
            << QByteArray(good).replace("\"monotone\": true,",
                                        "\"monotone\": true, \"locks\": [{\"week\": 9, "
                                        "\"step\": 1}],")
            << 2 << QByteArray("rules.locks[0].week");
        QTest::newRow("lock before the earliest week")
            << QStringList{}
            << QByteArray(good).replace("\"monotone\": true,",
                                        "\"monotone\": true, \"locks\": [{\"week\": 1, "
                                        "\"step\": 1}],")
            << 2 << QByteArray("locked weeks");
        QTest::newRow("portfolio item without a ladder")
            << QStringList{}
            << QByteArray("{\"items\": [" + good + ", " +
                          QByteArray(good).replace("\"ladder\"", "\"latter\"") +
                          "], \"markdown_budget\": 10}")
            << 2 << QByteArray("items[1]: latter");
        QTest::newRow("portfolio with a negative budget")
            << QStringList{} << QByteArray("{\"items\": [" + good + "], \"markdown_budget\": -1}")
            << 2 << QByteArray("markdown_budget");
        QTest::newRow("hard target, stochastic")
            << QStringList{} << QByteArray(good).replace(", \"sell_through_penalty\": 3.0", "") << 2
            << QByteArray("hard");
    }

    void exitCodes() {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, content);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, message);
        QStringList full{QStringLiteral("markdown-solve")};
        full << arguments;
        if (!content.isEmpty())
            full << write(QStringLiteral("case.json"), content);
        const mbtest::CliRun result = mbtest::runCli(full);
        QCOMPARE(result.exitCode, exitCode);
        if (!message.isEmpty())
            QVERIFY2(result.err.contains(message), result.err.constData());
        if (exitCode == 2 && !content.isEmpty())
            QVERIFY(result.err.contains("case.json"));
    }
};

QTEST_GUILESS_MAIN(TestMarkdownCli)
#include "tst_markdowncli.moc"
