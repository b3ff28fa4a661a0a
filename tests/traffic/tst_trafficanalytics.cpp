// Foot-traffic analytics on hand-built path sets. Every expected figure is worked out in the test
// by a separate, deliberately plain computation over the same rows (string keys, Qt containers),
// never by the code under test.
#include "common/MemoryBudget.h"
#include "data/ValueParser.h"
#include "traffic/DwellStats.h"
#include "traffic/TrafficAnalysis.h"

#include <QDate>
#include <QMap>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>
#include <algorithm>
#include <cmath>

using namespace mb::traffic;

namespace {

const qint64 kBase = qint64(mb::data::daysFromCivil(2024, 7, 15)) * 86400;  // a midnight

struct Row {
    QString shopper;
    QString zone;
    qint64 time;  // seconds since kBase
    int order;
};

// "shopper zone seconds; ..." into rows in the given order.
QList<Row> parseRows(const QString& text) {
    QList<Row> rows;
    for (const QString& part : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QStringList fields = part.simplified().split(QLatin1Char(' '));
        rows.append({fields[0], fields[1], fields[2].toLongLong(), int(rows.size())});
    }
    return rows;
}

// Random walks of `shoppers` shoppers over five zones, from one seed.
QList<Row> randomRows(quint32 seed, int shoppers) {
    QRandomGenerator random(seed);
    QList<Row> rows;
    const QStringList zones{"entry", "fruit", "dairy", "drinks", "till"};
    for (int s = 0; s < shoppers; ++s) {
        const QString shopper = QStringLiteral("r%1").arg(random.bounded(shoppers / 2 + 1));
        qint64 time = 8 * 3600 + random.bounded(12 * 3600);
        const int steps = 1 + random.bounded(8);
        for (int i = 0; i < steps; ++i) {
            rows.append(
                {shopper, zones[random.bounded(int(zones.size()))], time, int(rows.size())});
            time += random.bounded(400);
        }
    }
    return rows;
}

// The plain answer: trips split at a change of shopper, a silence over `gap` (if > 0) or
// midnight; a visit is a run of one zone.
struct Expected {
    int trips = 0;
    QSet<QString> shoppers;
    QMap<QString, int> visits;
    QMap<QString, int> tripsPassing;
    QMap<QString, QSet<QString>> shoppersPassing;
    QMap<QString, QList<double>> dwell;
    QMap<QString, int> moves;  // "from>to"
    QMap<QString, int> paths;  // "a>b>c"
    QMap<int, int> visitHours;
    QMap<int, int> tripHours;
    QList<QPair<QString, QList<QPair<QString, qint64>>>> tripRuns;  // shopper, runs (zone, start)
    QList<qint64> tripLast;                                         // last sighting per trip
};

// With perDay, a shopper is the id on the trip's first day (ids that restart every day).
Expected expectedFor(QList<Row> rows, qint64 gap, bool perDay = false) {
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        if (a.shopper != b.shopper)
            return a.shopper < b.shopper;
        if (a.time != b.time)
            return a.time < b.time;
        return a.order < b.order;
    });
    Expected e;
    for (int i = 0; i < rows.size(); ++i) {
        const Row& r = rows[i];
        bool fresh = i == 0 || rows[i - 1].shopper != r.shopper;
        if (!fresh && gap > 0 && r.time - rows[i - 1].time > gap)
            fresh = true;
        if (!fresh && r.time / 86400 != rows[i - 1].time / 86400)
            fresh = true;
        if (fresh) {
            e.tripRuns.append({r.shopper, {}});
            e.tripLast.append(r.time);
        }
        e.tripLast.last() = std::max(e.tripLast.last(), r.time);
        auto& runs = e.tripRuns.last().second;
        if (runs.isEmpty() || runs.last().first != r.zone)
            runs.append({r.zone, r.time});
    }
    e.trips = int(e.tripRuns.size());
    for (const auto& [id, runs] : e.tripRuns) {
        const QString shopper =
            perDay
                ? id + QLatin1Char('@') +
                      QDate(1970, 1, 1).addDays(runs.first().second / 86400).toString(Qt::ISODate)
                : id;
        e.shoppers.insert(shopper);
        QSet<QString> passed;
        QStringList names;
        QString previous = QStringLiteral("(enter)");
        e.tripHours[int(runs.first().second % 86400 / 3600)] += 1;
        for (int k = 0; k < runs.size(); ++k) {
            const QString zone = runs[k].first;
            e.visits[zone] += 1;
            passed.insert(zone);
            names.append(zone);
            e.moves[previous + QLatin1Char('>') + zone] += 1;
            previous = zone;
            e.visitHours[int(runs[k].second % 86400 / 3600)] += 1;
            if (k + 1 < runs.size())
                e.dwell[zone].append(double(runs[k + 1].second - runs[k].second));
        }
        e.moves[previous + QStringLiteral(">(exit)")] += 1;
        for (const QString& zone : passed) {
            e.tripsPassing[zone] += 1;
            e.shoppersPassing[zone].insert(shopper);
        }
        e.paths[names.join(QLatin1Char('>'))] += 1;
    }
    return e;
}

