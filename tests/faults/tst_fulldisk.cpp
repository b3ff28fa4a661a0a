// A full disk loses nothing: every write of an import, a recorded offer list and the demo build
// is made to fail in turn (a test VFS), and the CLI runs on a real small file system.
#include "CliRun.h"
#include "FaultyDisk.h"
#include "ProjectDump.h"
#include "TmpfsMount.h"

#include "common/Error.h"
#include "data/DemoProject.h"
#include "data/Importer.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "targeting/OfferListRecord.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <functional>

using mbtest::countRows;
using mbtest::dumpProject;
using mbtest::FaultyDisk;

namespace {

const QString kDemo = QStringLiteral(MERCHBENCH_SOURCE_DIR "/datasets/demo/");
const QString kDiskFull = QStringLiteral("the disk is full");

QByteArray firstLines(const QString& path, int lines) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    QByteArray out;
    for (int i = 0; i < lines && !file.atEnd(); ++i)
        out += file.readLine();
    return out;
}

void writeFile(const QString& path, const QByteArray& content) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
}

// A fresh copy of a closed project (one file, no -wal).
void copyProject(const QString& from, const QString& to) {
    mb::data::removeProjectFiles(to);
    if (!QFile::copy(from, to))
        qFatal("cannot copy %s", qPrintable(from));
}

mb::data::ImportReport importFile(mb::data::Project& project, const QString& file,
                                  const QString& kind) {
    mb::data::ImportOptions options;
    options.kind = kind;
    return mb::data::Importer(project).run(file, options);
}

// A project with the demo's products and stores, closed.
void makeBaseProject(const QString& path) {
    const auto project = mb::data::Project::open(path);
    QVERIFY(importFile(*project, kDemo + QStringLiteral("products.csv"), QStringLiteral("products"))
                .committed);
    QVERIFY(importFile(*project, kDemo + QStringLiteral("stores.csv"), QStringLiteral("stores"))
                .committed);
}

// Runs `write` on a fresh copy of `base` with the disk filling up at each of its writes in turn.
// `write` returns what the operation said when it failed, "" when it succeeded. A failure must
// say the disk is full and name the project's folder, leave the project exactly as before, and
// a retry must succeed; either way the project ends as one clean run leaves it (`expected`,
// without times). Returns how many of the writes stopped the operation.
int failAtEveryWrite(const QString& base, const QString& work, const QString& expected,
                     const std::function<QString(const QString&)>& write) {
    copyProject(base, work);
    FaultyDisk::resetCount();
    if (const QString failure = write(work); !failure.isEmpty())
        qFatal("fails without faults: %s", qPrintable(failure));
    const int writes = FaultyDisk::writes();
    int failed = 0;
    for (int n = 1; n <= writes; ++n) {
        copyProject(base, work);
        const QString before = dumpProject(work);
        FaultyDisk::fillAfter(n);
        const QString failure = write(work);
        FaultyDisk::makeRoom();
        const QString where = QStringLiteral("write %1 of %2: %3").arg(n).arg(writes).arg(failure);
        if (!failure.isEmpty()) {
            ++failed;
            [&] {
                QVERIFY2(failure.contains(kDiskFull), qPrintable(where));
                QVERIFY2(failure.contains(QFileInfo(work).absolutePath()), qPrintable(where));
                QVERIFY2(dumpProject(work) == before, qPrintable(where));
                const QString retry = write(work);
                QVERIFY2(retry.isEmpty(), qPrintable(where + QStringLiteral("; retry: ") + retry));
            }();
            if (QTest::currentTestFailed())
                return failed;
        }
        // Whether the failure came before the commit or after it (a checkpoint), the project
        // ends exactly as one clean run leaves it: no stray rows, no false duplicates.
        if (dumpProject(work, false) != expected) {
            QTest::qFail(qPrintable(where + QStringLiteral(": the project differs")), __FILE__,
                         __LINE__);
            return failed;
        }
    }
    qInfo("%d of %d failed writes stopped it", failed, writes);
    return failed;
}

}  // namespace

