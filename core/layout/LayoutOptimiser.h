#pragma once

#include "layout/LayoutScore.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::layout {

// Where categories may go. Indices are the model's (category, zone).
struct LayoutRules {
    std::vector<std::pair<int, int>> fixed;      // category pinned to a zone
    std::vector<std::pair<int, int>> forbidden;  // category kept out of a zone
    int zoneCapacity = 1;                        // categories per zone, at least 1
    // Zones a category may be put in; empty = every department zone plus the zones of the
    // current layout and of the fixed rules.
    std::vector<int> candidateZones;
};

struct LayoutOptimiserOptions {
    double seconds = 2.0;         // 0 = no time limit
    std::int64_t iterations = 0;  // tabu search iterations; 0 = the solver's default
    std::uint64_t seed = 1;
    LayoutRules rules;
    // At most this many categories may change zone from the current layout; 0: no limit.
    int maxMoves = 0;
};

struct LayoutProposal {
    std::vector<int> current;   // zone per category (-1 unplaced)
    std::vector<int> proposed;  // only the categories placed in `current` are placed
    LayoutScoreTerms before;
    LayoutScoreTerms after;
    std::vector<int> candidateZones;
    double seconds = 0.0;
    std::int64_t iterations = 0;
    int polishMoves = 0;       // exact-score moves and swaps made after the quadratic assignment
    bool keptCurrent = false;  // the search found nothing better than the current layout
    bool cancelled = false;
};

// Which zones the rules let categories use (sorted).
std::vector<int> layoutCandidateZones(const LayoutModel& model, const std::vector<int>& current,
                                      const LayoutRules& rules);
// Whether an assignment keeps every rule (fixed, forbidden, candidate zones and capacity) for the
// categories placed in `current`.
bool layoutKeepsRules(const LayoutModel& model, const std::vector<int>& current,
                      const std::vector<int>& assignment, const LayoutRules& rules);

// Optimises the placement of the categories placed in `current` as a quadratic assignment:
// facilities are the categories plus empty fillers, locations are `zoneCapacity` slots per
// candidate zone, flow(i, j) = -adjacency weight x phi(i, j) / 2 and distance(k, l) = closeness of
// the slots' zones, so the QAP cost is minus the weighted adjacency term exactly. Exposure and the
// walk's entrance-to-zone-to-checkout detour are linear terms, carried by two dummy facilities
// pinned to two dummy locations. The walk between a basket's zones is not quadratic; the
// search's result is then polished by moves and swaps on the exact score (LayoutScorer), and
// the current layout is kept when nothing scores better. With a move limit that the result
// passes, the proposal is the best layout within the limit that limitMoves finds instead.
// Throws mb::Error for rules no layout satisfies (unknown or contradictory rules, too little
// room, more moves than the limit).
LayoutProposal optimiseLayout(const LayoutModel& model, const std::vector<int>& current,
                              const LayoutOptimiserOptions& options,
                              ProgressToken* progress = nullptr);

}  // namespace mb::layout
