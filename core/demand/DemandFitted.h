#pragma once

#include "demand/DemandModel.h"
#include "demand/SalesHistory.h"

#include <cstdint>
#include <vector>

namespace mb::demand {

// One past week of a series as its model explains it.
struct FittedWeek {
    std::int64_t day = 0;  // Julian day of the week's date
    double actualUnits = 0.0;
    // Expected units under the week's own price, promotions, age and season, with the intercept
    // of the life the week belongs to; NaN when the model was not fitted or that life had no
    // week in the fit.
    double fittedUnits = kNotEstimated;
    double price = 0.0;
    double regularPrice = 0.0;
    bool heldOut = false;  // among the last holdoutWeeks weeks the holdout WAPE scores
};

// The fitted against the actual units of every week of `series`, which must be the history
// series of model.members[member] (same weeks, oldest first). The coefficients are the final
// fit's, made on all weeks; heldOut only marks the weeks the separate holdout fit left out.
std::vector<FittedWeek> fittedWeeks(const DemandModel& model, int member, const SalesSeries& series,
                                    const DemandOptions& options);

// The multiplier of units the yearly seasonality gives each week of the year (1..52, the
// week's middle day), exp of the profile's log effect: 1.2 sells 20% above the year's level.
// All ones when the model has no seasonality.
std::vector<double> seasonalIndexByWeek(const SeasonalProfile& season);

// The normal-approximation confidence interval of a coefficient, value -/+ z * standard error
// (z = 1.96 for 95%); NaN ends when either is not estimated.
struct CoefficientInterval {
    double low = kNotEstimated;
    double high = kNotEstimated;
    // True when zero lies inside: the data cannot tell the effect apart from none.
    bool includesZero() const { return low <= 0.0 && high >= 0.0; }
};
CoefficientInterval confidenceInterval(const Coefficient& coefficient, double coverage = 0.95);

// Weeks of a series sold below its regular price: an elasticity rests on these.
int weeksBelowRegularPrice(const SalesSeries& series);

}  // namespace mb::demand
