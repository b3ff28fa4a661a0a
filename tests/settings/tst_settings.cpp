// A project's settings from the command line (merchbench-cli settings), and the demo's currency.
#include "CliRun.h"
#include "data/DemoProject.h"
#include "data/Project.h"
#include "data/SavedScenarios.h"
#include "data/TrafficStore.h"
#include "pg/PublishSink.h"

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
    void publishSinkRefusesAPassword_data();
    void publishSinkRefusesAPassword();

private:
    QTemporaryDir dir_;
};

void TestSettings::currencyFromTheCommandLine() {
    const QString path = dir_.filePath(QStringLiteral("shop.merchbench"));
    data::Project::open(path, data::Project::OpenMode::CreateIfMissing);

    mbtest::CliRun run = mbtest::runCli({QStringLiteral("settings"), path});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out.trimmed(),
             QByteArray("currency: not set\ntraffic store: not set\npublish to: not set"));

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

void TestSettings::publishSinkRefusesAPassword_data() {
    QTest::addColumn<QString>("uri");
    QTest::addColumn<QString>("secret");  // "" when the URI may be stored
    QTest::newRow("user and password")
        << QStringLiteral("postgresql://planner:s3cret@db/merch") << QStringLiteral("s3cret");
    QTest::newRow("password parameter")
        << QStringLiteral("postgres://planner@db/merch?sslmode=require&password=hunter22")
        << QStringLiteral("hunter22");
    QTest::newRow("percent-encoded")
        << QStringLiteral("postgresql://planner:p%40ss@db/merch") << QStringLiteral("p%40ss");
    QTest::newRow("no password") << QStringLiteral("postgresql://planner@db.example.com:5433/merch")
                                 << QString();
    QTest::newRow("unix socket") << QStringLiteral("postgresql://planner@/merch?host=/run/pg")
                                 << QString();
}

// A sink is stored only without a password (libpq supplies it); a refusal names the reason,
// never the password, and leaves the setting as it was.
void TestSettings::publishSinkRefusesAPassword() {
    QFETCH(QString, uri);
    QFETCH(QString, secret);
    const QString path = dir_.filePath(QStringLiteral("sink.merchbench"));
    data::Project::open(path, data::Project::OpenMode::CreateIfMissing);
    const QString before = QStringLiteral("postgresql://earlier@db/merch");
    mbtest::CliRun run =
        mbtest::runCli({QStringLiteral("settings"), path, QStringLiteral("--publish-to"), before});
    QCOMPARE(run.exitCode, 0);
    run = mbtest::runCli({QStringLiteral("settings"), path, QStringLiteral("--publish-to"), uri,
                          QStringLiteral("--json")});
    if (secret.isEmpty()) {
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.json().value(QStringLiteral("publish_to")).toString(), uri);
        QCOMPARE(pg::publishSink(*data::Project::open(path)), uri);
        return;
    }
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("carries a password"), run.err.constData());
    QVERIFY2(run.err.contains("PGPASSWORD"), run.err.constData());
    QVERIFY(!run.err.contains(secret.toUtf8()));
    QVERIFY(!run.out.contains(secret.toUtf8()));
    QCOMPARE(pg::publishSink(*data::Project::open(path)), before);
    // Cleared with "".
    run = mbtest::runCli(
        {QStringLiteral("settings"), path, QStringLiteral("--publish-to"), QString()});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(pg::publishSink(*data::Project::open(path)), QString());
}

QTEST_GUILESS_MAIN(TestSettings)

#include "tst_settings.moc"
