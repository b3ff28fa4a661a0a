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
    if (options.budget)
        options.budget->chargeTable(
            tableBytes,
            QStringLiteral("the zone-to-zone table of the %1 zones the paths name").arg(zoneCount),
            QStringLiteral("check that the zone column holds zones, or allow more with "
                           "--memory-limit."));
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
    if (options.trip.shopperIds == ShopperIds::Persistent) {
        analysis.conversion =
            tripConversion(trips, purchases, zoneCount, options.conversionGraceSeconds);
    } else {
        // An id that names a different shopper each day cannot be a basket's customer.
        analysis.conversion = tripConversion({}, {}, zoneCount, 0);
        analysis.conversion.reason = QStringLiteral(
            "shopper ids are counted per day, so trips cannot be linked to "
            "customers' baskets");
    }
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
