#include "QapRules.h"

#include "common/Error.h"

#include <algorithm>
#include <functional>

namespace mb::layout {

namespace {

template <typename T>
void shuffle(std::vector<T>& items, SeededRandom& random) {
    for (std::size_t i = items.size(); i > 1; --i) {
        std::swap(items[i - 1], items[random.belowByThreshold(i)]);
    }
}

}  // namespace

QapRules::QapRules(int size, const QapPlacementRules& rules)
    : size_(size), fixedLocation_(static_cast<std::size_t>(size), -1) {
    const auto inRange = [size](const std::pair<int, int>& rule) {
        return rule.first >= 0 && rule.first < size && rule.second >= 0 && rule.second < size;
    };
    const auto describe = [](const std::pair<int, int>& rule) {
        return QStringLiteral("facility %1 at location %2")
            .arg(rule.first + 1)
            .arg(rule.second + 1);
    };
    std::vector<int> holder(static_cast<std::size_t>(size), -1);
    for (const auto& rule : rules.fixed) {
        if (!inRange(rule))
            throw Error(QStringLiteral("fixed assignment out of range: %1 (size %2)")
                            .arg(describe(rule))
                            .arg(size));
        int& location = fixedLocation_[static_cast<std::size_t>(rule.first)];
        int& facility = holder[static_cast<std::size_t>(rule.second)];
        if ((location >= 0 && location != rule.second) || (facility >= 0 && facility != rule.first))
            throw Error(
                QStringLiteral("fixed assignments contradict each other: %1").arg(describe(rule)));
        location = rule.second;
        facility = rule.first;
    }
    if (!rules.forbidden.empty()) {
        allowed_.assign(static_cast<std::size_t>(size) * static_cast<std::size_t>(size), 1);
        for (const auto& rule : rules.forbidden) {
            if (!inRange(rule))
                throw Error(QStringLiteral("forbidden assignment out of range: %1 (size %2)")
                                .arg(describe(rule))
                                .arg(size));
            if (fixedLocation_[static_cast<std::size_t>(rule.first)] == rule.second)
                throw Error(
                    QStringLiteral("assignment both fixed and forbidden: %1").arg(describe(rule)));
            allowed_[static_cast<std::size_t>(rule.first) * static_cast<std::size_t>(size) +
                     static_cast<std::size_t>(rule.second)] = 0;
        }
    }
    for (int i = 0; i < size; ++i) {
        if (fixedLocation_[static_cast<std::size_t>(i)] < 0)
            movable_.push_back(i);
        if (holder[static_cast<std::size_t>(i)] < 0)
            freeLocations_.push_back(i);
    }
    std::vector<int> permutation;
    if (!matchAll(permutation, nullptr))
        throw Error(
            QStringLiteral("no assignment satisfies the fixed and forbidden assignments together"));
}

std::vector<int> QapRules::randomPermutation(SeededRandom& random) const {
    std::vector<int> permutation;
    matchAll(permutation, &random);  // feasibility was proven in the constructor
    return permutation;
}

bool QapRules::matchAll(std::vector<int>& permutation, SeededRandom* random) const {
    permutation = fixedLocation_;
    std::vector<int> facilities = movable_;
    std::vector<int> locations = freeLocations_;
    if (random) {
        shuffle(facilities, *random);
        shuffle(locations, *random);
    }
    if (!hasForbidden()) {
        for (std::size_t k = 0; k < facilities.size(); ++k) {
            permutation[static_cast<std::size_t>(facilities[k])] = locations[k];
        }
        return true;
    }
    // Candidate locations per facility, in the shuffled order, so the matching is random too.
    std::vector<std::vector<int>> candidates(static_cast<std::size_t>(size_));
    for (int facility : facilities) {
        for (int location : locations) {
            if (allows(facility, location))
                candidates[static_cast<std::size_t>(facility)].push_back(location);
        }
    }
    std::vector<int> occupant(static_cast<std::size_t>(size_), -1);
    std::vector<int> visitedIn(static_cast<std::size_t>(size_), -1);
    int round = 0;
    const std::function<bool(int)> place = [&](int facility) -> bool {
        const auto& mine = candidates[static_cast<std::size_t>(facility)];
        // A free location first keeps the paths short when most pairs are allowed.
        for (int location : mine) {
            if (occupant[static_cast<std::size_t>(location)] < 0) {
                occupant[static_cast<std::size_t>(location)] = facility;
                permutation[static_cast<std::size_t>(facility)] = location;
                return true;
            }
        }
        for (int location : mine) {
            auto& visited = visitedIn[static_cast<std::size_t>(location)];
            if (visited == round)
                continue;
            visited = round;
            if (place(occupant[static_cast<std::size_t>(location)])) {
                occupant[static_cast<std::size_t>(location)] = facility;
                permutation[static_cast<std::size_t>(facility)] = location;
                return true;
            }
        }
        return false;
    };
    for (int facility : facilities) {
        ++round;
        if (!place(facility))
            return false;
    }
    return true;
}

}  // namespace mb::layout
