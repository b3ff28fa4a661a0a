// Contact caps per period: which contacts fall in the window (its edges, the default end, dated
// and datetime rows), errors that point at the file's line and column, the offers a project
// already recorded, and `merchbench-cli target` on the demo project leaving out a customer at
// the cap inside the period but not outside it, never offering anything without consent.
#include "CliRun.h"
#include "DemoTargetRuns.h"
#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "targeting/ContactHistory.h"
#include "targeting/TargetJob.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace mb;
using namespace mb::targeting;

namespace {

// An independent statement of the window: the contact is 0 .. D-1 whole days before as-of.
bool insidePeriod(const QDate& day, const QDate& asOf, int periodDays) {
    const qint64 before = day.daysTo(asOf);
    return before >= 0 && before < periodDays;
}

QSet<QString> offeredCustomers(const QString& offerList) {
    QFile file(offerList);
    QSet<QString> customers;
    if (!file.open(QIODevice::ReadOnly))
        return customers;
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> fields = lines[i].trimmed().split(',');
        if (fields.back() == "0" || fields.back() == "false")
            customers.insert(QString::fromUtf8(fields.front()));
    }
    return customers;
}

}  // namespace

class TestContactHistory : public QObject {
    Q_OBJECT

    mbtest::DemoTargetRuns runs_;

    QStringList targetArguments(const QString& project, const QString& out) {
        return mbtest::DemoTargetRuns::targetArguments(project, out, QStringLiteral("300"));
    }

private Q_SLOTS:
    void initTestCase() {
        const QByteArray problem = runs_.build();
        QVERIFY2(problem.isEmpty(), problem.constData());
    }

