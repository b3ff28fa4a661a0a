#pragma once

#include "traffic/TrafficData.h"

#include <cstdint>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::traffic {

// Whether a shopper id names one shopper on every day or only within a day. Tracking systems
// often number shoppers afresh each day (one file per day), so "1" on Monday and "1" on Tuesday
// are two people unless the ids are known to persist (loyalty or customer ids).
enum class ShopperIds { PerDay, Persistent };

struct TripOptions {
    // A longer silence between two observations of one shopper starts a new trip; 0 never does.
    std::int64_t maxGapSeconds = 3600;
    // Shopper ids often restart every day (one file per day), so a new day starts a new trip.
    bool splitAtMidnight = true;
    // PerDay: a trip's shopper is the id and the day ("7@2019-09-02"), so counts of distinct
    // shoppers count each id once per day.
    ShopperIds shopperIds = ShopperIds::PerDay;
};

// Groups observations (ordered by shopper, then time, as loadPaths returns them) into trips and
// each trip's consecutive observations in one zone into visits. Returns trips ordered by shopper
// and start time; empty when cancelled.
std::vector<ShopperTrip> buildTrips(const std::vector<PathObservation>& observations,
                                    const TripOptions& options = {},
                                    ProgressToken* progress = nullptr);

}  // namespace mb::traffic
