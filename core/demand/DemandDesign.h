#pragma once

#include "demand/DemandModel.h"
#include "demand/SalesHistory.h"

#include <vector>

namespace mb::demand {

// The columns of the demand regression, in this order: log(price / regular price), feature,
// display, tpr, then weeks since launch when lifecycle is on, then sine and cosine per harmonic
// when the model estimates its own seasonality.
struct DemandDesign {
    bool lifecycle = true;
    int harmonics = 0;  // own seasonality; 0 when none or borrowed

    int columns() const { return 4 + (lifecycle ? 1 : 0) + 2 * harmonics; }
    int lifecycleColumn() const { return 4; }
    int firstSeasonColumn() const { return 4 + (lifecycle ? 1 : 0); }
    void fillRow(const WeekSale& week, double weeksSinceLaunch, double* row) const;
};

// Weeks since the start of each week's life: a gap of more than gapWeeks without sales starts a
// new life, so a seasonal product relaunched every year restarts at 0.
std::vector<double> lifeWeeks(const std::vector<WeekSale>& weeks, int gapWeeks,
                              std::int64_t* lastLifeStart);

// sin(k a), cos(k a) for k = 1..harmonics with a = 2 pi (day of year - 1) / 365.25.
void fourierTerms(std::int64_t julianDay, int harmonics, double* out);

}  // namespace mb::demand