class TestFullDisk : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { FaultyDisk::install(); }
    void cleanup() { FaultyDisk::makeRoom(); }

    void importAtEveryFailedWrite();
    void offerListAtEveryFailedWrite();
    void demoBuildOnAFullDisk();
    void everyWriteOfACommand_data();
    void everyWriteOfACommand();
    void importOnASmallFileSystem();
    void recordedRunsOnAFullFileSystem();
    void outputsOnAFullFileSystem();
};

void TestFullDisk::importAtEveryFailedWrite() {
    QTemporaryDir dir;
    const QString base = dir.filePath(QStringLiteral("base.merchbench"));
    makeBaseProject(base);
    const QString sales = dir.filePath(QStringLiteral("sales.csv"));
    writeFile(sales, firstLines(kDemo + QStringLiteral("sales.csv"), 1500));
    auto importSales = [&](const QString& path) {
        try {
            const auto project = mb::data::Project::open(path);
            // A small page cache spills to the -wal in the middle of the import, as a large
            // file does: the case where SQLite rolls the whole transaction back on its own.
            mb::data::exec(project->db(), "PRAGMA cache_size = 16");
            const mb::data::ImportReport report =
                importFile(*project, sales, QStringLiteral("sales"));
            if (report.committed && report.rowsImported == 1499)
                return QString();
            return report.failure.isEmpty() ? QStringLiteral("not imported") : report.failure;
        } catch (const mb::Error& error) {
            return error.message();  // the project could not even be opened
        }
    };

    const QString reference = dir.filePath(QStringLiteral("reference.merchbench"));
    copyProject(base, reference);
    QCOMPARE(importSales(reference), QString());
    const int failed = failAtEveryWrite(base, dir.filePath(QStringLiteral("work.merchbench")),
                                        dumpProject(reference, false), importSales);
    QVERIFY(failed > 20);
}

void TestFullDisk::offerListAtEveryFailedWrite() {
    QTemporaryDir dir;
    const QString base = dir.filePath(QStringLiteral("base.merchbench"));
    makeBaseProject(base);
    std::vector<mb::targeting::OfferListRow> rows;
    for (int i = 0; i < 600; ++i) {
        mb::targeting::OfferListRow row;
        row.customer = QStringLiteral("C%1").arg(i, 6, 10, QLatin1Char('0'));
        row.offer = i % 3 == 0 ? QStringLiteral("offer_a") : QStringLiteral("offer_b");
        row.expectedUplift = 0.01 * (i % 17);
        row.expectedValue = 0.5 * (i % 11);
        row.cost = 2.0;
        row.reason = QStringLiteral("bought snacks 3 times in 90 days");
        row.control = i % 10 == 0;
        rows.push_back(row);
    }
    const QJsonObject parameters{{QStringLiteral("budget"), 600}};
    const QJsonObject summary{{QStringLiteral("offers"), 540}};
    auto record = [&](const QString& path) {
        try {
            const auto project = mb::data::Project::open(path);
            mb::data::exec(project->db(), "PRAGMA cache_size = 8");
            mb::targeting::recordOfferList(*project, parameters, 7, rows, summary);
            return QString();
        } catch (const mb::Error& error) {
            return error.message();
        }
    };

    const QString reference = dir.filePath(QStringLiteral("reference.merchbench"));
    copyProject(base, reference);
    QCOMPARE(record(reference), QString());
    QCOMPARE(countRows(reference, QStringLiteral("SELECT count(*) FROM decisions")), 540);
    // Neither half an offer list nor a run left "running" after any failure.
    const int failed = failAtEveryWrite(base, dir.filePath(QStringLiteral("work.merchbench")),
                                        dumpProject(reference, false), record);
    QVERIFY(failed > 0);
}

