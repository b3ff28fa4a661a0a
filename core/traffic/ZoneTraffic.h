#pragma once

#include "traffic/DwellStats.h"
#include "traffic/TrafficData.h"

#include <cstdint>
#include <vector>

namespace mb::traffic {

// What happened in one zone over the whole period.
struct ZoneTraffic {
    double visits = 0.0;        // visits (maximal runs of a shopper in the zone), or counted visits
    std::int64_t trips = 0;     // trips that passed the zone at least once (paths only)
    std::int64_t shoppers = 0;  // distinct shoppers that passed it (paths only)
    double exposure = 0.0;      // trips passing / all trips; NaN from counts
    DwellStats dwell;           // from counts: visit-weighted mean only
};

// Per zone (index = zone) from shopper trips. Dwell is known for every visit but a trip's last
// (nothing says when the shopper left the store), so those visits count but have no dwell.
std::vector<ZoneTraffic> zoneTrafficFromTrips(const std::vector<ShopperTrip>& trips, int zoneCount);

// Per zone from hourly counts: visits summed, dwell as the visit-weighted mean of the hourly
// means; exposure, median, P90 and the histogram are not knowable from counts and are NaN / 0.
std::vector<ZoneTraffic> zoneTrafficFromCounts(const std::vector<ZoneHourCount>& counts,
                                               int zoneCount);

}  // namespace mb::traffic
