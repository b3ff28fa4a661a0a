// merchbench-cli traffic as a user runs it: exit codes, the supermarket-paths files checked
// against a direct parse of the CSVs, and the demo project against its planted shopper model
// (datasets/demo/truth.json, "floor").
#include "CliRun.h"

#include "data/Project.h"
#include "data/Sqlite.h"
#include "data/ValueParser.h"
#include "traffic/PathLoader.h"
#include "traffic/TripBuilder.h"
#include "traffic/ZoneLoader.h"
#include "traffic/ZoneTransitions.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QMap>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

namespace {

// A simple CSV reader for the command's own exports (no quoted commas in these files' numbers).
QList<QStringList> readCsv(const QString& path) {
    QList<QStringList> rows;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return rows;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (!line.isEmpty())
            rows.append(line.split(QLatin1Char(',')));
    }
    return rows;
}

// Column values of a CSV keyed by its first column (or the first two joined by '>').
QMap<QString, QString> csvColumn(const QList<QStringList>& rows, const QString& column,
                                 bool pairKey) {
    QMap<QString, QString> values;
    const int index = int(rows.value(0).indexOf(column));
    for (int r = 1; r < rows.size(); ++r) {
        const QString key = pairKey ? rows[r][0] + QLatin1Char('>') + rows[r][1] : rows[r][0];
        values.insert(key, rows[r].value(index));
    }
    return values;
}

}  // namespace

class TestTrafficCli : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString demo_;  // the demo project, built once

    QString builtDemo() {
        if (demo_.isEmpty()) {
            const QString out = dir_.filePath(QStringLiteral("demo"));
            const mbtest::CliRun run = mbtest::runCli({QStringLiteral("demo"), out});
            if (run.exitCode != 0)
                qWarning() << run.err;
            demo_ = out + QStringLiteral("/demo.merchbench");
        }
        return demo_;
    }

