#include "layout/FloorPlan.h"

#include "layout/StorePlan.h"

#include "common/Error.h"
#include "data/InputFile.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <queue>

namespace mb::layout {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInfinity = std::numeric_limits<double>::infinity();

double signedArea(const std::vector<FloorPoint>& outline) {
    double twice = 0.0;
    for (std::size_t i = 0; i < outline.size(); ++i) {
        const FloorPoint& a = outline[i];
        const FloorPoint& b = outline[(i + 1) % outline.size()];
        twice += a.x * b.y - b.x * a.y;
    }
    return twice / 2.0;
}

// The outline from polygon text when given, else from a rectangle, else from a point.
void geometryOf(double x, double y, double width, double height, std::vector<FloorPoint>& out,
                const QString& polygon) {
    if (!polygon.trimmed().isEmpty()) {
        out = parsePolygon(polygon);
    } else if (std::isfinite(x) && std::isfinite(y) && std::isfinite(width) &&
               std::isfinite(height)) {
        if (!(width > 0) || !(height > 0))
            throw Error(QStringLiteral("width and height must be above 0 (%1 x %2)")
                            .arg(width)
                            .arg(height));
        out = rectangleOutline(x, y, width, height);
    } else if (std::isfinite(x) && std::isfinite(y)) {
        // A zone given as a point: a tiny square keeps its centre where the user put it.
        out = rectangleOutline(x - 0.05, y - 0.05, 0.1, 0.1);
    }
}

// "line:column" of a byte offset in a JSON text, 1-based.
QString jsonPosition(const QByteArray& json, int offset) {
    int line = 1, column = 1;
    for (int i = 0; i < std::min(offset, static_cast<int>(json.size())); ++i) {
        if (json[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return QStringLiteral("%1:%2").arg(line).arg(column);
}

double jsonNumber(const QJsonObject& object, const char* key) {
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined() || value.isNull())
        return kNaN;
    if (!value.isDouble())
        throw Error(QStringLiteral("\"%1\" must be a number (%2)")
                        .arg(QLatin1String(key), value.toVariant().toString()));
    return value.toDouble();
}

}  // namespace

double FloorZone::area() const {
    return polygonArea(outline);
}

FloorPoint FloorZone::centre() const {
    return polygonCentroid(outline);
}

int FloorPlan::zoneIndex(const QString& zone) const {
    for (std::size_t i = 0; i < zones.size(); ++i)
        if (zones[i].zone == zone)
            return static_cast<int>(i);
    return -1;
}

int FloorPlan::firstZoneOfType(ZoneType type) const {
    for (std::size_t i = 0; i < zones.size(); ++i)
        if (zones[i].type == type)
            return static_cast<int>(i);
    return -1;
}

WalkingDistances walkingDistances(const FloorPlan& plan) {
    const int n = static_cast<int>(plan.zones.size());
    std::vector<std::vector<std::pair<int, double>>> neighbours(static_cast<std::size_t>(n));
    for (const ZoneLink& link : plan.links) {
        neighbours[static_cast<std::size_t>(link.zoneA)].emplace_back(link.zoneB, link.metres);
        neighbours[static_cast<std::size_t>(link.zoneB)].emplace_back(link.zoneA, link.metres);
    }
    WalkingDistances result;
    result.size = n;
    result.metres.assign(static_cast<std::size_t>(n) * static_cast<std::size_t>(n), kInfinity);
    using Entry = std::pair<double, int>;
    for (int source = 0; source < n; ++source) {
        double* row = result.metres.data() + static_cast<std::size_t>(source) * n;
        std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue;
        row[source] = 0.0;
        queue.emplace(0.0, source);
        while (!queue.empty()) {
            const auto [metres, zone] = queue.top();
            queue.pop();
            if (metres > row[zone])
                continue;
            for (const auto& [next, length] : neighbours[static_cast<std::size_t>(zone)]) {
                if (metres + length < row[next]) {
                    row[next] = metres + length;
                    queue.emplace(row[next], next);
                }
            }
        }
    }
    return result;
}

std::vector<int> unreachableZones(const WalkingDistances& distances, int from) {
    std::vector<int> result;
    for (int zone = 0; zone < distances.size; ++zone)
        if (!std::isfinite(distances.at(from, zone)))
            result.push_back(zone);
    return result;
}

void checkScorableFloor(const FloorPlan& plan, const WalkingDistances& distances,
                        const QString& where) {
    if (plan.zones.empty())
        throw Error(
            QStringLiteral("%1: the project has no zones (import a floor plan first)").arg(where));
    const int entrance = plan.firstZoneOfType(ZoneType::Entrance);
    const int checkout = plan.firstZoneOfType(ZoneType::Checkout);
    if (entrance < 0 || checkout < 0)
        throw Error(QStringLiteral("%1: the floor plan needs a zone of type %2")
                        .arg(where, entrance < 0 ? QStringLiteral("entrance")
                                                 : QStringLiteral("checkout")));
    const std::vector<int> unreachable = unreachableZones(distances, entrance);
    if (unreachable.empty())
        return;
    QStringList names;
    for (const int zone : unreachable)
        names.append(plan.zones[static_cast<std::size_t>(zone)].zone);
    throw Error(QStringLiteral("%1: the floor plan is disconnected: no walk from the entrance %2 "
                               "to %3 zone(s) (%4); check zone_links")
                    .arg(where, plan.zones[static_cast<std::size_t>(entrance)].zone)
                    .arg(unreachable.size())
                    .arg(names.join(QStringLiteral(", "))));
}

QString zoneTypeName(ZoneType type) {
    switch (type) {
        case ZoneType::Entrance:
            return QStringLiteral("entrance");
        case ZoneType::Checkout:
            return QStringLiteral("checkout");
        case ZoneType::Aisle:
            return QStringLiteral("aisle");
        case ZoneType::Department:
            return QStringLiteral("department");
        case ZoneType::Other:
            break;
    }
    return QStringLiteral("other");
}

ZoneType parseZoneType(const QString& text) {
    const QString type = text.trimmed().toLower();
    if (type == QLatin1String("entrance"))
        return ZoneType::Entrance;
    if (type == QLatin1String("checkout"))
        return ZoneType::Checkout;
    if (type == QLatin1String("aisle"))
        return ZoneType::Aisle;
    if (type.isEmpty() || type == QLatin1String("department"))
        return ZoneType::Department;
    return ZoneType::Other;
}

std::vector<FloorPoint> parsePolygon(const QString& text) {
    static const QRegularExpression coordinateSeparator(QStringLiteral("[\\s,]+"));
    std::vector<FloorPoint> outline;
    for (const QString& point : text.split(u';', Qt::SkipEmptyParts)) {
        const QStringList parts = point.trimmed().split(coordinateSeparator, Qt::SkipEmptyParts);
        if (parts.isEmpty())
            continue;
        bool okX = false, okY = false;
        const double x = parts.size() == 2 ? parts[0].toDouble(&okX) : kNaN;
        const double y = parts.size() == 2 ? parts[1].toDouble(&okY) : kNaN;
        if (!okX || !okY || !std::isfinite(x) || !std::isfinite(y))
            throw Error(QStringLiteral("polygon point must be two numbers \"x y\" (%1)")
                            .arg(point.trimmed()));
        outline.push_back({x, y});
    }
    if (outline.size() < 3)
        throw Error(QStringLiteral("polygon needs at least 3 points \"x1 y1; x2 y2; x3 y3\" (%1)")
                        .arg(text));
    if (!(polygonArea(outline) > 0))
        throw Error(QStringLiteral("polygon has no area (%1)").arg(text));
    return outline;
}

QString formatPolygon(const std::vector<FloorPoint>& outline) {
    QStringList points;
    for (const FloorPoint& point : outline)
        points.append(QStringLiteral("%1 %2").arg(point.x).arg(point.y));
    return points.join(QStringLiteral("; "));
}

std::vector<FloorPoint> rectangleOutline(double x, double y, double width, double height) {
    return {{x, y}, {x + width, y}, {x + width, y + height}, {x, y + height}};
}

double polygonArea(const std::vector<FloorPoint>& outline) {
    return outline.size() < 3 ? 0.0 : std::abs(signedArea(outline));
}

FloorPoint polygonCentroid(const std::vector<FloorPoint>& outline) {
    const double area = outline.size() < 3 ? 0.0 : signedArea(outline);
    if (area == 0.0)
        return {kNaN, kNaN};
    double cx = 0.0, cy = 0.0;
    for (std::size_t i = 0; i < outline.size(); ++i) {
        const FloorPoint& a = outline[i];
        const FloorPoint& b = outline[(i + 1) % outline.size()];
        const double cross = a.x * b.y - b.x * a.y;
        cx += (a.x + b.x) * cross;
        cy += (a.y + b.y) * cross;
    }
    return {cx / (6.0 * area), cy / (6.0 * area)};
}

void addZoneLink(FloorPlan& plan, const QString& zoneA, const QString& zoneB, double metres) {
    const int a = plan.zoneIndex(zoneA);
    const int b = plan.zoneIndex(zoneB);
    if (a < 0 || b < 0)
        throw Error(QStringLiteral("link names an unknown zone (%1)").arg(a < 0 ? zoneA : zoneB));
    if (a == b)
        throw Error(QStringLiteral("a zone cannot link to itself (%1)").arg(zoneA));
    if (std::isnan(metres)) {
        const FloorPoint ca = plan.zones[static_cast<std::size_t>(a)].centre();
        const FloorPoint cb = plan.zones[static_cast<std::size_t>(b)].centre();
        metres = std::hypot(ca.x - cb.x, ca.y - cb.y);
        if (!std::isfinite(metres))
            throw Error(QStringLiteral("link without a distance between zones without geometry "
                                       "(%1-%2)")
                            .arg(zoneA, zoneB));
    }
    if (!std::isfinite(metres) || metres < 0)
        throw Error(QStringLiteral("link distance must be 0 or more metres (%1)").arg(metres));
    for (ZoneLink& link : plan.links) {
        if ((link.zoneA == a && link.zoneB == b) || (link.zoneA == b && link.zoneB == a)) {
            link.metres = std::min(link.metres, metres);
            return;
        }
    }
    plan.links.push_back({a, b, metres});
}

FloorPlan readProjectFloorPlan(const data::Project& project, const QString& store) {
    FloorPlan plan;
    const auto nullable = [](const data::Statement& row, int column) {
        return row.isNull(column) ? kNaN : row.real(column);
    };
    const auto where = [&](const char* table, const data::Statement& row, int lineColumn) {
        return QStringLiteral("%1: %2 line %3: ")
            .arg(project.path(), QLatin1String(table),
                 row.isNull(lineColumn) ? QStringLiteral("?")
                                        : QString::number(row.int64(lineColumn)));
    };
    data::Statement zones(project.db(), storeZonesSql());
    zones.bind(1, store.isNull() ? QStringLiteral("") : store);
    while (zones.step()) {
        FloorZone zone;
        zone.zone = zones.text(0);
        zone.name = zones.isNull(1) ? zone.zone : zones.text(1);
        zone.type = parseZoneType(zones.text(2));
        try {
            geometryOf(nullable(zones, 3), nullable(zones, 4), nullable(zones, 5),
                       nullable(zones, 6), zone.outline, zones.text(7));
        } catch (const Error& error) {
            throw Error(where("zones", zones, 8) + error.message());
        }
        plan.zones.push_back(std::move(zone));
    }
    // The store's own link between two zones (either way round) overrides the shared one.
    data::Statement links(project.db(),
                          "SELECT zone_a, zone_b, distance, line FROM zone_links l "
                          "WHERE store = ?1 OR (store = '' AND NOT EXISTS ("
                          "SELECT 1 FROM zone_links o WHERE o.store = ?1 AND o.store <> '' AND "
                          "((o.zone_a = l.zone_a AND o.zone_b = l.zone_b) OR "
                          "(o.zone_a = l.zone_b AND o.zone_b = l.zone_a)))) "
                          "ORDER BY zone_a, zone_b");
    links.bind(1, store.isNull() ? QStringLiteral("") : store);
    while (links.step()) {
        try {
            addZoneLink(plan, links.text(0), links.text(1), nullable(links, 2));
        } catch (const Error& error) {
            throw Error(where("zone_links", links, 3) + error.message());
        }
    }
    return plan;
}

FloorPlan parseFloorPlanJson(const QByteArray& json, const QString& source) {
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        throw Error(
            QStringLiteral("%1:%2: %3")
                .arg(source, jsonPosition(json, parseError.offset), parseError.errorString()));
    if (!document.isObject())
        throw Error(QStringLiteral("%1:1:1: expected an object {\"zones\": [...], "
                                   "\"links\": [...]}")
                        .arg(source));
    const QJsonObject root = document.object();
    FloorPlan plan;
    const QJsonArray zones = root.value(QStringLiteral("zones")).toArray();
    for (qsizetype i = 0; i < zones.size(); ++i) {
        try {
            const QJsonObject entry = zones[i].toObject();
            FloorZone zone;
            zone.zone = entry.value(QStringLiteral("zone")).toString();
            if (zone.zone.isEmpty())
                throw Error(QStringLiteral("\"zone\" must be a non-empty text (%1)")
                                .arg(zones[i].toVariant().toString()));
            if (plan.zoneIndex(zone.zone) >= 0)
                throw Error(QStringLiteral("zone listed twice (%1)").arg(zone.zone));
            zone.name = entry.value(QStringLiteral("name")).toString(zone.zone);
            zone.type = parseZoneType(entry.value(QStringLiteral("type")).toString());
            const QJsonValue polygon = entry.value(QStringLiteral("polygon"));
            QString polygonText = polygon.toString();
            if (polygon.isArray()) {
                QStringList points;
                for (const QJsonValue point : polygon.toArray()) {
                    const QJsonArray xy = point.toArray();
                    if (xy.size() != 2 || !xy[0].isDouble() || !xy[1].isDouble())
                        throw Error(QStringLiteral("polygon point must be [x, y] (%1)")
                                        .arg(QString::fromUtf8(
                                            QJsonDocument(xy).toJson(QJsonDocument::Compact))));
                    points.append(QStringLiteral("%1 %2")
                                      .arg(xy[0].toDouble(), 0, 'g', 17)
                                      .arg(xy[1].toDouble(), 0, 'g', 17));
                }
                polygonText = points.join(u';');
                if (points.size() < 3)
                    throw Error(
                        QStringLiteral("polygon needs at least 3 points (%1)").arg(points.size()));
            }
            geometryOf(jsonNumber(entry, "x"), jsonNumber(entry, "y"), jsonNumber(entry, "width"),
                       jsonNumber(entry, "height"), zone.outline, polygonText);
            plan.zones.push_back(std::move(zone));
        } catch (const Error& error) {
            throw Error(
                QStringLiteral("%1: zones[%2]: %3").arg(source).arg(i).arg(error.message()));
        }
    }
    const QJsonArray links = root.value(QStringLiteral("links")).toArray();
    for (qsizetype i = 0; i < links.size(); ++i) {
        try {
            const QJsonObject entry = links[i].toObject();
            addZoneLink(plan, entry.value(QStringLiteral("zone_a")).toString(),
                        entry.value(QStringLiteral("zone_b")).toString(),
                        jsonNumber(entry, "distance"));
        } catch (const Error& error) {
            throw Error(
                QStringLiteral("%1: links[%2]: %3").arg(source).arg(i).arg(error.message()));
        }
    }
    return plan;
}

FloorPlan readFloorPlanJson(const QString& path) {
    // A floor plan lists zones and links; 64 MiB is far more than any real store.
    return parseFloorPlanJson(data::InputFile::readSmall(path, qint64(64) << 20), path);
}

std::vector<double> readZoneVisits(const data::Project& project, const FloorPlan& plan,
                                   const QString& before) {
    std::vector<double> visits(plan.zones.size(), 0.0);
    data::Statement rows(project.db(),
                         "SELECT zone, SUM(visits) FROM traffic WHERE visits > 0 "
                         "AND (?1 = '' OR time < ?1) GROUP BY zone");
    rows.bind(1, before.isNull() ? QStringLiteral("") : before);
    while (rows.step()) {
        const int zone = plan.zoneIndex(rows.text(0));
        if (zone >= 0 && !rows.isNull(1))
            visits[static_cast<std::size_t>(zone)] = rows.real(1);
    }
    return visits;
}

std::vector<std::pair<QString, QString>> readProjectLayout(const data::Project& project,
                                                           const QString& store,
                                                           const QString& asOf,
                                                           QString* placedSince) {
    std::vector<std::pair<QString, QString>> layout;
    // Per category: the store's own placement in force on asOf, else the shared one; the latest
    // valid_from not after asOf ('' sorts first: since always).
    data::Statement rows(
        project.db(),
        "SELECT category, zone, valid_from FROM (SELECT category, zone, valid_from, "
        "ROW_NUMBER() OVER ("
        "PARTITION BY category ORDER BY store <> '' DESC, valid_from DESC) AS pick "
        "FROM layout WHERE (store = ?1 OR store = '') "
        "AND (?2 = '' OR valid_from <= ?2)) WHERE pick = 1 ORDER BY category");
    rows.bind(1, store.isNull() ? QStringLiteral("") : store);
    rows.bind(2, asOf.isNull() ? QStringLiteral("") : asOf);
    QString latest;
    while (rows.step()) {
        layout.emplace_back(rows.text(0), rows.text(1));
        latest = std::max(latest, rows.text(2));
    }
    if (placedSince)
        *placedSince = latest;
    return layout;
}

}  // namespace mb::layout
