// Issue 10 as a category manager meets it on the command line: with --as-of, target's offer
// list and summary (and customer-features') are byte for byte those of the same run on a copy of
// the project with every basket, customer and recorded offer after that day deleted (no
// look-ahead); and a campaign that cannot be matched to any customer (no customers table, or a
// campaign file without customer ids such as Hillstrom as shipped) is an error naming what is
// missing, never an empty list with exit 0.
#include "CliRun.h"
#include "ProjectThrough.h"

#include "data/Project.h"
#include "data/Sqlite.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

// Baskets run from 2024-06-03 to 2024-07-28 and the demo's runs are recorded today.
const QString kAsOf = QStringLiteral("2024-06-30");

}  // namespace

class TestTargetAsOf : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString project_;

    QString path(const QString& name) const { return dir_.filePath(name); }

    QString copy(const QString& name) {
        const QString to = path(name);
        QFile::remove(to);
        return QFile::copy(project_, to) ? to : QString();
    }

    // Recency decides eligibility and recent baskets the reasons, so later baskets would show.
    static mbtest::CliRun target(const QString& project, const QString& out,
                                 const QStringList& extra = {}) {
        return mbtest::runCli(
            QStringList{QStringLiteral("target"), project, QStringLiteral("--campaign"),
                        QStringLiteral("demo_campaign"), QStringLiteral("--offers-from-project"),
                        QStringLiteral("--budget"), QStringLiteral("600"),
                        QStringLiteral("--eligible"), QStringLiteral("*:recency_days<=14"),
                        QStringLiteral("--max-contacts"), QStringLiteral("1"),
                        QStringLiteral("--count-project-contacts"), QStringLiteral("--simulations"),
                        QStringLiteral("200"), QStringLiteral("--refits"), QStringLiteral("5"),
                        QStringLiteral("--out"), out, QStringLiteral("--json")} +
            extra);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QByteArray error;
        project_ = mbtest::buildDemo(path(QStringLiteral("demo")), &error);
        QVERIFY2(!project_.isEmpty(), error.constData());
    }

    void targetSeesNothingAfterAsOf() {
        const QString cut = path(QStringLiteral("cut.merchbench"));
        mbtest::copyProjectThrough(project_, cut, kAsOf);
        {
            // The copy really lacks what came later: baskets and the demo's recorded offers.
            const auto full = mb::data::Project::open(project_);
            const auto before = mb::data::Project::open(cut);
            const char* baskets = "SELECT count(*) FROM basket_lines";
            QVERIFY(mb::data::queryInt(full->db(), baskets) >
                    mb::data::queryInt(before->db(), baskets));
            const char* offers = "SELECT count(*) FROM decisions WHERE kind = 'offer'";
            QVERIFY(mb::data::queryInt(full->db(), offers) > 0);
            QCOMPARE(mb::data::queryInt(before->db(), offers), std::int64_t(0));
        }
        const QStringList asOf{QStringLiteral("--as-of"), kAsOf};
        const mbtest::CliRun onFull = target(project_, path("full.csv"), asOf);
        QVERIFY2(onFull.exitCode == 0, onFull.err.constData());
        const mbtest::CliRun onCut = target(cut, path("cut.csv"), asOf);
        QVERIFY2(onCut.exitCode == 0, onCut.err.constData());
        QVERIFY(mbtest::fileBytes(path("full.csv")).count('\n') > 10);
        QCOMPARE(mbtest::fileBytes(path("full.csv")), mbtest::fileBytes(path("cut.csv")));
        QCOMPARE(mbtest::runResult(onFull.json()), mbtest::runResult(onCut.json()));
        QCOMPARE(onFull.json()[QStringLiteral("contacts")].toObject()[QStringLiteral("as_of")],
                 QJsonValue(kAsOf));

        // Without the as-of day the later baskets change who is recent and why: the comparison
        // above could fail.
        const mbtest::CliRun now = target(project_, path("now.csv"));
        QVERIFY2(now.exitCode == 0, now.err.constData());
        QVERIFY(mbtest::fileBytes(path("now.csv")) != mbtest::fileBytes(path("full.csv")));
    }

    // customer-features --as-of D counts the baskets before D: the copy keeps D - 1 and before.
    void customerFeaturesSeeNothingAfterAsOf() {
        const QString cut = path(QStringLiteral("cut-features.merchbench"));
        mbtest::copyProjectThrough(project_, cut, QStringLiteral("2024-06-30"));
        QJsonObject summaries[2];
        QByteArray tables[2];
        for (int i = 0; i < 2; ++i) {
            const QString out = path(QStringLiteral("features-%1.csv").arg(i));
            const mbtest::CliRun run =
                mbtest::runCli({QStringLiteral("customer-features"), i == 0 ? project_ : cut,
                                QStringLiteral("--as-of"), QStringLiteral("2024-07-01"),
                                QStringLiteral("--out"), out, QStringLiteral("--json")});
            QVERIFY2(run.exitCode == 0, run.err.constData());
            summaries[i] = mbtest::runResult(run.json());
            tables[i] = mbtest::fileBytes(out);
        }
        QVERIFY(summaries[0][QStringLiteral("customers")].toInt() > 0);
        QCOMPARE(summaries[0], summaries[1]);
        QCOMPARE(tables[0], tables[1]);
    }

    void noCustomersIsAnError() {
        const QString project = copy(QStringLiteral("no-customers.merchbench"));
        mb::data::exec(mb::data::Project::open(project)->db(), "DELETE FROM customers");
        const QString out = path(QStringLiteral("no-customers.csv"));
        const mbtest::CliRun run = target(project, out);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("no customers to target") && run.err.contains("--kind customers"),
                 run.err.constData());
        QVERIFY(!QFile::exists(out));
    }

    // Hillstrom as shipped has no customer column: its rows cannot be matched to anyone.
    void campaignWithoutCustomerIdsIsAnError() {
        const QString hillstrom =
            QDir(QStringLiteral(MERCHBENCH_SHARED_DATASETS)).filePath("hillstrom/hillstrom.csv");
        if (!QFile::exists(hillstrom))
            QSKIP(qPrintable(
                QStringLiteral("%1 is absent (set MERCHBENCH_SHARED_DATASETS)").arg(hillstrom)));
        const QString project = copy(QStringLiteral("hillstrom.merchbench"));
        const mbtest::CliRun imported = mbtest::runCli(
            {QStringLiteral("import"), project, hillstrom, QStringLiteral("--kind"),
             QStringLiteral("campaign"), QStringLiteral("--map"), QStringLiteral("segment=arm"),
             QStringLiteral("--campaign"), QStringLiteral("hillstrom"), QStringLiteral("--control"),
             QStringLiteral("No E-Mail"), QStringLiteral("--outcome"), QStringLiteral("visit"),
             QStringLiteral("--outcome"), QStringLiteral("conversion"), QStringLiteral("--outcome"),
             QStringLiteral("spend")},
            300000);
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        const QString out = path(QStringLiteral("hillstrom-offers.csv"));
        const mbtest::CliRun run = mbtest::runCli(
            {QStringLiteral("target"), project, QStringLiteral("--campaign"),
             QStringLiteral("hillstrom"), QStringLiteral("--offers-from-project"),
             QStringLiteral("--budget"), QStringLiteral("100"), QStringLiteral("--out"), out});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("campaign hillstrom has no customer ids") &&
                     run.err.contains("--map COLUMN=customer"),
                 run.err.constData());
        QVERIFY(!QFile::exists(out));
    }
};

QTEST_GUILESS_MAIN(TestTargetAsOf)
#include "tst_targetasof.moc"