private Q_SLOTS:
    void exitCodes_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        const QString out = dir_.filePath(QStringLiteral("codes"));
        const QString empty = dir_.filePath(QStringLiteral("empty.merchbench"));
        mb::data::Project::open(empty);  // a project with no traffic at all
        // A stored time no importer would write, to see that the command refuses it cleanly.
        const QString badTime = dir_.filePath(QStringLiteral("badtime.merchbench"));
        {
            const auto project = mb::data::Project::open(badTime);
            mb::data::exec(project->db(),
                           "INSERT OR IGNORE INTO zones(zone) VALUES ('Z1');"
                           "INSERT INTO paths(time, shopper, zone, import_id) "
                           "VALUES ('yesterday', 's1', 'Z1', 0);");
        }
        QTest::newRow("help") << QStringList{"traffic", "--help"} << 0;
        QTest::newRow("no out") << QStringList{"traffic", empty} << 1;
        QTest::newRow("no project") << QStringList{"traffic", "--out", out} << 1;
        QTest::newRow("bad source")
            << QStringList{"traffic", empty, "--from", "wifi", "--out", out} << 1;
        QTest::newRow("bad top") << QStringList{"traffic", empty, "--top", "0", "--out", out} << 1;
        QTest::newRow("bad gap") << QStringList{"traffic", empty, "--trip-gap", "-5", "--out", out}
                                 << 1;
        QTest::newRow("missing project")
            << QStringList{"traffic", dir_.filePath(QStringLiteral("nope.merchbench")), "--out",
                           out}
            << 2;
        QTest::newRow("no paths") << QStringList{"traffic", empty, "--from", "paths", "--out", out}
                                  << 2;
        QTest::newRow("no counts") << QStringList{"traffic", empty, "--out", out} << 2;
        QTest::newRow("unreadable stored time")
            << QStringList{"traffic", badTime, "--out", out} << 2;
    }

    void exitCodes() {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        const mbtest::CliRun run = mbtest::runCli(arguments);
        QCOMPARE(run.exitCode, exitCode);
        if (exitCode != 0)
            QVERIFY(!run.err.isEmpty());
    }

    // Loyalty ids (the project's customers) name one shopper on every day, so `auto` keeps them;
    // asked per day, each (id, day) is a shopper and trips no longer link to baskets.
    void customerIdsPersistAcrossDays() {
        const QString project = dir_.filePath(QStringLiteral("loyalty.merchbench"));
        {
            const auto opened = mb::data::Project::open(project);
            mb::data::exec(opened->db(),
                           "INSERT INTO zones(zone) VALUES ('Z1'), ('Z2');"
                           "INSERT INTO paths(time, shopper, zone, import_id) VALUES "
                           "('2024-03-01T10:00:00', 'C1', 'Z1', 0),"
                           "('2024-03-01T10:05:00', 'C1', 'Z2', 0),"
                           "('2024-03-02T11:00:00', 'C1', 'Z1', 0),"
                           "('2024-03-01T12:00:00', 'C2', 'Z2', 0),"
                           "('2024-03-02T12:00:00', 'C2', 'Z2', 0),"
                           "('2024-03-02T12:30:00', 'V9', 'Z1', 0);"
                           "INSERT INTO basket_lines(basket, customer, quantity, time, import_id) "
                           "VALUES ('B1', 'C1', 1, '2024-03-01T10:10:00', 0),"
                           "('B2', 'C2', 1, '2024-03-02T12:05:00', 0);");
        }
        const mbtest::CliRun byDefault = mbtest::runCli(
            {"traffic", project, "--out", dir_.filePath(QStringLiteral("loyalty-auto")), "--json"});
        QCOMPARE(byDefault.exitCode, 0);
        const QJsonObject persistent = byDefault.json();
        QCOMPARE(persistent.value(QStringLiteral("shopper_ids")).toString(),
                 QStringLiteral("persistent"));
        QVERIFY(persistent.value(QStringLiteral("shopper_ids_reason"))
                    .toString()
                    .contains(QStringLiteral("2 of 3")));
        QCOMPARE(persistent.value(QStringLiteral("shoppers")).toInteger(), 3);
        QCOMPARE(persistent.value(QStringLiteral("trips")).toInteger(), 5);
        const QJsonObject linked = persistent.value(QStringLiteral("conversion")).toObject();
        QVERIFY(linked.value(QStringLiteral("available")).toBool());
        QCOMPARE(linked.value(QStringLiteral("trips")).toInteger(), 4);
        QCOMPARE(linked.value(QStringLiteral("converted_trips")).toInteger(), 2);

        const mbtest::CliRun asked = mbtest::runCli({"traffic", project, "--out",
                                                     dir_.filePath(QStringLiteral("loyalty-day")),
                                                     "--shopper-ids", "per-day", "--json"});
        QCOMPARE(asked.exitCode, 0);
        const QJsonObject perDay = asked.json();
        QCOMPARE(perDay.value(QStringLiteral("shopper_ids")).toString(), QStringLiteral("per_day"));
        QCOMPARE(perDay.value(QStringLiteral("shoppers")).toInteger(), 5);
        QVERIFY(!perDay.value(QStringLiteral("conversion"))
                     .toObject()
                     .value(QStringLiteral("available"))
                     .toBool());
        const mbtest::CliRun wrong =
            mbtest::runCli({"traffic", project, "--out", dir_.filePath(QStringLiteral("loyalty-x")),
                            "--shopper-ids", "weekly"});
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY(wrong.err.contains("per-day or persistent"));
    }

    void supermarketPaths_data() {
        QTest::addColumn<QStringList>("days");
        QTest::newRow("monday") << QStringList{"monday"};
        QTest::newRow("whole week")
            << QStringList{"monday", "tuesday", "wednesday", "thursday", "friday"};
    }

    void supermarketPaths() {
        QFETCH(QStringList, days);
        const QString shared = QStringLiteral(MERCHBENCH_SHARED_DATASETS);
        if (!QDir(shared + QStringLiteral("/supermarket-paths")).exists())
            QSKIP(qPrintable(QStringLiteral("%1/supermarket-paths is absent").arg(shared)));
        if (days.size() > 1 && qEnvironmentVariableIsSet("MERCHBENCH_QUICK"))
            QSKIP("MERCHBENCH_QUICK: the whole week is skipped, Monday alone was checked");
        const QString project =
            dir_.filePath(QStringLiteral("paths-%1.merchbench").arg(days.size()));

        // The plain answer, straight from the files: a trip is one customer_no on one day.
        QMap<QString, QStringList> tripZones;  // "customer@day" -> runs of zones
        QSet<QString> ids;                     // customer_no, whatever the day
        for (const QString& day : days) {
            const QString path = shared + QStringLiteral("/supermarket-paths/%1.csv").arg(day);
            const mbtest::CliRun import =
                mbtest::runCli({"import", project, path, "--kind", "paths", "--create-missing"});
            QCOMPARE(import.exitCode, 0);
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            file.readLine();
            while (!file.atEnd()) {
                const QStringList f = QString::fromUtf8(file.readLine()).trimmed().split(';');
                if (f.size() != 3)
                    continue;
                QStringList& runs = tripZones[f[1] + QLatin1Char('@') + f[0].left(10)];
                ids.insert(f[1]);
                if (runs.isEmpty() || runs.last() != f[2])
                    runs.append(f[2]);
            }
        }
        QMap<QString, int> visits;
        QMap<QString, int> moves;
        QMap<QString, int> lastZones;
        for (const QStringList& runs : tripZones) {
            QString previous = QStringLiteral("(enter)");
            for (const QString& zone : runs) {
                visits[zone] += 1;
                moves[previous + QLatin1Char('>') + zone] += 1;
                previous = zone;
            }
            moves[previous + QStringLiteral(">(exit)")] += 1;
            lastZones[previous] += 1;
        }

        const QString out = dir_.filePath(QStringLiteral("paths-out-%1").arg(days.size()));
        const mbtest::CliRun run = mbtest::runCli({"traffic", project, "--out", out, "--json"});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject summary = run.json();
        QCOMPARE(summary.value(QStringLiteral("trips")).toInteger(), qint64(tripZones.size()));
        // customer_no restarts every day and is no customer id: one shopper per id and day.
        QCOMPARE(summary.value(QStringLiteral("shopper_ids")).toString(),
                 QStringLiteral("per_day"));
        QCOMPARE(summary.value(QStringLiteral("shoppers")).toInteger(), qint64(tripZones.size()));
        QVERIFY(summary.value(QStringLiteral("shopper_ids_reason"))
                    .toString()
                    .contains(QStringLiteral("--shopper-ids persistent")));
        const mbtest::CliRun persistent =
            mbtest::runCli({"traffic", project, "--out", out + QStringLiteral("-persistent"),
                            "--shopper-ids", "persistent", "--json"});
        QCOMPARE(persistent.exitCode, 0);
        QCOMPARE(persistent.json().value(QStringLiteral("shoppers")).toInteger(),
                 qint64(ids.size()));
        QCOMPARE(persistent.json().value(QStringLiteral("trips")).toInteger(),
                 qint64(tripZones.size()));
        if (days.size() > 1)
            QVERIFY(ids.size() < tripZones.size());
        QCOMPARE(summary.value(QStringLiteral("conversion"))
                     .toObject()
                     .value(QStringLiteral("available"))
                     .toBool(),
                 false);
        const QMap<QString, QString> zoneVisits =
            csvColumn(readCsv(out + QStringLiteral("/zones.csv")), QStringLiteral("visits"), false);
        QCOMPARE(zoneVisits.size(), visits.size());
        for (auto it = visits.begin(); it != visits.end(); ++it)
            QCOMPARE(zoneVisits.value(it.key()).toInt(), it.value());
        const QMap<QString, QString> transitionMoves = csvColumn(
            readCsv(out + QStringLiteral("/transitions.csv")), QStringLiteral("moves"), true);
        QCOMPARE(transitionMoves.size(), moves.size());
        for (auto it = moves.begin(); it != moves.end(); ++it)
            QCOMPARE(transitionMoves.value(it.key()).toInt(), it.value());

        // The checkout is where most trips end, in the file and in the export.
        QString commonLast;
        for (auto it = lastZones.begin(); it != lastZones.end(); ++it) {
            if (commonLast.isEmpty() || it.value() > lastZones.value(commonLast))
                commonLast = it.key();
        }
        QCOMPARE(commonLast, QStringLiteral("checkout"));
        QString exportedLast;
        for (auto it = transitionMoves.begin(); it != transitionMoves.end(); ++it) {
            if (it.key().endsWith(QStringLiteral(">(exit)")) &&
                (exportedLast.isEmpty() ||
                 it.value().toInt() > transitionMoves.value(exportedLast).toInt()))
                exportedLast = it.key();
        }
        QCOMPARE(exportedLast, QStringLiteral("checkout>(exit)"));

        // Trip by trip: k visits make k + 1 moves, and k is the file's number of runs.
        const auto opened = mb::data::Project::open(project);
        std::vector<mb::traffic::ZoneInfo> zones = mb::traffic::loadZones(*opened);
        const auto trips = mb::traffic::buildTrips(mb::traffic::loadPaths(*opened, zones));
        QCOMPARE(qsizetype(trips.size()), tripZones.size());
        for (const mb::traffic::ShopperTrip& trip : trips) {
            const QStringList runs = tripZones.value(QString::fromStdString(trip.shopper));
            QCOMPARE(qsizetype(trip.visits.size()), runs.size());
            const mb::traffic::ZoneTransitions one =
                mb::traffic::countTransitions({trip}, int(zones.size()));
            QCOMPARE(one.totalMoves(), qint64(runs.size()) + 1);
        }
    }

    // The demo's tracked shoppers walk from the entrance along walkable links to the checkout,
    // stay as the shopper model says, and are the planted share of everyone the counters saw.
    void demoProject() {
        const QString project = builtDemo();
        QVERIFY(QFile::exists(project));
        QFile truthFile(QStringLiteral(MERCHBENCH_SOURCE_DIR "/datasets/demo/truth.json"));
        QVERIFY(truthFile.open(QIODevice::ReadOnly));
        const QJsonObject floor =
            QJsonDocument::fromJson(truthFile.readAll()).object().value("floor").toObject();
        const double speed = floor.value(QStringLiteral("walking_speed")).toDouble();
        const double trackedShare = floor.value(QStringLiteral("tracked_shopper_share")).toDouble();
        const QJsonArray cell = floor.value(QStringLiteral("cell_metres")).toArray();
        const double shortStep = std::min(cell[0].toDouble(), cell[1].toDouble());
        const double longStep = std::max(cell[0].toDouble(), cell[1].toDouble());
        QVERIFY(speed > 0 && trackedShare > 0 && shortStep > 0);

        const auto opened = mb::data::Project::open(project);
        std::vector<mb::traffic::ZoneInfo> zones = mb::traffic::loadZones(*opened);
        const auto trips = mb::traffic::buildTrips(mb::traffic::loadPaths(*opened, zones));
        QVERIFY(trips.size() > 100);
        QSet<QString> links;
        mb::data::Statement linkQuery(opened->db(), "SELECT zone_a, zone_b FROM zone_links");
        while (linkQuery.step()) {
            links.insert(linkQuery.text(0) + QLatin1Char('>') + linkQuery.text(1));
            links.insert(linkQuery.text(1) + QLatin1Char('>') + linkQuery.text(0));
        }
        const auto typeOf = [&](int zone) { return QString::fromStdString(zones[zone].type); };
        for (const mb::traffic::ShopperTrip& trip : trips) {
            QCOMPARE(typeOf(trip.visits.front().zone), QStringLiteral("entrance"));
            QCOMPARE(typeOf(trip.visits.back().zone), QStringLiteral("checkout"));
            for (std::size_t i = 0; i + 1 < trip.visits.size(); ++i) {
                const auto& visit = trip.visits[i];
                const QString move = QString::fromStdString(zones[visit.zone].zone + ">" +
                                                            zones[trip.visits[i + 1].zone].zone);
                QVERIFY2(links.contains(move), qPrintable(move));
                // Entrance: 10 s and the walk to the next cell; checkout (passed on the way):
                // 90-240 s and the walk; elsewhere 8-180 s and the walk.
                const double dwell = double(visit.dwellSeconds());
                if (typeOf(visit.zone) == QStringLiteral("entrance")) {
                    QVERIFY(dwell == std::round(10 + shortStep / speed) ||
                            dwell == std::round(10 + longStep / speed));
                } else if (typeOf(visit.zone) == QStringLiteral("checkout")) {
                    QVERIFY(dwell >= std::floor(90 + shortStep / speed) &&
                            dwell <= std::ceil(240 + longStep / speed));
                } else {
                    QVERIFY2(dwell >= std::floor(8 + shortStep / speed) &&
                                 dwell <= std::ceil(180 + longStep / speed),
                             qPrintable(QString::number(dwell)));
                }
            }
        }

        const QString out = dir_.filePath(QStringLiteral("demo-paths"));
        const mbtest::CliRun fromPaths =
            mbtest::runCli({"traffic", project, "--out", out, "--json", "--top", "5"});
        QCOMPARE(fromPaths.exitCode, 0);
        const QJsonObject summary = fromPaths.json();
        QCOMPARE(summary.value(QStringLiteral("trips")).toInteger(), qint64(trips.size()));
        QCOMPARE(summary.value(QStringLiteral("conversion"))
                     .toObject()
                     .value(QStringLiteral("available"))
                     .toBool(),
                 false);
        QVERIFY(!summary.value(QStringLiteral("conversion"))
                     .toObject()
                     .value(QStringLiteral("reason"))
                     .toString()
                     .isEmpty());
        const QList<QStringList> transitions = readCsv(out + QStringLiteral("/transitions.csv"));
        for (const QStringList& row : transitions) {
            if (row[0] == QStringLiteral("(enter)"))
                QCOMPARE(row[1], QStringLiteral("Z01"));
        }
        QCOMPARE(readCsv(out + QStringLiteral("/paths.csv")).size(), 6);

        // Each shopper is tracked with the planted chance p, so the tracked visits to a zone
        // estimate p times the counted visits; the spread of a Bernoulli sample's sum, estimated
        // from the sample, is sqrt((1 - p) * sum of k^2) over trips with k visits to the zone.
        const QString countsOut = dir_.filePath(QStringLiteral("demo-counts"));
        const mbtest::CliRun fromCounts =
            mbtest::runCli({"traffic", project, "--from", "counts", "--out", countsOut, "--json"});
        QCOMPARE(fromCounts.exitCode, 0);
        QVERIFY(!QFile::exists(countsOut + QStringLiteral("/transitions.csv")));
        const QMap<QString, QString> counted = csvColumn(
            readCsv(countsOut + QStringLiteral("/zones.csv")), QStringLiteral("visits"), false);
        for (std::size_t z = 0; z < zones.size(); ++z) {
            double tracked = 0;
            double squares = 0;
            for (const mb::traffic::ShopperTrip& trip : trips) {
                double k = 0;
                for (const auto& visit : trip.visits)
                    k += visit.zone == int(z) ? 1 : 0;
                tracked += k;
                squares += k * k;
            }
            const double expected =
                trackedShare * counted.value(QString::fromStdString(zones[z].zone)).toDouble();
            const double spread = std::sqrt(std::max((1 - trackedShare) * squares, 1.0));
            QVERIFY2(std::abs(tracked - expected) <= 4.5 * spread,
                     qPrintable(QStringLiteral("%1: %2 tracked visits vs %3 expected")
                                    .arg(QString::fromStdString(zones[z].zone))
                                    .arg(tracked)
                                    .arg(expected)));
        }

        // The counts export's visits are the traffic table's sums.
        mb::data::Statement sums(opened->db(),
                                 "SELECT zone, SUM(visits) FROM traffic GROUP BY zone");
        while (sums.step())
            QCOMPARE(counted.value(sums.text(0)).toDouble(), sums.real(1));
    }
};

QTEST_GUILESS_MAIN(TestTrafficCli)
#include "tst_trafficcli.moc"
