#pragma once

#include "demand/DemandModel.h"
#include "markdown/MarkdownProblem.h"

#include <cstdint>
#include <limits>
#include <vector>

namespace mb::demand {

// The conditions of one future (or past) week of one member of a model.
struct DemandScenario {
    std::int64_t julianDay = 0;
    double priceRatio = 1.0;  // price / regular price
    bool feature = false;
    bool display = false;
    bool tpr = false;
    double lifeWeeks = -1.0;  // weeks since launch; negative: counted from the member's last launch
    bool shrunkElasticity = false;  // plan with the empirical-Bayes elasticity
    // The model's seasonality on julianDay when the caller already has it (the fit, from its
    // table of days); NaN: computed from the day.
    double seasonLogEffect = std::numeric_limits<double>::quiet_NaN();
    // log(priceRatio) when the caller already has it (the fit takes it once per week); NaN:
    // taken here.
    double logPriceRatio = std::numeric_limits<double>::quiet_NaN();
};

// Expected units: exp(linear predictor) times Duan's smearing factor times the share of weeks
// that sell at all (zero weeks are outside the log fit). NaN when the model was not fitted.
double expectedUnits(const DemandModel& model, int member, const DemandScenario& scenario);

// Central prediction interval of weekly units: Poisson, or negative binomial when the Pearson
// residuals show over-dispersion (quantiles from Boost.Math).
struct UnitsInterval {
    double mean = kNotEstimated;
    double low = kNotEstimated;
    double high = kNotEstimated;
};
UnitsInterval unitsInterval(const DemandModel& model, int member, const DemandScenario& scenario,
                            double coverage = 0.8);

// What the markdown optimiser needs: mean[week][step] for each future week (Julian days) at each
// ladder price ratio, with no promotion flags, and the fitted distribution and dispersion.
markdown::WeeklyDemand weeklyDemand(const DemandModel& model, int member,
                                    const std::vector<double>& ladder,
                                    const std::vector<std::int64_t>& weekDays,
                                    bool shrunkElasticity = true);

}  // namespace mb::demand
