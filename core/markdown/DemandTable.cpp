#include "markdown/DemandTable.h"

#include <boost/math/distributions/negative_binomial.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <cmath>

namespace mb::markdown {

namespace {

// Fills pmf[0..n-1] and survival[0..n] (survival[x] = P(D >= x)) for one distribution. The
// survival is built upward from Boost's tail at n by adding positive terms, which keeps it
// accurate far into the tail and costs one distribution-function call instead of n.
template <class Distribution>
void fill(const Distribution& distribution, int n, double* pmf, double* survival) {
    for (int d = 0; d < n; ++d)
        pmf[d] = boost::math::pdf(distribution, d);
    survival[n] = n == 0 ? 1.0 : boost::math::cdf(boost::math::complement(distribution, n - 1));
    for (int x = n - 1; x >= 0; --x)
        survival[x] = survival[x + 1] + pmf[x];
    // Rounding can leave survival[0] a hair off 1; scale so each row sums to 1 exactly enough.
    const double total = survival[0];
    for (int x = 0; x <= n; ++x)
        survival[x] /= total;
    for (int d = 0; d < n; ++d)
        pmf[d] /= total;
}

}  // namespace

DemandTable::DemandTable(const MarkdownProblem& problem)
    : steps_(static_cast<int>(problem.ladder.size())), units_(problem.inventory) {
    const size_t size = size_t(problem.weeks) * size_t(steps_) * size_t(units_ + 1);
    probability_.assign(size, 0.0);
    atLeast_.assign(size, 0.0);
    expectedSales_.assign(size, 0.0);
    cumulative_.assign(size, 0.0);
    const int n = units_;
    for (int t = 0; t < problem.weeks; ++t) {
        for (int k = 0; k < steps_; ++k) {
            const size_t base = row(t, k);
            double* pmf = &probability_[base];
            double* survival = &atLeast_[base];
            const double mean = problem.demand.mean[size_t(t)][size_t(k)];
            if (problem.demand.distribution == DemandDistribution::Deterministic || mean <= 0.0) {
                // Deterministic demand is the mean rounded to whole units (Boost needs mean > 0).
                const double units = mean <= 0.0 ? 0.0 : std::round(mean);
                for (int d = 0; d < n; ++d)
                    pmf[d] = units == d ? 1.0 : 0.0;
                for (int x = 0; x <= n; ++x)
                    survival[x] = units >= x ? 1.0 : 0.0;
            } else if (problem.demand.distribution == DemandDistribution::Poisson) {
                fill(boost::math::poisson_distribution<double>(mean), n, pmf, survival);
            } else {
                // Boost counts failures before r successes: r = k, p = k / (k + m) gives mean m
                // and variance m + m^2 / k.
                const double dispersion = problem.demand.dispersion;
                fill(boost::math::negative_binomial_distribution<double>(
                         dispersion, dispersion / (dispersion + mean)),
                     n, pmf, survival);
            }
            // The last bucket takes the whole tail so the row sums to 1.
            pmf[n] = survival[n];
            double* sales = &expectedSales_[base];
            double* below = &cumulative_[base];
            double partial = 0.0, cumulative = 0.0;
            for (int x = 0; x <= n; ++x) {
                sales[x] = partial + x * survival[x];
                if (x < n) {
                    partial += x * pmf[x];
                    cumulative += pmf[x];
                    below[x] = cumulative;
                }
            }
            below[n] = 1.0;
        }
    }
}

}  // namespace mb::markdown
