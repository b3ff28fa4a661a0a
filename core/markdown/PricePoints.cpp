#include "markdown/PricePoints.h"

#include <algorithm>
#include <cmath>

namespace mb::markdown {

qint64 onPriceEnding(double ladderPrice, const std::vector<int>& endingCents) {
    // Floating-point products of a price and a multiplier land a hair under whole cents.
    const auto cents = static_cast<qint64>(std::floor(ladderPrice * 100.0 + 1e-3));
    const qint64 whole = cents / 100, part = cents % 100;
    qint64 best = 0;
    for (const int ending : endingCents) {
        // The same whole amount when the ending fits under the cents, else one lower.
        const qint64 candidate = (ending <= part ? whole : whole - 1) * 100 + ending;
        if (candidate > 0)
            best = std::max(best, candidate);
    }
    return best;
}

std::vector<double> pricePointTable(double regularPrice, const std::vector<double>& ladder,
                                    const std::vector<int>& endingCents) {
    std::vector<double> prices;
    prices.reserve(ladder.size());
    for (const double multiplier : ladder) {
        const double ladderPrice = regularPrice * multiplier;
        if (endingCents.empty() || multiplier >= 1.0)
            prices.push_back(ladderPrice);
        else
            prices.push_back(double(onPriceEnding(ladderPrice, endingCents)) / 100.0);
    }
    return prices;
}

void setPricePoints(MarkdownProblem& problem) {
    if (problem.rules.priceEndingCents.empty())
        problem.prices.clear();
    else
        problem.prices =
            pricePointTable(problem.regularPrice, problem.ladder, problem.rules.priceEndingCents);
}

}  // namespace mb::markdown
