#include "data/demo/DemoFloor.h"
#include "data/demo/DemoText.h"

#include "data/demo/CsvSink.h"
#include "data/demo/DemoLayouts.h"
#include "data/demo/DemoParts.h"
#include "data/demo/DemoRandom.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mb::data::demo {

namespace {

using Z = ZoneType;
// clang-format off
const std::array<Zone, kZoneCount> kZones{{
    {"Z01", "Entrance",      Z::Entrance,   0, 0},
    {"Z02", "Checkout",      Z::Checkout,   3, 0},
    {"Z03", "Aisle 1",       Z::Aisle,      1, 1},
    {"Z04", "Aisle 2",       Z::Aisle,      1, 2},
    {"Z05", "Aisle 3",       Z::Aisle,      2, 2},
    {"Z06", "Aisle 4",       Z::Aisle,      2, 1},
    {"Z07", "Department 1",  Z::Department, 0, 3},
    {"Z08", "Department 2",  Z::Department, 1, 3},
    {"Z09", "Department 3",  Z::Department, 2, 3},
    {"Z10", "Department 4",  Z::Department, 3, 3},
    {"Z11", "Department 5",  Z::Department, 0, 2},
    {"Z12", "Department 6",  Z::Department, 3, 2},
    {"Z13", "Department 7",  Z::Department, 0, 1},
    {"Z14", "Department 8",  Z::Department, 3, 1},
    {"Z15", "Department 9",  Z::Department, 1, 0},
    {"Z16", "Department 10", Z::Department, 2, 0},
}};
// clang-format on

constexpr int kWallA = 14;  // Department 9 and Department 10 have a wall between them
constexpr int kWallB = 15;

// produce by the entrance, bakery and dairy in opposite back corners, seasonal at the front.
const std::array<int, kCategoryCount> kCategoryZones{12, 9, 6, 11, 7, 10, 8, 14};

const std::array<double, 13> kArrivalHourWeights{0.5, 0.7, 0.9, 1.0, 1.3, 1.2, 0.9,
                                                 0.9, 1.1, 1.5, 1.6, 1.2, 0.7};
const std::array<double, 7> kArrivalDayWeights{0.90, 0.85, 0.90, 0.95, 1.10, 1.35, 1.00};

// Shortest walks between every two zones (Floyd-Warshall with the next zone on each walk).
struct Walks {
    std::array<std::array<double, kZoneCount>, kZoneCount> distance{};
    std::array<std::array<int, kZoneCount>, kZoneCount> next{};
};

Walks shortestWalks() {
    Walks walks;
    const double far = std::numeric_limits<double>::infinity();
    for (int a = 0; a < kZoneCount; ++a) {
        for (int b = 0; b < kZoneCount; ++b) {
            walks.distance[a][b] = a == b ? 0.0 : far;
            walks.next[a][b] = a == b ? b : -1;
        }
    }
    for (const auto& [a, b] : zoneLinks()) {
        walks.distance[a][b] = walks.distance[b][a] = zoneDistance(a, b);
        walks.next[a][b] = b;
        walks.next[b][a] = a;
    }
    for (int k = 0; k < kZoneCount; ++k) {
        for (int a = 0; a < kZoneCount; ++a) {
            for (int b = 0; b < kZoneCount; ++b) {
                const double through = walks.distance[a][k] + walks.distance[k][b];
                if (through < walks.distance[a][b]) {
                    walks.distance[a][b] = through;
                    walks.next[a][b] = walks.next[a][k];
                }
            }
        }
    }
    return walks;
}

// A shopper walks to the nearest zone still on their list, then to the checkout.
std::vector<int> shopperRoute(const Walks& walks, std::vector<int> targets) {
    std::vector<int> route{kEntranceZone};
    int here = kEntranceZone;
    auto walkTo = [&](int goal) {
        while (here != goal) {
            here = walks.next[here][goal];
            route.push_back(here);
        }
    };
    while (!targets.empty()) {
        auto nearest = std::min_element(targets.begin(), targets.end(), [&](int a, int b) {
            return walks.distance[here][a] < walks.distance[here][b];
        });
        const int goal = *nearest;
        targets.erase(nearest);
        walkTo(goal);
        // Passing a listed zone on the way counts as shopping it.
        std::erase_if(targets, [&](int zone) {
            return std::find(route.begin(), route.end(), zone) != route.end();
        });
    }
    walkTo(kCheckoutZone);
    return route;
}

std::string clock(int day, int second) {
    auto two = [](int value) { return labelled("", value, 2); };
    return dayDate(day) + "T" + two(second / 3600) + ":" + two(second / 60 % 60) + ":" +
           two(second % 60);
}

}  // namespace

