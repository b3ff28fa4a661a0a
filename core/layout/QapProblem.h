#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace mb::layout {

// A quadratic assignment problem: put n facilities (categories) on n locations (zones) so that
// sum_ij flow(i,j) * distance(p(i), p(j)) is smallest. Koopmans and Beckmann's form, as used by
// QAPLIB (Burkard, Karisch and Rendl 1997). Matrices are row-major and need not be symmetric.
struct QapProblem {
    int size = 0;
    std::vector<double> flow;      // size x size, between facilities
    std::vector<double> distance;  // size x size, between locations

    double flowAt(int i, int j) const { return flow[index(i, j)]; }
    double distanceAt(int i, int j) const { return distance[index(i, j)]; }
    std::size_t index(int i, int j) const {
        return static_cast<std::size_t>(i) * static_cast<std::size_t>(size) +
               static_cast<std::size_t>(j);
    }
};

// Rules the layout optimiser needs: a category pinned to a zone, or kept out of one. Both are
// (facility, location) pairs, 0-based.
struct QapPlacementRules {
    std::vector<std::pair<int, int>> fixed;
    std::vector<std::pair<int, int>> forbidden;
};

// The cost of a permutation (permutation[facility] = location, 0-based), summed from scratch.
double qapCost(const QapProblem& problem, const std::vector<int>& permutation);

}  // namespace mb::layout
