#include "demand/ElasticityShrinkage.h"

#include <algorithm>
#include <cmath>

namespace mb::demand {

namespace {

bool usable(double estimate, double standardError) {
    return std::isfinite(estimate) && std::isfinite(standardError) && standardError > 0.0;
}

}  // namespace

Shrinkage shrinkTowardGroupMeans(const std::vector<double>& estimate,
                                 const std::vector<double>& standardError,
                                 const std::vector<int>& group, int groups) {
    const std::size_t n = estimate.size();
    Shrinkage result;
    result.shrunk = estimate;
    result.weight.assign(n, 0.0);
    result.groups.assign(static_cast<std::size_t>(groups), {});

    // Fixed-effect (inverse-variance) sums per group, for Q.
    std::vector<double> s1(groups, 0.0), s2(groups, 0.0), sb(groups, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        if (!usable(estimate[i], standardError[i]))
            continue;
        const double w = 1.0 / (standardError[i] * standardError[i]);
        s1[group[i]] += w;
        s2[group[i]] += w * w;
        sb[group[i]] += w * estimate[i];
        ++result.groups[group[i]].members;
    }
    std::vector<double> q(groups, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        if (!usable(estimate[i], standardError[i]))
            continue;
        const double w = 1.0 / (standardError[i] * standardError[i]);
        const double deviation = estimate[i] - sb[group[i]] / s1[group[i]];
        q[group[i]] += w * deviation * deviation;
    }
    for (int g = 0; g < groups; ++g) {
        ShrinkageGroup& summary = result.groups[static_cast<std::size_t>(g)];
        if (summary.members < 2)
            continue;
        const double denominator = s1[g] - s2[g] / s1[g];
        summary.tau2 =
            denominator > 0.0 ? std::max(0.0, (q[g] - (summary.members - 1)) / denominator) : 0.0;
    }
    // Random-effects means.
    std::vector<double> w1(groups, 0.0), wb(groups, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        if (!usable(estimate[i], standardError[i]))
            continue;
        const double w = 1.0 / (standardError[i] * standardError[i] + result.groups[group[i]].tau2);
        w1[group[i]] += w;
        wb[group[i]] += w * estimate[i];
    }
    for (int g = 0; g < groups; ++g) {
        if (w1[g] > 0.0) {
            result.groups[g].mean = wb[g] / w1[g];
            result.groups[g].meanStandardError = std::sqrt(1.0 / w1[g]);
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        const ShrinkageGroup& summary = result.groups[group[i]];
        if (!usable(estimate[i], standardError[i]) || summary.members < 2)
            continue;
        const double variance = standardError[i] * standardError[i];
        const double b = variance / (variance + summary.tau2);
        result.weight[i] = b;
        result.shrunk[i] = (1.0 - b) * estimate[i] + b * summary.mean;
    }
    return result;
}

}  // namespace mb::demand
