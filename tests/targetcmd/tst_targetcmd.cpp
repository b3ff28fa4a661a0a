// merchbench-cli target on the demo retailer as a user runs it: the offer list keeps consent,
// the budget, capacities, contact caps and the control group share whatever the settings; the
// same seed gives the same list; targeting by uplift beats random targeting; the planted deal
// seekers (who respond to offer_a, datasets/demo/truth.json) get most of offer_a; bad input
// fails with a clear message and exit 1 or 2.
#include "CliRun.h"
#include "common/Error.h"
#include "data/DemoProject.h"
#include "data/HeaderedCsv.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "export/CsvExport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

namespace {

struct ListedRow {
    QString customer;
    QString offer;
    double cost = 0.0;
    QString reason;
    bool control = false;
};

std::vector<ListedRow> readOfferList(const QString& path, const QString& customerColumn) {
    mb::data::HeaderedCsv csv(path);
    const int customer = csv.column(customerColumn, true);
    const int offer = csv.column(QStringLiteral("offer"), true);
    const int cost = csv.column(QStringLiteral("cost"), true);
    const int reason = csv.column(QStringLiteral("reason"), true);
    const int control = csv.column(QStringLiteral("control"), true);
    std::vector<ListedRow> rows;
    while (csv.next()) {
        ListedRow row;
        row.customer = QString::fromUtf8(csv.field(customer).data(),
                                         static_cast<qsizetype>(csv.field(customer).size()));
        row.offer = QString::fromUtf8(csv.field(offer).data(),
                                      static_cast<qsizetype>(csv.field(offer).size()));
        row.cost = csv.field(cost).empty() ? 0.0 : csv.number(cost, "cost");
        row.reason = QString::fromUtf8(csv.field(reason).data(),
                                       static_cast<qsizetype>(csv.field(reason).size()));
        row.control = csv.flag(control, "control");
        rows.push_back(row);
    }
    return rows;
}

}  // namespace