const char* zoneTypeName(ZoneType type) {
    switch (type) {
        case ZoneType::Entrance:
            return "entrance";
        case ZoneType::Checkout:
            return "checkout";
        case ZoneType::Aisle:
            return "aisle";
        case ZoneType::Department:
            break;
    }
    return "department";
}

const std::array<Zone, kZoneCount>& zones() {
    return kZones;
}

std::vector<std::pair<int, int>> zoneLinks() {
    std::vector<std::pair<int, int>> links;
    for (int a = 0; a < kZoneCount; ++a) {
        for (int b = a + 1; b < kZoneCount; ++b) {
            const int dc = std::abs(kZones[a].column - kZones[b].column);
            const int dr = std::abs(kZones[a].row - kZones[b].row);
            if (dc + dr != 1)
                continue;
            if ((a == kWallA && b == kWallB) || (a == kWallB && b == kWallA))
                continue;
            links.emplace_back(a, b);
        }
    }
    return links;
}

double zoneDistance(int a, int b) {
    const double dx = (kZones[a].column - kZones[b].column) * kCellWidth;
    const double dy = (kZones[a].row - kZones[b].row) * kCellDepth;
    return std::sqrt(dx * dx + dy * dy);
}

double walkingDistance(int a, int b) {
    static const Walks walks = shortestWalks();
    return walks.distance[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)];
}

const std::array<int, kCategoryCount>& categoryZones() {
    return kCategoryZones;
}
const std::array<double, 13>& arrivalHourWeights() {
    return kArrivalHourWeights;
}
const std::array<double, 7>& arrivalDayWeights() {
    return kArrivalDayWeights;
}

void writeFloorPlan(DemoContext& context) {
    CsvSink zoneSink(context.pathFor(QStringLiteral("zones")));
    zoneSink.text("zone").text("name").text("type").text("x").text("y").text("width");
    zoneSink.text("height").endRow();
    for (const Zone& zone : kZones) {
        zoneSink.text(zone.id).text(zone.name).text(zoneTypeName(zone.type));
        zoneSink.fixed(zone.column * kCellWidth, 1).fixed(zone.row * kCellDepth, 1);
        zoneSink.fixed(kCellWidth, 1).fixed(kCellDepth, 1).endRow();
    }
    zoneSink.commit();

    CsvSink linkSink(context.pathFor(QStringLiteral("zone_links")));
    linkSink.text("zone_a").text("zone_b").text("distance").endRow();
    for (const auto& [a, b] : zoneLinks()) {
        linkSink.text(kZones[a].id).text(kZones[b].id).fixed(zoneDistance(a, b), 1).endRow();
    }
    linkSink.commit();

    // Every store's own placement since always, then the rows of the categories a changing
    // store moves, valid from the day of the change.
    CsvSink layoutSink(context.pathFor(QStringLiteral("layout")));
    layoutSink.text("category").text("zone").text("store").text("valid_from").endRow();
    const std::string changeDay = dayDate(kLayoutChangeDay);
    for (int s = 0; s < context.size.stores; ++s) {
        const StoreLayout layout = storeLayout(context.seed, s);
        const std::string store = buildStore(context.seed, s).id;
        for (int c = 0; c < kCategoryCount; ++c) {
            layoutSink.text(context.catalogue.categories[c].name);
            layoutSink.text(kZones[layout.before[c]].id).text(store).empty().endRow();
        }
        for (int c : movedCategories(layout)) {
            layoutSink.text(context.catalogue.categories[c].name);
            layoutSink.text(kZones[layout.after[c]].id).text(store).text(changeDay).endRow();
        }
    }
    layoutSink.commit();
}

