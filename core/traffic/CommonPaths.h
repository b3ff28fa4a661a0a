#pragma once

#include "traffic/TrafficData.h"

#include <cstdint>
#include <vector>

namespace mb::traffic {

// A zone sequence walked by whole trips (repeats collapsed: a visit is already a maximal run).
struct CommonPath {
    std::vector<int> zones;
    std::int64_t trips = 0;
    double share = 0.0;  // of all trips
};

// The `top` most frequent sequences (all when top < 0), most trips first; ties in lexicographic
// order of the zone indices.
std::vector<CommonPath> commonPaths(const std::vector<ShopperTrip>& trips, int top);

}  // namespace mb::traffic
