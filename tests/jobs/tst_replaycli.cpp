// `merchbench-cli request` and `merchbench-cli run` as a user runs them: a recorded request comes
// back with its fingerprint, runs again to the same file and the same recorded request, says
// when the data changed, and a bad request file changes nothing.
#include "JobsProject.h"
#include "TestFile.h"

#include <QJsonArray>
#include <QtTest>

class ReplayCliTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString project_;
    qint64 demandRun_ = -1;
    QString demandCsv_;

    QString requestFile(const QString& name, qint64 runId) {
        const mbtest::CliRun request =
            mbtest::runCli({QStringLiteral("request"), project_, QString::number(runId)});
        if (request.exitCode != 0)
            return {};
        return mbtest::writeTestFile(dir_, name, request.out);
    }

    mbtest::CliRun replay(const QString& requestPath, const QString& out) {
        return mbtest::runCli({QStringLiteral("run"), requestPath, QStringLiteral("--project"),
                               project_, QStringLiteral("--out"), out, QStringLiteral("--json")});
    }

private Q_SLOTS:
    void initTestCase() {
        project_ = mbtest::buildDemo(dir_);
        QVERIFY(!project_.isEmpty());
        demandCsv_ = dir_.filePath(QStringLiteral("demand-product.csv"));
        const mbtest::CliRun demand = mbtest::runCli(
            {QStringLiteral("demand"), project_, QStringLiteral("--level"),
             QStringLiteral("product"), QStringLiteral("--holdout-weeks"), QStringLiteral("6"),
             QStringLiteral("--products"), QStringLiteral("P001,P002,P003,P004"),
             QStringLiteral("--as-of"), QStringLiteral("2024-05-31"), QStringLiteral("--out"),
             demandCsv_, QStringLiteral("--json")});
        QVERIFY2(demand.exitCode == 0, demand.err.constData());
        demandRun_ = demand.json().value(QStringLiteral("run_id")).toInteger(-1);
        QVERIFY(demandRun_ > 0);
    }

    void requestPrintsTheRecordedRequestWithItsFingerprint() {
        const mbtest::CliRun request =
            mbtest::runCli({QStringLiteral("request"), project_, QString::number(demandRun_)});
        QVERIFY2(request.exitCode == 0, request.err.constData());
        const QJsonObject json = request.json();
        const mbtest::RunRow row = mbtest::runRow(project_, demandRun_);
        QCOMPARE(json.value(QStringLiteral("analysis")).toString(), QStringLiteral("demand"));
        QCOMPARE(json.value(QStringLiteral("level")).toString(), QStringLiteral("product"));
        QCOMPARE(json.value(QStringLiteral("holdout_weeks")).toInt(), 6);
        QCOMPARE(json.value(QStringLiteral("products")).toArray().size(), 4);
        QCOMPARE(json.value(QStringLiteral("as_of")).toString(), QStringLiteral("2024-05-31"));
        QVERIFY(!row.inputFingerprint.isEmpty());
        QCOMPARE(json.value(QStringLiteral("input_fingerprint")).toString(), row.inputFingerprint);
        QCOMPARE(json.value(QStringLiteral("run_id")).toInteger(), demandRun_);
        QVERIFY(!json.value(QStringLiteral("program_version")).toString().isEmpty());
        // The output path is the caller's, not part of what the answer depends on.
        QVERIFY(!json.contains(QStringLiteral("out")));
    }

    void requestOfARunThatDoesNotExist() {
        const mbtest::CliRun missing =
            mbtest::runCli({QStringLiteral("request"), project_, QStringLiteral("9999")});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains("has no run 9999"), missing.err.constData());
        const mbtest::CliRun word =
            mbtest::runCli({QStringLiteral("request"), project_, QStringLiteral("latest")});
        QCOMPARE(word.exitCode, 1);
        QVERIFY2(word.err.contains("RUN_ID") && word.err.contains("latest"), word.err.constData());
    }

    void replayOnUnchangedDataGivesTheSameRun() {
        const QString request = requestFile(QStringLiteral("demand-request.json"), demandRun_);
        QVERIFY(!request.isEmpty());
        const QString out = dir_.filePath(QStringLiteral("replay"));
        const mbtest::CliRun run = replay(request, out);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject summary = run.json();
        QCOMPARE(summary.value(QStringLiteral("input_changed")).toBool(true), false);
        const qint64 replayRun = summary.value(QStringLiteral("run_id")).toInteger(-1);
        QVERIFY(replayRun > demandRun_);
        QCOMPARE(summary.value(QStringLiteral("files")).toArray().size(), 1);
        const QByteArray original = mbtest::fileBytes(demandCsv_);
        QVERIFY(!original.isEmpty());
        QCOMPARE(mbtest::fileBytes(out + QStringLiteral("/demand.csv")), original);
        const mbtest::RunRow first = mbtest::runRow(project_, demandRun_);
        const mbtest::RunRow second = mbtest::runRow(project_, replayRun);
        QCOMPARE(second.status, QStringLiteral("finished"));
        QCOMPARE(second.parameters, first.parameters);
        QCOMPARE(second.inputFingerprint, first.inputFingerprint);
    }

    void replayAfterAnImportSaysTheDataChanged() {
        const QString copy = dir_.filePath(QStringLiteral("changed.merchbench"));
        QVERIFY(QFile::copy(project_, copy));
        const QString request = requestFile(QStringLiteral("changed-request.json"), demandRun_);
        const QString sales = mbtest::writeTestFile(dir_, QStringLiteral("late-sales.csv"),
                                                    "week,store,product,units,price\n"
                                                    "2030-01-07,S0001,P001,3,1.49\n");
        const mbtest::CliRun import =
            mbtest::runCli({QStringLiteral("import"), copy, sales, QStringLiteral("--kind"),
                            QStringLiteral("sales")});
        QVERIFY2(import.exitCode == 0, import.err.constData());
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("run"), request, QStringLiteral("--project"), copy,
                            QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(run.json().value(QStringLiteral("input_changed")).toBool(false), true);
        QVERIFY2(run.err.contains("changed since the request's run"), run.err.constData());
        // Without --out only the run is recorded.
        QCOMPARE(run.json().value(QStringLiteral("files")).toArray().size(), 0);
    }

    void badRequestFilesChangeNothing_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("not JSON") << QByteArray("{\n  \"analysis\": \"demand\",\n  level: 3\n}\n")
                                  << QStringLiteral("line 3, column 3");
        QTest::newRow("unknown analysis")
            << QByteArray("{\"analysis\": \"forecast\"}")
            << QStringLiteral("\"analysis\" is \"forecast\"; expected one of demand");
        QTest::newRow("no analysis")
            << QByteArray("{\"level\": \"product\"}") << QStringLiteral("\"analysis\" is missing");
        QTest::newRow("unknown field")
            << QByteArray("{\"analysis\": \"demand\", \"holdout\": 4}")
            << QStringLiteral("demand request: unknown field \"holdout\"");
        QTest::newRow("bad value")
            << QByteArray("{\"analysis\": \"demand\", \"method\": \"ridge\"}")
            << QStringLiteral(
                   "demand request: method: expected one of ols, poisson, got "
                   "\"ridge\"");
    }
    void badRequestFilesChangeNothing() {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        const QString request = mbtest::writeTestFile(dir_, QStringLiteral("bad.json"), content);
        const qint64 runs = mbtest::runCount(project_);
        const QString out = dir_.filePath(QStringLiteral("bad-out"));
        const mbtest::CliRun run = replay(request, out);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
        QCOMPARE(mbtest::runCount(project_), runs);
        QVERIFY(!QFile::exists(out + QStringLiteral("/demand.csv")));
    }

    void demandNeedsAProject() {
        const QString request = requestFile(QStringLiteral("no-project.json"), demandRun_);
        const mbtest::CliRun run = mbtest::runCli({QStringLiteral("run"), request});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("--project"), run.err.constData());
    }

    // A project named like the job's standard file, in the --out folder: refused before any work.
    void outputThatWouldOverwriteTheProjectIsRefused() {
        QTemporaryDir folder;
        const QString clash = folder.filePath(QStringLiteral("demand.csv"));
        QVERIFY(QFile::copy(project_, clash));
        const QString request = requestFile(QStringLiteral("clash.json"), demandRun_);
        const QByteArray before = mbtest::fileBytes(clash);
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("run"), request, QStringLiteral("--project"), clash,
                            QStringLiteral("--out"), folder.path()});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("demand.csv"), run.err.constData());
        QCOMPARE(mbtest::fileBytes(clash), before);
    }
};

QTEST_GUILESS_MAIN(ReplayCliTest)
#include "tst_replaycli.moc"
