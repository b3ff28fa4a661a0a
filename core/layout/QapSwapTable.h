#pragma once

#include "QapProblem.h"

#include <vector>

namespace mb::layout {

// The cost change of every swap of two movable facilities, kept current after each move in
// O(n^2) per move: O(1) per pair that does not touch the moved facilities, O(n) for the 2m that
// do. Formulas from Taillard (1991), "Robust taboo search for the quadratic assignment problem",
// Parallel Computing 17, section 2, in their general form for asymmetric matrices.
class QapSwapTable {
public:
    // movable lists the facilities that may change place; the others stay where permutation puts
    // them. Positions 0..movableCount()-1 index into movable.
    QapSwapTable(const QapProblem& problem, std::vector<int> movable);

    // Starts from a permutation and computes every delta from scratch, O(m^2 n).
    void reset(const std::vector<int>& permutation);

    int movableCount() const { return static_cast<int>(movable_.size()); }
    int facility(int position) const { return movable_[position]; }
    const std::vector<int>& permutation() const { return permutation_; }
    double cost() const { return cost_; }

    // Cost change of swapping the locations of the facilities at positions a < b.
    double delta(int a, int b) const { return delta_[pairIndex(a, b)]; }

    // Applies the swap of positions a and b and brings every delta up to date.
    void swap(int a, int b);

    // Cost change of swapping facilities r and s in permutation, computed in O(n).
    static double swapDelta(const QapProblem& problem, const std::vector<int>& permutation, int r,
                            int s);

private:
    std::size_t pairIndex(int a, int b) const {
        return static_cast<std::size_t>(a) * movable_.size() + static_cast<std::size_t>(b);
    }
    double freshDelta(int r, int s) const;

    const QapProblem& problem_;
    std::vector<int> movable_;
    std::vector<double> flowByColumn_;      // transposed flow, so columns read contiguously
    std::vector<double> distanceByColumn_;  // transposed distance
    std::vector<int> permutation_;
    std::vector<double> delta_;  // m x m, upper triangle used
    double cost_ = 0.0;
    // Per-position terms of the O(1) update, reused between moves.
    std::vector<double> flowTermOut_, flowTermIn_, distanceTermOut_, distanceTermIn_;
};

}  // namespace mb::layout