void TestFullDisk::demoBuildOnAFullDisk() {
    QTemporaryDir dir;
    const QString project = dir.filePath(QStringLiteral("demo.merchbench"));
    FaultyDisk::resetCount();
    mb::data::buildDemoProject(project, kDemo);
    const int writes = FaultyDisk::writes();
    const QString built = dumpProject(project, false);
    // The old project, changed so that a rebuild is told apart from it.
    {
        const auto open = mb::data::Project::open(project);
        mb::data::exec(open->db(), "DELETE FROM layout");
    }
    const QString old = dumpProject(project);

    int failed = 0;
    constexpr int kPoints = 12;
    for (int point = 0; point < kPoints; ++point) {
        const int n = 1 + point * (writes - 1) / (kPoints - 1);
        FaultyDisk::fillAfter(n);
        QString failure;
        try {
            mb::data::buildDemoProject(project, kDemo);
        } catch (const mb::Error& error) {
            failure = error.message();
        }
        FaultyDisk::makeRoom();
        const QString where = QStringLiteral("write %1 of %2: %3").arg(n).arg(writes).arg(failure);
        QVERIFY2(!QFile::exists(project + QStringLiteral(".part")), qPrintable(where));
        if (failure.isEmpty()) {
            QVERIFY2(dumpProject(project, false) == built, qPrintable(where));
            continue;
        }
        ++failed;
        QVERIFY2(failure.contains(kDiskFull), qPrintable(where));
        QVERIFY2(dumpProject(project) == old, qPrintable(where));
    }
    QVERIFY(failed >= kPoints - 2);
    mb::data::buildDemoProject(project, kDemo);
    QCOMPARE(dumpProject(project, false), built);
}

void TestFullDisk::everyWriteOfACommand_data() {
    QTest::addColumn<QStringList>("arguments");  // PROJECT, OUT and EXPORTS/ are filled in
    QTest::newRow("markdown") << QStringList{
        QStringLiteral("markdown"),    QStringLiteral("PROJECT"),
        QStringLiteral("--exit-week"), QStringLiteral("2024-09-16"),
        QStringLiteral("--rules"),     QStringLiteral("EXPORTS/markdown-rules.json"),
        QStringLiteral("--out"),       QStringLiteral("OUT")};
    QTest::newRow("target") << QStringList{QStringLiteral("target"),
                                           QStringLiteral("PROJECT"),
                                           QStringLiteral("--campaign"),
                                           QStringLiteral("demo_campaign"),
                                           QStringLiteral("--offers-from-project"),
                                           QStringLiteral("--budget"),
                                           QStringLiteral("600"),
                                           QStringLiteral("--out"),
                                           QStringLiteral("OUT")};
    QTest::newRow("demand") << QStringList{QStringLiteral("demand"),  QStringLiteral("PROJECT"),
                                           QStringLiteral("--level"), QStringLiteral("product"),
                                           QStringLiteral("--out"),   QStringLiteral("OUT")};
    QTest::newRow("uplift-train") << QStringList{
        QStringLiteral("uplift-train"),  QStringLiteral("PROJECT"),   QStringLiteral("--campaign"),
        QStringLiteral("demo_campaign"), QStringLiteral("--outcome"), QStringLiteral("purchase"),
        QStringLiteral("--out"),         QStringLiteral("OUT")};
    QTest::newRow("layout") << QStringList{
        QStringLiteral("layout"), QStringLiteral("PROJECT"),      QStringLiteral("--store"),
        QStringLiteral("S0001"),  QStringLiteral("--optimize"),   QStringLiteral("--seconds"),
        QStringLiteral("0.2"),    QStringLiteral("--iterations"), QStringLiteral("500"),
        QStringLiteral("--out"),  QStringLiteral("OUT")};
}

