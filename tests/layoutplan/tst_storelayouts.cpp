// Layouts per store and over time: two stores share a floor plan (one overrides a zone and a
// link and adds a zone), place the same categories differently, and one changes its placement
// twice. The selection (StorePlan.h) returns each store's plan per date (table-driven, against
// placements written out by hand); `merchbench-cli layout --store S [--as-of D]` scores exactly
// what a single-store project holding only that store's placement and baskets up to that day
// scores, the two stores' scores differ as their placements do, and several stores without
// --store is an input error naming them.
#include "CliRun.h"

#include "data/Importer.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "layout/StorePlan.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Placement = QMap<QString, QString>;  // category -> zone

const QByteArray kZones =
    "zone,name,type,x,y,width,height,store\n"
    "E,Entrance,entrance,0,0,10,8,\n"
    "Z1,Aisle 1,department,10,0,10,8,\n"
    "Z2,Aisle 2,department,20,0,10,8,\n"
    "Z3,Aisle 3,department,30,0,10,8,\n"
    "Z4,Aisle 4,department,40,0,10,8,\n"
    "C,Checkout,checkout,50,0,10,8,\n"
    "Z4,Aisle 4 (S2),department,40,20,10,8,S2\n"
    "Z5,Aisle 5 (S2),department,60,20,10,8,S2\n";
const QByteArray kLinks =
    "zone_a,zone_b,distance,store\n"
    "E,Z1,10,\n"
    "Z1,Z2,10,\n"
    "Z2,Z3,10,\n"
    "Z3,Z4,10,\n"
    "Z4,C,10,\n"
    "Z2,Z1,12,S2\n"
    "Z4,Z5,5,S2\n";
// Shared: bakery and dairy 30 m apart. S1 moves bakery on 1 June and dairy next to it on
// 1 September; S2 has its own placement since always (bakery and dairy 30 m apart again).
const QByteArray kLayout =
    "category,zone,store,valid_from\n"
    "bakery,Z1,,\n"
    "dairy,Z4,,\n"
    "produce,Z2,,\n"
    "snacks,Z3,,\n"
    "bakery,Z2,S1,2024-06-01\n"
    "produce,Z1,S1,2024-06-01\n"
    "dairy,Z3,S1,2024-09-01\n"
    "snacks,Z4,S1,2024-09-01\n"
    "bakery,Z4,S2,\n"
    "dairy,Z1,S2,\n"
    "produce,Z2,S2,\n"
    "snacks,Z3,S2,\n";

const Placement kShared{{"bakery", "Z1"}, {"dairy", "Z4"}, {"produce", "Z2"}, {"snacks", "Z3"}};
const Placement kS1June{{"bakery", "Z2"}, {"dairy", "Z4"}, {"produce", "Z1"}, {"snacks", "Z3"}};
const Placement kS1September{
    {"bakery", "Z2"}, {"dairy", "Z3"}, {"produce", "Z1"}, {"snacks", "Z4"}};
const Placement kS2{{"bakery", "Z4"}, {"dairy", "Z1"}, {"produce", "Z2"}, {"snacks", "Z3"}};

// The same baskets in every store listed, 20 a month through 2024: bakery with dairy half the
// time, produce and snacks otherwise. Basket ids carry the store.
QByteArray basketLines(const QStringList& stores, const QString& before = {}) {
    QByteArray csv = "basket,category,store,time\n";
    const QList<QStringList> kinds{
        {"bakery", "dairy"}, {"bakery", "dairy", "snacks"}, {"produce"}, {"produce", "snacks"}};
    for (const QString& store : stores)
        for (int month = 1; month <= 12; ++month)
            for (int k = 0; k < 20; ++k) {
                const QString time = QStringLiteral("2024-%1-%2 10:00:00")
                                         .arg(month, 2, 10, QChar(u'0'))
                                         .arg(k + 1, 2, 10, QChar(u'0'));
                if (!before.isEmpty() && time >= before)
                    continue;
                const QString basket = QStringLiteral("%1-%2-%3").arg(store).arg(month).arg(k);
                for (const QString& category : kinds[k % 4])
                    csv +=
                        QStringLiteral("%1,%2,%3,%4\n").arg(basket, category, store, time).toUtf8();
            }
    return csv;
}

