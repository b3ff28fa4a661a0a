// `merchbench-cli layout-test` as a user runs it, on a chain with a planted layout change: the
// difference in differences of each measure holds the planted value within its interval, the
// moved categories are the ones the layout rows move, the verdict says it in words, the pre-trend
// check fires on a chain whose changed stores were already drifting, the run replays with `run`,
// and each input problem is an error naming it.
#include "CliRun.h"
#include "CsvRows.h"
#include "PlantedChain.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

namespace {

bool holds(const QJsonObject& interval, double truth) {
    return interval.value(QStringLiteral("ci_low")).toDouble() < truth &&
           truth < interval.value(QStringLiteral("ci_high")).toDouble();
}

QString shown(const QJsonObject& object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

}  // namespace

class TestLayoutTestCli : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    mbtest::PlantedChain chain_;
    QString project_;

    mbtest::CliRun layoutTest(const QString& project, const QStringList& extra) {
        return mbtest::runCli(QStringList{QStringLiteral("layout-test"), project} + extra);
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        project_ = chain_.write(dir_, QStringLiteral("chain.merchbench"));
    }

    // Twenty chains drawn with different seeds: each measure's estimate averages to its planted
    // value, and its 95% interval holds that value in most chains. Intervals clustered on three
    // changed stores cover less than their nominal 95% (the score of so few stores is a noisy
    // variance estimate; the CLI warns so): a floor of 15 of 20 fails with a probability of
    // about 3% at the 88% coverage the estimator has on such panels (tst_layouttestmodel).
    void recoversThePlantedEffect() {
        const int chains = 20;
        // A basket is 3.00 a line: one line, or two with the planted probability. Dairy and
        // produce hold half the single lines and, on average, one of a pair's two: 1.5 + 1.5 p a
        // basket, times the baskets of a week.
        const QList<std::pair<QString, double>> truths{
            {QStringLiteral("cross_category_share"), chain_.effect},
            {QStringLiteral("basket_value"), 3.0 * chain_.effect},
            {QStringLiteral("moved_category_sales"),
             7.0 * chain_.basketsPerDay * 1.5 * chain_.effect}};
        QMap<QString, int> covered;
        QMap<QString, double> sum;
        QMap<QString, double> sumOfSquares;
        int relativeCovered = 0;
        int parallel = 0;  // no pre-trend is planted: the check should rarely fire
        for (int draw = 0; draw < chains; ++draw) {
            QTemporaryDir dir;
            mbtest::PlantedChain chain = chain_;
            chain.seed = 100 + std::uint64_t(draw);
            const mbtest::CliRun run = layoutTest(
                chain.write(dir, QStringLiteral("draw.merchbench")),
                {"--stores", "S01,S02,S03", "--date", "2024-03-04", "--weeks", "6", "--json"});
            QVERIFY2(run.exitCode == 0, run.err.constData());
            const QJsonObject json = run.json();
            const QJsonObject measures = json.value(QStringLiteral("measures")).toObject();
            for (const auto& [measure, truth] : truths) {
                const QJsonObject difference = measures.value(measure)
                                                   .toObject()
                                                   .value(QStringLiteral("difference"))
                                                   .toObject();
                const double estimate = difference.value(QStringLiteral("estimate")).toDouble();
                covered[measure] += holds(difference, truth) ? 1 : 0;
                sum[measure] += estimate;
                sumOfSquares[measure] += estimate * estimate;
            }
            // Relative: over the share the changed stores would have had, as planted.
            relativeCovered += holds(json, chain.effect / chain.counterfactualShare(6)) ? 1 : 0;
            parallel += json.value(QStringLiteral("pre_trend"))
                                .toObject()
                                .value(QStringLiteral("parallel"))
                                .toBool()
                            ? 1
                            : 0;
        }
        for (const auto& [measure, truth] : truths) {
            const double mean = sum[measure] / chains;
            const double spread = std::sqrt(sumOfSquares[measure] / chains - mean * mean);
            const QString said = QStringLiteral("%1: mean %2 (spread %3), truth %4, covered %5")
                                     .arg(measure)
                                     .arg(mean)
                                     .arg(spread)
                                     .arg(truth)
                                     .arg(covered[measure]);
            QVERIFY2(std::abs(mean - truth) < 4.0 * spread / std::sqrt(double(chains)),
                     qPrintable(said));
            QVERIFY2(covered[measure] >= 15, qPrintable(said));
        }
        QVERIFY2(relativeCovered >= 15, qPrintable(QString::number(relativeCovered)));
        QVERIFY2(parallel >= 15, qPrintable(QString::number(parallel)));
    }

