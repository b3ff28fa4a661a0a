// Floor plans: polygon area and centroid against shapes worked out by hand, shortest walks
// against an enumeration of every simple path, polygon text and JSON errors.
#include "RandomStore.h"

#include "common/Error.h"
#include "layout/FloorPlan.h"

#include <QTest>
#include <cmath>
#include <functional>
#include <limits>

using namespace mb::layout;

Q_DECLARE_METATYPE(std::vector<FloorPoint>)

namespace {

// The shortest simple path by trying every one (depth-first), independent of Dijkstra.
double bruteForceShortest(const FloorPlan& plan, int from, int to) {
    double best = std::numeric_limits<double>::infinity();
    std::vector<bool> visited(plan.zones.size(), false);
    std::function<void(int, double)> walk = [&](int at, double metres) {
        if (at == to) {
            best = std::min(best, metres);
            return;
        }
        visited[static_cast<std::size_t>(at)] = true;
        for (const ZoneLink& link : plan.links) {
            const int next = link.zoneA == at ? link.zoneB : link.zoneB == at ? link.zoneA : -1;
            if (next >= 0 && !visited[static_cast<std::size_t>(next)])
                walk(next, metres + link.metres);
        }
        visited[static_cast<std::size_t>(at)] = false;
    };
    walk(from, 0.0);
    return best;
}

}  // namespace

