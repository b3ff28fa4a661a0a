#pragma once

#include "data/demo/DemoWorld.h"

#include <array>
#include <utility>
#include <vector>

namespace mb::data::demo {

// One store's floor plan: a 4 x 4 grid of 10 m x 8 m cells with the entrance and the checkout at
// the front, four aisles in the middle and ten department zones around them.

enum class ZoneType { Entrance, Checkout, Aisle, Department };
const char* zoneTypeName(ZoneType type);

struct Zone {
    const char* id;
    const char* name;
    ZoneType type;
    int column;
    int row;
};

constexpr double kCellWidth = 10.0;
constexpr double kCellDepth = 8.0;
constexpr int kZoneCount = 16;
constexpr int kEntranceZone = 0;
constexpr int kCheckoutZone = 1;

const std::array<Zone, kZoneCount>& zones();
// Walkable links between grid neighbours, but a wall parts the two front departments.
std::vector<std::pair<int, int>> zoneLinks();
double zoneDistance(int a, int b);  // between centres, metres
// The shortest walk between two zones along the links, metres.
double walkingDistance(int a, int b);
constexpr int kFirstDepartmentZone = 6;  // Z07; zones from here on are departments
// The zone each category sits in (index = category); the two other departments are empty.
const std::array<int, kCategoryCount>& categoryZones();

// Foot-traffic simulation of the last two weeks of history.
constexpr int kTrafficDays = 14;
constexpr int kTrafficFirstHour = 8;
constexpr int kTrafficHours = 14;          // 08:00 to 21:59; arrivals stop at 21:00
constexpr double kShoppersPerHour = 30.0;  // at hour weight 1 on an average day
constexpr double kTrackedShopperChance = 0.10;
constexpr double kWalkingSpeed = 1.2;                // metres per second
const std::array<double, 13>& arrivalHourWeights();  // 08:00 .. 20:00
const std::array<double, 7>& arrivalDayWeights();    // Monday .. Sunday

}  // namespace mb::data::demo
