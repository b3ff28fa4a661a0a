#include "traffic/DwellStats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace mb::traffic {

double sortedQuantile(const std::vector<double>& sorted, double p) {
    if (sorted.empty())
        return std::numeric_limits<double>::quiet_NaN();
    const double h = (double(sorted.size()) - 1.0) * std::clamp(p, 0.0, 1.0);
    const std::size_t low = static_cast<std::size_t>(std::floor(h));
    const std::size_t high = std::min(low + 1, sorted.size() - 1);
    return sorted[low] + (h - double(low)) * (sorted[high] - sorted[low]);
}

int dwellBin(double seconds) {
    int bin = 0;
    for (std::size_t b = 1; b < kDwellBinEdges.size(); ++b) {
        if (seconds >= kDwellBinEdges[b])
            bin = static_cast<int>(b);
    }
    return bin;
}

DwellStats describeDwell(std::vector<double> seconds) {
    DwellStats stats;
    stats.count = static_cast<std::int64_t>(seconds.size());
    if (seconds.empty()) {
        stats.mean = stats.median = stats.p90 = std::numeric_limits<double>::quiet_NaN();
        return stats;
    }
    std::sort(seconds.begin(), seconds.end());
    stats.mean = std::accumulate(seconds.begin(), seconds.end(), 0.0) / double(seconds.size());
    stats.median = sortedQuantile(seconds, 0.5);
    stats.p90 = sortedQuantile(seconds, 0.9);
    for (const double value : seconds) {
        ++stats.histogram[dwellBin(value)];
    }
    return stats;
}

}  // namespace mb::traffic
