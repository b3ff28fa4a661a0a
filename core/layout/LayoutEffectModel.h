#pragma once

#include <QString>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::layout {

// One ordered category pair (a, b) in one store while one placement held there.
struct AttachObservation {
    int pair = 0;                  // index of the ordered pair (a, b)
    int store = 0;                 // index of the store, also its cluster
    double metres = 0.0;           // shortest walk between the zones of a and b then
    double basketsWithA = 0.0;     // the offset's baskets, > 0
    double basketsWithBoth = 0.0;  // co-purchases: baskets holding a and b
};

// The fit of
//   basketsWithBoth ~ Poisson(basketsWithA * exp(alpha_pair + gamma_store + beta * metres / 10))
// by Newton's method (IRLS) with the pair effects profiled out exactly (their block of the
// information matrix is diagonal, so each step solves only a stores + 1 system). The interval
// of beta respects the clustering by store: with three stores or more, its standard error is the
// leave-one-store-out jackknife (CV3), sqrt((G - 1) / G * sum (beta_-g - mean)^2), with Student's
// t on G - 1 degrees of freedom, because the CR1 sandwich (also reported) is too small with as
// few clusters as a chain has stores (MacKinnon, Nielsen and Webb, "Cluster-robust inference: A
// guide to empirical practice", J. Econometrics 2023, sections 3.3-4.1). With two stores, or
// more than 200 (enough clusters for it, and the jackknife would refit each time), the CR1
// sandwich is used; with one store the observations are the clusters (heteroskedasticity-
// robust) and the normal quantile is used.
struct AttachFit {
    double beta = 0.0;                    // per 10 m farther apart, log scale
    double standardError = 0.0;           // of beta: what the interval uses
    double sandwichStandardError = 0.0;   // CR1, G / (G - 1)
    double jackknifeStandardError = 0.0;  // CV3; 0 when not computed
    double modelStandardError = 0.0;      // from the Poisson information alone
    double ratePer10m = 1.0;              // exp(-beta): attach rates when the zones are 10 m closer
    double ciLow = 1.0;                   // 95% interval of ratePer10m
    double ciHigh = 1.0;
    std::vector<double> pairEffect;  // exp(alpha) per pair; 0 for a pair never bought together
    std::vector<double> fitted;      // expected co-purchases per observation
    int iterations = 0;
    int clusters = 0;
    bool clusteredByStore = true;  // else by observation (one store)
};

// Throws mb::Error when beta cannot be identified: once the pair and store effects are taken
// out, no observation's distance differs from the rest (one store and no layout change, or
// every store placing every pair the same distance apart). `what` says which stores and
// periods were read, for that message.
AttachFit fitAttachRates(const std::vector<AttachObservation>& observations, int pairs, int stores,
                         const QString& what, ProgressToken* progress = nullptr);

}  // namespace mb::layout
