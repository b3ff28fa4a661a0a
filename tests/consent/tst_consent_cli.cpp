// Consent through `merchbench-cli import`, as a planner runs it: a dated full customer list
// imported after an undated one withdraws the absent customers and says so for each of them,
// and a consent date in the future is refused with its place in the file.
#include "CliRun.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

QList<QByteArray> demoCustomerLines() {
    QFile source(QStringLiteral(MERCHBENCH_SOURCE_DIR "/datasets/demo/customers.csv"));
    if (!source.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> lines = source.readAll().split('\n');
    while (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

bool writeFile(const QString& path, const QByteArray& content) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

qint64 count(const QString& project, const QString& sql) {
    const auto opened = mb::data::Project::open(project, mb::data::Project::OpenMode::MustExist);
    return mb::data::queryInt(opened->db(), sql.toStdString());
}

}  // namespace

class TestConsentCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The tester's repro: the demo customers undated, then the same list less its first
    // consenting customer, every row dated 2024-05-01, as a snapshot.
    void aDatedSnapshotAfterAnUndatedImportWithdrawsTheAbsent() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString project = dir.filePath(QStringLiteral("p.merchbench"));
        QList<QByteArray> lines = demoCustomerLines();
        QVERIFY2(lines.size() > 1000, "datasets/demo/customers.csv is missing");
        const mbtest::CliRun first =
            mbtest::runCli({QStringLiteral("import"), project,
                            QStringLiteral(MERCHBENCH_SOURCE_DIR "/datasets/demo/customers.csv"),
                            QStringLiteral("--kind"), QStringLiteral("customers")});
        QVERIFY2(first.exitCode == 0, first.err.constData());
        // The first customer who consents to offers, and one who consents to nothing.
        qsizetype dropped = -1;
        qsizetype droppedSilent = -1;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QList<QByteArray> cells = lines[i].split(',');
            if (dropped < 0 && cells[2] == "1")
                dropped = i;
            if (droppedSilent < 0 && cells[2] == "0" && cells[3] == "0")
                droppedSilent = i;
        }
        QVERIFY(dropped > 0 && droppedSilent > 0);
        const QByteArray customer = lines[dropped].split(',').front();
        // A customer the file lists as withdrawn (offers) must not keep the undated consent.
        qsizetype withdrawing = dropped + 1;
        while (lines[withdrawing].split(',')[2] != "1" || withdrawing == droppedSilent)
            ++withdrawing;
        QList<QByteArray> withdrawn = lines[withdrawing].split(',');
        withdrawn[2] = "0";
        lines[withdrawing] = withdrawn.join(',');
        QByteArray snapshot = lines.front() + ",consent_date\n";
        for (qsizetype i = 1; i < lines.size(); ++i) {
            if (i != dropped && i != droppedSilent)
                snapshot += lines[i] + ",2024-05-01\n";
        }
        const QString file = dir.filePath(QStringLiteral("snapdated.csv"));
        QVERIFY(writeFile(file, snapshot));
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("import"), project, file, QStringLiteral("--kind"),
                            QStringLiteral("customers"), QStringLiteral("--snapshot")});
        const QByteArray said = run.out + run.err;
        QVERIFY2(run.exitCode == 0, said.constData());
        QCOMPARE(count(project, QStringLiteral("SELECT consent_offers FROM customers WHERE "
                                               "customer = '%1'")
                                    .arg(QString::fromUtf8(customer))),
                 0);
        QVERIFY2(said.contains("snapshot: 1 customer not in the file no longer consent (1 of them "
                               "as of this import"),
                 said.constData());
        QVERIFY2(said.contains("snapshot: 1 customer not in the file did not consent before "
                               "either"),
                 said.constData());
        // The withdrawal is dated by this import, after the undated statement it overrides.
        QCOMPARE(count(project, QStringLiteral("SELECT consent_offers_as_of = (SELECT imported_at "
                                               "FROM imports ORDER BY id DESC LIMIT 1) "
                                               "FROM customers WHERE "
                                               "customer = '%1'")
                                    .arg(QString::fromUtf8(customer))),
                 1);
        QCOMPARE(count(project, QStringLiteral("SELECT consent_offers FROM customers WHERE "
                                               "customer = '%1'")
                                    .arg(QString::fromUtf8(withdrawn.front()))),
                 0);
        QVERIFY2(said.contains("snapshot: 1998 customers in the file had flags from an undated "
                               "import later than their consent_date"),
                 said.constData());
        // Those in the file keep what it says; nobody else changed.
        QCOMPARE(count(project,
                       QStringLiteral("SELECT count(*) FROM customers WHERE consent_offers = 1")),
                 qint64(1703 - 2));
    }

    // A dated statement after the snapshot's date keeps the customer, and the import says so.
    void aLaterDatedStatementKeepsConsentAndIsSaid() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString project = dir.filePath(QStringLiteral("p.merchbench"));
        const QString june = dir.filePath(QStringLiteral("june.csv"));
        QVERIFY(writeFile(june,
                          "customer,consent_offers,consent_date\nC1,1,2024-06-01\n"
                          "C2,1,2024-06-01\n"));
        QCOMPARE(mbtest::runCli({QStringLiteral("import"), project, june, QStringLiteral("--kind"),
                                 QStringLiteral("customers")})
                     .exitCode,
                 0);
        const QString may = dir.filePath(QStringLiteral("may-full.csv"));
        QVERIFY(writeFile(may, "customer,consent_offers,consent_date\nC1,1,2024-05-01\n"));
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("import"), project, may, QStringLiteral("--kind"),
                            QStringLiteral("customers"), QStringLiteral("--snapshot")});
        const QByteArray said = run.out + run.err;
        QVERIFY2(run.exitCode == 0, said.constData());
        QVERIFY2(said.contains("snapshot: 1 customer not in the file keep consent: a dated "
                               "statement after the file's date 2024-05-01 says so"),
                 said.constData());
        QCOMPARE(count(project, QStringLiteral("SELECT consent_offers FROM customers WHERE "
                                               "customer = 'C2'")),
                 1);
    }

    void aConsentDateInTheFutureIsRejected() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString project = dir.filePath(QStringLiteral("p.merchbench"));
        const QString good = dir.filePath(QStringLiteral("good.csv"));
        QVERIFY(writeFile(good, "customer,consent_offers\nC1,1\nC2,1\n"));
        QCOMPARE(mbtest::runCli({QStringLiteral("import"), project, good, QStringLiteral("--kind"),
                                 QStringLiteral("customers")})
                     .exitCode,
                 0);
        const QString typo = dir.filePath(QStringLiteral("typo.csv"));
        QVERIFY(writeFile(typo,
                          "customer,consent_offers,consent_date\nC1,0,2024-05-01\n"
                          "C2,1,2099-01-01\n"));
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("import"), project, typo, QStringLiteral("--kind"),
                            QStringLiteral("customers")});
        const QByteArray said = run.out + run.err;
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(said.contains("typo.csv:3:6: consent_date"), said.constData());
        QVERIFY2(said.contains("expected a date not in the future"), said.constData());
        QVERIFY2(said.contains("2099-01-01"), said.constData());
        // Nothing changed: C1's withdrawal in the same file did not land either.
        QCOMPARE(count(project, QStringLiteral("SELECT count(*) FROM consent_statements")), 2);
        QCOMPARE(count(project, QStringLiteral("SELECT consent_offers FROM customers WHERE "
                                               "customer = 'C1'")),
                 1);
    }
};

QTEST_GUILESS_MAIN(TestConsentCli)
#include "tst_consent_cli.moc"
