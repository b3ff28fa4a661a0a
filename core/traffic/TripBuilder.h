#pragma once

#include "traffic/TrafficData.h"

#include <cstdint>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::traffic {

struct TripOptions {
    // A longer silence between two observations of one shopper starts a new trip; 0 never does.
    std::int64_t maxGapSeconds = 3600;
    // Shopper ids often restart every day (one file per day), so a new day starts a new trip.
    bool splitAtMidnight = true;
};

// Groups observations (ordered by shopper, then time, as loadPaths returns them) into trips and
// each trip's consecutive observations in one zone into visits. Returns trips ordered by shopper
// and start time; empty when cancelled.
std::vector<ShopperTrip> buildTrips(const std::vector<PathObservation>& observations,
                                    const TripOptions& options = {},
                                    ProgressToken* progress = nullptr);

}  // namespace mb::traffic
