#pragma once

#include "targeting/UpliftMetrics.h"

#include <cstdint>

namespace mb {
class ProgressToken;
}

namespace mb::targeting {

struct BootstrapSettings {
    int replicates = 200;
    std::uint64_t seed = 1;
    double level = 0.95;  // central interval
    TopK k;
    TopKStrategy strategy = TopKStrategy::Overall;
    bool negativeEffect = true;
};

// Percentile interval over the replicates whose value is finite (a replicate can leave the
// top k without a control customer, for example); NaN bounds when none is.
struct Interval {
    double lower = 0.0;
    double upper = 0.0;
    int replicatesUsed = 0;
};

struct BootstrapIntervals {
    Interval qiniAuc;
    Interval upliftAuc;
    Interval upliftAtK;
    Interval effect;
    bool cancelled = false;
};

// Resamples customers with replacement within each arm (the arm sizes of a designed test are
// fixed), recomputes every metric per replicate, and takes the percentile interval (linear
// interpolation between order statistics, numpy's default). Same seed, same intervals.
BootstrapIntervals bootstrapIntervals(const ScoredCampaign& campaign,
                                      const BootstrapSettings& settings,
                                      ProgressToken* progress = nullptr);

// The q-quantile of values (sorted in place) by linear interpolation; NaN when empty.
double interpolatedQuantile(std::vector<double>& values, double q);

}  // namespace mb::targeting