// Type-7 quantile by its textbook 1-based statement: x[j] + g (x[j+1] - x[j]), j + g = 1 + (n-1)p.
double plainQuantile(QList<double> values, double p) {
    std::sort(values.begin(), values.end());
    const double position = 1.0 + (values.size() - 1) * p;
    const int j = int(position);
    const double g = position - j;
    if (j >= values.size())
        return values.last();
    return values[j - 1] + g * (values[j] - values[j - 1]);
}

int plainBin(double seconds) {
    if (seconds < 15)
        return 0;
    if (seconds < 30)
        return 1;
    if (seconds < 60)
        return 2;
    if (seconds < 120)
        return 3;
    if (seconds < 300)
        return 4;
    if (seconds < 600)
        return 5;
    return 6;
}

struct Input {
    std::vector<ZoneInfo> zones;
    std::vector<PathObservation> observations;
};

// The rows as the loader would hand them over: ordered by shopper, then time, then import order.
Input inputFor(const QList<Row>& rows) {
    QStringList names;
    for (const Row& r : rows) {
        if (!names.contains(r.zone))
            names.append(r.zone);
    }
    names.sort();
    Input input;
    for (const QString& name : names)
        input.zones.push_back({name.toStdString(), std::string(), std::string()});
    for (const Row& r : rows) {
        input.observations.push_back(
            {r.shopper.toStdString(), kBase + r.time, int(names.indexOf(r.zone))});
    }
    std::stable_sort(input.observations.begin(), input.observations.end(),
                     [](const PathObservation& a, const PathObservation& b) {
                         return a.shopper != b.shopper ? a.shopper < b.shopper : a.time < b.time;
                     });
    return input;
}

QString stateLabel(const TrafficAnalysis& analysis, int state) {
    if (state == analysis.transitions.enterState())
        return QStringLiteral("(enter)");
    if (state == analysis.transitions.exitState())
        return QStringLiteral("(exit)");
    return QString::fromStdString(analysis.zones[state].zone);
}

}  // namespace

