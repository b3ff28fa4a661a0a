#include "layout/StoreWeekPanel.h"

#include "common/Error.h"

#include <QString>
#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <numeric>

namespace mb::layout {

namespace {

// Alternating projections stop when no store's or week's mean is further from 0 than this,
// relative to the largest value; a panel that takes more sweeps than the cap is refused, never
// fitted half-way.
constexpr double kTolerance = 1e-13;
constexpr int kMaxSweeps = 100000;

// Subtracts the mean of each group (store or week) from its cells; returns the largest mean.
double sweepGroup(std::vector<double>& v, const std::vector<StoreWeekValue>& cells, bool byStore,
                  int groups, const std::vector<double>& groupSize) {
    std::vector<double> sum(static_cast<std::size_t>(groups), 0.0);
    for (std::size_t i = 0; i < cells.size(); ++i)
        sum[static_cast<std::size_t>(byStore ? cells[i].store : cells[i].week)] += v[i];
    double largest = 0.0;
    for (int g = 0; g < groups; ++g) {
        const auto index = static_cast<std::size_t>(g);
        if (groupSize[index] > 0) {
            sum[index] /= groupSize[index];
            largest = std::max(largest, std::abs(sum[index]));
        }
    }
    for (std::size_t i = 0; i < cells.size(); ++i)
        v[i] -= sum[static_cast<std::size_t>(byStore ? cells[i].store : cells[i].week)];
    return largest;
}

}  // namespace

std::vector<double> withoutFixedEffects(std::vector<double> v,
                                        const std::vector<StoreWeekValue>& cells, int stores,
                                        int weeks) {
    std::vector<double> storeSize(static_cast<std::size_t>(stores), 0.0);
    std::vector<double> weekSize(static_cast<std::size_t>(weeks), 0.0);
    for (const StoreWeekValue& cell : cells) {
        storeSize[static_cast<std::size_t>(cell.store)] += 1.0;
        weekSize[static_cast<std::size_t>(cell.week)] += 1.0;
    }
    double scale = 0.0;
    for (const double value : v)
        scale = std::max(scale, std::abs(value));
    const double tolerance = kTolerance * std::max(1.0, scale);
    for (int sweep = 0; sweep < kMaxSweeps; ++sweep) {
        const double storeMean = sweepGroup(v, cells, true, stores, storeSize);
        const double weekMean = sweepGroup(v, cells, false, weeks, weekSize);
        if (std::max(storeMean, weekMean) <= tolerance)
            return v;
    }
    throw Error(QStringLiteral("layout test: the store and week effects did not converge in %1 "
                               "sweeps (the stores' weeks barely overlap)")
                    .arg(kMaxSweeps));
}

ClusteredCoefficient fixedEffectsCoefficient(const std::vector<StoreWeekValue>& values,
                                             const std::vector<double>& regressor, int stores,
                                             int weeks, double confidence) {
    if (regressor.size() != values.size())
        throw Error(QStringLiteral("layout test: one regressor value per store-week expected"));
    std::vector<double> y(values.size());
    std::vector<bool> storeSeen(static_cast<std::size_t>(stores), false);
    std::vector<bool> weekSeen(static_cast<std::size_t>(weeks), false);
    for (std::size_t i = 0; i < values.size(); ++i) {
        y[i] = values[i].value;
        storeSeen[static_cast<std::size_t>(values[i].store)] = true;
        weekSeen[static_cast<std::size_t>(values[i].week)] = true;
    }
    ClusteredCoefficient result;
    result.clusters = static_cast<int>(std::count(storeSeen.begin(), storeSeen.end(), true));
    result.cells = static_cast<int>(values.size());
    const int usedWeeks = static_cast<int>(std::count(weekSeen.begin(), weekSeen.end(), true));
    if (result.clusters < 2)
        throw Error(QStringLiteral("layout test: %1 store(s) with baskets; a store-clustered "
                                   "interval needs at least two")
                        .arg(result.clusters));
    const std::vector<double> x = withoutFixedEffects(regressor, values, stores, weeks);
    const std::vector<double> yt = withoutFixedEffects(std::move(y), values, stores, weeks);
    const double xx = std::inner_product(x.begin(), x.end(), x.begin(), 0.0);
    const double xy = std::inner_product(x.begin(), x.end(), yt.begin(), 0.0);
    const double rawXX =
        std::inner_product(regressor.begin(), regressor.end(), regressor.begin(), 0.0);
    if (!(xx > 1e-12 * std::max(1.0, rawXX)))
        throw Error(
            QStringLiteral("layout test: the change is not identified: it does not vary "
                           "once store and week effects are taken out (do the changed and "
                           "the control stores both have weeks before and after?)"));
    result.estimate = xy / xx;
    // Each store's score sum_w x*e: the sandwich's meat, one term per cluster.
    std::vector<double> score(static_cast<std::size_t>(stores), 0.0);
    for (std::size_t i = 0; i < x.size(); ++i)
        score[static_cast<std::size_t>(values[i].store)] += x[i] * (yt[i] - result.estimate * x[i]);
    double meat = 0.0;
    for (const double s : score)
        meat += s * s;
    const double n = static_cast<double>(result.cells);
    const double k = static_cast<double>(usedWeeks);  // week effects less one, plus b
    const double g = static_cast<double>(result.clusters);
    if (n - k < 1.0)
        throw Error(QStringLiteral("layout test: %1 store-weeks are too few for %2 weeks' effects")
                        .arg(result.cells)
                        .arg(usedWeeks));
    const double factor = g / (g - 1.0) * (n - 1.0) / (n - k);
    result.standardError = std::sqrt(factor * meat) / xx;
    result.degreesOfFreedom = result.clusters - 1;
    const boost::math::students_t t(result.degreesOfFreedom);
    if (result.standardError > 0.0) {
        const double quantile =
            boost::math::quantile(boost::math::complement(t, (1.0 - confidence) / 2.0));
        result.low = result.estimate - quantile * result.standardError;
        result.high = result.estimate + quantile * result.standardError;
        result.pValue = 2.0 * boost::math::cdf(boost::math::complement(
                                  t, std::abs(result.estimate) / result.standardError));
    } else {
        result.low = result.high = result.estimate;
        result.pValue = result.estimate == 0.0 ? 1.0 : 0.0;
    }
    return result;
}

}  // namespace mb::layout
