// `merchbench-cli erase` on the demo project, as a user runs it: the customer leaves every table
// and every page of the file, the erasure is audited under a keyed hash, the exports that named
// the customer are listed, and every analysis still runs afterwards.
#include "../targeting/DemoTargetRuns.h"
#include "CliRun.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QTest>

namespace {

QByteArray fileBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The project with its -wal: what a disk image of the folder would show.
QByteArray projectBytes(const QString& path) {
    return fileBytes(path) + fileBytes(path + QStringLiteral("-wal"));
}

QString firstText(const QString& project, const char* sql) {
    const auto opened = mb::data::Project::open(project, mb::data::Project::OpenMode::MustExist);
    mb::data::Statement statement(opened->db(), sql);
    return statement.step() ? statement.text(0) : QString();
}

qint64 count(const QString& project, const QString& sql) {
    const auto opened = mb::data::Project::open(project, mb::data::Project::OpenMode::MustExist);
    return mb::data::queryInt(opened->db(), sql.toStdString());
}

// A customer who is in baskets, the demo campaign and the recorded offer list.
constexpr const char* kEverywhere =
    "SELECT d.subject FROM decisions d WHERE d.kind = 'offer' "
    "AND d.subject IN (SELECT customer FROM campaign_rows) "
    "AND d.subject IN (SELECT customer FROM basket_lines) ORDER BY d.subject LIMIT 1";

}  // namespace

class TestErasure : public QObject {
    Q_OBJECT

    mbtest::DemoTargetRuns demo_;

private Q_SLOTS:
    void initTestCase() {
        const QByteArray error = demo_.build();
        QVERIFY2(error.isEmpty(), error.constData());
    }

    void erasesTheCustomerEverywhereAndTheFileForgetsThem() {
        const QString project = demo_.copyDemo(QStringLiteral("erase.merchbench"));
        QVERIFY(!project.isEmpty());
        const QString customer = firstText(project, kEverywhere);
        QVERIFY2(!customer.isEmpty(), "the demo has no customer in baskets, campaign and offers");
        QVERIFY(projectBytes(project).contains(customer.toUtf8()));
        // A customer-level run whose summary names the customer keeps its row, not the id.
        {
            const auto opened =
                mb::data::Project::open(project, mb::data::Project::OpenMode::MustExist);
            const qint64 run =
                opened->beginRun(QStringLiteral("uplift-train"), QStringLiteral("{}"), 1);
            opened->finishRun(
                run, QStringLiteral("finished"),
                QStringLiteral("{\"top_customers\":[\"%1\",\"other\"]}").arg(customer));
        }

        const mbtest::CliRun erased =
            mbtest::runCli({QStringLiteral("erase"), project, QStringLiteral("--customer"),
                            customer, QStringLiteral("--json")});
        QVERIFY2(erased.exitCode == 0, erased.err.constData());
        const QJsonObject json = erased.json();
        const QJsonObject rows = json.value(QStringLiteral("rows")).toObject();
        QCOMPARE(rows.value(QStringLiteral("customers")).toInteger(), 1);
        QVERIFY(rows.value(QStringLiteral("basket_lines")).toInteger() > 0);
        QVERIFY(rows.value(QStringLiteral("campaign_rows")).toInteger() > 0);
        QVERIFY(rows.value(QStringLiteral("decisions")).toInteger() > 0);
        QVERIFY(rows.value(QStringLiteral("consent_statements")).toInteger() > 0);
        QCOMPARE(rows.value(QStringLiteral("runs")).toInteger(), 1);
        QCOMPARE(
            firstText(project, "SELECT summary FROM runs WHERE summary LIKE '%top_customers%'"),
            QStringLiteral("{\"top_customers\":[\"(erased)\",\"other\"]}"));
        QVERIFY(json.value(QStringLiteral("wal_truncated")).toBool());

        // The demo's offer list (CSV and XLSX) named the customer: both are listed to delete.
        QStringList listed;
        for (const QJsonValue& file : json.value(QStringLiteral("exports")).toArray())
            listed.append(
                QFileInfo(file.toObject().value(QStringLiteral("path")).toString()).fileName());
        QVERIFY2(listed.contains(QStringLiteral("offer-list.csv")), qPrintable(listed.join(u' ')));
        QVERIFY(listed.contains(QStringLiteral("offer-list.xlsx")));

        // No page of the file, nor its -wal, holds the id any more.
        QVERIFY2(!projectBytes(project).contains(customer.toUtf8()),
                 "the project's bytes still hold the erased id");

        // The audit row holds the keyed hash (HMAC-SHA256 under the project's key), never the id.
        const QString key =
            firstText(project, "SELECT value FROM settings WHERE key = 'erasure_key'");
        QCOMPARE(key.size(), 64);
        const QString expected = QString::fromLatin1(
            QMessageAuthenticationCode::hash(customer.toUtf8(), QByteArray::fromHex(key.toLatin1()),
                                             QCryptographicHash::Sha256)
                .toHex());
        QCOMPARE(firstText(project, "SELECT customer_hmac FROM erasures"), expected);
        QVERIFY(firstText(project, "SELECT rows_removed FROM erasures")
                    .contains(QStringLiteral("\"basket_lines\"")));
        QVERIFY(firstText(project, "SELECT exports FROM erasures")
                    .contains(QStringLiteral("offer-list.csv")));
        // Every other customer is still there.
        QVERIFY(count(project, QStringLiteral("SELECT count(*) FROM customers")) > 1000);

        // Every analysis still runs afterwards, and the new offer list does not name them.
        const QString offers = demo_.path(QStringLiteral("after-offers.csv"));
        const QList<QStringList> analyses{
            {QStringLiteral("customer-features"), project, QStringLiteral("--out"),
             demo_.path(QStringLiteral("after-features.csv"))},
            {QStringLiteral("uplift-train"), project, QStringLiteral("--campaign"),
             QStringLiteral("demo_campaign"), QStringLiteral("--outcome"),
             QStringLiteral("purchase"), QStringLiteral("--out"),
             demo_.path(QStringLiteral("after-scores.csv"))},
            mbtest::DemoTargetRuns::targetArguments(project, offers, QStringLiteral("600")),
            {QStringLiteral("rules"), project, QStringLiteral("--level"),
             QStringLiteral("category"), QStringLiteral("--min-support"), QStringLiteral("0.01"),
             QStringLiteral("--min-confidence"), QStringLiteral("0.2"), QStringLiteral("--out"),
             demo_.path(QStringLiteral("after-rules.csv"))},
            {QStringLiteral("affinity"), project, QStringLiteral("--level"),
             QStringLiteral("category"), QStringLiteral("--out"),
             demo_.path(QStringLiteral("after-pairs.csv"))},
        };
        for (const QStringList& arguments : analyses) {
            const mbtest::CliRun run = mbtest::runCli(arguments);
            QVERIFY2(run.exitCode == 0, qPrintable(arguments.front() + QStringLiteral(": ") +
                                                   QString::fromUtf8(run.err)));
        }
        QVERIFY(!fileBytes(offers).isEmpty());
        QVERIFY(!fileBytes(offers).contains(customer.toUtf8()));
        QVERIFY(!fileBytes(demo_.path(QStringLiteral("after-features.csv")))
                     .contains(customer.toUtf8()));
    }