class TestTrafficAnalytics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pathSets_data() {
        QTest::addColumn<QString>("rows");
        QTest::addColumn<qint64>("gap");
        QTest::addColumn<quint32>("seed");  // > 0: random rows from this seed instead
        QTest::newRow("one shopper") << "s1 A 36000; s1 B 36060; s1 C 36200" << qint64(3600) << 0u;
        QTest::newRow("repeats collapse")
            << "s1 A 36000; s1 A 36030; s1 B 36090; s1 B 36100; s1 B 36130; s1 A 36400"
            << qint64(3600) << 0u;
        QTest::newRow("two shoppers interleaved")
            << "s2 B 40000; s1 A 39990; s2 C 40100; s1 B 40020; s1 C 40700; s2 B 40300"
            << qint64(3600) << 0u;
        QTest::newRow("silence starts a new trip")
            << "s1 A 36000; s1 B 36100; s1 A 44000; s1 C 44100" << qint64(3600) << 0u;
        QTest::newRow("gap 0 never splits")
            << "s1 A 36000; s1 B 36100; s1 A 44000; s1 C 44100" << qint64(0) << 0u;
        QTest::newRow("midnight starts a new trip")
            << "s1 A 86000; s1 B 86300; s1 C 86500; s1 C 86600" << qint64(3600) << 0u;
        QTest::newRow("same second keeps import order")
            << "s1 A 36100; s1 B 36100; s1 C 36160; s1 C 36100" << qint64(3600) << 0u;
        QTest::newRow("long dwell bins")
            << "s1 A 36000; s1 B 36014; s1 C 36029; s1 D 36089; s1 E 36209; s1 F 36509; "
               "s1 G 37109; s1 H 37110"
            << qint64(3600) << 0u;
        QTest::newRow("random 300, seed 7") << QString() << qint64(3600) << 7u;
        QTest::newRow("random 300, seed 11, gap 200") << QString() << qint64(200) << 11u;
    }

    void pathSets() {
        QFETCH(QString, rows);
        QFETCH(qint64, gap);
        QFETCH(quint32, seed);
        const QList<Row> table = seed > 0 ? randomRows(seed, 300) : parseRows(rows);
        Input input = inputFor(table);
        TrafficOptions options;
        options.trip.maxGapSeconds = gap;
        options.topPaths = 5;
        // Ids that persist: one shopper on every day; per day: the same id on two days is two.
        options.trip.shopperIds = ShopperIds::Persistent;
        const Expected persistent = expectedFor(table, gap, false);
        QCOMPARE(analysePaths(input.zones, input.observations, {}, options).shoppers,
                 qint64(persistent.shoppers.size()));
        options.trip.shopperIds = ShopperIds::PerDay;
        const Expected expected = expectedFor(table, gap, true);
        const TrafficAnalysis analysis = analysePaths(input.zones, input.observations, {}, options);

        QCOMPARE(analysis.trips, qint64(expected.trips));
        QCOMPARE(analysis.shoppers, qint64(expected.shoppers.size()));
        QCOMPARE(analysis.observations, qint64(table.size()));
        for (std::size_t z = 0; z < analysis.zones.size(); ++z) {
            const QString zone = QString::fromStdString(analysis.zones[z].zone);
            const ZoneTraffic& got = analysis.zoneTraffic[z];
            QCOMPARE(got.visits, double(expected.visits.value(zone)));
            QCOMPARE(got.trips, qint64(expected.tripsPassing.value(zone)));
            QCOMPARE(got.shoppers, qint64(expected.shoppersPassing.value(zone).size()));
            QCOMPARE(got.exposure, double(expected.tripsPassing.value(zone)) / expected.trips);
            const QList<double> dwell = expected.dwell.value(zone);
            QCOMPARE(got.dwell.count, qint64(dwell.size()));
            if (dwell.isEmpty()) {
                QVERIFY(std::isnan(got.dwell.mean));
                QVERIFY(std::isnan(got.dwell.median));
                continue;
            }
            double total = 0;
            std::array<qint64, kDwellBinEdges.size()> bins{};
            for (double d : dwell) {
                total += d;
                ++bins[plainBin(d)];
            }
            QCOMPARE(got.dwell.mean, total / dwell.size());
            QCOMPARE(got.dwell.median, plainQuantile(dwell, 0.5));
            QCOMPARE(got.dwell.p90, plainQuantile(dwell, 0.9));
            for (std::size_t b = 0; b < bins.size(); ++b)
                QCOMPARE(got.dwell.histogram[b], bins[b]);
        }

        // Trips in any order give the same zone figures (distinct shoppers are counted by set).
        std::vector<ShopperTrip> shuffled = buildTrips(input.observations, options.trip);
        std::reverse(shuffled.begin(), shuffled.end());
        if (shuffled.size() > 2)
            std::swap(shuffled.front(), shuffled[shuffled.size() / 2]);
        const auto unordered = zoneTrafficFromTrips(shuffled, int(input.zones.size()));
        for (std::size_t z = 0; z < analysis.zones.size(); ++z) {
            const QString zone = QString::fromStdString(analysis.zones[z].zone);
            QCOMPARE(unordered[z].shoppers, qint64(expected.shoppersPassing.value(zone).size()));
            QCOMPARE(unordered[z].trips, qint64(expected.tripsPassing.value(zone)));
        }

        // Transitions: every cell against the plain count, rows summing to probability 1.
        const ZoneTransitions& transitions = analysis.transitions;
        qint64 total = 0;
        for (int from = 0; from < transitions.stateCount(); ++from) {
            double probability = 0;
            for (int to = 0; to < transitions.stateCount(); ++to) {
                const QString key =
                    stateLabel(analysis, from) + QLatin1Char('>') + stateLabel(analysis, to);
                QCOMPARE(transitions.moves(from, to), qint64(expected.moves.value(key)));
                total += transitions.moves(from, to);
                probability += transitions.probability(from, to);
            }
            if (transitions.movesFrom(from) > 0)
                QVERIFY(std::abs(probability - 1.0) < 1e-12);
        }
        qint64 runs = 0;
        for (const auto& trip : expected.tripRuns)
            runs += trip.second.size();
        QCOMPARE(total, runs + expected.trips);
        QCOMPARE(transitions.movesFrom(transitions.enterState()), qint64(expected.trips));

        // Common paths: each listed path's count, in order, and none better left out.
        QList<int> counts = expected.paths.values();
        std::sort(counts.begin(), counts.end(), std::greater<int>());
        QCOMPARE(qsizetype(analysis.commonPaths.size()), std::min<qsizetype>(5, counts.size()));
        for (std::size_t p = 0; p < analysis.commonPaths.size(); ++p) {
            QStringList names;
            for (int zone : analysis.commonPaths[p].zones)
                names.append(QString::fromStdString(analysis.zones[zone].zone));
            QCOMPARE(analysis.commonPaths[p].trips,
                     qint64(expected.paths.value(names.join(QLatin1Char('>')))));
            QCOMPARE(analysis.commonPaths[p].trips, qint64(counts[int(p)]));
            QCOMPARE(analysis.commonPaths[p].share, double(counts[int(p)]) / expected.trips);
        }

        for (int hour = 0; hour < 24; ++hour) {
            QCOMPARE(analysis.hours.visits[hour], double(expected.visitHours.value(hour)));
            QCOMPARE(analysis.hours.trips[hour], double(expected.tripHours.value(hour)));
        }
        QVERIFY(!analysis.conversion.available);
    }

    // R's quantile(x, type = 7) values for these inputs, worked by hand from the definition.
    void quantiles_data() {
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<double>("p");
        QTest::addColumn<double>("expected");
        QList<double> oneToTen;
        for (int i = 1; i <= 10; ++i)
            oneToTen.append(i);
        QTest::newRow("1..10 median") << oneToTen << 0.5 << 5.5;
        QTest::newRow("1..10 p90") << oneToTen << 0.9 << 9.1;
        QTest::newRow("7,1,3 p90") << QList<double>{7, 1, 3} << 0.9 << 6.2;
        QTest::newRow("single value") << QList<double>{42} << 0.9 << 42.0;
        QTest::newRow("ties") << QList<double>{5, 5, 5, 9} << 0.5 << 5.0;
    }

    void quantiles() {
        QFETCH(QList<double>, values);
        QFETCH(double, p);
        QFETCH(double, expected);
        const DwellStats stats = describeDwell(std::vector<double>(values.begin(), values.end()));
        QCOMPARE(p == 0.5 ? stats.median : stats.p90, expected);
        QCOMPARE(plainQuantile(values, p), expected);
    }

    void conversion_data() {
        QTest::addColumn<QString>("rows");
        QTest::addColumn<QString>("purchases");  // "customer seconds; ..."
        QTest::newRow("no baskets") << "s1 A 36000; s1 B 36100" << QString();
        QTest::newRow("ids do not link") << "s1 A 36000; s1 B 36100"
                                         << "C1 36200";
        QTest::newRow("one of two converts")
            << "s1 A 36000; s1 B 36100; s2 A 36000; s2 C 36300; s3 B 36000"
            << "s1 36500; s2 45000; C9 36000";
        QTest::newRow("basket before the trip does not count")
            << "s1 A 36000; s1 B 36100; s1 A 50000; s1 C 50100"
            << "s1 35000; s1 50200";
        QTest::newRow("grace edge") << "s1 A 36000; s1 B 36100"
                                    << "s1 37900";
    }

    void conversion() {
        QFETCH(QString, rows);
        QFETCH(QString, purchases);
        const QList<Row> table = parseRows(rows);
        const Expected expected = expectedFor(table, 3600);
        QList<QPair<QString, qint64>> baskets;
        std::vector<CustomerPurchase> given;
        for (const QString& part : purchases.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
            const QStringList f = part.simplified().split(QLatin1Char(' '));
            baskets.append({f[0], f[1].toLongLong()});
            given.push_back({f[0].toStdString(), kBase + f[1].toLongLong()});
        }
        // Plain answer: a trip of a basket customer converts with a basket in [start, last + 1800].
        int linkedTrips = 0;
        int converted = 0;
        QMap<QString, int> passing;
        QMap<QString, int> passingConverted;
        for (int t = 0; t < expected.tripRuns.size(); ++t) {
            const auto& [shopper, runs] = expected.tripRuns[t];
            const qint64 last = expected.tripLast[t];
            bool customer = false;
            bool bought = false;
            for (const auto& [who, when] : baskets) {
                if (who != shopper)
                    continue;
                customer = true;
                if (when >= runs.first().second && when <= last + 1800)
                    bought = true;
            }
            if (!customer)
                continue;
            ++linkedTrips;
            converted += bought ? 1 : 0;
            QSet<QString> zones;
            for (const auto& run : runs)
                zones.insert(run.first);
            for (const QString& zone : zones) {
                passing[zone] += 1;
                passingConverted[zone] += bought ? 1 : 0;
            }
        }
        Input input = inputFor(table);
        TrafficOptions options;
        options.trip.shopperIds = ShopperIds::Persistent;
        const TrafficAnalysis analysis =
            analysePaths(input.zones, input.observations, given, options);
        // Ids counted per day are nobody's customer id: conversion is never claimed.
        options.trip.shopperIds = ShopperIds::PerDay;
        const TrafficAnalysis perDay =
            analysePaths(input.zones, input.observations, given, options);
        QVERIFY(!perDay.conversion.available);
        QVERIFY(perDay.conversion.reason.contains(QStringLiteral("per day")));
        QCOMPARE(analysis.conversion.available, linkedTrips > 0);
        QCOMPARE(analysis.conversion.reason.isEmpty(), linkedTrips > 0);
        QCOMPARE(analysis.conversion.trips, qint64(linkedTrips));
        QCOMPARE(analysis.conversion.convertedTrips, qint64(converted));
        for (std::size_t z = 0; z < analysis.zones.size(); ++z) {
            const QString zone = QString::fromStdString(analysis.zones[z].zone);
            QCOMPARE(analysis.conversion.zoneTrips[z], qint64(passing.value(zone)));
            if (passing.value(zone) > 0)
                QCOMPARE(analysis.conversion.zoneRate(int(z)),
                         double(passingConverted.value(zone)) / passing.value(zone));
            else
                QVERIFY(std::isnan(analysis.conversion.zoneRate(int(z))));
        }
    }

    // Paths naming 2,000 zones (a shopper column mapped as zones, say) need a 32 MB
    // zone-to-zone table: refused under a 16 MB budget with what to check, built under 64 MB
    // exactly as without a budget.
    void zoneTableBudget() {
        std::vector<ZoneInfo> zones;
        std::vector<PathObservation> observations;
        for (int z = 0; z < 2000; ++z) {
            zones.push_back({std::to_string(z), "", ""});
            observations.push_back({"shopper", 1000 + z, z});
        }
        mb::MemoryBudget small(16 << 20);
        TrafficOptions options;
        options.budget = &small;
        try {
            analysePaths(zones, observations, {}, options);
            QFAIL("the table fitted in 16 MB");
        } catch (const mb::MemoryBudgetExceeded& error) {
            QCOMPARE(error.message(),
                     QStringLiteral("the zone-to-zone table of the 2000 zones the paths name needs "
                                    "31 MB, over the 16 MB memory limit: check that the zone "
                                    "column holds zones, or allow more with --memory-limit."));
        }
        mb::MemoryBudget enough(64 << 20);
        options.budget = &enough;
        const TrafficAnalysis bounded = analysePaths(zones, observations, {}, options);
        const TrafficAnalysis free = analysePaths(zones, observations, {}, TrafficOptions{});
        QCOMPARE(bounded.transitions.totalMoves(), std::int64_t(2001));
        QCOMPARE(bounded.transitions.totalMoves(), free.transitions.totalMoves());
    }

    void counts_data() {
        QTest::addColumn<QString>("rows");  // "zone hour visits dwell|NA; ..."
        QTest::newRow("two zones") << "A 8 10 20; A 9 30 40; B 8 5 100";
        QTest::newRow("missing dwell") << "A 8 10 NA; A 9 30 40; B 8 0 100";
        QTest::newRow("evening") << "A 20 3 15.5; A 21 1 60; B 20 7 NA";
    }

    void counts() {
        QFETCH(QString, rows);
        std::vector<ZoneInfo> zones{{"A", "", ""}, {"B", "", ""}};
        std::vector<ZoneHourCount> counts;
        QMap<QString, double> visits;
        QMap<QString, double> weighted;
        QMap<QString, double> weights;
        QMap<int, double> hours;
        for (const QString& part : rows.split(QLatin1Char(';'))) {
            const QStringList f = part.simplified().split(QLatin1Char(' '));
            const bool dwellKnown = f[3] != QStringLiteral("NA");
            counts.push_back({f[0] == QStringLiteral("A") ? 0 : 1, kBase + f[1].toInt() * 3600,
                              f[2].toDouble(), dwellKnown ? f[3].toDouble() : std::nan("")});
            visits[f[0]] += f[2].toDouble();
            hours[f[1].toInt()] += f[2].toDouble();
            if (dwellKnown && f[2].toDouble() > 0) {
                weighted[f[0]] += f[2].toDouble() * f[3].toDouble();
                weights[f[0]] += f[2].toDouble();
            }
        }
        const TrafficAnalysis analysis = analyseCounts(zones, counts);
        QVERIFY(!analysis.conversion.available);
        for (std::size_t z = 0; z < zones.size(); ++z) {
            const QString zone = QString::fromStdString(zones[z].zone);
            QCOMPARE(analysis.zoneTraffic[z].visits, visits.value(zone));
            QVERIFY(std::isnan(analysis.zoneTraffic[z].exposure));
            if (weights.value(zone) > 0)
                QCOMPARE(analysis.zoneTraffic[z].dwell.mean,
                         weighted.value(zone) / weights.value(zone));
            else
                QVERIFY(std::isnan(analysis.zoneTraffic[z].dwell.mean));
        }
        for (int hour = 0; hour < 24; ++hour)
            QCOMPARE(analysis.hours.visits[hour], hours.value(hour));
        QVERIFY(!analysis.hours.tripsKnown);
    }
};

QTEST_GUILESS_MAIN(TestTrafficAnalytics)
#include "tst_trafficanalytics.moc"