void writeFootTraffic(DemoContext& context) {
    const Catalogue& catalogue = context.catalogue;
    const Walks walks = shortestWalks();
    DemoRandom random(context.seed, Purpose::Floor);
    std::vector<std::array<std::array<double, 2>, kZoneCount>> cells(kTrafficDays * kTrafficHours);
    CsvSink pathSink(context.pathFor(QStringLiteral("paths")));
    pathSink.text("time").text("shopper").text("zone").endRow();
    const int firstDay = 7 * kHistoryWeeks - kTrafficDays;
    int tracked = 0;
    for (int day = 0; day < kTrafficDays; ++day) {
        // History starts on a Monday, so the weekday is the day number modulo 7.
        const double dayWeight = kArrivalDayWeights[(firstDay + day) % 7];
        for (std::size_t hour = 0; hour < kArrivalHourWeights.size(); ++hour) {
            const double mean = kShoppersPerHour * dayWeight * kArrivalHourWeights[hour];
            const long long shoppers = random.poisson(mean);
            std::vector<int> arrivals;
            for (long long s = 0; s < shoppers; ++s) {
                arrivals.push_back(static_cast<int>((kTrafficFirstHour + hour) * 3600) +
                                   random.below(3600));
            }
            std::sort(arrivals.begin(), arrivals.end());
            for (int arrival : arrivals) {
                std::vector<int> targets;
                bool any = false;
                std::array<bool, kCategoryCount> wanted{};
                while (!any) {
                    for (int c = 0; c < kCategoryCount; ++c) {
                        wanted[c] = random.chance(catalogue.categories[c].basketChance);
                    }
                    for (const AffinityPair& pair : affinityPairs()) {
                        if (random.chance(pair.bundleChance))
                            wanted[pair.first] = wanted[pair.second] = true;
                    }
                    any = std::find(wanted.begin(), wanted.end(), true) != wanted.end();
                }
                for (int c = 0; c < kCategoryCount; ++c) {
                    if (wanted[c])
                        targets.push_back(kCategoryZones[c]);
                }
                const std::vector<int> route = shopperRoute(walks, targets);
                const bool isTracked = random.chance(kTrackedShopperChance);
                const std::string shopper =
                    isTracked ? labelled("T", 100000 + ++tracked) : std::string();
                int time = arrival;
                for (std::size_t i = 0; i < route.size(); ++i) {
                    const int zone = route[i];
                    const bool shopping =
                        std::find(targets.begin(), targets.end(), zone) != targets.end() &&
                        std::find(route.begin(), route.begin() + static_cast<long>(i), zone) ==
                            route.begin() + static_cast<long>(i);
                    double stay = random.uniform(8.0, 20.0);
                    if (zone == kEntranceZone)
                        stay = 10.0;
                    if (zone == kCheckoutZone)
                        stay = random.uniform(90.0, 240.0);
                    if (shopping)
                        stay = random.uniform(60.0, 180.0);
                    const double walk = i + 1 < route.size()
                                            ? zoneDistance(zone, route[i + 1]) / kWalkingSpeed
                                            : 0.0;
                    const int dwell = static_cast<int>(std::llround(stay + walk));
                    const int hour = std::min(time / 3600 - kTrafficFirstHour, kTrafficHours - 1);
                    auto& cell = cells[day * kTrafficHours + hour][zone];
                    cell[0] += 1.0;
                    cell[1] += dwell;
                    if (isTracked) {
                        pathSink.text(clock(firstDay + day, time)).text(shopper);
                        pathSink.text(kZones[zone].id).endRow();
                    }
                    time += dwell;
                }
            }
        }
    }
    pathSink.commit();

    CsvSink trafficSink(context.pathFor(QStringLiteral("traffic")));
    trafficSink.text("time").text("zone").text("visits").text("dwell_seconds").endRow();
    for (int day = 0; day < kTrafficDays; ++day) {
        for (int hour = 0; hour < kTrafficHours; ++hour) {
            const std::string time = clock(firstDay + day, (kTrafficFirstHour + hour) * 3600);
            for (int zone = 0; zone < kZoneCount; ++zone) {
                const auto& cell = cells[day * kTrafficHours + hour][zone];
                trafficSink.text(time).text(kZones[zone].id).fixed(cell[0], 0);
                trafficSink.fixed(cell[0] > 0.0 ? cell[1] / cell[0] : 0.0, 1).endRow();
            }
        }
    }
    trafficSink.commit();
}

}  // namespace mb::data::demo
