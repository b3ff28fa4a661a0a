#include "layout/LayoutMoveLimit.h"

#include "common/Error.h"

#include <algorithm>

namespace mb::layout {

namespace {

constexpr double kGain = 1e-12;

bool isForbidden(const LayoutRules& rules, int category, int zone) {
    return std::find(rules.forbidden.begin(), rules.forbidden.end(),
                     std::make_pair(category, zone)) != rules.forbidden.end();
}

}  // namespace

int movedCategoryCount(const std::vector<int>& current, const std::vector<int>& assignment) {
    int moved = 0;
    for (std::size_t c = 0; c < current.size() && c < assignment.size(); ++c)
        moved += current[c] != assignment[c];
    return moved;
}

std::vector<int> limitMoves(const LayoutModel& model, const std::vector<int>& current,
                            const LayoutRules& rules, int maxMoves,
                            const std::function<bool()>& goOn) {
    const std::vector<int> zones = layoutCandidateZones(model, current, rules);
    const int capacity = std::max(1, rules.zoneCapacity);
    const auto n = static_cast<std::size_t>(model.categoryCount());
    std::vector<int> layout = current;
    std::vector<std::uint8_t> fixed(n, 0);
    for (const auto& [category, zone] : rules.fixed) {
        layout[static_cast<std::size_t>(category)] = zone;
        fixed[static_cast<std::size_t>(category)] = 1;
    }
    // Categories a forbidden zone or a full zone pushes out are taken off the floor, then put
    // back in the best zone with room.
    std::vector<int> used(static_cast<std::size_t>(model.zoneCount()), 0);
    for (std::size_t c = 0; c < n; ++c)
        if (fixed[c] && layout[c] >= 0)
            ++used[static_cast<std::size_t>(layout[c])];
    std::vector<int> homeless;
    for (std::size_t c = 0; c < n; ++c) {
        const int zone = layout[c];
        if (fixed[c] || zone < 0)
            continue;
        const bool candidate = std::binary_search(zones.begin(), zones.end(), zone);
        if (!candidate || isForbidden(rules, static_cast<int>(c), zone) ||
            used[static_cast<std::size_t>(zone)] >= capacity) {
            homeless.push_back(static_cast<int>(c));
            layout[c] = -1;
        } else {
            ++used[static_cast<std::size_t>(zone)];
        }
    }
    LayoutScorer scorer(model, layout);
    const auto hasRoom = [&](int category, int zone) {
        return used[static_cast<std::size_t>(zone)] < capacity &&
               !isForbidden(rules, category, zone);
    };
    for (const int c : homeless) {
        int best = -1;
        double bestGain = 0.0;
        for (const int zone : zones) {
            if (!hasRoom(c, zone))
                continue;
            const double gain = scorer.moveChange(c, zone).total;
            if (best < 0 || gain > bestGain) {
                best = zone;
                bestGain = gain;
            }
        }
        if (best < 0)
            throw Error(QStringLiteral("no zone has room for %1").arg(model.categories[c]));
        scorer.move(c, best);
        ++used[static_cast<std::size_t>(best)];
    }
    int moved = movedCategoryCount(current, scorer.zoneOfCategory());
    if (moved > maxMoves)
        throw Error(QStringLiteral("the fixed zones and capacity alone need %1 moves, more than "
                                   "the %2 allowed (max moves)")
                        .arg(moved)
                        .arg(maxMoves));

    std::vector<int> movable;
    for (std::size_t c = 0; c < n; ++c)
        if (!fixed[c] && scorer.zoneOf(static_cast<int>(c)) >= 0)
            movable.push_back(static_cast<int>(c));
    // The change of the moved count when `category` goes to `zone`.
    const auto countChange = [&](int category, int zone) {
        const int home = current[static_cast<std::size_t>(category)];
        return (zone != home ? 1 : 0) - (scorer.zoneOf(category) != home ? 1 : 0);
    };
    for (;;) {
        double bestGain = kGain;
        int bestCategory = -1, bestZone = -1, bestSwap = -1;
        bool stopped = false;
        for (std::size_t a = 0; a < movable.size() && !stopped; ++a) {
            const int c = movable[a];
            for (const int zone : zones) {
                if (!(stopped = !goOn()) && zone != scorer.zoneOf(c) && hasRoom(c, zone) &&
                    moved + countChange(c, zone) <= maxMoves) {
                    if (const double gain = scorer.moveChange(c, zone).total; gain > bestGain) {
                        bestGain = gain;
                        bestCategory = c;
                        bestZone = zone;
                        bestSwap = -1;
                    }
                }
                if (stopped)
                    break;
            }
            for (std::size_t b = a + 1; b < movable.size() && !stopped; ++b) {
                const int other = movable[b];
                const int zoneA = scorer.zoneOf(c), zoneB = scorer.zoneOf(other);
                if ((stopped = !goOn()) || zoneA == zoneB || isForbidden(rules, c, zoneB) ||
                    isForbidden(rules, other, zoneA) ||
                    moved + countChange(c, zoneB) + countChange(other, zoneA) > maxMoves)
                    continue;
                if (const double gain = scorer.swapChange(c, other).total; gain > bestGain) {
                    bestGain = gain;
                    bestCategory = c;
                    bestSwap = other;
                }
            }
        }
        if (stopped || bestCategory < 0)
            break;
        if (bestSwap >= 0) {
            moved += countChange(bestCategory, scorer.zoneOf(bestSwap)) +
                     countChange(bestSwap, scorer.zoneOf(bestCategory));
            scorer.swap(bestCategory, bestSwap);
        } else {
            moved += countChange(bestCategory, bestZone);
            --used[static_cast<std::size_t>(scorer.zoneOf(bestCategory))];
            ++used[static_cast<std::size_t>(bestZone)];
            scorer.move(bestCategory, bestZone);
        }
    }
    return scorer.zoneOfCategory();
}

}  // namespace mb::layout
