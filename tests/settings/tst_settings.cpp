// A project's settings from the command line (merchbench-cli settings), and the demo's currency.
#include "CliRun.h"
#include "data/DemoProject.h"
#include "data/Project.h"
#include "data/SavedScenarios.h"
#include "data/TrafficStore.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace mb;

class TestSettings : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }
    void currencyFromTheCommandLine();
    void demoIsInDollars();
    void trafficStoreFromTheCommandLine();

private:
    QTemporaryDir dir_;
};

void TestSettings::currencyFromTheCommandLine() {
    const QString path = dir_.filePath(QStringLiteral("shop.merchbench"));
    data::Project::open(path, data::Project::OpenMode::CreateIfMissing);

    mbtest::CliRun run = mbtest::runCli({QStringLiteral("settings"), path});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out.trimmed(), QByteArray("currency: not set\ntraffic store: not set"));

    run = mbtest::runCli({QStringLiteral("settings"), path, QStringLiteral("--currency"),
                          QStringLiteral("EUR"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.json().value(QStringLiteral("currency")).toString(), QStringLiteral("EUR"));
    QCOMPARE(data::projectCurrency(*data::Project::open(path)), QStringLiteral("EUR"));

    // An ISO code in any case is that code.
    run = mbtest::runCli({QStringLiteral("settings"), path, QStringLiteral("--currency"),
                          QStringLiteral("gbp"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.json().value(QStringLiteral("currency")).toString(), QStringLiteral("GBP"));
    run = mbtest::runCli(
        {QStringLiteral("settings"), path, QStringLiteral("--currency"), QStringLiteral("eur")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(data::projectCurrency(*data::Project::open(path)), QStringLiteral("EUR"));

    // Not an ISO code: refused with what was typed and what is expected, and the project keeps
    // its currency.
    run = mbtest::runCli(
        {QStringLiteral("settings"), path, QStringLiteral("--currency"), QStringLiteral("euro")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("three-letter ISO 4217 code such as USD"), run.err.constData());
    QVERIFY2(run.err.contains("\"euro\""), run.err.constData());
    run = mbtest::runCli({QStringLiteral("settings"), path, QStringLiteral("--json")});
    QCOMPARE(run.json().value(QStringLiteral("currency")).toString(), QStringLiteral("EUR"));

    // A project that does not exist is not made.
    const QString missing = dir_.filePath(QStringLiteral("missing.merchbench"));
    run = mbtest::runCli({QStringLiteral("settings"), missing});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(!QFile::exists(missing));
}

void TestSettings::demoIsInDollars() {
    if (qEnvironmentVariableIsEmpty("MERCHBENCH_DEMO_DIR"))
        qputenv("MERCHBENCH_DEMO_DIR", MERCHBENCH_SOURCE_DIR "/datasets/demo");
    const QString demoDir = data::findDemoDataDir();
    if (demoDir.isEmpty())
        QSKIP("datasets/demo is not there");
    const QString path = dir_.filePath(QStringLiteral("demo.merchbench"));
    data::buildDemoProject(path, demoDir);
    QCOMPARE(data::projectCurrency(*data::Project::open(path)), QStringLiteral("USD"));
    // Its foot traffic was counted in S0001 (datasets/README.md).
    QCOMPARE(data::trafficStore(*data::Project::open(path)), QStringLiteral("S0001"));
}

// The store a chain's traffic was counted in: set to a store the project names, refused (and
// the setting kept) for one it does not, cleared with "".
void TestSettings::trafficStoreFromTheCommandLine() {
    if (qEnvironmentVariableIsEmpty("MERCHBENCH_DEMO_DIR"))
        qputenv("MERCHBENCH_DEMO_DIR", MERCHBENCH_SOURCE_DIR "/datasets/demo");
    const QString demoDir = data::findDemoDataDir();
    if (demoDir.isEmpty())
        QSKIP("datasets/demo is not there");
    const QString path = dir_.filePath(QStringLiteral("chain.merchbench"));
    data::buildDemoProject(path, demoDir);
    mbtest::CliRun run =
        mbtest::runCli({QStringLiteral("settings"), path, QStringLiteral("--traffic-store"),
                        QStringLiteral("S0003"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.json().value(QStringLiteral("traffic_store")).toString(), QStringLiteral("S0003"));
    run = mbtest::runCli({QStringLiteral("settings"), path, QStringLiteral("--traffic-store"),
                          QStringLiteral("S0099")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("no store S0099"), run.err.constData());
    QCOMPARE(data::trafficStore(*data::Project::open(path)), QStringLiteral("S0003"));
    run = mbtest::runCli(
        {QStringLiteral("settings"), path, QStringLiteral("--traffic-store"), QString()});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(data::trafficStore(*data::Project::open(path)), QString());
}

QTEST_GUILESS_MAIN(TestSettings)

#include "tst_settings.moc"
