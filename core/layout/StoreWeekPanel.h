#pragma once

#include <vector>

namespace mb::layout {

// One store in one week of a layout test: a measure's value (a share, a basket value, sales).
// Store-weeks without baskets are absent, so a panel may be unbalanced.
struct StoreWeekValue {
    int store = 0;  // index into the test's stores
    int week = 0;   // index from the first week of the window
    double value = 0.0;
};

// v (one value per store-week of `cells`) less its least-squares projection on store and week
// effects. Throws mb::Error when the alternating projections do not converge.
std::vector<double> withoutFixedEffects(std::vector<double> v,
                                        const std::vector<StoreWeekValue>& cells, int stores,
                                        int weeks);

// The coefficient of one regressor in a regression of the values on store and week fixed
// effects, with a variance clustered by store (every week of a store is one cluster).
struct ClusteredCoefficient {
    double estimate = 0.0;
    double standardError = 0.0;
    int clusters = 0;          // stores with at least one value
    int cells = 0;             // store-weeks
    int degreesOfFreedom = 0;  // clusters - 1: the t reference of the interval
    // The two-sided interval at `confidence` from Student's t with degreesOfFreedom, and the
    // p-value of "the coefficient is 0".
    double low = 0.0;
    double high = 0.0;
    double pValue = 1.0;
};

// Fits value[s,w] = store[s] + week[w] + b * regressor[s,w] + e by least squares and returns b
// with its store-clustered interval. The fixed effects are swept out by alternating projections
// (Frisch-Waugh-Lovell; Guimaraes and Portugal 2010, "A simple feasible procedure to fit models
// with high-dimensional fixed effects"), so memory is linear in the store-weeks, whatever the
// number of stores. The variance is the cluster-robust sandwich with the CR1 factor
// G/(G-1) * (N-1)/(N-K), K counting the week effects and b (the store effects are nested in
// the clusters, as Cameron and Miller 2015, section VI.B, advise). Throws mb::Error when b is not
// identified (the regressor does not vary once the fixed effects are removed) or there are
// fewer than two stores.
ClusteredCoefficient fixedEffectsCoefficient(const std::vector<StoreWeekValue>& values,
                                             const std::vector<double>& regressor, int stores,
                                             int weeks, double confidence);

}  // namespace mb::layout
