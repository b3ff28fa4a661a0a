#include "traffic/TripConversion.h"

#include <algorithm>
#include <limits>
#include <set>

namespace mb::traffic {

double TripConversion::zoneRate(int zone) const {
    const std::int64_t passing = zoneTrips.at(static_cast<std::size_t>(zone));
    return passing > 0 ? double(zoneConverted[static_cast<std::size_t>(zone)]) / double(passing)
                       : std::numeric_limits<double>::quiet_NaN();
}

TripConversion tripConversion(const std::vector<ShopperTrip>& trips,
                              std::vector<CustomerPurchase> purchases, int zoneCount,
                              std::int64_t graceSeconds) {
    TripConversion result;
    result.zoneTrips.assign(static_cast<std::size_t>(zoneCount), 0);
    result.zoneConverted.assign(static_cast<std::size_t>(zoneCount), 0);
    if (purchases.empty()) {
        result.reason = QStringLiteral("no basket lines with a customer and a time");
        return result;
    }
    const auto byCustomerTime = [](const CustomerPurchase& a, const CustomerPurchase& b) {
        return a.customer != b.customer ? a.customer < b.customer : a.time < b.time;
    };
    std::sort(purchases.begin(), purchases.end(), byCustomerTime);
    std::set<std::string> linked;
    for (const ShopperTrip& trip : trips) {
        const auto first =
            std::lower_bound(purchases.begin(), purchases.end(),
                             CustomerPurchase{trip.shopper, trip.start()}, byCustomerTime);
        const bool known = std::binary_search(
            purchases.begin(), purchases.end(),
            CustomerPurchase{trip.shopper, std::numeric_limits<std::int64_t>::min()},
            [](const CustomerPurchase& a, const CustomerPurchase& b) {
                return a.customer < b.customer;
            });
        if (!known)
            continue;
        linked.insert(trip.shopper);
        const bool converted = first != purchases.end() && first->customer == trip.shopper &&
                               first->time <= trip.end() + graceSeconds;
        ++result.trips;
        result.convertedTrips += converted ? 1 : 0;
        std::vector<bool> passed(static_cast<std::size_t>(zoneCount), false);
        for (const ZoneVisit& visit : trip.visits) {
            passed[static_cast<std::size_t>(visit.zone)] = true;
        }
        for (std::size_t z = 0; z < passed.size(); ++z) {
            if (!passed[z])
                continue;
            ++result.zoneTrips[z];
            result.zoneConverted[z] += converted ? 1 : 0;
        }
    }
    result.linkedShoppers = static_cast<std::int64_t>(linked.size());
    if (result.trips == 0) {
        result.reason =
            QStringLiteral("no path shopper is a basket customer: paths and baskets do not link");
        return result;
    }
    result.available = true;
    result.rate = double(result.convertedTrips) / double(result.trips);
    return result;
}

}  // namespace mb::traffic
