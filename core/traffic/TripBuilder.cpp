#include "traffic/TripBuilder.h"

#include "common/Progress.h"
#include "traffic/TrafficTime.h"

#include <QDate>

namespace mb::traffic {

namespace {

// The ISO date of a time from parseTrafficTime ("2019-09-02").
std::string dayName(std::int64_t time) {
    return QDate(1970, 1, 1).addDays(dayOf(time)).toString(Qt::ISODate).toStdString();
}

}  // namespace

std::vector<ShopperTrip> buildTrips(const std::vector<PathObservation>& observations,
                                    const TripOptions& options, ProgressToken* progress) {
    std::vector<ShopperTrip> trips;
    const PathObservation* previous = nullptr;
    for (std::size_t i = 0; i < observations.size(); ++i) {
        const PathObservation& here = observations[i];
        if (progress && i % 65536 == 0) {
            if (progress->isCancelled())
                return {};
            progress->report(double(i) / double(observations.size()));
        }
        const bool newTrip =
            previous == nullptr || previous->shopper != here.shopper ||
            (options.maxGapSeconds > 0 && here.time - previous->time > options.maxGapSeconds) ||
            (options.splitAtMidnight && dayOf(here.time) != dayOf(previous->time));
        if (newTrip)
            trips.push_back({options.shopperIds == ShopperIds::PerDay
                                 ? here.shopper + '@' + dayName(here.time)
                                 : here.shopper,
                             {}});
        std::vector<ZoneVisit>& visits = trips.back().visits;
        if (!newTrip && visits.back().zone == here.zone) {
            visits.back().lastSeen = here.time;
            ++visits.back().observations;
        } else {
            if (!newTrip)
                visits.back().left = here.time;
            visits.push_back({here.zone, here.time, here.time, -1, 1});
        }
        previous = &here;
    }
    if (progress)
        progress->report(1.0);
    return trips;
}

}  // namespace mb::traffic
