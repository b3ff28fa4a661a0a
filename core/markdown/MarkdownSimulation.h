#pragma once

#include "markdown/MarkdownPolicy.h"

#include <cstdint>

namespace mb {
class ProgressToken;
}

namespace mb::markdown {

// Mean and spread of one figure over the simulated seasons.
struct SimulatedFigure {
    double mean = 0.0;
    double standardError = 0.0;
    double p10 = 0.0;
    double p90 = 0.0;
};

struct MarkdownSimulation {
    int seasons = 0;
    SimulatedFigure objective;  // revenue or margin, plus salvage, minus the shortfall penalty
    SimulatedFigure revenue;
    SimulatedFigure margin;
    SimulatedFigure units;
    SimulatedFigure leftover;
    SimulatedFigure sellThrough;
};

// Plays the policy through `seasons` seasons of random demand drawn from the same truncated
// distributions the optimiser uses; the same seed gives the same figures on every machine.
MarkdownSimulation simulatePolicy(const MarkdownPolicy& policy, int seasons, std::uint64_t seed,
                                  ProgressToken* progress = nullptr);

}  // namespace mb::markdown