    void saysWhatItFound() {
        const QString out = dir_.filePath(QStringLiteral("test.csv"));
        const mbtest::CliRun run =
            layoutTest(project_, {"--stores", "S01,S02,S03", "--date", "2024-03-04", "--weeks", "6",
                                  "--json", "--out", out});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = run.json();
        const QJsonObject measures = json.value(QStringLiteral("measures")).toObject();
        const QJsonObject cross = measures.value(QStringLiteral("cross_category_share")).toObject();
        QCOMPARE(json.value(QStringLiteral("effect")).toDouble(),
                 cross.value(QStringLiteral("effect")).toDouble());
        QVERIFY(json.value(QStringLiteral("ci_low")).toDouble() > 0.0);
        for (const char* measure : {"basket_value", "moved_category_sales"})
            QVERIFY2(measures.value(QLatin1String(measure)).isObject(), measure);
        QCOMPARE(json.value(QStringLiteral("moved_categories")).toArray(),
                 (QJsonArray{"dairy", "produce"}));
        QCOMPARE(json.value(QStringLiteral("control_stores")).toArray().size(), 7);  // S11, S12 out
        QVERIFY(json.value(QStringLiteral("pre_trend")).toObject().contains("parallel"));
        const QString verdict = json.value(QStringLiteral("verdict")).toString();
        QVERIFY2(verdict.startsWith(QStringLiteral("cross-category share rose ")) &&
                     verdict.contains(QStringLiteral("in S01,S02,S03 against 7 control stores; "
                                                     "pre-period trends ")),
                 qPrintable(verdict));
        // The store permutation: every one of the C(10, 3) = 120 choices of changed stores.
        const QJsonObject permutation = cross.value(QStringLiteral("permutation")).toObject();
        QCOMPARE(permutation.value(QStringLiteral("assignments")).toInteger(), 120);
        QVERIFY(permutation.value(QStringLiteral("exact")).toBool());
        QVERIFY(verdict.contains(QStringLiteral("store permutation p = ")));
        // The left-out store is said, not silently dropped.
        QVERIFY(json.value(QStringLiteral("warnings"))
                    .toVariant()
                    .toStringList()
                    .join(' ')
                    .contains(QStringLiteral("S11, S12")));
        // Store-clustered: 10 stores, t on 9 degrees of freedom.
        QCOMPARE(cross.value(QStringLiteral("difference"))
                     .toObject()
                     .value(QStringLiteral("degrees_of_freedom"))
                     .toInt(),
                 9);

        const QList<QStringList> rows = mbtest::readCsvLines(out);
        QCOMPARE(rows.size(), 4);  // header and three measures
        QCOMPARE(rows[1][0], QStringLiteral("cross_category_share"));
        QCOMPARE(rows[1][10].toDouble(), json.value(QStringLiteral("effect")).toDouble());
    }

    void explicitControlsAreTheOnesCompared() {
        const mbtest::CliRun run = layoutTest(project_, {"--stores", "S01", "--control", "S05,S06",
                                                         "--date", "2024-03-04", "--json"});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = run.json();
        QCOMPARE(json.value(QStringLiteral("control_stores")).toArray(),
                 (QJsonArray{"S05", "S06"}));
        QVERIFY(json.value(QStringLiteral("verdict"))
                    .toString()
                    .contains(QStringLiteral("in S01 against 2 control stores")));
    }

    void preTrendCheckFires() {
        QTemporaryDir dir;
        mbtest::PlantedChain drifting = chain_;
        drifting.effect = 0.0;
        drifting.trendPerWeek = 0.03;
        drifting.basketsPerDay = 30;
        drifting.partialStores = false;
        const QString project = drifting.write(dir, QStringLiteral("drift.merchbench"));
        const mbtest::CliRun run = layoutTest(
            project, {"--stores", "S01,S02,S03", "--date", "2024-03-04", "--weeks", "6", "--json"});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = run.json();
        const QJsonObject trend = json.value(QStringLiteral("pre_trend")).toObject();
        QVERIFY2(!trend.value(QStringLiteral("parallel")).toBool(true), qPrintable(shown(trend)));
        QVERIFY2(holds(trend.value(QStringLiteral("slope_difference_per_week")).toObject(), 0.03),
                 qPrintable(shown(trend)));
        QVERIFY(json.value(QStringLiteral("verdict"))
                    .toString()
                    .contains(QStringLiteral("pre-period trends differ")));
    }