class TestFloorPlan : public QObject {
    Q_OBJECT

private slots:
    void polygonShapes_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("area");
        QTest::addColumn<double>("cx");
        QTest::addColumn<double>("cy");
        // Rectangle 10 x 8 from the origin: area 80, centre (5, 4).
        QTest::newRow("rectangle") << "0 0; 10 0; 10 8; 0 8" << 80.0 << 5.0 << 4.0;
        // Right triangle with legs 6 and 3: area 9, centroid at the mean of its corners (2, 1).
        QTest::newRow("triangle") << "0 0; 6 0; 0 3" << 9.0 << 2.0 << 1.0;
        QTest::newRow("triangle clockwise, commas") << "0,0; 0,3; 6,0" << 9.0 << 2.0 << 1.0;
        // L: [0,4]x[0,1] (area 4, centre (2, .5)) plus [0,1]x[1,3] (area 2, centre (.5, 2)):
        // area 6, centroid ((8 + 1) / 6, (2 + 4) / 6) = (1.5, 1).
        QTest::newRow("L shape") << "0 0; 4 0; 4 1; 1 1; 1 3; 0 3" << 6.0 << 1.5 << 1.0;
        // Square of side 2 centred at (11, -3), listed from a different corner.
        QTest::newRow("offset square") << "12 -2; 10 -2; 10 -4; 12 -4" << 4.0 << 11.0 << -3.0;
    }
    void polygonShapes() {
        QFETCH(QString, text);
        QFETCH(double, area);
        QFETCH(double, cx);
        QFETCH(double, cy);
        const std::vector<FloorPoint> outline = parsePolygon(text);
        QCOMPARE(polygonArea(outline), area);
        const FloorPoint centre = polygonCentroid(outline);
        QVERIFY2(std::abs(centre.x - cx) < 1e-12, qPrintable(QString::number(centre.x)));
        QVERIFY2(std::abs(centre.y - cy) < 1e-12, qPrintable(QString::number(centre.y)));
        // The text written back reads as the same outline.
        const std::vector<FloorPoint> again = parsePolygon(formatPolygon(outline));
        QCOMPARE(polygonArea(again), area);
    }

    void badPolygons_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("two points") << "0 0; 1 1"
                                    << "at least 3 points";
        QTest::newRow("not a number") << "0 0; 1 x; 2 2"
                                      << "(1 x)";
        QTest::newRow("three numbers") << "0 0 0; 1 0; 1 1"
                                       << "two numbers";
        QTest::newRow("on a line") << "0 0; 1 1; 2 2"
                                   << "no area";
        QTest::newRow("empty") << ""
                               << "at least 3 points";
    }
    void badPolygons() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        try {
            parsePolygon(text);
            QFAIL("accepted a bad polygon");
        } catch (const mb::Error& error) {
            QVERIFY2(error.message().contains(message), qPrintable(error.message()));
        }
    }

    void shortestWalks_data() {
        QTest::addColumn<int>("zones");
        QTest::addColumn<int>("links");
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<bool>("fractional");
        for (quint64 seed = 1; seed <= 12; ++seed)
            QTest::addRow("%d zones, seed %llu", int(3 + seed % 5), seed)
                << int(3 + seed % 5) << int(2 + seed % 9) << seed << (seed % 2 == 0);
    }
    void shortestWalks() {
        QFETCH(int, zones);
        QFETCH(int, links);
        QFETCH(quint64, seed);
        QFETCH(bool, fractional);
        std::mt19937_64 random(seed);
        FloorPlan plan;
        for (int z = 0; z < zones; ++z)
            plan.zones.push_back({QStringLiteral("Z%1").arg(z),
                                  {},
                                  ZoneType::Department,
                                  rectangleOutline(z, 0, 1, 1)});
        std::uniform_int_distribution<int> anyZone(0, zones - 1);
        std::uniform_real_distribution<double> metres(0.5, 12.0);
        for (int l = 0; l < links; ++l) {
            const int a = anyZone(random), b = anyZone(random);
            const double length = fractional ? metres(random) : std::floor(metres(random));
            if (a != b)
                addZoneLink(plan, plan.zones[a].zone, plan.zones[b].zone, length);
        }
        const WalkingDistances distances = walkingDistances(plan);
        for (int from = 0; from < zones; ++from) {
            for (int to = 0; to < zones; ++to) {
                const double expected = bruteForceShortest(plan, from, to);
                const double got = distances.at(from, to);
                if (std::isinf(expected))
                    QVERIFY2(std::isinf(got),
                             qPrintable(QStringLiteral("%1-%2").arg(from).arg(to)));
                else
                    QVERIFY2(std::abs(got - expected) < 1e-9,
                             qPrintable(QStringLiteral("%1-%2: %3 vs %4")
                                            .arg(from)
                                            .arg(to)
                                            .arg(got)
                                            .arg(expected)));
            }
            std::vector<int> unreachable;
            for (int to = 0; to < zones; ++to)
                if (std::isinf(bruteForceShortest(plan, from, to)))
                    unreachable.push_back(to);
            QCOMPARE(unreachableZones(distances, from), unreachable);
        }
    }

    void missingDistanceIsCentreToCentre() {
        FloorPlan plan;
        plan.zones.push_back(
            {QStringLiteral("A"), {}, ZoneType::Entrance, rectangleOutline(0, 0, 10, 8)});
        plan.zones.push_back({QStringLiteral("B"),
                              {},
                              ZoneType::Department,
                              parsePolygon(QStringLiteral("30 16; 40 16; 40 24; 30 24"))});
        addZoneLink(plan, QStringLiteral("A"), QStringLiteral("B"), std::nan(""));
        // Centres (5, 4) and (35, 20): a 30-16-34 right triangle.
        QCOMPARE(plan.links.at(0).metres, 34.0);
        addZoneLink(plan, QStringLiteral("B"), QStringLiteral("A"), 12.0);
        QCOMPARE(plan.links.size(), std::size_t(1));
        QCOMPARE(walkingDistances(plan).at(1, 0), 12.0);
    }

    void json_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");  // empty: accepted
        const QByteArray zones =
            R"("zones": [{"zone": "E", "type": "entrance", "x": 0, "y": 0, "width": 4, "height": 4},
              {"zone": "D", "type": "department", "polygon": [[4, 0], [8, 0], [8, 4]]},
              {"zone": "C", "type": "checkout", "polygon": "8 0; 12 0; 12 4; 8 4"}])";
        QTest::newRow("good") << QByteArray(
                                     "{" + zones +
                                     R"(, "links": [{"zone_a": "E", "zone_b": "D", "distance": 5},
                                                {"zone_a": "D", "zone_b": "C"}]})")
                              << QString();
        QTest::newRow("syntax") << QByteArray("{\n  \"zones\": [\n    {\"zone\": }\n  ]\n}")
                                << QStringLiteral("plan.json:3:");
        QTest::newRow("unknown zone")
            << QByteArray("{" + zones + R"(, "links": [{"zone_a": "E", "zone_b": "X"}]})")
            << QStringLiteral("plan.json: links[0]: link names an unknown zone (X)");
        QTest::newRow("negative")
            << QByteArray("{" + zones +
                          R"(, "links": [{"zone_a": "E", "zone_b": "C", "distance": -1}]})")
            << QStringLiteral("links[0]: link distance must be 0 or more metres (-1)");
        QTest::newRow("bad polygon")
            << QByteArray(R"({"zones": [{"zone": "A", "polygon": "0 0; 1 1"}]})")
            << QStringLiteral("plan.json: zones[0]: polygon needs at least 3 points");
        QTest::newRow("twice") << QByteArray(R"({"zones": [{"zone": "A"}, {"zone": "A"}]})")
                               << QStringLiteral("zones[1]: zone listed twice (A)");
    }
    void json() {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        try {
            const FloorPlan plan = parseFloorPlanJson(json, QStringLiteral("plan.json"));
            QVERIFY2(error.isEmpty(), "accepted a bad plan");
            QCOMPARE(plan.zones.size(), std::size_t(3));
            QCOMPARE(plan.firstZoneOfType(ZoneType::Checkout), 2);
            QCOMPARE(plan.zones[1].area(), 8.0);
            // D's centroid (20/3, 4/3) to C's (10, 2), straight: the link without a distance.
            const double expected = std::hypot(10.0 - 20.0 / 3.0, 2.0 - 4.0 / 3.0);
            QVERIFY(std::abs(walkingDistances(plan).at(0, 2) - (5.0 + expected)) < 1e-12);
        } catch (const mb::Error& thrown) {
            QVERIFY2(!error.isEmpty() && thrown.message().contains(error),
                     qPrintable(thrown.message()));
        }
    }
};

QTEST_GUILESS_MAIN(TestFloorPlan)
#include "tst_floorplan.moc"
