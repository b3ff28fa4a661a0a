#include "traffic/TrafficAnalysis.h"

#include "common/MemoryBudget.h"

#include <string_view>
#include <unordered_set>

namespace mb::traffic {

TrafficAnalysis analysePaths(std::vector<ZoneInfo> zones,
                             const std::vector<PathObservation>& observations,
                             const std::vector<CustomerPurchase>& purchases,
                             const TrafficOptions& options, ProgressToken* progress) {
    TrafficAnalysis analysis;
    analysis.source = TrafficSource::Paths;
    analysis.zones = std::move(zones);
    const int zoneCount = static_cast<int>(analysis.zones.size());
    // Entering and leaving are two more states of the table.
    const std::uint64_t tableBytes =
        std::uint64_t(zoneCount + 2) * std::uint64_t(zoneCount + 2) * sizeof(std::int64_t);
    if (options.budget && !options.budget->tryCharge(tableBytes))
        throw MemoryBudgetExceeded(
            QStringLiteral("the paths name %1 zones: their zone-to-zone table needs %2, over "
                           "the %3 memory limit. Check that the zone column holds zones, or "
                           "allow more with --memory-limit.")
                .arg(zoneCount)
                .arg(MemoryBudget::formatSize(tableBytes),
                     MemoryBudget::formatSize(options.budget->limit())));
    const std::vector<ShopperTrip> trips = buildTrips(observations, options.trip, progress);
    analysis.observations = static_cast<std::int64_t>(observations.size());
    analysis.trips = static_cast<std::int64_t>(trips.size());
    std::unordered_set<std::string_view> shoppers;
    for (const ShopperTrip& trip : trips) {
        shoppers.insert(trip.shopper);
    }
    analysis.shoppers = static_cast<std::int64_t>(shoppers.size());
    analysis.zoneTraffic = zoneTrafficFromTrips(trips, zoneCount);
    analysis.hours = hourProfileFromTrips(trips);
    analysis.transitions = countTransitions(trips, zoneCount);
    analysis.commonPaths = commonPaths(trips, options.topPaths);
    analysis.conversion =
        tripConversion(trips, purchases, zoneCount, options.conversionGraceSeconds);
    return analysis;
}

TrafficAnalysis analyseCounts(std::vector<ZoneInfo> zones,
                              const std::vector<ZoneHourCount>& counts) {
    TrafficAnalysis analysis;
    analysis.source = TrafficSource::Counts;
    analysis.zones = std::move(zones);
    const int zoneCount = static_cast<int>(analysis.zones.size());
    analysis.zoneTraffic = zoneTrafficFromCounts(counts, zoneCount);
    analysis.hours = hourProfileFromCounts(counts);
    analysis.transitions = ZoneTransitions(zoneCount);
    analysis.conversion.reason = QStringLiteral("hourly counts do not follow shoppers");
    analysis.conversion.zoneTrips.assign(static_cast<std::size_t>(zoneCount), 0);
    analysis.conversion.zoneConverted.assign(static_cast<std::size_t>(zoneCount), 0);
    return analysis;
}

}  // namespace mb::traffic