    void anUnknownIdIsAnErrorThatChangesNothing() {
        const QString project = demo_.copyDemo(QStringLiteral("unknown.merchbench"));
        const QString customer = firstText(project, kEverywhere);
        const QByteArray before = fileBytes(project);
        const qint64 lines = count(project, QStringLiteral("SELECT count(*) FROM basket_lines"));
        for (const QStringList& ids : {QStringList{QStringLiteral("NO-SUCH-CUSTOMER")},
                                       QStringList{customer, QStringLiteral("NO-SUCH-CUSTOMER")}}) {
            QStringList arguments{QStringLiteral("erase"), project};
            for (const QString& id : ids)
                arguments << QStringLiteral("--customer") << id;
            const mbtest::CliRun run = mbtest::runCli(arguments);
            QCOMPARE(run.exitCode, 2);
            QVERIFY2(run.err.contains("Unknown customer NO-SUCH-CUSTOMER"), run.err.constData());
            QVERIFY(run.err.contains("nothing was erased"));
        }
        QCOMPARE(fileBytes(project), before);
        QCOMPARE(count(project, QStringLiteral("SELECT count(*) FROM basket_lines")), lines);
        QCOMPARE(count(project, QStringLiteral("SELECT count(*) FROM erasures")), 0);
        const mbtest::CliRun usage = mbtest::runCli({QStringLiteral("erase"), project});
        QCOMPARE(usage.exitCode, 1);
    }

