#include "traffic/ZoneTraffic.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <unordered_set>

namespace mb::traffic {

std::vector<ZoneTraffic> zoneTrafficFromTrips(const std::vector<ShopperTrip>& trips,
                                              int zoneCount) {
    std::vector<ZoneTraffic> zones(static_cast<std::size_t>(zoneCount));
    std::vector<std::vector<double>> dwell(zones.size());
    // Distinct shoppers per zone: when trips come grouped by shopper (as buildTrips returns
    // them) the last shopper counted per zone is enough; otherwise each (zone, shopper) pair is
    // remembered in a set.
    const bool grouped = std::is_sorted(
        trips.begin(), trips.end(),
        [](const ShopperTrip& a, const ShopperTrip& b) { return a.shopper < b.shopper; });
    std::unordered_map<std::string_view, std::uint64_t> shopperIds;
    std::unordered_set<std::uint64_t> zoneShoppers;
    std::vector<std::uint64_t> lastShopper(zones.size(), ~std::uint64_t{0});
    std::vector<std::size_t> lastTrip(zones.size(), trips.size());
    std::uint64_t shopper = 0;
    for (std::size_t t = 0; t < trips.size(); ++t) {
        if (grouped)
            shopper += t > 0 && trips[t].shopper != trips[t - 1].shopper ? 1 : 0;
        else
            shopper = shopperIds.emplace(trips[t].shopper, shopperIds.size()).first->second;
        for (const ZoneVisit& visit : trips[t].visits) {
            const auto z = static_cast<std::size_t>(visit.zone);
            ZoneTraffic& zone = zones[z];
            zone.visits += 1.0;
            if (visit.dwellKnown())
                dwell[z].push_back(double(visit.dwellSeconds()));
            if (lastTrip[z] == t)
                continue;
            lastTrip[z] = t;
            ++zone.trips;
            const bool fresh = grouped ? lastShopper[z] != shopper
                                       : zoneShoppers.insert(shopper * zones.size() + z).second;
            if (fresh) {
                lastShopper[z] = shopper;
                ++zone.shoppers;
            }
        }
    }
    const double tripCount = double(trips.size());
    for (std::size_t z = 0; z < zones.size(); ++z) {
        zones[z].exposure = trips.empty() ? std::numeric_limits<double>::quiet_NaN()
                                          : double(zones[z].trips) / tripCount;
        zones[z].dwell = describeDwell(std::move(dwell[z]));
    }
    return zones;
}

std::vector<ZoneTraffic> zoneTrafficFromCounts(const std::vector<ZoneHourCount>& counts,
                                               int zoneCount) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<ZoneTraffic> zones(static_cast<std::size_t>(zoneCount));
    std::vector<double> dwellTotal(zones.size(), 0.0);
    std::vector<double> dwellVisits(zones.size(), 0.0);
    for (const ZoneHourCount& count : counts) {
        zones[count.zone].visits += count.visits;
        if (std::isfinite(count.dwellSeconds) && count.visits > 0) {
            dwellTotal[count.zone] += count.visits * count.dwellSeconds;
            dwellVisits[count.zone] += count.visits;
        }
    }
    for (std::size_t z = 0; z < zones.size(); ++z) {
        zones[z].exposure = nan;
        zones[z].dwell.count = static_cast<std::int64_t>(std::llround(dwellVisits[z]));
        zones[z].dwell.mean = dwellVisits[z] > 0 ? dwellTotal[z] / dwellVisits[z] : nan;
        zones[z].dwell.median = nan;
        zones[z].dwell.p90 = nan;
    }
    return zones;
}

}  // namespace mb::traffic