    void contactDay_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDate>("day");
        QTest::newRow("date") << "2025-03-01" << QDate(2025, 3, 1);
        QTest::newRow("datetime utc") << "2025-03-01T09:30:00Z" << QDate(2025, 3, 1);
        QTest::newRow("datetime with space") << "2025-03-01 23:59:59" << QDate(2025, 3, 1);
        QTest::newRow("minutes only") << "2025-12-31T23:59" << QDate(2025, 12, 31);
        // The day as the sending system wrote it, not converted to UTC.
        QTest::newRow("offset") << "2025-03-01T23:30:00+05:00" << QDate(2025, 3, 1);
        QTest::newRow("spaces around") << "  2024-02-29 " << QDate(2024, 2, 29);
        QTest::newRow("no such day") << "2025-02-30" << QDate();
        QTest::newRow("day first") << "01/03/2025" << QDate();
        QTest::newRow("not a time") << "2025-03-01 banana" << QDate();
        QTest::newRow("bad hour") << "2025-03-01T25:00:00" << QDate();
        QTest::newRow("empty") << "" << QDate();
    }
    void contactDay() {
        QFETCH(QString, text);
        QFETCH(QDate, day);
        QCOMPARE(targeting::contactDay(text), day);
    }

    void windowEdges_data() {
        QTest::addColumn<int>("periodDays");
        QTest::addColumn<QDate>("day");
        const QDate asOf(2025, 6, 30);
        for (const int period : {1, 7, 30}) {
            for (const int before : {-1, 0, 1, period - 1, period, period + 1}) {
                QTest::addRow("D=%d, %d days before", period, before)
                    << period << asOf.addDays(-before);
            }
        }
        QTest::newRow("undated with a period") << 30 << QDate();
        QTest::newRow("undated without a period") << -1 << QDate();
        QTest::newRow("after as-of without a period") << -1 << asOf.addDays(5);
        QTest::newRow("on as-of without a period") << -1 << asOf;
    }
    void windowEdges() {
        QFETCH(int, periodDays);
        QFETCH(QDate, day);
        const QDate asOf(2025, 6, 30);
        const std::vector<ContactRecord> history{{QStringLiteral("c1"), day, 2}};
        const ContactCount count = countContacts(history, {}, ContactWindow{periodDays, asOf});
        // Without a period every contact made by the as-of day counts; one after it had not
        // happened yet (an undated one cannot be placed, so it counts).
        const bool expected = periodDays < 0 ? !(day.isValid() && day > asOf)
                                             : day.isValid() && insidePeriod(day, asOf, periodDays);
        QCOMPARE(count.perCustomer.value(QStringLiteral("c1")), expected ? 2 : 0);
        QCOMPARE(count.fromHistory, expected ? 2 : 0);
        QCOMPARE(count.asOf, asOf);
    }

    void defaultAsOf_data() {
        QTest::addColumn<QList<QDate>>("historyDays");
        QTest::addColumn<QList<QDate>>("projectDays");
        QTest::addColumn<int>("periodDays");
        QTest::newRow("history only")
            << QList<QDate>{{2025, 1, 5}, {2025, 3, 9}, {2025, 2, 1}} << QList<QDate>{} << 40;
        QTest::newRow("later project day wins")
            << QList<QDate>{{2025, 1, 5}, {2025, 1, 20}} << QList<QDate>{{2025, 8, 1}} << 10;
        QTest::newRow("later history day wins")
            << QList<QDate>{{2025, 9, 5}, {2025, 1, 20}} << QList<QDate>{{2025, 8, 1}} << 60;
        QTest::newRow("same latest day in both")
            << QList<QDate>{{2025, 4, 2}} << QList<QDate>{{2025, 4, 2}, {2025, 3, 30}} << 3;
        QTest::newRow("project only") << QList<QDate>{} << QList<QDate>{{2025, 6, 1}} << 7;
        QTest::newRow("project when history undated")
            << QList<QDate>{QDate()} << QList<QDate>{{2024, 5, 1}, {2024, 4, 20}} << 5;
        QTest::newRow("nothing dated") << QList<QDate>{QDate()} << QList<QDate>{} << 5;
    }
    void defaultAsOf() {
        QFETCH(QList<QDate>, historyDays);
        QFETCH(QList<QDate>, projectDays);
        QFETCH(int, periodDays);
        std::vector<ContactRecord> history;
        std::vector<ContactRecord> project;
        for (const QDate& day : historyDays)
            history.push_back({QStringLiteral("h%1").arg(history.size()), day, 1});
        for (const QDate& day : projectDays)
            project.push_back({QStringLiteral("p%1").arg(project.size()), day, 1});
        auto latest = [](const QList<QDate>& days) {
            QDate best;
            for (const QDate& day : days)
                if (day.isValid() && (!best.isValid() || best < day))
                    best = day;
            return best;
        };
        const QDate expected = latest(historyDays + projectDays);
        const ContactCount count = countContacts(history, project, ContactWindow{periodDays, {}});
        QCOMPARE(count.asOf, expected);
        std::int64_t fromHistory = 0;
        std::int64_t fromProject = 0;
        for (const QDate& day : historyDays)
            fromHistory +=
                expected.isValid() && day.isValid() && insidePeriod(day, expected, periodDays);
        for (const QDate& day : projectDays)
            fromProject +=
                expected.isValid() && day.isValid() && insidePeriod(day, expected, periodDays);
        QCOMPARE(count.fromHistory, fromHistory);
        QCOMPARE(count.fromProject, fromProject);
    }

    void readFile_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("datesRequired");
        QTest::addColumn<QString>("badValue");  // empty: the file reads
        QTest::addColumn<int>("badLine");
        QTest::addColumn<QString>("message");
        QTest::newRow("dates") << QByteArray(
                                      "customer,date,contacts\nc1,2025-03-01,2\nc2,2025-03-02,1\n")
                               << true << QString() << 0 << QString();
        QTest::newRow("contacted_at datetimes")
            << QByteArray(
                   "contacted_at,customer\n2025-03-01T10:00:00Z,c1\n"
                   "2025-03-04 08:15:00,c1\n")
            << true << QString() << 0 << QString();
        QTest::newRow("time column") << QByteArray("customer,time\nc1,2025-03-01T10:00\n") << true
                                     << QString() << 0 << QString();
        QTest::newRow("undated without period")
            << QByteArray("customer,contacts\nc1,3\n") << false << QString() << 0 << QString();
        QTest::newRow("undated with period")
            << QByteArray("customer,contacts\nc1,3\n") << true << QStringLiteral("date") << 1
            << QStringLiteral("missing column");
        QTest::newRow("bad date") << QByteArray("customer,date\nc1,2025-03-01\nc2,2025-13-01\n")
                                  << true << QStringLiteral("2025-13-01") << 3
                                  << QStringLiteral("not a date");
        QTest::newRow("bad datetime")
            << QByteArray("customer,contacted_at\nc1,2025-03-01T99:00\n") << false
            << QStringLiteral("2025-03-01T99:00") << 2 << QStringLiteral("not a date");
        QTest::newRow("empty date with period")
            << QByteArray("customer,date,x\nc1,,y\n") << true << QString() << 2
            << QStringLiteral("date is empty");
        QTest::newRow("negative contacts")
            << QByteArray("customer,date,contacts\nc1,2025-03-01,1\nc2,2025-03-01,-1\n") << false
            << QStringLiteral("-1") << 3 << QStringLiteral("whole number");
        QTest::newRow("fractional contacts")
            << QByteArray("customer,contacts\nc1,1.5\n") << false << QStringLiteral("1.5") << 2
            << QStringLiteral("whole number");
    }
    void readFile() {
        QFETCH(QByteArray, content);
        QFETCH(bool, datesRequired);
        QFETCH(QString, badValue);
        QFETCH(int, badLine);
        QFETCH(QString, message);
        const QString path = runs_.write(QStringLiteral("h-%1.csv")
                                             .arg(QTest::currentDataTag())
                                             .replace(QLatin1Char(' '), QLatin1Char('_')),
                                         content);
        const QList<QByteArray> lines = content.split('\n');
        if (badLine == 0) {
            const std::vector<ContactRecord> records = readContactRecords(path, datesRequired);
            QCOMPARE(static_cast<qsizetype>(records.size()), lines.size() - 2);
            const QList<QByteArray> header = lines.front().split(',');
            const qsizetype contacts = header.indexOf("contacts");
            qsizetype day = header.indexOf("date");
            if (day < 0)
                day = header.indexOf("contacted_at");
            if (day < 0)
                day = header.indexOf("time");
            for (std::size_t i = 0; i < records.size(); ++i) {
                const QList<QByteArray> fields = lines[static_cast<qsizetype>(i) + 1].split(',');
                QCOMPARE(records[i].customer.toUtf8(), fields[header.indexOf("customer")]);
                QCOMPARE(records[i].contacts, contacts < 0 ? 1 : fields[contacts].toInt());
                QCOMPARE(records[i].date.isValid(), day >= 0);
                if (day >= 0)
                    QCOMPARE(records[i].date.toString(Qt::ISODate).toUtf8(), fields[day].left(10));
            }
            return;
        }
        QString error;
        try {
            readContactRecords(path, datesRequired);
        } catch (const Error& e) {
            error = e.message();
        }
        QVERIFY2(!error.isEmpty(), "the file must be refused");
        // The column where the bad value starts on its line, counted here from the file itself.
        const QByteArray line = lines[badLine - 1];
        int column = 1;
        if (badLine > 1) {
            const QList<QByteArray> fields = line.split(',');
            const QList<QByteArray> header = lines.front().split(',');
            qsizetype index =
                badValue.isEmpty() ? header.indexOf("date") : fields.indexOf(badValue.toUtf8());
            QVERIFY(index >= 0);
            column = 1;
            for (qsizetype f = 0; f < index; ++f)
                column += static_cast<int>(fields[f].size()) + 1;
        }
        const QString prefix = QStringLiteral("%1:%2:%3: ").arg(path).arg(badLine).arg(column);
        QVERIFY2(error.startsWith(prefix), qPrintable(error + QStringLiteral(" vs ") + prefix));
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY2(error.endsWith(QStringLiteral("(%1)").arg(badValue)) ||
                     (badLine == 1 && error.contains(badValue)),
                 qPrintable(error));
    }

    // Offers recorded by finished target runs count on the day their run started, inside the
    // window only; failed runs, other analyses, other kinds and control rows never count.
    void projectContacts_data() {
        QTest::addColumn<int>("periodDays");
        QTest::addColumn<QDate>("asOf");
        QTest::newRow("a week to 10 June") << 7 << QDate(2025, 6, 10);
        QTest::newRow("a day on 3 June") << 1 << QDate(2025, 6, 3);
        QTest::newRow("30 days to 1 July") << 30 << QDate(2025, 7, 1);
        QTest::newRow("before any run") << 30 << QDate(2025, 1, 1);
        QTest::newRow("no period") << -1 << QDate();
    }
    void projectContacts() {
        QFETCH(int, periodDays);
        QFETCH(QDate, asOf);
        const QString path = runs_.path(QStringLiteral("recorded.merchbench"));
        QFile::remove(path);
        const auto project = data::Project::open(path);
        struct Run {
            QString analysis;
            QString startedAt;
            QString status;
            QStringList offered;
            QStringList control;
        };
        const std::vector<Run> runs{
            {"target", "2025-06-03T08:00:00Z", "finished", {"a", "b"}, {"z"}},
            {"target", "2025-06-09T23:59:59Z", "finished", {"a", "c"}, {}},
            {"target", "2025-06-10T00:00:01Z", "failed", {"a", "b", "c"}, {}},
            {"markdown", "2025-06-08T10:00:00Z", "finished", {"a"}, {}},
            {"target", "2025-05-01T12:00:00Z", "finished", {"b"}, {"a"}},
        };
        QHash<QString, int> expected;
        for (const Run& run : runs) {
            const qint64 id = project->beginRun(run.analysis, QStringLiteral("{}"), 1);
            std::vector<OfferListRow> rows;
            for (const QString& customer : run.offered)
                rows.push_back(
                    OfferListRow{customer, QStringLiteral("o"), 0.1, 1.0, 1.0, {}, false});
            for (const QString& customer : run.control)
                rows.push_back(
                    OfferListRow{customer, QStringLiteral("o"), 0.1, 1.0, 1.0, {}, true});
            // The decisions a target run records (offerDecisions), under a run of this date.
            const std::vector<jobs::Decision> decisions = offerDecisions(rows);
            QCOMPARE(decisions.size(), static_cast<std::size_t>(run.offered.size()));
            for (const jobs::Decision& decision : decisions) {
                data::Statement insert(project->db(),
                                       "INSERT INTO decisions(run_id, kind, subject, payload) "
                                       "VALUES(?1, ?2, ?3, ?4)");
                insert.bind(1, static_cast<std::int64_t>(id));
                insert.bind(2, decision.kind);
                insert.bind(3, decision.subject);
                insert.bind(4, QString::fromUtf8(QJsonDocument(decision.payload).toJson()));
                insert.step();
            }
            // A control row written by some other tool carries "control": true.
            for (const QString& customer : run.control) {
                data::Statement insert(project->db(),
                                       "INSERT INTO decisions(run_id, kind, subject, payload) "
                                       "VALUES(?1, 'offer', ?2, '{\"control\":true}')");
                insert.bind(1, static_cast<std::int64_t>(id));
                insert.bind(2, customer);
                insert.step();
            }
            project->finishRun(id, run.status, QStringLiteral("{}"));
            data::Statement started(project->db(), "UPDATE runs SET started_at = ?1 WHERE id = ?2");
            started.bind(1, run.startedAt);
            started.bind(2, static_cast<std::int64_t>(id));
            started.step();
            const QDate day = QDate::fromString(run.startedAt.left(10), Qt::ISODate);
            if (run.analysis != QLatin1String("target") || run.status != QLatin1String("finished"))
                continue;
            if (periodDays >= 0 && !insidePeriod(day, asOf, periodDays))
                continue;
            for (const QString& customer : run.offered)
                expected[customer] += 1;
        }
        const std::vector<ContactRecord> recorded = readProjectContacts(*project);
        const ContactCount count = countContacts({}, recorded, ContactWindow{periodDays, asOf});
        QCOMPARE(count.perCustomer.size(),
                 std::count_if(expected.cbegin(), expected.cend(), [](int n) { return n > 0; }));
        for (auto it = expected.cbegin(); it != expected.cend(); ++it)
            QCOMPARE(count.perCustomer.value(it.key()), it.value());
        std::int64_t total = 0;
        for (const int n : expected)
            total += n;
        QCOMPARE(count.fromProject, total);
        QCOMPARE(count.fromHistory, std::int64_t{0});
    }

    void cliErrors_data() {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString undated =
            runs_.write(QStringLiteral("undated.csv"), "customer,contacts\nc1,1\n");
        const QString badDay =
            runs_.write(QStringLiteral("badday.csv"), "customer,date\nc1,2025-06-01\nc2,June 2\n");
        QTest::newRow("period without a date column")
            << QStringList{"--max-contacts",        "1", "--contact-history", undated,
                           "--contact-period-days", "30"}
            << 2 << undated + QStringLiteral(":1:1: ");
        QTest::newRow("bad day") << QStringList{"--max-contacts",        "1",
                                                "--contact-history",     badDay,
                                                "--contact-period-days", "30"}
                                 << 2
                                 << badDay + QStringLiteral(":3:4: contact date is not a date");
        QTest::newRow("period without contacts")
            << QStringList{"--max-contacts", "1", "--contact-period-days", "30"} << 1
            << QStringLiteral("--contact-period-days");
        QTest::newRow("zero period")
            << QStringList{"--max-contacts",        "1", "--contact-history", badDay,
                           "--contact-period-days", "0"}
            << 1 << QStringLiteral("--contact-period-days");
        QTest::newRow("bad as-of")
            << QStringList{"--max-contacts",        "1", "--contact-history", badDay,
                           "--contact-period-days", "3", "--as-of",           "1 June"}
            << 1 << QStringLiteral("--as-of");
        QTest::newRow("project contacts without cap")
            << QStringList{"--count-project-contacts"} << 1
            << QStringLiteral("--count-project-contacts");
    }
    void cliErrors() {
        QFETCH(QStringList, extra);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const QString project = runs_.copyDemo(QStringLiteral("errors.merchbench"));
        QVERIFY(!project.isEmpty());
        const mbtest::CliRun run =
            mbtest::runCli(targetArguments(project, runs_.path(QStringLiteral("e.csv"))) + extra);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
    }

    void help() {
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("target"), QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        for (const char* option : {"--contact-period-days", "--as-of", "--count-project-contacts"})
            QVERIFY2(run.out.contains(option), option);
        QVERIFY(run.out.contains("latest day across"));
    }

    // A customer at the cap inside the period gets nothing; the same contact outside it leaves
    // them as eligible as with no history at all (same seed, same list). Offers the project
    // recorded count the same way, and consent always holds.
    void capInPeriod_data() {
        QTest::addColumn<int>("periodDays");
        QTest::addColumn<int>("daysBeforeAsOf");
        QTest::newRow("inside: on as-of") << 30 << 0;
        QTest::newRow("inside: last day of the period") << 30 << 29;
        QTest::newRow("outside: exactly D days before") << 30 << 30;
        QTest::newRow("outside: long before") << 7 << 90;
    }
    void capInPeriod() {
        QFETCH(int, periodDays);
        QFETCH(int, daysBeforeAsOf);
        const QString project = runs_.copyDemo(QStringLiteral("cap.merchbench"));
        QVERIFY(!project.isEmpty());
        const QString plain = runs_.path(QStringLiteral("plain.csv"));
        const mbtest::CliRun first = mbtest::runCli(targetArguments(project, plain));
        QVERIFY2(first.exitCode == 0, first.err.constData());
        const QSet<QString> offeredBefore = offeredCustomers(plain);
        QVERIFY(!offeredBefore.isEmpty());
        QStringList sorted = offeredBefore.values();
        sorted.sort();
        const QString capped = sorted.front();

        const QDate asOf(2025, 6, 20);
        const QDate day = asOf.addDays(-daysBeforeAsOf);
        const QString history = runs_.write(QStringLiteral("cap-history.csv"),
                                            QStringLiteral("customer,contacted_at,contacts\n"
                                                           "%1,%2T18:45:00Z,2\n")
                                                .arg(capped, day.toString(Qt::ISODate))
                                                .toUtf8());
        const QString capOut = runs_.path(QStringLiteral("capped.csv"));
        const mbtest::CliRun second =
            mbtest::runCli(targetArguments(project, capOut) +
                           QStringList{"--max-contacts", "2", "--contact-history", history,
                                       "--contact-period-days", QString::number(periodDays),
                                       "--as-of", asOf.toString(Qt::ISODate)});
        QVERIFY2(second.exitCode == 0, second.err.constData());
        const bool inside = insidePeriod(day, asOf, periodDays);
        const QSet<QString> offered = offeredCustomers(capOut);
        QCOMPARE(offered.contains(capped), !inside);
        if (!inside)
            QCOMPARE(offered, offeredBefore);
        const QJsonObject contacts = second.json().value(QStringLiteral("contacts")).toObject();
        QCOMPARE(contacts.value(QStringLiteral("from_history")).toInteger(), inside ? 2 : 0);
        QCOMPARE(contacts.value(QStringLiteral("as_of")).toString(), asOf.toString(Qt::ISODate));
        QCOMPARE(second.json().value(QStringLiteral("at_contact_cap")).toInteger(), inside ? 1 : 0);

        // Every offer goes to a consented customer, in both lists.
        const auto opened = data::Project::open(project, data::Project::OpenMode::MustExist);
        QSet<QString> consented;
        data::Statement select(opened->db(),
                               "SELECT customer FROM customers WHERE consent_offers = 1");
        while (select.step())
            consented.insert(select.text(0));
        for (const QSet<QString>& list : {offered, offeredBefore}) {
            for (const QString& customer : list)
                QVERIFY2(consented.contains(customer), qPrintable(customer));
        }
    }

    // The offers of the first run are contacts for the next one: with a cap of one in a week
    // ending on the latest run's day nobody offered before is offered again; a period that ended
    // before the runs counts none of them.
    void projectRecordedContacts() {
        const QString project = runs_.copyDemo(QStringLiteral("recorded-cli.merchbench"));
        QVERIFY(!project.isEmpty());
        const char* recordedOffers =
            "SELECT COUNT(*) FROM decisions d JOIN runs r ON "
            "r.id = d.run_id WHERE r.analysis = 'target' AND "
            "r.status = 'finished' AND d.kind = 'offer'";
        qint64 recordedBefore = 0;
        {
            // The demo itself records a target run.
            const auto opened = data::Project::open(project, data::Project::OpenMode::MustExist);
            recordedBefore = data::queryInt(opened->db(), recordedOffers);
        }
        const QString firstOut = runs_.path(QStringLiteral("first.csv"));
        const mbtest::CliRun first = mbtest::runCli(targetArguments(project, firstOut));
        QVERIFY2(first.exitCode == 0, first.err.constData());
        const QSet<QString> offeredFirst = offeredCustomers(firstOut);
        QVERIFY(!offeredFirst.isEmpty());
        qint64 recorded = 0;
        {
            const auto opened = data::Project::open(project, data::Project::OpenMode::MustExist);
            recorded = data::queryInt(opened->db(), recordedOffers);
        }
        QCOMPARE(recorded - recordedBefore, static_cast<qint64>(offeredFirst.size()));

        const QString secondOut = runs_.path(QStringLiteral("second.csv"));
        const mbtest::CliRun second =
            mbtest::runCli(targetArguments(project, secondOut) +
                           QStringList{"--max-contacts", "1", "--count-project-contacts",
                                       "--contact-period-days", "7"});
        QVERIFY2(second.exitCode == 0, second.err.constData());
        const QJsonObject contacts = second.json().value(QStringLiteral("contacts")).toObject();
        QCOMPARE(contacts.value(QStringLiteral("from_project")).toInteger(), recorded);
        QSet<QString> again = offeredCustomers(secondOut);
        QVERIFY(!again.isEmpty());
        QVERIFY(again.intersect(offeredFirst).isEmpty());

        // As of a day after every basket and signup but before the runs: their offers had not
        // been made yet.
        const QString thirdOut = runs_.path(QStringLiteral("third.csv"));
        const mbtest::CliRun third =
            mbtest::runCli(targetArguments(project, thirdOut) +
                           QStringList{"--max-contacts", "1", "--count-project-contacts",
                                       "--contact-period-days", "7", "--as-of", "2025-01-01"});
        QVERIFY2(third.exitCode == 0, third.err.constData());
        QCOMPARE(third.json()
                     .value(QStringLiteral("contacts"))
                     .toObject()
                     .value(QStringLiteral("from_project"))
                     .toInteger(),
                 0);
        QCOMPARE(offeredCustomers(thirdOut), offeredFirst);
    }

    // With a dated history file and the project's own runs but no --as-of, the period ends on
    // the latest day of either source: here the runs' day, so older history falls outside it.
    void asOfAcrossBothSources_data() {
        QTest::addColumn<int>("historyDaysAfterRuns");
        QTest::newRow("history a year before the runs") << -365;
        QTest::newRow("history a week after the runs") << 7;
    }
    void asOfAcrossBothSources() {
        QFETCH(int, historyDaysAfterRuns);
        const QString project = runs_.copyDemo(QStringLiteral("both-sources.merchbench"));
        QVERIFY(!project.isEmpty());
        QDate runsDay;
        qint64 recorded = 0;
        {
            const auto opened = data::Project::open(project, data::Project::OpenMode::MustExist);
            std::vector<ContactRecord> records = readProjectContacts(*opened);
            QVERIFY(!records.empty());
            runsDay = latestContactDate(records);
            recorded = static_cast<qint64>(records.size());
        }
        QVERIFY(runsDay.isValid());
        const QDate historyDay = runsDay.addDays(historyDaysAfterRuns);
        const QString history =
            runs_.write(QStringLiteral("both-%1.csv").arg(historyDaysAfterRuns),
                        QStringLiteral("customer,date\nC000001,%1\nC000002,%1\n")
                            .arg(historyDay.toString(Qt::ISODate))
                            .toUtf8());
        const int period = 30;
        const mbtest::CliRun run =
            mbtest::runCli(targetArguments(project, runs_.path(QStringLiteral("both.csv"))) +
                           QStringList{"--max-contacts", "1", "--contact-history", history,
                                       "--count-project-contacts", "--contact-period-days",
                                       QString::number(period)});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QDate expected = std::max(runsDay, historyDay);
        const QJsonObject contacts = run.json().value(QStringLiteral("contacts")).toObject();
        QCOMPARE(contacts.value(QStringLiteral("as_of")).toString(),
                 expected.toString(Qt::ISODate));
        QCOMPARE(contacts.value(QStringLiteral("from_history")).toInteger(),
                 insidePeriod(historyDay, expected, period) ? 2 : 0);
        QCOMPARE(contacts.value(QStringLiteral("from_project")).toInteger(),
                 insidePeriod(runsDay, expected, period) ? recorded : 0);
    }
};

QTEST_GUILESS_MAIN(TestContactHistory)
#include "tst_contacthistory.moc"
