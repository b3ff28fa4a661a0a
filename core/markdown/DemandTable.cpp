#include "markdown/DemandTable.h"

#include <algorithm>
#include <cmath>

namespace mb::markdown {

namespace {

// Fills pmf[0..n-1] and survival[0..n] (survival[x] = P(D >= x)) from the probability mass
// function given on the log scale at the mode and the ratio pmf(d + 1) / pmf(d): the recurrence
// is as accurate as calling a library per unit and far cheaper (the planner fills millions).
// Terms below 1e-300 of the mode are zero; the tail beyond n is summed until it stops mattering.
template <class LogPmf, class Ratio>
void fillByRecurrence(int n, double mode, LogPmf logPmf, Ratio ratio, double* pmf,
                      double* survival) {
    const int top = static_cast<int>(std::floor(mode));
    double tail = 0.0;
    if (n > 0 && top < n) {
        pmf[top] = std::exp(logPmf(top));
        for (int d = top; d + 1 < n; ++d)
            pmf[d + 1] = pmf[d] * ratio(d);
        for (int d = top - 1; d >= 0; --d)
            pmf[d] = pmf[d + 1] / ratio(d);
        // Past the mode the terms fall, so the tail sums until they no longer count.
        double term = pmf[n - 1] * ratio(n - 1);
        for (int d = n; term > 1e-300 && term > 1e-18 * tail; ++d) {
            tail += term;
            term *= ratio(d);
        }
    } else if (n > 0) {
        // The stock is below the mode: fill downward from the last unit below the stock.
        pmf[n - 1] = std::exp(logPmf(n - 1));
        for (int d = n - 2; d >= 0; --d)
            pmf[d] = pmf[d + 1] / ratio(d);
        double below = 0.0;
        for (int d = 0; d < n; ++d)
            below += pmf[d];
        tail = std::max(0.0, 1.0 - below);
    } else {
        tail = 1.0;
    }
    survival[n] = tail;
    for (int x = n - 1; x >= 0; --x)
        survival[x] = survival[x + 1] + pmf[x];
    // Rounding leaves survival[0] a hair off 1; scale so each row sums to 1 exactly enough.
    const double total = survival[0];
    for (int x = 0; x <= n; ++x)
        survival[x] /= total;
    for (int d = 0; d < n; ++d)
        pmf[d] /= total;
}

void fillPoisson(double mean, int n, double* pmf, double* survival) {
    fillByRecurrence(
        n, mean, [mean](int d) { return -mean + d * std::log(mean) - std::lgamma(d + 1.0); },
        [mean](int d) { return mean / (d + 1.0); }, pmf, survival);
}

// Size r, mean m: P(D = d) = C(d + r - 1, d) p^r (1 - p)^d with p = r / (r + m).
void fillNegativeBinomial(double mean, double size, int n, double* pmf, double* survival) {
    const double p = size / (size + mean);
    const double mode = size > 1.0 ? (size - 1.0) * (1.0 - p) / p : 0.0;
    fillByRecurrence(
        n, mode,
        [=](int d) {
            return std::lgamma(d + size) - std::lgamma(size) - std::lgamma(d + 1.0) +
                   size * std::log(p) + d * std::log1p(-p);
        },
        [=](int d) { return (d + size) / (d + 1.0) * (1.0 - p); }, pmf, survival);
}

}  // namespace

DemandTable::DemandTable(const MarkdownProblem& problem)
    : steps_(static_cast<int>(problem.ladder.size())), units_(problem.inventory) {
    const size_t size = size_t(problem.weeks) * size_t(steps_) * size_t(units_ + 1);
    table_.resize(4 * size);
    first_.assign(size_t(problem.weeks) * size_t(steps_), 0);
    end_.assign(size_t(problem.weeks) * size_t(steps_), 0);
    const int n = units_;
    for (int t = 0; t < problem.weeks; ++t) {
        for (int k = 0; k < steps_; ++k) {
            const size_t base = row(t, k);
            double* pmf = &table_[base];
            double* survival = pmf + stride();
            const double mean = problem.demand.mean[size_t(t)][size_t(k)];
            if (problem.demand.distribution == DemandDistribution::Deterministic || mean <= 0.0) {
                // Deterministic demand is the mean rounded to whole units (Boost needs mean > 0).
                const double units = mean <= 0.0 ? 0.0 : std::round(mean);
                for (int d = 0; d < n; ++d)
                    pmf[d] = units == d ? 1.0 : 0.0;
                for (int x = 0; x <= n; ++x)
                    survival[x] = units >= x ? 1.0 : 0.0;
            } else if (problem.demand.distribution == DemandDistribution::Poisson) {
                fillPoisson(mean, n, pmf, survival);
            } else {
                // Variance m + m^2 / k for dispersion k.
                fillNegativeBinomial(mean, problem.demand.dispersion, n, pmf, survival);
            }
            // The last bucket takes the whole tail so the row sums to 1.
            pmf[n] = survival[n];
            double* sales = pmf + 2 * stride();
            double* below = pmf + 3 * stride();
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
            // Mass this small changes no expectation beyond the 16th significant digit.
            constexpr double negligible = 1e-17;
            int first = 0;
            while (first < n && below[first] < negligible && pmf[first] < negligible)
                ++first;
            int end = n;
            while (end > first && survival[end - 1] < negligible)
                --end;
            first_[size_t(t) * size_t(steps_) + size_t(k)] = first;
            end_[size_t(t) * size_t(steps_) + size_t(k)] = end;
        }
    }
}

}  // namespace mb::markdown
