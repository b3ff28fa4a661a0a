// The season backtest: the retailer's prices put on the ladder as a merchandiser reads them, and
// on the demo's past summer clearance the plan is never worse than what the retailer did when
// that schedule obeys the rules (the optimum dominates every feasible schedule).
#include "CliRun.h"
#include "CsvRows.h"

#include "markdown/MarkdownBacktest.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace mb;

class TestMarkdownBacktest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private Q_SLOTS:
    void pricesLandOnTheNearestStep_data() {
        QTest::addColumn<QList<double>>("ratios");  // per week; negative: no sale that week
        QTest::addColumn<QList<int>>("steps");
        QTest::addRow("full price") << QList<double>{1, 1, 1, 1} << QList<int>{0, 0, 0, 0};
        QTest::addRow("exact steps") << QList<double>{1, 0.8, 0.8, 0.6} << QList<int>{0, 1, 1, 2};
        QTest::addRow("between steps")
            << QList<double>{0.93, 0.72, 0.52, 0.31} << QList<int>{0, 1, 2, 3};
        QTest::addRow("missing weeks keep the step")
            << QList<double>{-1, 0.8, -1, -1} << QList<int>{0, 1, 1, 1};
        QTest::addRow("price back up")
            << QList<double>{0.6, 1.0, 0.8, 1.0} << QList<int>{2, 0, 1, 0};
    }
    void pricesLandOnTheNearestStep() {
        QFETCH(QList<double>, ratios);
        QFETCH(QList<int>, steps);
        const std::vector<double> ladder{1.0, 0.8, 0.6, 0.4};
        const QDate start(2024, 3, 4);  // a Monday
        demand::SalesSeries series;
        for (int week = -2; week < ratios.size() + 2; ++week) {
            const double ratio = week >= 0 && week < ratios.size() ? ratios[week] : 0.5;
            if (ratio < 0)
                continue;
            demand::WeekSale sale;
            sale.day = start.addDays(7 * week).toJulianDay();
            sale.units = 3;
            sale.regularPrice = 20.0;
            sale.price = 20.0 * ratio;
            series.weeks.push_back(sale);
        }
        const markdown::FixedSchedule schedule =
            markdown::actualSchedule(series, ladder, start.addDays(2), int(ratios.size()));
        QCOMPARE(QList<int>(schedule.steps.begin(), schedule.steps.end()), steps);
    }

    void planNeverLosesToTheRetailersFeasiblePrices() {
        QVERIFY(mbtest::runCli({QStringLiteral("demo"), dir_.path()}).exitCode == 0);
        const QString project = dir_.filePath(QStringLiteral("demo.merchbench"));
        QFile rules(dir_.filePath(QStringLiteral("rules.json")));
        QVERIFY(rules.open(QIODevice::WriteOnly));
        // The demo retailer's own ladders (15-65% off, three steps 3, 3 and 2 weeks long) fit
        // these rules, so each actual schedule is one the optimiser could have chosen.
        rules.write(R"({"ladder": [1.0, 0.85, 0.8, 0.7, 0.6, 0.55, 0.5, 0.45, 0.35],
                        "objective": "revenue", "salvage_share_of_cost": 0.25,
                        "rules": {"monotone": true, "max_markdowns": 3}})");
        rules.close();
        const QString out = dir_.filePath(QStringLiteral("backtest.csv"));
        const mbtest::CliRun run = mbtest::runCli(
            {QStringLiteral("markdown-backtest"), project, QStringLiteral("--season-start"),
             QStringLiteral("2023-07-31"), QStringLiteral("--exit-week"),
             QStringLiteral("2023-09-18"), QStringLiteral("--rules"), rules.fileName(),
             QStringLiteral("--out"), out, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject summary = run.json();
        QCOMPARE(summary[QStringLiteral("weeks")].toInt(), 8);
        const auto rows = mbtest::readCsvRows(out);
        int compared = 0, better = 0;
        for (const auto& row : rows) {
            if (row[QStringLiteral("status")] != QStringLiteral("compared"))
                continue;
            ++compared;
            // The retailer's ladder runs deeper week by week: a clearance, as planted.
            const QStringList actual = row[QStringLiteral("actual_prices_pct")].split(u' ');
            QCOMPARE(actual.size(), 8);
            for (int week = 1; week < actual.size(); ++week)
                QVERIFY(actual[week].toInt() <= actual[week - 1].toInt());
            const double plan = row[QStringLiteral("plan_objective")].toDouble();
            const double did = row[QStringLiteral("actual_objective")].toDouble();
            QVERIFY2(plan >= did - 1e-6, qPrintable(row[QStringLiteral("product")]));
            better += plan > did + 1e-6 ? 1 : 0;
        }
        // Every summer item in every store that ranges it (the 2024 stock count lists them).
        QCOMPARE(compared, summary[QStringLiteral("items_compared")].toInt());
        QCOMPARE(compared, int(mbtest::readCsvRows(QStringLiteral(MERCHBENCH_SOURCE_DIR
                                                                  "/datasets/demo/inventory.csv"))
                                   .size()));
        QVERIFY(better > compared / 2);
        qInfo("backtest: plan %.0f vs the retailer's %.0f revenue under the fitted model (+%.1f%%)",
              summary[QStringLiteral("plan_objective")].toDouble(),
              summary[QStringLiteral("actual_objective")].toDouble(),
              100.0 * summary[QStringLiteral("gain_share")].toDouble());
    }

    void seasonBeforeAnyHistoryIsRefused() {
        const QString project = dir_.filePath(QStringLiteral("demo.merchbench"));
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("markdown-backtest"), project,
                            QStringLiteral("--season-start"), QStringLiteral("2020-01-06"),
                            QStringLiteral("--exit-week"), QStringLiteral("2020-02-24"),
                            QStringLiteral("--out"), dir_.filePath(QStringLiteral("none.csv"))});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("no sales before the season start"), run.err.constData());
        QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("none.csv"))));
    }
};

QTEST_GUILESS_MAIN(TestMarkdownBacktest)
#include "tst_markdownbacktest.moc"
