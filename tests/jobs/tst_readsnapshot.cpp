// jobs::ReadSnapshot: the fingerprint a job records is of the data it read, even when another
// process imports between the snapshot's opening and the job's reads.
#include "CliRun.h"
#include "TestFile.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "jobs/ReadSnapshot.h"

#include <QtTest>

namespace {

qint64 salesRows(const mb::data::Project& project) {
    mb::data::Statement count(project.db(), "SELECT count(*) FROM sales");
    count.step();
    return count.int64(0);
}

mbtest::CliRun importSales(const QString& project, const QString& file) {
    return mbtest::runCli({QStringLiteral("import"), project, file, QStringLiteral("--kind"),
                           QStringLiteral("sales"), QStringLiteral("--create-missing")});
}

}  // namespace

class ReadSnapshotTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private Q_SLOTS:
    void importDuringTheReadIsNotSeen() {
        const QString path = dir_.filePath(QStringLiteral("shop.merchbench"));
        const QString first = mbtest::writeTestFile(dir_, QStringLiteral("first.csv"),
                                                    "week,store,product,units,price\n"
                                                    "2024-01-01,S1,P1,10,2.00\n"
                                                    "2024-01-08,S1,P1,12,1.80\n");
        const QString second = mbtest::writeTestFile(dir_, QStringLiteral("second.csv"),
                                                     "week,store,product,units,price\n"
                                                     "2024-01-15,S1,P1,9,2.00\n"
                                                     "2024-01-22,S1,P1,14,1.60\n"
                                                     "2024-01-29,S1,P1,8,2.00\n");
        QCOMPARE(importSales(path, first).exitCode, 0);
        const auto project = mb::data::Project::open(path, mb::data::Project::OpenMode::MustExist);
        const QString before = project->inputFingerprint();
        QCOMPARE(salesRows(*project), qint64(2));
        {
            const mb::jobs::ReadSnapshot snapshot(*project);
            QCOMPARE(snapshot.fingerprint(), before);
            // Another process imports and commits while the job has not read its data yet.
            const mbtest::CliRun import = importSales(path, second);
            QVERIFY2(import.exitCode == 0, import.err.constData());
            // The job's reads see the data the fingerprint describes, not the newer rows.
            QCOMPARE(salesRows(*project), qint64(2));
            QCOMPARE(project->inputFingerprint(), snapshot.fingerprint());
        }
        // Once the snapshot is let go, the import is there and the fingerprint has moved.
        QCOMPARE(salesRows(*project), qint64(5));
        QVERIFY(project->inputFingerprint() != before);
        const auto other = mb::data::Project::open(path, mb::data::Project::OpenMode::MustExist);
        QCOMPARE(other->inputFingerprint(), project->inputFingerprint());
    }

    // Inside a caller's transaction the snapshot neither commits nor ends it.
    void insideATransactionLeavesItOpen() {
        const QString path = dir_.filePath(QStringLiteral("nested.merchbench"));
        const auto project = mb::data::Project::open(path);
        {
            const mb::data::Transaction transaction(project->db());
            mb::data::exec(project->db(), "INSERT INTO stores(store) VALUES('S9')");
            { const mb::jobs::ReadSnapshot snapshot(*project); }
            // Had the snapshot committed, the row would outlive the transaction's rollback.
        }
        mb::data::Statement count(project->db(), "SELECT count(*) FROM stores");
        count.step();
        QCOMPARE(count.int64(0), qint64(0));
    }
};

QTEST_GUILESS_MAIN(ReadSnapshotTest)
#include "tst_readsnapshot.moc"
