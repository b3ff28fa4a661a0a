#pragma once

#include <QByteArray>
#include <QString>
#include <utility>
#include <vector>

namespace mb::data {
class Project;
}

namespace mb::layout {

enum class ZoneType { Entrance, Checkout, Aisle, Department, Other };

struct FloorPoint {
    double x = 0.0;
    double y = 0.0;
};

// One zone of the sales floor. The outline is in metres, corners in order (either direction);
// a rectangle x, y, width, height becomes its four corners. Empty when the zone has no geometry.
struct FloorZone {
    QString zone;
    QString name;
    ZoneType type = ZoneType::Department;
    std::vector<FloorPoint> outline;

    double area() const;
    FloorPoint centre() const;  // the outline's centroid; NaN when there is no outline
};

// A walkable connection between two zones (both ways), by index into FloorPlan::zones.
struct ZoneLink {
    int zoneA = 0;
    int zoneB = 0;
    double metres = 0.0;
};

// Zones and their walkable adjacency graph.
struct FloorPlan {
    std::vector<FloorZone> zones;
    std::vector<ZoneLink> links;

    int zoneIndex(const QString& zone) const;  // -1 when absent
    int firstZoneOfType(ZoneType type) const;  // -1 when absent
};

// Shortest walking distance between every two zones along the links; +infinity when there is no
// walk between them.
struct WalkingDistances {
    int size = 0;
    std::vector<double> metres;  // size x size, row-major, symmetric

    double at(int from, int to) const {
        return metres[static_cast<std::size_t>(from) * static_cast<std::size_t>(size) +
                      static_cast<std::size_t>(to)];
    }
};

// Dijkstra from every zone (links have non-negative lengths).
WalkingDistances walkingDistances(const FloorPlan& plan);
// Zones with no walk from `from`, in zone order.
std::vector<int> unreachableZones(const WalkingDistances& distances, int from);
// Throws mb::Error prefixed with `where` unless the plan can be scored: zones, an entrance and
// a checkout, and a walk from the entrance to every zone.
void checkScorableFloor(const FloorPlan& plan, const WalkingDistances& distances,
                        const QString& where);

QString zoneTypeName(ZoneType type);
// entrance, checkout, aisle, department (also empty); anything else is Other.
ZoneType parseZoneType(const QString& text);

// Polygon text is "x1 y1; x2 y2; x3 y3; ..." in metres: points separated by ';', the two
// coordinates by spaces or a comma. At least three points and a non-zero area. Throws mb::Error
// with "message (value)".
std::vector<FloorPoint> parsePolygon(const QString& text);
QString formatPolygon(const std::vector<FloorPoint>& outline);
std::vector<FloorPoint> rectangleOutline(double x, double y, double width, double height);
// Shoelace formula, absolute value.
double polygonArea(const std::vector<FloorPoint>& outline);
// Centroid of the polygon's area (not of its corners); NaN for fewer than 3 points or no area.
FloorPoint polygonCentroid(const std::vector<FloorPoint>& outline);

// Adds a link by zone id; a missing length (NaN) becomes the centre-to-centre straight line.
// Throws mb::Error "message (value)" for an unknown zone, a self-link, a negative length, or a
// missing length between zones without geometry. A repeated link keeps the shorter length.
void addZoneLink(FloorPlan& plan, const QString& zoneA, const QString& zoneB, double metres);

// The zones and zone_links of one store's plan (StorePlan.h; '' = the shared plan). Throws
// mb::Error "PROJECT: table line N: message (value)".
FloorPlan readProjectFloorPlan(const data::Project& project, const QString& store = {});
// {"zones": [{"zone", "name", "type", "x", "y", "width", "height" | "polygon"}],
//  "links": [{"zone_a", "zone_b", "distance"?}]}; "polygon" is polygon text or [[x, y], ...].
// Throws mb::Error "FILE:line:column: message" for bad JSON, "FILE: zones[i]: message (value)"
// for a bad entry.
FloorPlan readFloorPlanJson(const QString& path);
FloorPlan parseFloorPlanJson(const QByteArray& json, const QString& source);

// Visits per zone summed over the traffic table, in plan order (0 for a zone without rows); with
// `before` (an ISO date or time) only the rows before it.
std::vector<double> readZoneVisits(const data::Project& project, const FloorPlan& plan,
                                   const QString& before = {});
// The placement of one store as of one date (StorePlan.h; '' = the shared plan, the latest
// placement): (category, zone), by category. `placedSince` (optional) receives the latest
// valid_from of those rows ('' = all since always).
std::vector<std::pair<QString, QString>> readProjectLayout(const data::Project& project,
                                                           const QString& store = {},
                                                           const QString& asOf = {},
                                                           QString* placedSince = nullptr);

}  // namespace mb::layout
