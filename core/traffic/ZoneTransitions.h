#pragma once

#include "traffic/TrafficData.h"

#include <cstdint>
#include <vector>

namespace mb::traffic {

// First-order Markov chain of zone-to-zone moves, with two extra states: entering the store
// (before a trip's first visit) and leaving it (after its last). A trip of k visits adds k + 1
// moves: enter -> v1, v1 -> v2, ..., vk -> exit.
class ZoneTransitions {
public:
    explicit ZoneTransitions(int zoneCount = 0);

    int zoneCount() const { return zoneCount_; }
    int stateCount() const { return zoneCount_ + 2; }
    int enterState() const { return zoneCount_; }
    int exitState() const { return zoneCount_ + 1; }

    void addTrip(const ShopperTrip& trip);

    std::int64_t moves(int from, int to) const { return moves_[index(from, to)]; }
    std::int64_t trips(int from, int to) const { return trips_[index(from, to)]; }
    std::int64_t movesFrom(int from) const;
    // Share of the moves out of `from` that go to `to`; 0 for a state nobody left (exit).
    double probability(int from, int to) const;
    std::int64_t totalMoves() const;

private:
    std::size_t index(int from, int to) const {
        return static_cast<std::size_t>(from) * static_cast<std::size_t>(stateCount()) +
               static_cast<std::size_t>(to);
    }
    int zoneCount_ = 0;
    std::vector<std::int64_t> moves_;  // stateCount x stateCount, row = from
    std::vector<std::int64_t> trips_;  // trips making the move at least once
};

ZoneTransitions countTransitions(const std::vector<ShopperTrip>& trips, int zoneCount);

}  // namespace mb::traffic