void TestFullDisk::everyWriteOfACommand() {
    // merchbench-cli itself on the faulty disk (LD_PRELOAD): each write of a command that records
    // a run fails in turn; the command says the disk is full, exits 2 and changes nothing, or
    // (a failure after its commit) records its run whole.
#ifndef FAULTY_DISK_PRELOAD
    QSKIP("built with sanitizers: the faulty disk cannot be preloaded into merchbench-cli");
#else
    QFETCH(QStringList, arguments);
    QTemporaryDir dir;
    mbtest::CliRun built =
        mbtest::runCli({QStringLiteral("demo"), dir.filePath(QStringLiteral("demo"))});
    QVERIFY2(built.exitCode == 0, built.err.constData());
    const QString demo = dir.filePath(QStringLiteral("demo/demo.merchbench"));
    const QString project = dir.filePath(QStringLiteral("shop.merchbench"));
    const QString countFile = dir.filePath(QStringLiteral("writes.txt"));
    for (QString& argument : arguments) {
        if (argument == QStringLiteral("PROJECT"))
            argument = project;
        else if (argument == QStringLiteral("OUT"))
            argument = dir.filePath(QStringLiteral("out.csv"));
        else if (argument.startsWith(QStringLiteral("EXPORTS/")))
            argument.replace(0, 7, dir.filePath(QStringLiteral("demo/exports")));
    }
    auto run = [&](int fillAfter, QByteArray* err) {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("LD_PRELOAD"), QStringLiteral(FAULTY_DISK_PRELOAD));
        environment.insert(QStringLiteral("MERCHBENCH_FAULTY_DISK_FILL_AFTER"),
                           QString::number(fillAfter));
        environment.insert(QStringLiteral("MERCHBENCH_FAULTY_DISK_COUNT"), countFile);
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(MERCHBENCH_CLI_PATH), arguments);
        if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit)
            return -1;
        *err = process.readAllStandardError();
        return process.exitCode();
    };
    const QString before = dumpProject(demo);
    const qint64 runs = countRows(demo, QStringLiteral("SELECT count(*) FROM runs"));
    auto recordedWhole = [&] {
        return countRows(project, QStringLiteral("SELECT count(*) FROM runs")) == runs + 1 &&
               countRows(project, QStringLiteral("SELECT count(*) FROM runs WHERE status <> "
                                                 "'finished'")) == 0;
    };

    copyProject(demo, project);
    QByteArray err;
    QCOMPARE(run(0, &err), 0);
    QVERIFY(recordedWhole());
    QFile counted(countFile);
    QVERIFY(counted.open(QIODevice::ReadOnly));
    const int writes = counted.readAll().trimmed().toInt();
    QVERIFY2(writes > 0, "the command wrote nothing to the project");

    int failed = 0;
    for (int n = 1; n <= writes; ++n) {
        copyProject(demo, project);
        const int exitCode = run(n, &err);
        const QString where =
            QStringLiteral("write %1 of %2: ").arg(n).arg(writes) + QString::fromUtf8(err);
        if (exitCode == 0) {
            QVERIFY2(recordedWhole(), qPrintable(where));
            continue;
        }
        ++failed;
        QVERIFY2(exitCode == 2, qPrintable(where));
        QVERIFY2(err.contains(kDiskFull.toUtf8()), qPrintable(where));
        QVERIFY2(err.contains(QFile::encodeName(dir.path())), qPrintable(where));
        QVERIFY2(dumpProject(project) == before, qPrintable(where));
        QCOMPARE(run(0, &err), 0);
        QVERIFY2(recordedWhole(), qPrintable(where));
    }
    qInfo("%d of %d failed writes stopped the command", failed, writes);
    QVERIFY(failed > 0);
#endif
}

