// No output overwrites an input, as a user runs the commands: every path a command writes that
// is the project (or its -wal), an input of the same command or another of its outputs is
// refused with exit 1 and a message naming both, before any work, and nothing is written.
#include "CliRun.h"
#include "WorkFolder.h"

#include <unistd.h>
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>
#include <vector>

namespace {

constexpr int demoTimeoutMs = 600000;

// Every file under a folder with a hash of its bytes, so "nothing was written" can be checked.
QMap<QString, QByteArray> snapshot(const QString& folder) {
    QMap<QString, QByteArray> files;
    QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        files.insert(QDir(folder).relativeFilePath(path), mbtest::fileHash(path));
    }
    return files;
}

// "exit 2: what it said", for a failure message.
QString outcome(const mbtest::CliRun& run) {
    return QStringLiteral("exit %1: %2")
        .arg(run.exitCode)
        .arg(QString::fromUtf8(run.err + run.out));
}

}  // namespace

class TestOutputClash : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString project_;

    QString path(const QString& name) const { return dir_.filePath(name); }

    void write(const QString& name, const QByteArray& content) {
        mbtest::writeFile(dir_, name, content);
    }

    QStringList expand(QStringList arguments) const {
        for (QString& argument : arguments) {
            argument.replace(QStringLiteral("%P"), project_);
            argument.replace(QStringLiteral("%D"), dir_.path());
        }
        return arguments;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const mbtest::CliRun demo =
            mbtest::runCli({QStringLiteral("demo"), path(QStringLiteral("demo"))}, demoTimeoutMs);
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        project_ = path(QStringLiteral("demo/demo.merchbench"));
        QVERIFY(QFile::exists(project_));
        QVERIFY(QFile::copy(path(QStringLiteral("demo/exports/markdown-rules.json")),
                            path(QStringLiteral("rules.json"))));
        write(QStringLiteral("user.csv"), "product,store,week,discount\nP001,S01,2024-08-05,0.2\n");
        write(QStringLiteral("offers.csv"), "offer,cost\noffer_a,2\noffer_b,3\n");
        write(QStringLiteral("exclude.csv"), "customer\nC000002\n");
        write(QStringLiteral("history.csv"), "customer,contacts\nC000003,1\n");
        write(QStringLiteral("effects.csv"), "customer,offer,uplift,value,cost\nC1,o1,0.1,5,1\n");
        write(QStringLiteral("baskets.csv"), "basket,product\nB1,P001\nB1,P002\nB2,P001\n");
        write(QStringLiteral("sales.csv"), "week,store,product,units\n2024-01-01,S01,P001,x\n");
        QVERIFY(QFile::link(project_, path(QStringLiteral("link.merchbench"))));
        QCOMPARE(::link(QFile::encodeName(project_).constData(),
                        QFile::encodeName(path(QStringLiteral("hard.csv"))).constData()),
                 0);
        // A folder whose zones.csv is the project itself (a hard link): traffic --out writes
        // zones.csv there.
        QVERIFY(QDir(dir_.path()).mkdir(QStringLiteral("traffic")));
        QCOMPARE(::link(QFile::encodeName(project_).constData(),
                        QFile::encodeName(path(QStringLiteral("traffic/zones.csv"))).constData()),
                 0);
    }

    void refused_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("output");  // the path the message names as the output
        QTest::addColumn<QString>("other");   // and the file it would overwrite
        // Command lines split at spaces before %P (the project) and %D (the folder) are filled.
        auto row = [](const char* name, const QByteArray& command, const char* output,
                      const char* other) {
            QTest::newRow(name) << QString::fromLatin1(command).split(u' ')
                                << QString::fromLatin1(output) << QString::fromLatin1(other);
        };
        const char* markdown = "markdown %P --exit-week 2024-09-16";
        const char* backtest =
            "markdown-backtest %P --season-start 2023-07-31 --exit-week 2023-09-25";
        const char* target = "target %P --campaign demo_campaign --budget 600";
        const auto with = [](const char* command, const char* more) {
            return QByteArray(command) + ' ' + more;
        };
        row("demand --out the project", "demand %P --out %P", "%P", "%P");
        row("demand --out the project as ./", "demand %P --out %D/demo/./demo.merchbench",
            "%D/demo/./demo.merchbench", "%P");
        row("demand --out a symbolic link to the project", "demand %P --out %D/link.merchbench",
            "%D/link.merchbench", "%P");
        row("demand --out a hard link to the project", "demand %P --out %D/hard.csv", "%D/hard.csv",
            "%P");
        row("demand --out the project's -wal", "demand %P --out %P-wal", "%P-wal",
            "the project's write-ahead log");
        row("markdown --items the project", with(markdown, "--out %D/plan.csv --items %P"), "%P",
            "%P");
        row("markdown --out the rules", with(markdown, "--rules %D/rules.json --out %D/rules.json"),
            "%D/rules.json", "--rules");
        row("markdown --out the user plan",
            with(markdown, "--user-plan %D/user.csv --out %D/user.csv"), "%D/user.csv",
            "--user-plan");
        row("markdown --items the same as --out",
            with(markdown, "--out %D/plan.csv --items %D/plan.csv"), "--items", "--out");
        row("markdown --items the parameters of --out",
            with(markdown, "--out %D/plan.csv --items %D/plan.params.json"), "%D/plan.params.json",
            "--out %D/plan.csv's parameters file");
        row("markdown-backtest --out the rules",
            with(backtest, "--rules %D/rules.json --out %D/rules.json"), "%D/rules.json",
            "--rules");
        row("markdown-backtest --out the project", with(backtest, "--out %P"), "%P", "%P");
        row("target --out the offers", with(target, "--offers %D/offers.csv --out %D/offers.csv"),
            "%D/offers.csv", "--offers");
        row("target --xlsx the project",
            with(target, "--offers-from-project --out %D/list.csv --xlsx %P"), "--xlsx", "%P");
        row("target --out the exclusion list",
            with(target, "--offers-from-project --exclude %D/exclude.csv --out %D/exclude.csv"),
            "%D/exclude.csv", "--exclude");
        row("target --out the contact history",
            with(target,
                 "--offers-from-project --max-contacts 1 --contact-history "
                 "%D/history.csv --out %D/history.csv"),
            "%D/history.csv", "--contact-history");
        row("target --xlsx the same as --out",
            with(target, "--offers-from-project --out %D/list.csv --xlsx %D/list.csv"), "--xlsx",
            "--out");
        row("uplift-train --out the project", "uplift-train %P --campaign demo_campaign --out %P",
            "%P", "the project");
        row("customer-features --out the project", "customer-features %P --out %P", "%P",
            "the project");
        row("layout --out a link to the project", "layout %P --out %D/link.merchbench",
            "%D/link.merchbench", "%P");
        row("traffic --out a folder whose zones.csv is the project", "traffic %P --out %D/traffic",
            "%D/traffic/zones.csv", "%P");
        row("affinity --out its project input", "affinity %P --out %P", "%P", "the project");
        row("rules --out its basket file",
            "rules %D/baskets.csv --min-support 0.1 --min-confidence 0.5 --out %D/baskets.csv",
            "%D/baskets.csv", "the basket file");
        row("allocate --out its effects file",
            "allocate %D/effects.csv --budget 10 --out %D/effects.csv", "%D/effects.csv",
            "the effects file");
        row("import --error-report the import file",
            "import %P %D/sales.csv --kind sales --on-error skip --error-report %D/sales.csv",
            "--error-report", "the import file");
        row("import --error-report the project",
            "import %P %D/sales.csv --kind sales --on-error skip --error-report %P",
            "--error-report", "%P");
    }

    void refused() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, output);
        QFETCH(QString, other);
        const auto before = snapshot(dir_.path());
        const mbtest::CliRun run = mbtest::runCli(expand(arguments));
        const QString said = QString::fromUtf8(run.err);
        QVERIFY2(run.exitCode == 1, qPrintable(outcome(run)));
        QVERIFY2(said.contains(QStringLiteral("would overwrite")), qPrintable(said));
        QVERIFY2(said.contains(expand({output}).first()), qPrintable(said));
        QVERIFY2(said.contains(expand({other}).first()), qPrintable(said));
        QVERIFY2(said.contains(QStringLiteral("Nothing was written")), qPrintable(said));
        // The project (and every input) byte for byte as before, and no file added.
        QCOMPARE(snapshot(dir_.path()), before);
    }

    // An output whose folder is missing is refused before any work (exit 1, naming the option
    // and the folder): no earlier output has replaced its old file by then.
    void unwritableFolder_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("oldOutput");  // an output given in a good folder
        QTest::newRow("markdown --items")
            << QStringLiteral(
                   "markdown %P --exit-week 2024-09-16 --out %D/mz.csv --items "
                   "/nonexistent/i.csv")
                   .split(u' ')
            << QStringLiteral("--items") << QStringLiteral("mz.csv");
        QTest::newRow("target --xlsx")
            << QStringLiteral(
                   "target %P --campaign demo_campaign --offers-from-project --budget "
                   "600 --out %D/ty.csv --xlsx /nonexistent/ty.xlsx")
                   .split(u' ')
            << QStringLiteral("--xlsx") << QStringLiteral("ty.csv");
        QTest::newRow("import --error-report")
            << QStringLiteral(
                   "import %P %D/sales.csv --kind sales --on-error skip "
                   "--error-report /nonexistent/e.csv")
                   .split(u' ')
            << QStringLiteral("--error-report") << QString();
    }

    void unwritableFolder() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, option);
        QFETCH(QString, oldOutput);
        if (!oldOutput.isEmpty())
            write(oldOutput, "OLD\n");
        const auto before = snapshot(dir_.path());
        const mbtest::CliRun run = mbtest::runCli(expand(arguments));
        const QString said = QString::fromUtf8(run.err);
        QVERIFY2(run.exitCode == 1, qPrintable(outcome(run)));
        QVERIFY2(said.contains(option), qPrintable(said));
        QVERIFY2(said.contains(QStringLiteral("the folder /nonexistent does not exist")),
                 qPrintable(said));
        QCOMPARE(snapshot(dir_.path()), before);
        if (!oldOutput.isEmpty())
            QVERIFY(QFile::remove(path(oldOutput)));
    }

    // Skip mode keeps rejected rows only in the error report: when it cannot be written (here
    // its path is a folder, which passes the folder check) the import is rolled back, exit 2.
    void errorReportNotWritten() {
        QVERIFY(QDir(dir_.path()).mkpath(QStringLiteral("report-is-a-folder")));
        write(QStringLiteral("stores.csv"), "store,name\nS90,New store\n,No id\n");
        const auto before = snapshot(dir_.path());
        const mbtest::CliRun run = mbtest::runCli(
            {QStringLiteral("import"), project_, path(QStringLiteral("stores.csv")),
             QStringLiteral("--kind"), QStringLiteral("stores"), QStringLiteral("--on-error"),
             QStringLiteral("skip"), QStringLiteral("--error-report"),
             path(QStringLiteral("report-is-a-folder"))});
        const QString said = QString::fromUtf8(run.err + run.out);
        QVERIFY2(run.exitCode == 2, qPrintable(outcome(run)));
        QVERIFY2(said.contains(QStringLiteral("cannot write the error report")), qPrintable(said));
        QVERIFY2(!said.contains(QStringLiteral("imported 1 of 2")), qPrintable(said));
        QCOMPARE(snapshot(dir_.path()), before);
        QVERIFY(QFile::remove(path(QStringLiteral("stores.csv"))));
    }

    // The check refuses only real clashes: the same command with its own output runs.
    void distinctOutputsRun() {
        const QString out = path(QStringLiteral("elasticities.csv"));
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("demand"), project_, QStringLiteral("--level"),
                            QStringLiteral("category"), QStringLiteral("--out"), out});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(QFileInfo(out).size() > 0);
        QVERIFY(QFile::remove(out));
    }

    void demoNeverWritesOverOtherFiles() {
        QVERIFY(QDir(dir_.path()).mkdir(QStringLiteral("mine")));
        write(QStringLiteral("mine/demo.merchbench"), "a planner's own project\n");
        const auto before = snapshot(dir_.path());
        const mbtest::CliRun intoFolder =
            mbtest::runCli({QStringLiteral("demo"), path(QStringLiteral("mine"))});
        QCOMPARE(intoFolder.exitCode, 1);
        QVERIFY2(intoFolder.err.contains(QFile::encodeName(path(QStringLiteral("mine")))),
                 intoFolder.err.constData());
        const mbtest::CliRun ontoFile =
            mbtest::runCli({QStringLiteral("demo"), path(QStringLiteral("rules.json"))});
        QCOMPARE(ontoFile.exitCode, 1);
        QVERIFY2(ontoFile.err.contains("is a file"), ontoFile.err.constData());
        QCOMPARE(snapshot(dir_.path()), before);
    }
};

QTEST_GUILESS_MAIN(TestOutputClash)
#include "tst_outputclash.moc"
