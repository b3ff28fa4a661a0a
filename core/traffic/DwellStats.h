#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace mb::traffic {

// Lower edges of the dwell histogram's bins, in seconds; the last bin is open-ended.
constexpr std::array<double, 7> kDwellBinEdges{0, 15, 30, 60, 120, 300, 600};

struct DwellStats {
    std::int64_t count = 0;  // visits whose dwell is known
    double mean = 0.0;       // NaN when count is 0
    double median = 0.0;     // NaN when not known (no visits, or only hourly means were counted)
    double p90 = 0.0;
    std::array<std::int64_t, kDwellBinEdges.size()> histogram{};  // visits per bin
};

// Mean, median, 90th percentile and histogram of individual dwell times (seconds). Quantiles
// interpolate between order statistics: Hyndman and Fan (1996), definition 7, R's default.
DwellStats describeDwell(std::vector<double> seconds);

// The p-quantile (0 <= p <= 1) of sorted values by the same definition; NaN when empty.
double sortedQuantile(const std::vector<double>& sorted, double p);

// Bin of a dwell time in kDwellBinEdges (negative times fall in the first bin).
int dwellBin(double seconds);

}  // namespace mb::traffic
