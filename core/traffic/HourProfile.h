#pragma once

#include "traffic/TrafficData.h"

#include <array>
#include <vector>

namespace mb::traffic {

// Traffic by hour of the day (0-23) over the whole period.
struct HourProfile {
    std::array<double, 24> visits{};  // zone visits starting in the hour
    std::array<double, 24> trips{};   // trips starting in the hour (paths only)
    bool tripsKnown = false;
};

HourProfile hourProfileFromTrips(const std::vector<ShopperTrip>& trips);
HourProfile hourProfileFromCounts(const std::vector<ZoneHourCount>& counts);

}  // namespace mb::traffic
