#include "traffic/ZoneTransitions.h"

#include <algorithm>
#include <numeric>

namespace mb::traffic {

ZoneTransitions::ZoneTransitions(int zoneCount)
    : zoneCount_(std::max(zoneCount, 0)),
      moves_(static_cast<std::size_t>(stateCount()) * static_cast<std::size_t>(stateCount()), 0),
      trips_(moves_.size(), 0) {}

void ZoneTransitions::addTrip(const ShopperTrip& trip) {
    if (trip.visits.empty())
        return;
    std::vector<std::size_t> made;
    int from = enterState();
    for (std::size_t i = 0; i <= trip.visits.size(); ++i) {
        const int to = i < trip.visits.size() ? trip.visits[i].zone : exitState();
        const std::size_t cell = index(from, to);
        ++moves_[cell];
        made.push_back(cell);
        from = to;
    }
    std::sort(made.begin(), made.end());
    made.erase(std::unique(made.begin(), made.end()), made.end());
    for (const std::size_t cell : made) {
        ++trips_[cell];
    }
}

std::int64_t ZoneTransitions::movesFrom(int from) const {
    const auto row = moves_.begin() + static_cast<long>(index(from, 0));
    return std::accumulate(row, row + stateCount(), std::int64_t{0});
}

double ZoneTransitions::probability(int from, int to) const {
    const std::int64_t total = movesFrom(from);
    return total > 0 ? double(moves(from, to)) / double(total) : 0.0;
}

std::int64_t ZoneTransitions::totalMoves() const {
    return std::accumulate(moves_.begin(), moves_.end(), std::int64_t{0});
}

ZoneTransitions countTransitions(const std::vector<ShopperTrip>& trips, int zoneCount) {
    ZoneTransitions transitions(zoneCount);
    for (const ShopperTrip& trip : trips) {
        transitions.addTrip(trip);
    }
    return transitions;
}

}  // namespace mb::traffic
