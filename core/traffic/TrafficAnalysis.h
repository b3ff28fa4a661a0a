#pragma once

#include "traffic/CommonPaths.h"
#include "traffic/HourProfile.h"
#include "traffic/TrafficData.h"
#include "traffic/TripBuilder.h"
#include "traffic/TripConversion.h"
#include "traffic/ZoneTraffic.h"
#include "traffic/ZoneTransitions.h"

#include <cstdint>
#include <vector>

namespace mb {
class MemoryBudget;
class ProgressToken;
}  // namespace mb

namespace mb::traffic {

enum class TrafficSource { Paths, Counts };

// Everything the traffic command reports, computed from plain inputs.
struct TrafficAnalysis {
    TrafficSource source = TrafficSource::Paths;
    std::vector<ZoneInfo> zones;
    std::vector<ZoneTraffic> zoneTraffic;  // index = zone
    HourProfile hours;
    // Paths only:
    std::int64_t observations = 0;
    std::int64_t trips = 0;
    std::int64_t shoppers = 0;
    ZoneTransitions transitions;
    std::vector<CommonPath> commonPaths;
    TripConversion conversion;
};

struct TrafficOptions {
    TripOptions trip;
    int topPaths = 20;
    std::int64_t conversionGraceSeconds = 1800;
    // The zone-to-zone table (zones squared) is charged to it; none: unlimited.
    MemoryBudget* budget = nullptr;
};

// From shopper paths; `purchases` may be empty (conversion is then reported as not available).
// Returns a result with no trips when cancelled. Throws MemoryBudgetExceeded when the paths name
// so many zones that the zone-to-zone table would pass options.budget.
TrafficAnalysis analysePaths(std::vector<ZoneInfo> zones,
                             const std::vector<PathObservation>& observations,
                             const std::vector<CustomerPurchase>& purchases,
                             const TrafficOptions& options = {}, ProgressToken* progress = nullptr);

// From hourly zone counts: visits, mean dwell and the hour profile only.
TrafficAnalysis analyseCounts(std::vector<ZoneInfo> zones,
                              const std::vector<ZoneHourCount>& counts);

}  // namespace mb::traffic
