#pragma once

#include "demand/DemandOptions.h"

#include <QString>
#include <cstdint>
#include <limits>
#include <vector>

namespace mb::demand {

constexpr double kNotEstimated = std::numeric_limits<double>::quiet_NaN();

struct Coefficient {
    double value = kNotEstimated;  // on the log-units scale
    double standardError = kNotEstimated;
};

// Yearly seasonality as Fourier pairs on the day of the year, in log units.
struct SeasonalProfile {
    enum class Source { None, Own, Category };
    Source source = Source::None;
    std::vector<double> sine, cosine;  // one per harmonic
    double logEffect(std::int64_t julianDay) const;
};

// One series (product in store) inside a model, with its own intercept.
struct DemandMember {
    int series = -1;  // index into the SalesHistory the fit was made from
    QString product;
    QString store;
    double intercept = kNotEstimated;
    std::int64_t lifeStartDay = 0;  // first week of the series' current life, for lifecycle age
    std::int64_t lastDay = 0;
    // The intercept of each life of the series, oldest first (one when lifecycle is off); NaN
    // for a life with no week in the fit. `intercept` is the latest life's that has one: it
    // speaks for the future, these explain the past (DemandFitted.h).
    std::vector<double> lifeIntercepts;
};

// One fitted demand model: log(units) = intercept(member) + elasticity * log(price / regular)
//   + feature + display + tpr + lifecycle * weeks since launch + seasonality(day of year).
struct DemandModel {
    QString product;  // empty at category level
    QString store;    // empty when stores are pooled
    QString category;
    bool fitted = false;
    QString problem;  // why not, when not fitted
    std::vector<DemandMember> members;

    // Its standard error is clustered by store when the model pools stores (`clusters` > 1),
    // so the shrinkage weighs it by what the stores really tell; the classical one beside it.
    Coefficient elasticity;
    double elasticityClassicalSe = kNotEstimated;
    int clusters = 0;  // stores the standard errors are clustered by; 0: classical
    Coefficient featureLift;
    Coefficient displayLift;
    Coefficient tprLift;
    Coefficient lifecyclePerWeek;
    SeasonalProfile season;

    // Empirical-Bayes estimate and the share of the way it moved to its group's mean.
    double elasticityShrunk = kNotEstimated;
    double shrinkageWeight = kNotEstimated;

    int observations = 0;  // weeks in the fit: those that sold (least squares) or all (Poisson)
    int zeroWeeks = 0;     // weeks with no units
    // Weeks that sold out (StockOuts.h), fitted as censored: demand at least the units sold.
    int censoredWeeks = 0;
    // Within R^2 after the member intercepts; for Poisson the share of their deviance explained.
    double r2 = kNotEstimated;
    double residualVariance = kNotEstimated;
    // Least squares only (1 for Poisson): Duan's retransformation factor, mean of exp(residual),
    // and the share of weeks with units > 0.
    double smearing = 1.0;
    double positiveShare = 1.0;
    double pearsonDispersion = kNotEstimated;  // Pearson chi^2 / df against the Poisson
    double negativeBinomialSize = std::numeric_limits<double>::infinity();  // inf: Poisson
    double wapeHoldout = kNotEstimated;
    int holdoutWeeks = 0;
    QString holdoutProblem;  // why wapeHoldout could not be computed when a holdout was asked for
};

}  // namespace mb::demand
