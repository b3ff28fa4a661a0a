#pragma once

#include "layout/QapProblem.h"

#include <cstdint>
#include <random>

namespace mb::layout::testing {

// Small integer matrices (so every sum is exact in double), diagonals included so the
// a_rr terms of the delta formula are exercised.
inline QapProblem randomProblem(int size, bool symmetric, std::uint32_t seed) {
    std::mt19937 engine(seed);
    QapProblem problem;
    problem.size = size;
    problem.flow.assign(static_cast<std::size_t>(size * size), 0.0);
    problem.distance.assign(static_cast<std::size_t>(size * size), 0.0);
    for (auto* matrix : {&problem.flow, &problem.distance}) {
        for (int i = 0; i < size; ++i) {
            for (int j = symmetric ? i : 0; j < size; ++j) {
                const double value = static_cast<double>(engine() % 21) - 5.0;
                (*matrix)[static_cast<std::size_t>(i * size + j)] = value;
                if (symmetric)
                    (*matrix)[static_cast<std::size_t>(j * size + i)] = value;
            }
        }
    }
    return problem;
}

}  // namespace mb::layout::testing
