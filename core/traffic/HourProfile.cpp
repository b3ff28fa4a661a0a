#include "traffic/HourProfile.h"

#include "traffic/TrafficTime.h"

namespace mb::traffic {

HourProfile hourProfileFromTrips(const std::vector<ShopperTrip>& trips) {
    HourProfile profile;
    profile.tripsKnown = true;
    for (const ShopperTrip& trip : trips) {
        if (trip.visits.empty())
            continue;
        profile.trips[hourOfDay(trip.start())] += 1.0;
        for (const ZoneVisit& visit : trip.visits) {
            profile.visits[hourOfDay(visit.start)] += 1.0;
        }
    }
    return profile;
}

HourProfile hourProfileFromCounts(const std::vector<ZoneHourCount>& counts) {
    HourProfile profile;
    for (const ZoneHourCount& count : counts) {
        profile.visits[hourOfDay(count.hourStart)] += count.visits;
    }
    return profile;
}

}  // namespace mb::traffic
