#pragma once

#include "traffic/TrafficData.h"

#include <QString>
#include <cstdint>
#include <vector>

namespace mb::traffic {

// Whether trips ended in a purchase. Only possible when path shopper ids are the customer ids of
// basket lines; otherwise `available` is false and `reason` says why.
struct TripConversion {
    bool available = false;
    QString reason;
    std::int64_t linkedShoppers = 0;  // shoppers who are also basket customers
    std::int64_t trips = 0;           // trips of linked shoppers (the denominator)
    std::int64_t convertedTrips = 0;
    double rate = 0.0;
    std::vector<std::int64_t> zoneTrips;      // per zone: linked trips passing it
    std::vector<std::int64_t> zoneConverted;  // per zone: of those, converted
    double zoneRate(int zone) const;          // NaN when no linked trip passed the zone
};

// A trip converts when its shopper has a basket timed from the trip's first observation to
// `graceSeconds` after its last one (the till receipt can come after the last sighting).
TripConversion tripConversion(const std::vector<ShopperTrip>& trips,
                              std::vector<CustomerPurchase> purchases, int zoneCount,
                              std::int64_t graceSeconds = 1800);

}  // namespace mb::traffic
