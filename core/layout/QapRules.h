#pragma once

#include "QapProblem.h"
#include "common/SeededRandom.h"

#include <cstdint>
#include <vector>

namespace mb::layout {

// QapPlacementRules checked against a problem size: which facilities may move and where each may
// go. Throws mb::Error when a rule names a facility or location out of range, when two rules
// contradict each other, or when no assignment satisfies them all.
class QapRules {
public:
    QapRules(int size, const QapPlacementRules& rules);

    bool allows(int facility, int location) const {
        return allowed_.empty() ||
               allowed_[static_cast<std::size_t>(facility) * static_cast<std::size_t>(size_) +
                        static_cast<std::size_t>(location)] != 0;
    }
    bool hasForbidden() const { return !allowed_.empty(); }
    const std::vector<int>& movable() const { return movable_; }

    // A uniformly shuffled start when nothing is forbidden, else a random perfect matching of the
    // movable facilities to the free locations (Kuhn's augmenting paths).
    std::vector<int> randomPermutation(SeededRandom& random) const;

private:
    bool matchAll(std::vector<int>& permutation, SeededRandom* random) const;

    int size_ = 0;
    std::vector<int> fixedLocation_;  // per facility, -1 when it may move
    std::vector<int> movable_;
    std::vector<int> freeLocations_;
    std::vector<std::uint8_t> allowed_;  // size x size, empty when nothing is forbidden
};

}  // namespace mb::layout
