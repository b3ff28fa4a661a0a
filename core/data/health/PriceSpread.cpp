#include "data/HealthReport.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace mb::data {

namespace {

// Leys et al. (2013), "Detecting outliers: Do not use standard deviation around the mean, use
// absolute deviation around the median", J. Exp. Soc. Psychol. 49(4): 1.4826 x MAD, 3 of them.
constexpr double kMadScale = 1.4826;
constexpr double kOutlierMads = 3.0;
constexpr double kOutlierShare = 0.5;

// Reorders the values; the mean of the two middle values when their number is even.
double median(std::vector<double>& values) {
    const size_t half = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(half),
                     values.end());
    const double upper = values[half];
    if (values.size() % 2 == 1)
        return upper;
    const double lower =
        *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(half));
    return (lower + upper) / 2;
}

}  // namespace

PriceSpread priceSpread(std::vector<double> prices) {
    PriceSpread spread;
    if (prices.empty())
        return spread;
    spread.median = median(prices);
    for (double& price : prices)
        price = std::abs(price - spread.median);
    spread.scaledMad = kMadScale * median(prices);
    return spread;
}

bool isPriceOutlier(double price, const PriceSpread& spread) {
    const double distance = std::abs(price - spread.median);
    return spread.median > 0 && distance > kOutlierMads * spread.scaledMad &&
           distance > kOutlierShare * spread.median;
}

}  // namespace mb::data
