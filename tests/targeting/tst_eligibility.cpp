// Eligibility rules of `merchbench-cli target`: how --eligible reads, which bad rules and
// exclusion files are refused and where, and on the demo project that no customer ever gets an
// offer the rules forbid (not even as a control group's "would have had"), with counts that
// match an independent count from the project's tables and parameters that repeat the run.
#include "CliRun.h"
#include "DemoTargetRuns.h"
#include "common/Error.h"
#include "data/HeaderedCsv.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "targeting/EligibilityRules.h"

#include <QDate>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>
#include <cmath>

using namespace mb;
using namespace mb::targeting;

namespace {

struct OfferRow {
    QString customer;
    QString offer;
    bool control = false;
};

std::vector<OfferRow> readOfferList(const QString& path) {
    data::HeaderedCsv csv(path);
    const int customer = csv.column(QStringLiteral("customer"), true);
    const int offer = csv.column(QStringLiteral("offer"), true);
    const int control = csv.column(QStringLiteral("control"), true);
    std::vector<OfferRow> rows;
    while (csv.next()) {
        auto text = [&](int column) {
            const std::string_view field = csv.field(column);
            return QString::fromUtf8(field.data(), static_cast<qsizetype>(field.size()));
        };
        rows.push_back({text(customer), text(offer), csv.flag(control, "control")});
    }
    return rows;
}

}  // namespace

class TestEligibility : public QObject {
    Q_OBJECT

    mbtest::DemoTargetRuns runs_;

    QStringList targetArguments(const QString& project, const QString& out) {
        return mbtest::DemoTargetRuns::targetArguments(project, out, QStringLiteral("100000"));
    }

private Q_SLOTS:
    void initTestCase() {
        const QByteArray problem = runs_.build();
        QVERIFY2(problem.isEmpty(), problem.constData());
    }