QByteArray layoutCsv(const Placement& placement) {
    QByteArray csv = "category,zone\n";
    for (auto it = placement.begin(); it != placement.end(); ++it)
        csv += QStringLiteral("%1,%2\n").arg(it.key(), it.value()).toUtf8();
    return csv;
}

Placement placementOf(const std::vector<std::pair<QString, QString>>& rows) {
    Placement placement;
    for (const auto& [category, zone] : rows)
        placement.insert(category, zone);
    return placement;
}

// Rows of a layout CSV the command wrote: category -> current zone.
Placement currentZones(const QString& path) {
    Placement placement;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return placement;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QStringList fields = QString::fromUtf8(lines[i].trimmed()).split(u',');
        if (fields.size() >= 2)
            placement.insert(fields[0], fields[1]);
    }
    return placement;
}

}  // namespace

class TestStoreLayouts : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString chain_;

    QString write(const QString& name, const QByteArray& content) {
        QString path = dir_.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    // A project from (kind, CSV) files, every import checked.
    QString buildProject(const QString& name, const QList<std::pair<QString, QByteArray>>& files) {
        QString path = dir_.filePath(name);
        auto project = mb::data::Project::open(path);
        for (const auto& [kind, content] : files) {
            mb::data::ImportOptions options;
            options.kind = kind;
            const mb::data::ImportReport report = mb::data::Importer(*project).run(
                write(name + QStringLiteral(".") + kind + QStringLiteral(".csv"), content),
                options);
            if (report.errorCount != 0 || !report.committed)
                qFatal("import of %s failed: %s", qPrintable(kind),
                       report.errors.empty() ? "not committed"
                                             : qPrintable(report.errors.front().format(kind)));
        }
        return path;
    }

    mbtest::CliRun layout(const QString& project, const QStringList& extra, const QString& out) {
        return mbtest::runCli(QStringList{QStringLiteral("layout"), project,
                                          QStringLiteral("--out"), dir_.filePath(out),
                                          QStringLiteral("--json")} +
                              extra);
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        chain_ = buildProject(QStringLiteral("chain.merchbench"),
                              {{QStringLiteral("zones"), kZones},
                               {QStringLiteral("zone_links"), kLinks},
                               {QStringLiteral("layout"), kLayout},
                               {QStringLiteral("baskets"), basketLines({"S1", "S2"})}});
    }

    void selectsEachStoresPlacementAsOfADate_data() {
        QTest::addColumn<QString>("store");
        QTest::addColumn<QString>("asOf");
        QTest::addColumn<Placement>("expected");
        QTest::newRow("S1 before its first change")
            << QStringLiteral("S1") << QStringLiteral("2024-05-31") << kShared;
        QTest::newRow("S1 on the day of the change")
            << QStringLiteral("S1") << QStringLiteral("2024-06-01") << kS1June;
        QTest::newRow("S1 between the changes")
            << QStringLiteral("S1") << QStringLiteral("2024-08-31") << kS1June;
        QTest::newRow("S1 on the second change")
            << QStringLiteral("S1") << QStringLiteral("2024-09-01") << kS1September;
        QTest::newRow("S1 latest") << QStringLiteral("S1") << QStringLiteral("") << kS1September;
        QTest::newRow("S1 long before")
            << QStringLiteral("S1") << QStringLiteral("1999-01-01") << kShared;
        QTest::newRow("S2 any date") << QStringLiteral("S2") << QStringLiteral("2024-09-01") << kS2;
        QTest::newRow("S2 latest") << QStringLiteral("S2") << QStringLiteral("") << kS2;
        QTest::newRow("shared plan") << QStringLiteral("") << QStringLiteral("") << kShared;
        QTest::newRow("a store without rows of its own")
            << QStringLiteral("S9") << QStringLiteral("2024-09-01") << kShared;
    }

    void selectsEachStoresPlacementAsOfADate() {
        QFETCH(QString, store);
        QFETCH(QString, asOf);
        QFETCH(Placement, expected);
        const auto project =
            mb::data::Project::open(chain_, mb::data::Project::OpenMode::MustExist);
        const mb::layout::StorePlan plan = mb::layout::readStorePlan(*project, store, asOf);
        QCOMPARE(placementOf(plan.layout), expected);
    }

    void selectsEachStoresFloorPlan() {
        const auto project =
            mb::data::Project::open(chain_, mb::data::Project::OpenMode::MustExist);
        const mb::layout::FloorPlan s1 = mb::layout::readStorePlan(*project, "S1", {}).plan;
        const mb::layout::FloorPlan s2 = mb::layout::readStorePlan(*project, "S2", {}).plan;
        QCOMPARE(s1.zones.size(), std::size_t(6));
        QCOMPARE(s2.zones.size(), std::size_t(7));  // its own Z5
        QVERIFY(s1.zoneIndex("Z5") < 0);
        // S2's own Z4 overrides the shared one: 20 m further back.
        const auto centreY = [](const mb::layout::FloorPlan& plan, const char* zone) {
            return plan.zones[std::size_t(plan.zoneIndex(zone))].centre().y;
        };
        QCOMPARE(centreY(s1, "Z4"), 4.0);
        QCOMPARE(centreY(s2, "Z4"), 24.0);
        QCOMPARE(s2.zones[std::size_t(s2.zoneIndex("Z4"))].name, QStringLiteral("Aisle 4 (S2)"));
        // S2's link Z2-Z1 (written the other way round) replaces the shared Z1-Z2.
        const auto metres = [](const mb::layout::FloorPlan& plan, const char* a, const char* b) {
            QList<double> found;
            const int i = plan.zoneIndex(a);
            const int j = plan.zoneIndex(b);
            for (const mb::layout::ZoneLink& link : plan.links)
                if ((link.zoneA == i && link.zoneB == j) || (link.zoneA == j && link.zoneB == i))
                    found.append(link.metres);
            return found;
        };
        QCOMPARE(metres(s1, "Z1", "Z2"), QList<double>{10.0});
        QCOMPARE(metres(s2, "Z1", "Z2"), QList<double>{12.0});
        QCOMPARE(metres(s2, "Z4", "Z5"), QList<double>{5.0});
        QCOMPARE(s1.links.size(), std::size_t(5));
        QCOMPARE(s2.links.size(), std::size_t(6));
    }

    void severalStoresNeedAStore() {
        const mbtest::CliRun run = layout(chain_, {}, QStringLiteral("none.csv"));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("S1, S2") && run.err.contains("--store"), run.err.constData());
        QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("none.csv"))));
        const mbtest::CliRun unknown =
            layout(chain_, {QStringLiteral("--store"), QStringLiteral("S7")}, "unknown.csv");
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains("no store S7") && unknown.err.contains("S1, S2"),
                 unknown.err.constData());
        const mbtest::CliRun badDate =
            layout(chain_,
                   {QStringLiteral("--store"), QStringLiteral("S1"), QStringLiteral("--as-of"),
                    QStringLiteral("2024-13-01")},
                   "baddate.csv");
        QCOMPARE(badDate.exitCode, 1);
        QVERIFY2(badDate.err.contains("--as-of"), badDate.err.constData());
    }

    // Each store's score is the one a project holding only that store's placement and baskets
    // (up to the as-of day) gives: the selection reads that and nothing else.
    void scoresAStoreAsOfADateAsItsOwnProject_data() {
        QTest::addColumn<QString>("store");
        QTest::addColumn<QString>("asOf");
        QTest::addColumn<Placement>("placement");
        QTest::newRow("S1 latest") << QStringLiteral("S1") << QStringLiteral("") << kS1September;
        QTest::newRow("S1 in July")
            << QStringLiteral("S1") << QStringLiteral("2024-07-15") << kS1June;
        QTest::newRow("S1 in March")
            << QStringLiteral("S1") << QStringLiteral("2024-03-10") << kShared;
    }

    void scoresAStoreAsOfADateAsItsOwnProject() {
        QFETCH(QString, store);
        QFETCH(QString, asOf);
        QFETCH(Placement, placement);
        const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'_');
        // Shared rows only (store column empty): the single-store project of today.
        QByteArray sharedZones;
        for (const QByteArray& line : kZones.split('\n'))
            if (!line.isEmpty() && !line.endsWith(",S2"))
                sharedZones += line + '\n';
        QByteArray sharedLinks;
        for (const QByteArray& line : kLinks.split('\n'))
            if (!line.isEmpty() && !line.endsWith(",S2"))
                sharedLinks += line + '\n';
        const QString nextDay =
            asOf.isEmpty() ? QString()
                           : QDate::fromString(asOf, Qt::ISODate).addDays(1).toString(Qt::ISODate);
        const QString alone =
            buildProject(tag + QStringLiteral(".merchbench"),
                         {{QStringLiteral("zones"), sharedZones},
                          {QStringLiteral("zone_links"), sharedLinks},
                          {QStringLiteral("layout"), layoutCsv(placement)},
                          {QStringLiteral("baskets"), basketLines({store}, nextDay)}});
        QStringList options{QStringLiteral("--store"), store};
        if (!asOf.isEmpty())
            options << QStringLiteral("--as-of") << asOf;
        const mbtest::CliRun chain = layout(chain_, options, tag + QStringLiteral("-chain.csv"));
        QVERIFY2(chain.exitCode == 0, chain.err.constData());
        const mbtest::CliRun single = layout(alone, {}, tag + QStringLiteral("-alone.csv"));
        QVERIFY2(single.exitCode == 0, single.err.constData());
        const QJsonObject a = chain.json();
        const QJsonObject b = single.json();
        QCOMPARE(a.value(QStringLiteral("current")), b.value(QStringLiteral("current")));
        const auto baskets = [](const QJsonObject& json) {
            return json.value(QStringLiteral("cross_category_effect"))
                .toObject()
                .value(QStringLiteral("baskets"))
                .toInt();
        };
        QCOMPARE(baskets(a), baskets(b));
        QVERIFY(baskets(a) > 0);
        // The prediction counts the baskets bought under the placement in force: from the day
        // the latest of its rows took effect (as counted here) to the as-of day.
        const QString since = asOf.isEmpty()                        ? QStringLiteral("2024-09-01")
                              : asOf >= QLatin1String("2024-06-01") ? QStringLiteral("2024-06-01")
                                                                    : QString();
        QCOMPARE(a.value(QStringLiteral("baskets_since")).toString(), since);
        {
            auto project = mb::data::Project::open(chain_, mb::data::Project::OpenMode::MustExist);
            mb::data::Statement count(
                project->db(),
                "SELECT COUNT(DISTINCT basket) FROM basket_lines WHERE store = ?1 "
                "AND (?2 = '' OR time >= ?2) AND (?3 = '' OR time < ?3)");
            count.bind(1, store);
            count.bind(2, since);
            count.bind(3, nextDay);
            QVERIFY(count.step());
            QCOMPARE(a.value(QStringLiteral("baskets")).toInteger(), count.int64(0));
            if (!since.isEmpty())
                QVERIFY(count.int64(0) < baskets(a));
        }
        QCOMPARE(currentZones(dir_.filePath(tag + QStringLiteral("-chain.csv"))), placement);
        // The request names the store and the date, so a run records and replays them.
        const QJsonObject parameters = a.value(QStringLiteral("parameters")).toObject();
        QCOMPARE(parameters.value(QStringLiteral("store")).toString(), store);
        QCOMPARE(parameters.value(QStringLiteral("as_of")).toString(), asOf);
        QCOMPARE(a.value(QStringLiteral("store")).toString(), store);
    }

    // An optimisation of one store as of a date is a recorded run whose request names both;
    // `run REQUEST.json` replays it on the same store and date.
    void replaysAStoreAsOfADate() {
        const QString project = dir_.filePath(QStringLiteral("replay.merchbench"));
        QVERIFY(QFile::copy(chain_, project));
        const mbtest::CliRun first =
            layout(project,
                   {QStringLiteral("--store"), QStringLiteral("S1"), QStringLiteral("--as-of"),
                    QStringLiteral("2024-07-15"), QStringLiteral("--optimize"),
                    QStringLiteral("--iterations"), QStringLiteral("200"),
                    QStringLiteral("--seconds"), QStringLiteral("60")},
                   QStringLiteral("replay-first.csv"));
        QVERIFY2(first.exitCode == 0, first.err.constData());
        QVERIFY(first.json().value(QStringLiteral("run_id")).toInt() > 0);
        const QJsonObject request = first.json().value(QStringLiteral("parameters")).toObject();
        const QString requestFile =
            write(QStringLiteral("replay-request.json"), QJsonDocument(request).toJson());
        const mbtest::CliRun replay =
            mbtest::runCli({QStringLiteral("run"), requestFile, QStringLiteral("--project"),
                            project, QStringLiteral("--json")});
        QVERIFY2(replay.exitCode == 0, replay.err.constData());
        const QJsonObject result = replay.json().value(QStringLiteral("result")).toObject();
        QCOMPARE(result.value(QStringLiteral("store")).toString(), QStringLiteral("S1"));
        QCOMPARE(result.value(QStringLiteral("as_of")).toString(), QStringLiteral("2024-07-15"));
        for (const char* key : {"current", "proposed"})
            QCOMPARE(result.value(QLatin1String(key)), first.json().value(QLatin1String(key)));
    }

    // Same baskets in both stores: S1 keeps bakery and dairy side by side (latest), S2 30 m
    // apart, so S1's adjacency is higher; before S1's changes the two share a placement and only
    // S2's own floor (Z4 moved, Z1-Z2 longer) separates them.
    void storesScoreAsTheirPlacementsDiffer() {
        const mbtest::CliRun s1 =
            layout(chain_, {QStringLiteral("--store"), QStringLiteral("S1")}, "s1.csv");
        const mbtest::CliRun s2 =
            layout(chain_, {QStringLiteral("--store"), QStringLiteral("S2")}, "s2.csv");
        QVERIFY2(s1.exitCode == 0, s1.err.constData());
        QVERIFY2(s2.exitCode == 0, s2.err.constData());
        const auto adjacency = [](const mbtest::CliRun& run) {
            return run.json()
                .value(QStringLiteral("current"))
                .toObject()
                .value(QStringLiteral("adjacency"))
                .toDouble();
        };
        QVERIFY2(adjacency(s1) > adjacency(s2),
                 qPrintable(QStringLiteral("%1 vs %2").arg(adjacency(s1)).arg(adjacency(s2))));
        const mbtest::CliRun march =
            layout(chain_,
                   {QStringLiteral("--store"), QStringLiteral("S1"), QStringLiteral("--as-of"),
                    QStringLiteral("2024-03-10")},
                   "s1-march.csv");
        QVERIFY2(march.exitCode == 0, march.err.constData());
        QVERIFY(adjacency(march) < adjacency(s1));
        QCOMPARE(currentZones(dir_.filePath(QStringLiteral("s1-march.csv"))), kShared);
    }
};

QTEST_GUILESS_MAIN(TestStoreLayouts)
#include "tst_storelayouts.moc"