void TestFullDisk::importOnASmallFileSystem() {
    // The case as a user meets it: a large sales file into a project on a 24 MB disk.
    QTemporaryDir dir;
    const QString data = dir.filePath(QStringLiteral("data"));
    mbtest::CliRun run = mbtest::runCli(
        {QStringLiteral("generate"), data, QStringLiteral("--scale"), QStringLiteral("30")});
    QCOMPARE(run.exitCode, 0);
    mbtest::TmpfsMount disk(dir.filePath(QStringLiteral("disk")), QStringLiteral("24m"));
    if (!disk.mounted())
        QSKIP(qPrintable(QStringLiteral("needs a small real file system (run as root): ") +
                         disk.why()));
    const QString project = dir.filePath(QStringLiteral("disk/shop.merchbench"));
    for (const char* kind : {"products", "stores"}) {
        run = mbtest::runCli({QStringLiteral("import"), project,
                              data + QLatin1Char('/') + QLatin1String(kind) + ".csv",
                              QStringLiteral("--kind"), QLatin1String(kind)});
        QCOMPARE(run.exitCode, 0);
    }
    const QString before = dumpProject(project);
    const QString sales = data + QStringLiteral("/sales.csv");
    run = mbtest::runCli({QStringLiteral("import"), project, sales, QStringLiteral("--kind"),
                          QStringLiteral("sales")},
                         300000);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(kDiskFull.toUtf8()), run.err.constData());
    QVERIFY2(run.err.contains(dir.filePath(QStringLiteral("disk")).toUtf8()), run.err.constData());
    QVERIFY2(run.err.contains("nothing was written"), run.err.constData());
    QCOMPARE(dumpProject(project), before);

    QVERIFY2(disk.remount(QStringLiteral("size=256m")), qPrintable(disk.why()));
    run = mbtest::runCli({QStringLiteral("import"), project, sales, QStringLiteral("--kind"),
                          QStringLiteral("sales"), QStringLiteral("--json")},
                         300000);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const qint64 lines = firstLines(sales, 1 << 30).count('\n') - 1;
    QCOMPARE(run.json().value(QStringLiteral("rows_imported")).toInteger(), lines);
    QCOMPARE(countRows(project, QStringLiteral("SELECT count(*) FROM sales")), lines);
    QCOMPARE(countRows(project, QStringLiteral("SELECT count(*) FROM sales WHERE import_id NOT "
                                               "IN (SELECT id FROM imports)")),
             0);
}

void TestFullDisk::recordedRunsOnAFullFileSystem() {
    // Commands that record a run, on a disk with less and less room: each either records its
    // run with everything it writes, or says the disk is full and leaves the project as it was.
    QTemporaryDir dir;
    mbtest::CliRun run =
        mbtest::runCli({QStringLiteral("demo"), dir.filePath(QStringLiteral("demo"))});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString demoProject = dir.filePath(QStringLiteral("demo/demo.merchbench"));
    mbtest::TmpfsMount disk(dir.filePath(QStringLiteral("disk")), QStringLiteral("12m"));
    if (!disk.mounted())
        QSKIP(qPrintable(QStringLiteral("needs a small real file system (run as root): ") +
                         disk.why()));
    const QString project = dir.filePath(QStringLiteral("disk/shop.merchbench"));
    const QString filler = dir.filePath(QStringLiteral("disk/filler"));
    const QString out = dir.filePath(QStringLiteral("out.csv"));
    const QString exports = dir.filePath(QStringLiteral("demo/exports/"));
    const QList<QStringList> commands{
        {QStringLiteral("markdown"), project, QStringLiteral("--exit-week"),
         QStringLiteral("2024-09-16"), QStringLiteral("--rules"),
         exports + QStringLiteral("markdown-rules.json"), QStringLiteral("--out"), out},
        {QStringLiteral("target"), project, QStringLiteral("--campaign"),
         QStringLiteral("demo_campaign"), QStringLiteral("--offers-from-project"),
         QStringLiteral("--budget"), QStringLiteral("600"), QStringLiteral("--out"), out},
        {QStringLiteral("demand"), project, QStringLiteral("--level"), QStringLiteral("product"),
         QStringLiteral("--out"), out},
    };
    // Read with room on the disk: reading a project needs a little room too (its -shm file).
    const QString before = dumpProject(demoProject);
    const qint64 runs = countRows(demoProject, QStringLiteral("SELECT count(*) FROM runs"));
    for (const QStringList& command : commands) {
        int failed = 0, recorded = 0;
        for (const qint64 room : {0, 16 << 10, 48 << 10, 96 << 10, 192 << 10, 4 << 20}) {
            QFile::remove(filler);
            copyProject(demoProject, project);
            const qint64 free = disk.bytesFree();
            writeFile(filler,
                      QByteArray(static_cast<qsizetype>(std::max<qint64>(0, free - room)), 'x'));
            run = mbtest::runCli(command);
            QFile::remove(filler);
            const QString where = command.first() +
                                  QStringLiteral(" with %1 bytes free: ").arg(room) +
                                  QString::fromUtf8(run.err);
            if (run.exitCode == 0) {
                ++recorded;
                QCOMPARE(countRows(project, QStringLiteral("SELECT count(*) FROM runs")), runs + 1);
                QCOMPARE(countRows(project, QStringLiteral("SELECT count(*) FROM runs WHERE "
                                                           "status <> 'finished'")),
                         0);
                continue;
            }
            ++failed;
            QVERIFY2(run.exitCode == 2, qPrintable(where));
            QVERIFY2(run.err.contains(kDiskFull.toUtf8()), qPrintable(where));
            if (dumpProject(project) != before) {
                // A job's one recorder marks a run that failed after reading its inputs as
                // failed, with no decisions, when the disk has room for that: the only change
                // allowed. Without it the project is as it was.
                QVERIFY2(countRows(project, QStringLiteral("SELECT count(*) FROM runs WHERE "
                                                           "status = 'failed'")) == 1,
                         qPrintable(where));
                mb::data::exec(mb::data::Project::open(project)->db(),
                               "DELETE FROM runs WHERE status = 'failed'");
            }
            QVERIFY2(dumpProject(project) == before, qPrintable(where));
        }
        QVERIFY2(failed > 0 && recorded > 0,
                 qPrintable(command.first() +
                            QStringLiteral(": %1 failed, %2 recorded").arg(failed).arg(recorded)));
    }
}

