// merchbench-cli as a user runs it: exit codes, --help, --json shapes, import, info, generate.
#include "CliRun.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

// Importing and generating real-sized files can take longer than the helper's default.
constexpr int cliTimeoutMs = 300000;

}  // namespace

class TestCli : public QObject {
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
    void exitCodes_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("no command") << QStringList{} << 1;
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")} << 1;
        QTest::newRow("top help") << QStringList{QStringLiteral("--help")} << 0;
        for (const char* command : {"import", "info", "generate", "demo"}) {
            QTest::newRow(qPrintable(QStringLiteral("%1 --help").arg(QLatin1String(command))))
                << QStringList{QString::fromLatin1(command), QStringLiteral("--help")} << 0;
        }
        QTest::newRow("import without kind")
            << QStringList{QStringLiteral("import"), QStringLiteral("p"), QStringLiteral("f")} << 1;
        QTest::newRow("import unknown option")
            << QStringList{QStringLiteral("import"), QStringLiteral("--bogus"), QStringLiteral("p"),
                           QStringLiteral("f")}
            << 1;
        QTest::newRow("info on a missing project")
            << QStringList{QStringLiteral("info"), QStringLiteral("/nonexistent/x.merchbench")}
            << 2;
        QTest::newRow("generate with a bad scale")
            << QStringList{QStringLiteral("generate"), QStringLiteral("out"),
                           QStringLiteral("--scale"), QStringLiteral("-3")}
            << 1;
    }

    void exitCodes() {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        const mbtest::CliRun result = mbtest::runCli(arguments, cliTimeoutMs);
        QCOMPARE(result.exitCode, exitCode);
        if (arguments.contains(QStringLiteral("--help")))
            QVERIFY(result.out.contains("Usage"));
    }

    void importReportsErrorsAsJsonAndWritesNothing() {
        const QString project = dir_.filePath(QStringLiteral("cli.merchbench"));
        const QString file = write(QStringLiteral("stores.csv"), "store,area\nS1,100\nS2,lots\n");
        const mbtest::CliRun result =
            mbtest::runCli({QStringLiteral("import"), project, file, QStringLiteral("--kind"),
                            QStringLiteral("stores"), QStringLiteral("--json")},
                           cliTimeoutMs);
        QCOMPARE(result.exitCode, 2);
        const QJsonObject report = result.json();
        QCOMPARE(report.value(QStringLiteral("rows_read")).toInteger(), 2);
        QCOMPARE(report.value(QStringLiteral("rows_imported")).toInteger(), 0);
        QCOMPARE(report.value(QStringLiteral("rows_rejected")).toInteger(), 1);
        const QJsonObject error =
            report.value(QStringLiteral("errors")).toArray().first().toObject();
        QCOMPARE(error.value(QStringLiteral("line")).toInteger(), 3);
        QCOMPARE(error.value(QStringLiteral("column")).toInteger(), 4);
        QVERIFY(error.value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("area must be a number")));

        const mbtest::CliRun plain =
            mbtest::runCli({QStringLiteral("import"), project, file, QStringLiteral("--kind"),
                            QStringLiteral("stores")},
                           cliTimeoutMs);
        QCOMPARE(plain.exitCode, 2);
        QVERIFY2(plain.err.contains("stores.csv:3:4: area must be a number (lots)"),
                 plain.err.constData());

        const mbtest::CliRun info = mbtest::runCli(
            {QStringLiteral("info"), project, QStringLiteral("--json")}, cliTimeoutMs);
        QCOMPARE(info.exitCode, 0);
        QCOMPARE(info.json()
                     .value(QStringLiteral("counts"))
                     .toObject()
                     .value(QStringLiteral("stores"))
                     .toInteger(),
                 0);
        QVERIFY(info.json().contains(QStringLiteral("health")));
    }

    void importSkipModeThenInfo() {
        const QString project = dir_.filePath(QStringLiteral("skip.merchbench"));
        const QString file =
            write(QStringLiteral("products.csv"), "sku;regular_price\nA;1,5\nB;x\nC;2\n");
        const mbtest::CliRun result = mbtest::runCli(
            {QStringLiteral("import"), project, file, QStringLiteral("--kind"),
             QStringLiteral("products"), QStringLiteral("--decimal-comma"),
             QStringLiteral("--on-error"), QStringLiteral("skip"), QStringLiteral("--json")},
            cliTimeoutMs);
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.json().value(QStringLiteral("rows_imported")).toInteger(), 2);
        QVERIFY(QFile::exists(file + QStringLiteral(".errors.csv")));
        const mbtest::CliRun info = mbtest::runCli(
            {QStringLiteral("info"), project, QStringLiteral("--json")}, cliTimeoutMs);
        QCOMPARE(info.exitCode, 0);
        QCOMPARE(info.json()
                     .value(QStringLiteral("counts"))
                     .toObject()
                     .value(QStringLiteral("products"))
                     .toInteger(),
                 2);
    }

    void generateWritesEveryKind() {
        const QString out = dir_.filePath(QStringLiteral("gen"));
        const mbtest::CliRun result = mbtest::runCli(
            {QStringLiteral("generate"), out, QStringLiteral("--seed"), QStringLiteral("3")},
            cliTimeoutMs);
        QCOMPARE(result.exitCode, 0);
        for (const char* kind :
             {"products", "stores", "sales", "inventory", "baskets", "customers", "campaign",
              "offers", "zones", "zone_links", "layout", "traffic", "paths"}) {
            QVERIFY2(QFile::exists(out + QStringLiteral("/%1.csv").arg(QLatin1String(kind))), kind);
        }
    }

    void demoBuildsAProjectAndWritesExports() {
        const QString out = dir_.filePath(QStringLiteral("demo"));
        const mbtest::CliRun result = mbtest::runCli({QStringLiteral("demo"), out}, cliTimeoutMs);
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains("Exports:"));
        QVERIFY(QFile::exists(out + QStringLiteral("/demo.merchbench")));
        QVERIFY(QFile::exists(out + QStringLiteral("/exports/data-health.json")));
        const mbtest::CliRun info =
            mbtest::runCli({QStringLiteral("info"), out + QStringLiteral("/demo.merchbench"),
                            QStringLiteral("--json")},
                           cliTimeoutMs);
        QCOMPARE(info.exitCode, 0);
        const QJsonObject counts = info.json().value(QStringLiteral("counts")).toObject();
        for (const QString& kind : counts.keys()) {
            QVERIFY2(counts.value(kind).toInteger() > 0, qPrintable(kind));
        }
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