class TestTargetCommand : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString project_;
    QString revoked_;  // the demo with consent withdrawn by a fifth of the campaign's customers
    QHash<QString, bool> consent_;
    QHash<QString, QString> segment_;
    QSet<QString> inCampaign_;

    QString write(const QString& name, const QByteArray& content) {
        QFile file(dir_.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write");
        file.write(content);
        return file.fileName();
    }

    static QByteArray read(const QString& path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    static QHash<QString, bool> consentIn(const QString& path) {
        QHash<QString, bool> consent;
        const auto project = mb::data::Project::open(path);
        mb::data::Statement select(project->db(), "SELECT customer, consent_offers FROM customers");
        while (select.step())
            consent.insert(select.text(0), !select.isNull(1) && select.int64(1) == 1);
        return consent;
    }

    mbtest::CliRun target(const QStringList& extra, const QString& out,
                          const QString& project = QString()) {
        return mbtest::runCli(
            QStringList{QStringLiteral("target"), project.isEmpty() ? project_ : project,
                        QStringLiteral("--campaign"), QStringLiteral("demo_campaign"),
                        QStringLiteral("--out"), out, QStringLiteral("--json")} +
            extra);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        project_ = dir_.filePath(QStringLiteral("demo.merchbench"));
        QElapsedTimer timer;
        timer.start();
        mb::data::buildDemoProject(project_,
                                   QStringLiteral(MERCHBENCH_SOURCE_DIR "/datasets/demo"));
        qInfo("demo project built in %.1f s", static_cast<double>(timer.elapsed()) / 1000.0);
        const auto project = mb::data::Project::open(project_);
        mb::data::Statement select(project->db(),
                                   "SELECT customer, consent_offers, segment FROM customers");
        while (select.step()) {
            consent_.insert(select.text(0), !select.isNull(1) && select.int64(1) == 1);
            segment_.insert(select.text(0), select.text(2));
        }
        QVERIFY(!consent_.isEmpty());
        mb::data::Statement campaign(project->db(), "SELECT customer FROM campaign_rows");
        while (campaign.step())
            inCampaign_.insert(campaign.text(0));
        revoked_ = dir_.filePath(QStringLiteral("revoked.merchbench"));
        QVERIFY(QFile::copy(project_, revoked_));
        const auto revoked = mb::data::Project::open(revoked_);
        mb::data::exec(revoked->db(),
                       "UPDATE customers SET consent_offers = 0 WHERE customer IN "
                       "(SELECT customer FROM campaign_rows WHERE id % 5 = 0)");
    }

    void promisesKept_data() {
        QTest::addColumn<bool>("revoked");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<double>("budget");
        QTest::addColumn<QString>("cappedOffer");
        QTest::addColumn<int>("capacity");
        QTest::addColumn<int>("maxOffers");
        QTest::addColumn<double>("holdout");
        const QStringList fromProject{"--offers-from-project"};
        QTest::newRow("demo run") << false
                                  << fromProject + QStringList{"--budget", "600", "--seed", "7"}
                                  << 600.0 << "offer_a" << 700 << 1 << 0.1;
        QTest::newRow("capacity and two offers")
            << false << fromProject + QStringList{"--budget",
                                                  "5000",
                                                  "--capacity",
                                                  "offer_a=100",
                                                  "--seed",
                                                  "3",
                                                  "--max-offers-per-customer",
                                                  "2",
                                                  "--holdout",
                                                  "0.2"}
            << 5000.0 << "offer_a" << 100 << 2 << 0.2;
        QTest::newRow("small budget, offers file")
            << false << QStringList{"--offers",  MERCHBENCH_SOURCE_DIR "/datasets/demo/offers.csv",
                                    "--budget",  "50",
                                    "--seed",    "9",
                                    "--holdout", "0.3",
                                    "--model",   "classtransform"}
            << 50.0 << "offer_b" << 700 << 1 << 0.3;
        QTest::newRow("no control group")
            << false << fromProject + QStringList{"--budget", "300",        "--holdout",
                                                  "0",        "--capacity", "offer_b=20"}
            << 300.0 << "offer_b" << 20 << 1 << 0.0;
        QTest::newRow("consent withdrawn")
            << true << fromProject + QStringList{"--budget", "2000", "--seed", "5"} << 2000.0
            << "offer_a" << 700 << 1 << 0.1;
        QTest::newRow("consent withdrawn, two offers each, forest")
            << true
            << fromProject +
                   QStringList{"--budget", "3000",    "--seed", "6", "--max-offers-per-customer",
                               "2",        "--model", "forest"}
            << 3000.0 << "offer_b" << 700 << 2 << 0.1;
    }

    void promisesKept() {
        QFETCH(bool, revoked);
        QFETCH(QStringList, options);
        QFETCH(double, budget);
        QFETCH(QString, cappedOffer);
        QFETCH(int, capacity);
        QFETCH(int, maxOffers);
        QFETCH(double, holdout);
        const QString out = dir_.filePath(QStringLiteral("promises.csv"));
        const QString project = revoked ? revoked_ : project_;
        const mbtest::CliRun run = target(options, out, project);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = run.json();
        const std::vector<ListedRow> rows = readOfferList(out, QStringLiteral("customer"));
        const QHash<QString, bool> consent = consentIn(project);

        double spent = 0.0;
        QHash<QString, int> perOffer, perCustomer;
        qint64 control = 0;
        for (const ListedRow& row : rows) {
            QVERIFY2(consent.value(row.customer, false), qPrintable(row.customer));
            if (row.control) {
                ++control;
                QVERIFY(row.reason.startsWith(QStringLiteral("control group")));
                continue;
            }
            spent += row.cost;
            ++perOffer[row.offer];
            ++perCustomer[row.customer];
        }
        QVERIFY2(spent <= budget + 1e-6, qPrintable(QString::number(spent)));
        QVERIFY(std::abs(json.value("total_cost").toDouble() - spent) < 1e-6);
        QVERIFY(perOffer.value(cappedOffer) <= capacity);
        for (const int count : perCustomer)
            QVERIFY(count <= maxOffers);
        QVERIFY(!rows.empty());
        const qint64 eligible = json.value("eligible").toInteger();
        qint64 consentedInCampaign = 0;
        for (const QString& customer : inCampaign_)
            consentedInCampaign += consent.value(customer, false) ? 1 : 0;
        QCOMPARE(eligible, consentedInCampaign);
        QVERIFY(eligible > 0);
        QCOMPARE(control, json.value("held_out").toInteger());
        QCOMPARE(control,
                 static_cast<qint64>(std::llround(holdout * static_cast<double>(eligible))));
        // Everyone scored is in the campaign, and eligible customers are the consented ones.
        QCOMPARE(json.value("customers_scored").toInteger() +
                     json.value("customers_without_features").toInteger(),
                 static_cast<qint64>(consent_.size()));

        const auto opened = mb::data::Project::open(project);
        mb::data::Statement decisions(
            opened->db(),
            "SELECT COUNT(*), (SELECT status FROM runs WHERE id = ?1) FROM decisions "
            "WHERE run_id = ?1 AND kind = 'offer'");
        decisions.bind(1, static_cast<std::int64_t>(json.value("run_id").toInteger()));
        QVERIFY(decisions.step());
        QCOMPARE(decisions.int64(0),
                 static_cast<std::int64_t>(json.value("offers_given").toInteger()));
        QCOMPARE(decisions.text(1), QStringLiteral("finished"));
        QVERIFY(QFile::exists(mb::exporting::parametersSidecarPath(out)));
    }

    void sameSeedSameList() {
        const QStringList options{"--offers-from-project", "--budget", "600", "--seed", "7"};
        const QString a = dir_.filePath(QStringLiteral("a.csv"));
        const QString b = dir_.filePath(QStringLiteral("b.csv"));
        const QString c = dir_.filePath(QStringLiteral("c.csv"));
        QCOMPARE(target(options, a).exitCode, 0);
        QCOMPARE(target(options, b).exitCode, 0);
        QCOMPARE(target({"--offers-from-project", "--budget", "600", "--seed", "8"}, c).exitCode,
                 0);
        QVERIFY(!read(a).isEmpty());
        QCOMPARE(read(a), read(b));
        QSet<QString> controlA, controlC;
        for (const ListedRow& row : readOfferList(a, QStringLiteral("customer")))
            if (row.control)
                controlA.insert(row.customer);
        for (const ListedRow& row : readOfferList(c, QStringLiteral("customer")))
            if (row.control)
                controlC.insert(row.customer);
        QVERIFY(!controlA.isEmpty());
        QCOMPARE(controlA.size(), controlC.size());
        QVERIFY(controlA != controlC);
    }

    // The demo's planted effects: deal seekers buy more with offer_a, premium customers less.
    void upliftTargetsThePlantedSegment() {
        const QString out = dir_.filePath(QStringLiteral("demo.csv"));
        const QString xlsx = dir_.filePath(QStringLiteral("demo.xlsx"));
        const mbtest::CliRun run = target(
            {"--offers-from-project", "--budget", "600", "--seed", "7", "--xlsx", xlsx}, out);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = run.json();
        QHash<QString, double> net;
        for (const QJsonValue& s : json.value("strategies").toArray())
            net.insert(s["strategy"].toString(), s["net_value"].toDouble());
        qInfo(
            "net value at budget 600: top_uplift %.1f, random %.1f, everyone %.1f, "
            "top_propensity %.1f",
            net.value("top_uplift"), net.value("random"), net.value("everyone"),
            net.value("top_propensity"));
        QCOMPARE(net.size(), 4);
        QVERIFY(net.value("top_uplift") > net.value("random"));
        QVERIFY(net.value("top_uplift") > net.value("top_propensity"));
        QVERIFY(json.value("total_cost").toDouble() <= 600.0 + 1e-6);
        const QJsonObject forecast = json.value("forecast").toObject();
        const QJsonObject margin = forecast.value("incremental_margin").toObject();
        QVERIFY(margin["p10"].toDouble() <= margin["mean"].toDouble());
        QVERIFY(margin["mean"].toDouble() <= margin["p90"].toDouble());
        QVERIFY(json.value("budget_curve").toArray().size() >= 3);

        int offerA = 0, dealSeekers = 0, premium = 0, population = 0, populationDeal = 0;
        for (auto it = segment_.constBegin(); it != segment_.constEnd(); ++it) {
            ++population;
            populationDeal += it.value() == QLatin1String("deal_seeker") ? 1 : 0;
        }
        for (const ListedRow& row : readOfferList(out, QStringLiteral("customer"))) {
            if (row.control || row.offer != QLatin1String("offer_a"))
                continue;
            ++offerA;
            dealSeekers += segment_.value(row.customer) == QLatin1String("deal_seeker") ? 1 : 0;
            premium += segment_.value(row.customer) == QLatin1String("premium") ? 1 : 0;
        }
        QVERIFY(offerA > 0);
        const double share = static_cast<double>(dealSeekers) / offerA;
        const double populationShare = static_cast<double>(populationDeal) / population;
        qInfo("offer_a recipients: %d, deal_seeker share %.3f (population %.3f), premium %d",
              offerA, share, populationShare, premium);
        QVERIFY(share > populationShare + 0.3);
        QVERIFY(static_cast<double>(premium) / offerA < 0.1);

        const QByteArray workbook = read(xlsx);
        QVERIFY(workbook.startsWith("PK"));
        const QJsonObject parameters =
            QJsonDocument::fromJson(read(mb::exporting::parametersSidecarPath(out))).object();
        QCOMPARE(parameters.value("campaign").toString(), QStringLiteral("demo_campaign"));
        QCOMPARE(parameters.value("run_id").toInteger(), json.value("run_id").toInteger());
    }

    void pseudonymisedList() {
        const QString out = dir_.filePath(QStringLiteral("pseudo.csv"));
        const QString key = QStringLiteral("a-long-enough-secret-key");
        const mbtest::CliRun run =
            target({"--offers-from-project", "--budget", "200", "--pseudonymise-key", key}, out);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QByteArray text = read(out);
        QVERIFY(text.startsWith("customer_pseudonym,"));
        QVERIFY(!text.contains(",C0") && !text.contains("\nC0"));
        QVERIFY(!read(mb::exporting::parametersSidecarPath(out)).contains(key.toUtf8()));
        QCOMPARE(
            static_cast<qint64>(readOfferList(out, QStringLiteral("customer_pseudonym")).size()),
            run.json().value("offers_given").toInteger() +
                run.json().value("held_out").toInteger());
    }

    // Customers who already had their contacts are left out; the others keep their allowance.
    void contactHistory() {
        QByteArray history = "customer,contacts\n";
        QSet<QString> full;
        int n = 0;
        for (auto it = segment_.constBegin(); it != segment_.constEnd(); ++it) {
            if (it.value() != QLatin1String("deal_seeker") || ++n % 2)
                continue;
            history += it.key().toUtf8() + ",1\n";
            full.insert(it.key());
        }
        const QString file = write(QStringLiteral("history.csv"), history);
        const QString out = dir_.filePath(QStringLiteral("capped.csv"));
        const mbtest::CliRun run = target({"--offers-from-project", "--budget", "600",
                                           "--max-contacts", "1", "--contact-history", file},
                                          out);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(run.json().value("at_contact_cap").toInteger() > 0);
        int listed = 0;
        for (const ListedRow& row : readOfferList(out, QStringLiteral("customer"))) {
            QVERIFY2(!full.contains(row.customer), qPrintable(row.customer));
            ++listed;
        }
        QVERIFY(listed > 0);
    }

    void badInput_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString out = dir_.filePath(QStringLiteral("bad.csv"));
        const QString unrelated =
            write(QStringLiteral("unrelated.csv"), "offer,cost\noffer_x,1\noffer_y,2\n");
        const QString negativeCost =
            write(QStringLiteral("negative.csv"), "offer,cost\noffer_a,1\noffer_b,-2\n");
        const QStringList base{"target", project_, "--out", out};
        QTest::newRow("help") << QStringList{"target", "--help"} << 0 << QString();
        QTest::newRow("no campaign")
            << base + QStringList{"--offers-from-project", "--budget", "5"} << 1 << "--campaign";
        QTest::newRow("negative budget")
            << base + QStringList{"--campaign", "demo_campaign", "--offers-from-project",
                                  "--budget", "-5"}
            << 1 << "--budget: expected a number >= 0, got -5";
        QTest::newRow("both offer sources")
            << base + QStringList{"--campaign", "demo_campaign", "--offers-from-project",
                                  "--offers",   unrelated,       "--budget",
                                  "5"}
            << 1 << "exactly one of";
        QTest::newRow("bad model")
            << base +
                   QStringList{
                       "--campaign", "demo_campaign", "--offers-from-project", "--budget", "5",
                       "--model",    "magic"}
            << 1 << "--model";
        QTest::newRow("short key") << base + QStringList{"--campaign",
                                                         "demo_campaign",
                                                         "--offers-from-project",
                                                         "--budget",
                                                         "5",
                                                         "--pseudonymise-key",
                                                         "abc"}
                                   << 1 << "--pseudonymise-key";
        QTest::newRow("unknown campaign")
            << base + QStringList{"--campaign", "spring", "--offers-from-project", "--budget", "5"}
            << 2 << "demo_campaign";
        QTest::newRow("no offer matches an arm")
            << base + QStringList{"--campaign", "demo_campaign", "--offers",
                                  unrelated,    "--budget",      "5"}
            << 2
            << "no treatment arm of campaign demo_campaign (offer_a, offer_b) is an offer id "
               "(offer_x, offer_y)";
        QTest::newRow("unknown capacity offer")
            << base +
                   QStringList{
                       "--campaign", "demo_campaign", "--offers-from-project", "--budget", "5",
                       "--capacity", "offer_z=3"}
            << 2 << "unknown offer offer_z";
        QTest::newRow("negative offer cost")
            << base + QStringList{"--campaign", "demo_campaign", "--offers",
                                  negativeCost, "--budget",      "5"}
            << 2 << negativeCost + ":3:9: cost is negative (-2)";
        QTest::newRow("missing project") << QStringList{"target",
                                                        dir_.filePath("none.merchbench"),
                                                        "--campaign",
                                                        "x",
                                                        "--offers-from-project",
                                                        "--budget",
                                                        "5",
                                                        "--out",
                                                        out}
                                         << 2 << "none.merchbench";
    }

    void badInput() {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const mbtest::CliRun run = mbtest::runCli(arguments);
        QVERIFY2(run.exitCode == exitCode, run.err.constData());
        QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestTargetCommand)
#include "tst_targetcmd.moc"