    void parseRule_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("offer");
        QTest::addColumn<int>("test");
        QTest::addColumn<QString>("feature");
        QTest::addColumn<QStringList>("segments");
        QTest::addColumn<double>("bound");
        const int segment = int(EligibilityRule::Test::Segment);
        const int atLeast = int(EligibilityRule::Test::AtLeast);
        const int atMost = int(EligibilityRule::Test::AtMost);
        QTest::newRow("segments") << "offer_d:segment=premium,regular"
                                  << "offer_d" << segment << QString()
                                  << QStringList{"premium", "regular"} << 0.0;
        QTest::newRow("spaces and a repeat")
            << " offer_a : segment = premium , premium,x "
            << "offer_a" << segment << QString() << QStringList{"premium", "x"} << 0.0;
        QTest::newRow("every offer, at most")
            << "*:recency_days<=90"
            << "*" << atMost << "recency_days" << QStringList{} << 90.0;
        QTest::newRow("at least, decimal")
            << "offer_b:discount_share>=0.25"
            << "offer_b" << atLeast << "discount_share" << QStringList{} << 0.25;
        QTest::newRow("negative bound") << "o:tenure_days>=-3"
                                        << "o" << atLeast << "tenure_days" << QStringList{} << -3.0;
    }
    void parseRule() {
        QFETCH(QString, text);
        QFETCH(QString, offer);
        QFETCH(int, test);
        QFETCH(QString, feature);
        QFETCH(QStringList, segments);
        QFETCH(double, bound);
        const EligibilityRule rule = parseEligibilityRule(text);
        QCOMPARE(rule.offer, offer);
        QCOMPARE(int(rule.test), test);
        QCOMPARE(rule.feature, feature);
        QCOMPARE(rule.segments, segments);
        QCOMPARE(rule.bound, bound);
        // The text it records reads back as the same rule.
        const EligibilityRule again = parseEligibilityRule(rule.text());
        QCOMPARE(again.text(), rule.text());
        QCOMPARE(again.segments, rule.segments);
        QCOMPARE(again.bound, rule.bound);
    }

    void badRule_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("no offer") << ":segment=premium";
        QTest::newRow("no colon") << "offer_d";
        QTest::newRow("no condition") << "offer_d:";
        QTest::newRow("segment without list") << "offer_d:segment";
        QTest::newRow("empty segment name") << "offer_d:segment=premium,,regular";
        QTest::newRow("feature equals") << "offer_d:recency_days=3";
        QTest::newRow("bound not a number") << "offer_d:recency_days<=soon";
        QTest::newRow("bound missing") << "offer_d:recency_days>=";
        QTest::newRow("no feature") << "offer_d:<=3";
        QTest::newRow("infinite bound") << "offer_d:recency_days<=inf";
    }
    void badRule() {
        QFETCH(QString, text);
        try {
            parseEligibilityRule(text);
            QFAIL("accepted");
        } catch (const Error& error) {
            QVERIFY2(error.message().startsWith(QStringLiteral("--eligible: ")),
                     qPrintable(error.message()));
            QVERIFY2(error.message().endsWith(QStringLiteral("(%1)").arg(text)),
                     qPrintable(error.message()));
        }
    }

    void exclusionFile_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("error");  // empty: reads
        QTest::addColumn<int>("customers");
        QTest::newRow("ids") << QByteArray("customer\nC1\nC2\nC1\n") << QString() << 2;
        QTest::newRow("extra columns, spaces")
            << QByteArray("reason,customer\ncomplaint, C9 \nstaff,C8\n") << QString() << 2;
        QTest::newRow("header only") << QByteArray("customer\n") << QString() << 0;
        QTest::newRow("no customer column")
            << QByteArray("id\nC1\n") << ":1:1: missing column" << 0;
        QTest::newRow("empty id") << QByteArray("reason,customer\nx,C1\ny,\n")
                                  << ":3:3: customer id is empty" << 0;
        QTest::newRow("short row") << QByteArray("reason,customer\nx\n") << ":2:1: expected 2" << 0;
        QTest::newRow("empty file") << QByteArray() << ":1:1: the file is empty" << 0;
    }
    void exclusionFile() {
        QFETCH(QByteArray, content);
        QFETCH(QString, error);
        QFETCH(int, customers);
        const QString path =
            runs_.write(QStringLiteral("exclude-%1.csv").arg(QTest::currentDataTag()), content);
        try {
            const QSet<QString> ids = readExclusionList(path);
            QVERIFY2(error.isEmpty(), "accepted a bad file");
            QCOMPARE(ids.size(), customers);
            for (const QString& id : ids)
                QCOMPARE(id, id.trimmed());
        } catch (const Error& e) {
            QVERIFY2(!error.isEmpty(), qPrintable(e.message()));
            QVERIFY2(e.message().startsWith(path + error), qPrintable(e.message()));
        }
    }

    // Exit 1 for a rule that does not read, 2 for one naming what the project lacks or a bad
    // exclusion file; the message names the rule or the file's line and column.
    void cliErrors_data() {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("syntax") << QStringList{"--eligible", "offer_d=premium"} << 1
                                << "(offer_d=premium)";
        QTest::newRow("unknown offer")
            << QStringList{"--eligible", "offer_z:segment=premium"} << 2
            << "unknown offer offer_z (there are: offer_a, offer_b, offer_c, offer_d, offer_e)";
        QTest::newRow("unknown segment")
            << QStringList{"--eligible", "offer_d:segment=premium,gold"} << 2
            << "unknown segment gold (there are: deal_seeker, premium, regular)";
        QTest::newRow("unknown feature")
            << QStringList{"--eligible", "*:age>=18"} << 2 << "unknown customer feature age";
        QTest::newRow("exclusion file missing")
            << QStringList{"--exclude", "/nonexistent/exclude.csv"} << 2
            << "/nonexistent/exclude.csv: cannot read";
    }
    void cliErrors() {
        QFETCH(QStringList, extra);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const QString project = runs_.copyDemo(QStringLiteral("errors.merchbench"));
        const char* runs = "SELECT COUNT(*) FROM runs";
        qint64 runsBefore = 0;
        {
            const auto opened = data::Project::open(project, data::Project::OpenMode::MustExist);
            runsBefore = data::queryInt(opened->db(), runs);
        }
        const mbtest::CliRun run =
            mbtest::runCli(targetArguments(project, runs_.path(QStringLiteral("e.csv"))) + extra);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
        // Refused before anything is recorded.
        const auto opened = data::Project::open(project, data::Project::OpenMode::MustExist);
        QCOMPARE(data::queryInt(opened->db(), runs), runsBefore);
    }

    void help() {
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("target"), QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        for (const char* text : {"--eligible", "--exclude", "segment=", "recency_days"})
            QVERIFY2(run.out.contains(text), text);
    }

    // On the demo: no offer (nor control row) breaks a rule, excluded customers are absent, the
    // counts match the tables, and the recorded parameters repeat the same list.
    void demoInvariant_data() {
        QTest::addColumn<QStringList>("rules");
        QTest::addColumn<bool>("exclude");
        QTest::newRow("offer_b to premium and regular")
            << QStringList{"offer_b:segment=premium,regular"} << false;
        QTest::newRow("two segment rules and an exclusion list")
            << QStringList{"offer_b:segment=premium,regular", "offer_a:segment=deal_seeker"}
            << true;
        QTest::newRow("recent buyers only, tenure for offer_b")
            << QStringList{"*:recency_days<=20", "offer_b:tenure_days>=1000"} << false;
        QTest::newRow("exclusion list alone") << QStringList{} << true;
    }
    void demoInvariant() {
        QFETCH(QStringList, rules);
        QFETCH(bool, exclude);
        const QString project = runs_.copyDemo(QStringLiteral("invariant.merchbench"));
        QVERIFY(!project.isEmpty());
        const auto opened = data::Project::open(project, data::Project::OpenMode::MustExist);
        // Independent facts from the tables: segment, consent, campaign row, recency and tenure
        // (days from the last basket / signup to the day after the last dated basket).
        QHash<QString, QString> segmentOf;
        QSet<QString> consented;
        QSet<QString> scored;
        QHash<QString, double> recency;
        QHash<QString, double> tenure;
        {
            data::Statement customers(opened->db(),
                                      "SELECT customer, segment, consent_offers, signup_date "
                                      "FROM customers");
            data::Statement lastDay(opened->db(),
                                    "SELECT MAX(substr(time, 1, 10)) FROM basket_lines WHERE "
                                    "customer IS NOT NULL AND time IS NOT NULL");
            QVERIFY(lastDay.step());
            const QDate asOf = QDate::fromString(lastDay.text(0), Qt::ISODate).addDays(1);
            QVERIFY(asOf.isValid());
            while (customers.step()) {
                const QString id = customers.text(0);
                segmentOf.insert(id, customers.text(1));
                if (customers.int64(2) == 1)
                    consented.insert(id);
                const QDate signup = QDate::fromString(customers.text(3), Qt::ISODate);
                if (signup.isValid())
                    tenure.insert(id, static_cast<double>(signup.daysTo(asOf)));
            }
            data::Statement last(opened->db(),
                                 "SELECT customer, MAX(substr(time, 1, 10)) FROM basket_lines "
                                 "WHERE customer IS NOT NULL AND time IS NOT NULL GROUP BY 1");
            while (last.step())
                recency.insert(
                    last.text(0),
                    static_cast<double>(QDate::fromString(last.text(1), Qt::ISODate).daysTo(asOf)));
            data::Statement rows(opened->db(),
                                 "SELECT DISTINCT customer FROM campaign_rows WHERE campaign = "
                                 "'demo_campaign' AND customer IS NOT NULL");
            while (rows.step())
                scored.insert(rows.text(0));
        }
        // The offers a plan can send: those that are arms of the campaign test.
        QStringList offers;
        {
            data::Statement select(opened->db(),
                                   "SELECT offer FROM offers WHERE offer IN (SELECT arm FROM "
                                   "campaign_rows WHERE campaign = 'demo_campaign')");
            while (select.step())
                offers << select.text(0);
        }
        // Every fourth consented scored customer (plus one id the project lacks) is excluded.
        QSet<QString> excluded;
        QString excludePath;
        if (exclude) {
            QByteArray content = "customer\nNOT_A_CUSTOMER\n";
            int n = 0;
            for (auto it = segmentOf.constBegin(); it != segmentOf.constEnd(); ++it) {
                if (consented.contains(it.key()) && scored.contains(it.key()) && n++ % 4 == 0) {
                    excluded.insert(it.key());
                    content += it.key().toUtf8() + '\n';
                }
            }
            excludePath = runs_.write(QStringLiteral("exclude-demo.csv"), content);
        }
        auto allowed = [&](const QString& customer, const QString& offer) {
            if (excluded.contains(customer))
                return false;
            for (const QString& text : rules) {
                const QString target = text.section(QLatin1Char(':'), 0, 0);
                if (target != QLatin1String("*") && target != offer)
                    continue;
                const QString condition = text.section(QLatin1Char(':'), 1);
                if (condition.startsWith(QLatin1String("segment="))) {
                    if (!condition.mid(8).split(QLatin1Char(',')).contains(segmentOf[customer]))
                        return false;
                    continue;
                }
                const bool atMost = condition.contains(QLatin1String("<="));
                const QString feature = condition.section(atMost ? "<=" : ">=", 0, 0);
                const double bound = condition.section(atMost ? "<=" : ">=", 1).toDouble();
                const QHash<QString, double>& values =
                    feature == QLatin1String("recency_days") ? recency : tenure;
                if (!values.contains(customer))
                    return false;
                if (atMost ? !(values[customer] <= bound) : !(values[customer] >= bound))
                    return false;
            }
            return true;
        };

        QStringList extra;
        for (const QString& rule : rules)
            extra << QStringLiteral("--eligible") << rule;
        if (exclude)
            extra << QStringLiteral("--exclude") << excludePath;
        const QString out = runs_.path(QStringLiteral("invariant.csv"));
        const mbtest::CliRun run = mbtest::runCli(targetArguments(project, out) + extra);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = run.json();

        const std::vector<OfferRow> list = readOfferList(out);
        qint64 offered = 0;
        for (const OfferRow& row : list) {
            QVERIFY2(!excluded.contains(row.customer), qPrintable(row.customer));
            QVERIFY2(consented.contains(row.customer), qPrintable(row.customer));
            if (!row.offer.isEmpty())
                QVERIFY2(allowed(row.customer, row.offer),
                         qPrintable(row.customer + QLatin1Char('/') + row.offer));
            offered += row.control ? 0 : 1;
        }
        QVERIFY(offered > 0);

        QVERIFY(!offers.isEmpty());
        // Counts over consented, scored customers (no contact cap here) and the arm offers.
        qint64 excludedCount = 0;
        qint64 ruledOut = 0;
        qint64 noOffer = 0;
        for (const QString& customer : std::as_const(scored)) {
            if (!consented.contains(customer) || !segmentOf.contains(customer))
                continue;
            if (excluded.contains(customer)) {
                ++excludedCount;
                continue;
            }
            qint64 mine = 0;
            for (const QString& offer : offers)
                mine += allowed(customer, offer) ? 0 : 1;
            ruledOut += mine;
            noOffer += mine == offers.size() ? 1 : 0;
        }
        QCOMPARE(json.value(QStringLiteral("excluded_customers")).toInteger(), excludedCount);
        QCOMPARE(json.value(QStringLiteral("ineligible_options")).toInteger(), ruledOut);
        QCOMPARE(json.value(QStringLiteral("customers_without_eligible_offer")).toInteger(),
                 noOffer);
        if (!rules.isEmpty())
            QVERIFY(ruledOut > 0);

        // The run's parameters name the rules and the list, and repeat into the same offers.
        const qint64 runId = json.value(QStringLiteral("run_id")).toInteger();
        const auto after = data::Project::open(project, data::Project::OpenMode::MustExist);
        data::Statement select(after->db(), "SELECT parameters FROM runs WHERE id = ?1");
        select.bind(1, static_cast<std::int64_t>(runId));
        QVERIFY(select.step());
        const QJsonObject parameters = QJsonDocument::fromJson(select.text(0).toUtf8()).object();
        const QJsonArray recorded = parameters.value(QStringLiteral("eligibility_rules")).toArray();
        QCOMPARE(recorded.size(), rules.size());
        QStringList again;
        for (const QJsonValue& rule : recorded)
            again << QStringLiteral("--eligible") << rule.toString();
        QCOMPARE(parameters.value(QStringLiteral("exclude")).toString(), excludePath);
        // The excluded customers are held by value, so a replay does not read the file again.
        QCOMPARE(parameters.value(QStringLiteral("excluded_customers")).toArray().size(),
                 exclude ? excluded.size() + 1 : 0);
        if (exclude)
            again << QStringLiteral("--exclude") << excludePath;
        const QString repeatOut = runs_.path(QStringLiteral("repeat.csv"));
        const mbtest::CliRun repeat = mbtest::runCli(targetArguments(project, repeatOut) + again);
        QVERIFY2(repeat.exitCode == 0, repeat.err.constData());
        const std::vector<OfferRow> repeated = readOfferList(repeatOut);
        QCOMPARE(repeated.size(), list.size());
        for (std::size_t i = 0; i < list.size(); ++i) {
            QCOMPARE(repeated[i].customer, list[i].customer);
            QCOMPARE(repeated[i].offer, list[i].offer);
        }
    }
};

QTEST_GUILESS_MAIN(TestEligibility)
#include "tst_eligibility.moc"
