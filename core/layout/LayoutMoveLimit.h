#pragma once

#include "layout/LayoutOptimiser.h"

#include <functional>
#include <vector>

namespace mb::layout {

// How many categories are in another zone in `assignment` than in `current` (a category put on
// or taken off the floor counts too).
int movedCategoryCount(const std::vector<int>& current, const std::vector<int>& assignment);

// A layout that keeps the rules and moves at most `maxMoves` categories from `current`: the
// fixed categories go to their zones (and categories a rule or a full zone pushes out go to the
// best zone with room), then the single move or swap that raises the exact score most is taken
// while the count allows, until none improves. A store changes only so much at once, so the
// few moves worth most come first. `goOn` is asked between evaluations; when it says no, the
// layout reached so far is returned. Throws mb::Error when the rules alone need more moves.
std::vector<int> limitMoves(const LayoutModel& model, const std::vector<int>& current,
                            const LayoutRules& rules, int maxMoves,
                            const std::function<bool()>& goOn);

}  // namespace mb::layout