    void replaysWithRun() {
        const mbtest::CliRun first = layoutTest(
            project_, {"--stores", "S02,S03", "--date", "2024-03-11", "--weeks", "4", "--json"});
        QVERIFY2(first.exitCode == 0, first.err.constData());
        const qint64 runId = first.json().value(QStringLiteral("run_id")).toInteger(-1);
        QVERIFY(runId > 0);
        const mbtest::CliRun request =
            mbtest::runCli({QStringLiteral("request"), project_, QString::number(runId)});
        QVERIFY2(request.exitCode == 0, request.err.constData());
        const QString file = dir_.filePath(QStringLiteral("layout-test.json"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(request.out);
        out.close();
        const QString replayDir = dir_.filePath(QStringLiteral("replay"));
        const mbtest::CliRun replay =
            mbtest::runCli({QStringLiteral("run"), file, QStringLiteral("--project"), project_,
                            QStringLiteral("--out"), replayDir, QStringLiteral("--json")});
        QVERIFY2(replay.exitCode == 0, replay.err.constData());
        const QJsonObject again = replay.json();
        QCOMPARE(again.value(QStringLiteral("input_changed")).toBool(true), false);
        QVERIFY(again.value(QStringLiteral("run_id")).toInteger(-1) > runId);
        const QJsonObject result = again.value(QStringLiteral("result")).toObject();
        for (const char* key : {"effect", "ci_low", "ci_high", "verdict", "measures", "pre_trend",
                                "moved_categories", "control_stores"})
            QCOMPARE(result.value(QLatin1String(key)), first.json().value(QLatin1String(key)));
        // The layout changed a week before this date: no category moved in these weeks, so the
        // moved categories' sales are not measured (said, not zero).
        QCOMPARE(result.value(QStringLiteral("moved_categories")).toArray().size(), 0);
        QVERIFY(result.value(QStringLiteral("measures"))
                    .toObject()
                    .value(QStringLiteral("moved_category_sales"))
                    .isNull());
        QVERIFY(first.err.contains("no category changed zone"));
        QCOMPARE(mbtest::readCsvLines(replayDir + QStringLiteral("/layout-test.csv")).size(), 3);
    }

    void refusesBadInputs_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown store") << QStringList{"--stores", "S99", "--date", "2024-03-04"}
                                       << 2 << "no store S99 in the project";
        QTest::newRow("unknown control")
            << QStringList{"--stores", "S01", "--control", "S98", "--date", "2024-03-04"} << 2
            << "--control: no store S98";
        QTest::newRow("no data before")
            << QStringList{"--stores", "S11", "--date", "2024-03-04"} << 2
            << "store S11 has no baskets in the 8 weeks before 2024-03-04";
        QTest::newRow("no data after")
            << QStringList{"--stores", "S12", "--date", "2024-03-04"} << 2
            << "store S12 has no baskets in the 8 weeks from 2024-03-04";
        QTest::newRow("date after the data")
            << QStringList{"--stores", "S01", "--date", "2024-06-01"} << 2
            << "outside the baskets' dates (2024-01-01 to 2024-04-30)";
        QTest::newRow("date before the data")
            << QStringList{"--stores", "S01", "--date", "2024-01-01"} << 2
            << "outside the baskets' dates";
        QTest::newRow("no control stores")
            << QStringList{"--stores", "S01,S02,S03,S04,S05,S06,S07,S08,S09,S10", "--date",
                           "2024-03-04"}
            << 2 << "no control stores";
        QTest::newRow("control without data")
            << QStringList{"--stores", "S01", "--control", "S11", "--date", "2024-03-04"} << 2
            << "store S11 has no baskets in the 8 weeks before";
        QTest::newRow("no date") << QStringList{"--stores", "S01"} << 1 << "--date";
        QTest::newRow("control also changed")
            << QStringList{"--stores", "S01", "--control", "S01", "--date", "2024-03-04"} << 1
            << "did not change";
    }

    void refusesBadInputs() {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const mbtest::CliRun run = layoutTest(project_, arguments);
        QVERIFY2(run.exitCode == exitCode, run.err.constData());
        QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestLayoutTestCli)
#include "tst_layouttestcli.moc"
