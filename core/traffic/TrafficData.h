#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mb::traffic {

// Plain inputs of the foot-traffic analytics, read from a project by the loaders and built by
// hand in tests. Times are seconds since 1970-01-01 in the store's local clock, as imported.

struct ZoneInfo {
    std::string zone;  // the zone's id, e.g. "Z01" or "dairy"
    std::string name;
    std::string type;  // entrance, checkout, aisle, department, ... (may be empty)
};

// A shopper seen in a zone at a time (one row of the paths table).
struct PathObservation {
    std::string shopper;
    std::int64_t time = 0;
    int zone = 0;  // index into the zone list
};

// Counted visits in one zone during the hour starting at hourStart (one row of the traffic table).
struct ZoneHourCount {
    int zone = 0;
    std::int64_t hourStart = 0;
    double visits = 0.0;
    double dwellSeconds = 0.0;  // mean dwell of those visits; NaN when the file had none
};

// A purchase by an identified customer, used to link trips to baskets.
struct CustomerPurchase {
    std::string customer;
    std::int64_t time = 0;
};

// A maximal run of consecutive observations of one shopper in one zone.
struct ZoneVisit {
    int zone = 0;
    std::int64_t start = 0;     // first observation in the zone
    std::int64_t lastSeen = 0;  // last observation in the zone
    std::int64_t left = -1;     // first observation in the next zone; -1 on the trip's last visit
    int observations = 0;
    bool dwellKnown() const { return left >= 0; }
    std::int64_t dwellSeconds() const { return left - start; }
};

// One shopping trip: a shopper's visits in order, from entering the store to leaving it.
struct ShopperTrip {
    std::string shopper;
    std::vector<ZoneVisit> visits;
    std::int64_t start() const { return visits.empty() ? 0 : visits.front().start; }
    std::int64_t end() const { return visits.empty() ? 0 : visits.back().lastSeen; }
};

}  // namespace mb::traffic
