#pragma once

#include "QapProblem.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::layout {

struct QapSearchOptions {
    std::uint64_t seed = 1;
    // The search stops at whichever limit comes first; with neither set it runs 2000 iterations
    // per movable facility. Only an iteration limit gives the same answer on every machine.
    double secondsLimit = 0.0;
    std::int64_t iterationLimit = 0;
    // Stops as soon as a permutation this cheap is found (a known optimum, in tests and benches).
    std::optional<double> targetCost;
    QapPlacementRules rules;
    // Tabu tenure is drawn uniformly in [0.9 m, 1.1 m] (m movable facilities), as Taillard advises.
    double tenureLow = 0.9;
    double tenureHigh = 1.1;
    // Iterations without a better permutation before the search restarts from a perturbed best;
    // 0 chooses 200 m.
    std::int64_t stallIterations = 0;
};

struct QapSearchResult {
    std::vector<int> permutation;  // permutation[facility] = location, 0-based
    double cost = 0.0;
    std::int64_t iterations = 0;
    double seconds = 0.0;
    std::int64_t iterationsToBest = 0;
    double secondsToBest = 0.0;
    int restarts = 0;
    bool cancelled = false;
    bool reachedTarget = false;
};

// Robust tabu search for the quadratic assignment problem (Taillard 1991, "Robust taboo search
// for the quadratic assignment problem", Parallel Computing 17, 443-455), iterated: when it
// stalls it restarts from the best permutation with random swaps. Anytime: returns the best
// permutation found when a limit is reached or the token is cancelled. Throws mb::Error for
// rules that no permutation satisfies or matrices of the wrong size.
QapSearchResult solveQap(const QapProblem& problem, const QapSearchOptions& options,
                         ProgressToken* progress = nullptr);

}  // namespace mb::layout