void TestFullDisk::outputsOnAFullFileSystem() {
    // Outputs small enough to sit in Qt's write buffer, on a full disk: the failure surfaces
    // only at the end, and must still be said (it once left an empty file with exit 0).
    QTemporaryDir dir;
    mbtest::CliRun run =
        mbtest::runCli({QStringLiteral("demo"), dir.filePath(QStringLiteral("demo"))}, 600000);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString project = dir.filePath(QStringLiteral("demo/demo.merchbench"));
    mbtest::TmpfsMount disk(dir.filePath(QStringLiteral("disk")), QStringLiteral("256k"));
    if (!disk.mounted())
        QSKIP(qPrintable(QStringLiteral("needs a small real file system (run as root): ") +
                         disk.why()));
    const QString plan = dir.filePath(QStringLiteral("disk/plan.csv"));
    writeFile(plan, "OLD\n");
    QFile filler(dir.filePath(QStringLiteral("disk/filler")));
    QVERIFY(filler.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
    const QByteArray block(4096, 'x');
    while (filler.write(block) == block.size()) {
    }
    filler.close();

    run = mbtest::runCli({QStringLiteral("markdown"), project, QStringLiteral("--exit-week"),
                          QStringLiteral("2024-09-16"), QStringLiteral("--out"), plan});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("the disk is full: " + QFile::encodeName(QFileInfo(plan).path())),
             run.err.constData());
    QCOMPARE(firstLines(plan, 100), QByteArray("OLD\n"));

    // Skip mode: the rejected rows live only in the error report, so an import whose report
    // cannot be written is rolled back; and the full disk is not listed as a rejected row.
    const QString stores = dir.filePath(QStringLiteral("stores.csv"));
    writeFile(stores, "store,name\nS90,New store\n,No id\n");
    const QString before = dumpProject(project);
    run =
        mbtest::runCli({QStringLiteral("import"), project, stores, QStringLiteral("--kind"),
                        QStringLiteral("stores"), QStringLiteral("--on-error"),
                        QStringLiteral("skip"), QStringLiteral("--error-report"),
                        dir.filePath(QStringLiteral("disk/errors.csv")), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.out.contains("cannot write the error report"), run.out.constData());
    QVERIFY2(run.out.contains("the disk is full"), run.out.constData());
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("disk/errors.csv"))));
    QCOMPARE(dumpProject(project), before);
}

QTEST_GUILESS_MAIN(TestFullDisk)
#include "tst_fulldisk.moc"