    // A failure half-way (a trigger refuses the campaign rows' delete) leaves everything as it
    // was: the customer, their baskets, no audit row and no key.
    void aFailureHalfWayErasesNothing() {
        const QString project = demo_.copyDemo(QStringLiteral("fault.merchbench"));
        const QString customer = firstText(project, kEverywhere);
        const qint64 lines =
            count(project, QStringLiteral("SELECT count(*) FROM basket_lines WHERE customer = '%1'")
                               .arg(customer));
        QVERIFY(lines > 0);
        {
            const auto opened =
                mb::data::Project::open(project, mb::data::Project::OpenMode::MustExist);
            mb::data::exec(opened->db(),
                           "CREATE TRIGGER refuse BEFORE DELETE ON campaign_rows "
                           "BEGIN SELECT RAISE(ABORT, 'injected fault'); END");
        }
        const mbtest::CliRun run = mbtest::runCli(
            {QStringLiteral("erase"), project, QStringLiteral("--customer"), customer});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("Nothing was erased (database error: injected fault)"),
                 run.err.constData());
        QCOMPARE(
            count(project, QStringLiteral("SELECT count(*) FROM basket_lines WHERE customer = '%1'")
                               .arg(customer)),
            lines);
        QCOMPARE(
            count(project, QStringLiteral("SELECT count(*) FROM customers WHERE customer = '%1'")
                               .arg(customer)),
            1);
        QCOMPARE(count(project, QStringLiteral("SELECT count(*) FROM erasures")), 0);
        QCOMPARE(count(project,
                       QStringLiteral("SELECT count(*) FROM settings WHERE key = 'erasure_key'")),
                 0);
    }

    // A snapshot of the customer list that leaves out one consenting customer: `target` then
    // counts one consenting customer fewer and never lists them. Importing a file that still
    // names an erased customer says so.
    void aSnapshotChangesWhoTargetMayReach() {
        const QString project = demo_.copyDemo(QStringLiteral("snapshot.merchbench"));
        const QString customer = firstText(project, kEverywhere);
        QCOMPARE(count(project, QStringLiteral("SELECT consent_offers FROM customers WHERE "
                                               "customer = '%1'")
                                    .arg(customer)),
                 1);
        const QString offersBefore = demo_.path(QStringLiteral("snapshot-before.csv"));
        const mbtest::CliRun before = mbtest::runCli(
            mbtest::DemoTargetRuns::targetArguments(project, offersBefore, QStringLiteral("600")));
        QVERIFY2(before.exitCode == 0, before.err.constData());

        QFile source(QStringLiteral(MERCHBENCH_SOURCE_DIR "/datasets/demo/customers.csv"));
        QVERIFY(source.open(QIODevice::ReadOnly));
        QByteArray snapshot;
        for (const QByteArray& line : source.readAll().split('\n'))
            if (!line.isEmpty() && !line.startsWith(customer.toUtf8() + ','))
                snapshot += line + '\n';
        const QString file = demo_.write(QStringLiteral("customers-now.csv"), snapshot);
        const mbtest::CliRun imported =
            mbtest::runCli({QStringLiteral("import"), project, file, QStringLiteral("--kind"),
                            QStringLiteral("customers"), QStringLiteral("--snapshot")});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        QVERIFY2(imported.err.contains("snapshot: 1 customer not in the file no longer consent"),
                 imported.err.constData());

        const QString offersAfter = demo_.path(QStringLiteral("snapshot-after.csv"));
        const mbtest::CliRun after = mbtest::runCli(
            mbtest::DemoTargetRuns::targetArguments(project, offersAfter, QStringLiteral("600")));
        QVERIFY2(after.exitCode == 0, after.err.constData());
        QCOMPARE(after.json().value(QStringLiteral("customers_consented")).toInteger(),
                 before.json().value(QStringLiteral("customers_consented")).toInteger() - 1);
        QVERIFY(!fileBytes(offersAfter).contains(customer.toUtf8()));

        // --snapshot is only for customers.
        const mbtest::CliRun usage =
            mbtest::runCli({QStringLiteral("import"), project, file, QStringLiteral("--kind"),
                            QStringLiteral("products"), QStringLiteral("--snapshot")});
        QCOMPARE(usage.exitCode, 1);

        // Erased, then named again by a file: the import says who, so they can be erased again.
        QCOMPARE(mbtest::runCli(
                     {QStringLiteral("erase"), project, QStringLiteral("--customer"), customer})
                     .exitCode,
                 0);
        const mbtest::CliRun again =
            mbtest::runCli({QStringLiteral("import"), project,
                            QStringLiteral(MERCHBENCH_SOURCE_DIR "/datasets/demo/customers.csv"),
                            QStringLiteral("--kind"), QStringLiteral("customers")});
        QCOMPARE(again.exitCode, 0);
        QVERIFY2(again.err.contains("the file names a customer erased earlier (" +
                                    customer.toUtf8() + ")"),
                 again.err.constData());
    }

    // UCI Online Retail (541,909 basket lines), imported as a user would: the most frequent
    // customer goes, every other line stays, the freed pages no longer hold the id, and
    // customer features still run.
    void erasesACustomerFromUciOnlineRetail() {
        // The build's folder, unless the environment names another.
        const QString shared = qEnvironmentVariable("MERCHBENCH_SHARED_DATASETS",
                                                    QStringLiteral(MERCHBENCH_SHARED_DATASETS));
        const QString file = shared + QStringLiteral("/uci-online-retail/online_retail.csv.gz");
        if (!QFileInfo::exists(file))
            QSKIP(qPrintable(
                QStringLiteral("%1 is not there; the real-data erasure is skipped").arg(file)));
        const QString project = demo_.path(QStringLiteral("uci.merchbench"));
        const mbtest::CliRun imported =
            mbtest::runCli({QStringLiteral("import"), project, file, QStringLiteral("--kind"),
                            QStringLiteral("baskets")});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        const QString customer =
            firstText(project,
                      "SELECT customer FROM basket_lines WHERE customer IS NOT NULL "
                      "GROUP BY customer ORDER BY count(*) DESC LIMIT 1");
        const qint64 total = count(project, QStringLiteral("SELECT count(*) FROM basket_lines"));
        const qint64 theirs =
            count(project, QStringLiteral("SELECT count(*) FROM basket_lines WHERE customer = '%1'")
                               .arg(customer));
        QVERIFY(theirs > 1000);
        const qsizetype before = projectBytes(project).count(customer.toUtf8());

        QElapsedTimer timer;
        timer.start();
        const mbtest::CliRun erased =
            mbtest::runCli({QStringLiteral("erase"), project, QStringLiteral("--customer"),
                            customer, QStringLiteral("--json")});
        const qint64 elapsed = timer.elapsed();
        QVERIFY2(erased.exitCode == 0, erased.err.constData());
        qInfo("erased %lld basket lines of customer %s from %lld in %lld ms", theirs,
              qPrintable(customer), total, elapsed);
        QCOMPARE(erased.json()
                     .value(QStringLiteral("rows"))
                     .toObject()
                     .value(QStringLiteral("basket_lines"))
                     .toInteger(),
                 theirs);
        QCOMPARE(count(project, QStringLiteral("SELECT count(*) FROM basket_lines")),
                 total - theirs);
        // Numeric ids also occur by chance where neighbouring fields meet (invoice, stock code),
        // so a few matches stay; every copy in a row or an index entry is gone.
        const qsizetype after = projectBytes(project).count(customer.toUtf8());
        QVERIFY2(after * 20 < before,
                 qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));

        const QString features = demo_.path(QStringLiteral("uci-features.csv"));
        const mbtest::CliRun run = mbtest::runCli(
            {QStringLiteral("customer-features"), project, QStringLiteral("--out"), features});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        for (const QByteArray& line : fileBytes(features).split('\n'))
            QVERIFY(!line.startsWith(customer.toUtf8() + ','));
    }

    // Outputs named without a folder are recorded with the folder they were written in, so an
    // erasure run from elsewhere lists the real files.
    void exportsWrittenFromOneFolderAreFoundFromAnother() {
        const QString project = demo_.copyDemo(QStringLiteral("folders.merchbench"));
        const QString customer = firstText(project, kEverywhere);
        QVERIFY(!customer.isEmpty());
        QDir base(demo_.path(QString()));
        QVERIFY(base.mkpath(QStringLiteral("ran-here")) &&
                base.mkpath(QStringLiteral("erase-from")));
        const QString ranHere = base.filePath(QStringLiteral("ran-here"));
        const mbtest::CliRun target =
            mbtest::runCli(mbtest::DemoTargetRuns::targetArguments(
                               project, QStringLiteral("off.csv"), QStringLiteral("600")),
                           120000, ranHere);
        QVERIFY2(target.exitCode == 0, target.err.constData());
        const mbtest::CliRun uplift = mbtest::runCli(
            {QStringLiteral("uplift-train"), project, QStringLiteral("--campaign"),
             QStringLiteral("demo_campaign"), QStringLiteral("--outcome"),
             QStringLiteral("purchase"), QStringLiteral("--out"), QStringLiteral("scores.csv")},
            120000, ranHere);
        QVERIFY2(uplift.exitCode == 0, uplift.err.constData());
        const QString offers = ranHere + QStringLiteral("/off.csv");
        const QString scores = ranHere + QStringLiteral("/scores.csv");
        QVERIFY(fileBytes(offers).contains(customer.toUtf8()));
        QVERIFY(fileBytes(scores).contains(customer.toUtf8()));

        // A run an older version recorded with a bare file name, and its offer to the customer.
        // A file of that name beside the erasure must not be taken for it.
        {
            const auto opened =
                mb::data::Project::open(project, mb::data::Project::OpenMode::MustExist);
            const qint64 run = opened->beginRun(QStringLiteral("target"), QStringLiteral("{}"), 1);
            opened->finishRun(run, QStringLiteral("finished"),
                              QStringLiteral("{\"out\":\"old-offers.csv\"}"));
            mb::data::Statement offer(opened->db(),
                                      "INSERT INTO decisions(run_id, kind, subject) "
                                      "VALUES(?1, 'offer', ?2)");
            offer.bind(1, static_cast<std::int64_t>(run));
            offer.bind(2, customer);
            offer.step();
        }
        QFile decoy(base.filePath(QStringLiteral("erase-from/old-offers.csv")));
        QVERIFY(decoy.open(QIODevice::WriteOnly) && decoy.write("customer\nX\n") > 0);
        decoy.close();
        const mbtest::CliRun dry =
            mbtest::runCli({QStringLiteral("erase"), project, QStringLiteral("--customer"),
                            customer, QStringLiteral("--dry-run")},
                           120000, base.filePath(QStringLiteral("erase-from")));
        QVERIFY2(dry.exitCode == 0, dry.err.constData());
        QVERIFY2(dry.out.contains(offers.toUtf8() + "  (target run"), dry.out.constData());
        QVERIFY2(dry.out.contains(scores.toUtf8() + "  (uplift-train run"), dry.out.constData());
        QVERIFY2(!dry.out.contains("no longer on disk"), dry.out.constData());
        QVERIFY2(dry.out.contains("  old-offers.csv  (target run"), dry.out.constData());
        QVERIFY2(dry.out.contains("(recorded without its folder)"), dry.out.constData());
    }

    void aDryRunSaysWhatGoesAndAFileListsIds() {
        const QString project = demo_.copyDemo(QStringLiteral("file.merchbench"));
        const QStringList two{firstText(project, "SELECT customer FROM customers ORDER BY rowid"),
                              firstText(project, kEverywhere)};
        const qint64 linesOfTwo = count(
            project, QStringLiteral("SELECT count(*) FROM basket_lines WHERE customer IN ('%1')")
                         .arg(two.join(QStringLiteral("','"))));
        QVERIFY(linesOfTwo > 0);
        const QString list =
            demo_.write(QStringLiteral("erase-these.csv"),
                        QStringLiteral("customer_id,reason\n%1,request\n%2,request\n")
                            .arg(two[0], two[1])
                            .toUtf8());

        // customer-features records the file it wrote, so the erasure can list it.
        const QString features = demo_.path(QStringLiteral("features-before.csv"));
        QCOMPARE(mbtest::runCli({QStringLiteral("customer-features"), project,
                                 QStringLiteral("--out"), features})
                     .exitCode,
                 0);

        const QByteArray before = fileBytes(project);
        const mbtest::CliRun dry =
            mbtest::runCli({QStringLiteral("erase"), project, QStringLiteral("--from-file"), list,
                            QStringLiteral("--dry-run")});
        QVERIFY2(dry.exitCode == 0, dry.err.constData());
        QVERIFY2(dry.out.contains(QByteArray::number(linesOfTwo) + " basket lines"),
                 dry.out.constData());
        QVERIFY2(dry.out.contains(features.toUtf8() + "  (customer-features run"),
                 dry.out.constData());
        QCOMPARE(fileBytes(project), before);

        const mbtest::CliRun erased =
            mbtest::runCli({QStringLiteral("erase"), project, QStringLiteral("--from-file"), list});
        QVERIFY2(erased.exitCode == 0, erased.err.constData());
        QVERIFY(erased.out.contains("Erased 2 customers"));
        QCOMPARE(count(project, QStringLiteral("SELECT count(*) FROM erasures")), 2);
        QCOMPARE(count(project,
                       QStringLiteral("SELECT count(*) FROM basket_lines WHERE customer IN ('%1')")
                           .arg(two.join(QStringLiteral("','")))),
                 0);
        // Asking again is not "unknown": the customers were erased and the file is rewritten.
        const mbtest::CliRun again = mbtest::runCli(
            {QStringLiteral("erase"), project, QStringLiteral("--customer"), two[0]});
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QVERIFY(again.err.contains("erased before"));
        QCOMPARE(count(project, QStringLiteral("SELECT count(*) FROM erasures")), 2);
    }
};

QTEST_GUILESS_MAIN(TestErasure)
#include "tst_erasure.moc"
