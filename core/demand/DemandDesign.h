#pragma once

#include "demand/DemandModel.h"
#include "demand/SalesHistory.h"

#include <vector>

namespace mb::demand {

// The Fourier terms of every day from the first to the last of a history, computed once: the same
// weeks recur in every series of a chain, and a fit reads them once per pass.
class FourierTable {
public:
    FourierTable() = default;
    // Empty (every lookup computes) when harmonics is 0 or the days span more than maxDays.
    FourierTable(const std::vector<std::int64_t>& days, int harmonics, std::int64_t maxDays);
    // The 2 * harmonics terms of the day, or null when the table does not hold it.
    const double* terms(std::int64_t julianDay) const;
    int harmonics() const { return harmonics_; }

private:
    int harmonics_ = 0;
    std::int64_t first_ = 0;
    std::vector<double> terms_;
    std::vector<char> present_;
};

// The columns of the demand regression, in this order: log(price / regular price), feature,
// display, tpr, then weeks since launch when lifecycle is on, then sine and cosine per harmonic
// when the model estimates its own seasonality.
struct DemandDesign {
    bool lifecycle = true;
    int harmonics = 0;                      // own seasonality; 0 when none or borrowed
    const FourierTable* fourier = nullptr;  // precomputed terms, when the fit has them

    int columns() const { return 4 + (lifecycle ? 1 : 0) + 2 * harmonics; }
    int lifecycleColumn() const { return 4; }
    int firstSeasonColumn() const { return 4 + (lifecycle ? 1 : 0); }
    // logPriceRatio is log(week.price / week.regularPrice), taken once per week by the caller:
    // a fit reads each week up to four times (two passes, own and category seasonality).
    void fillRow(const WeekSale& week, double logPriceRatio, double weeksSinceLaunch,
                 double* row) const;
};

// Weeks since the start of each week's life: a gap of more than gapWeeks without sales starts a
// new life, so a seasonal product relaunched every year restarts at 0.
std::vector<double> lifeWeeks(const std::vector<WeekSale>& weeks, int gapWeeks,
                              std::int64_t* lastLifeStart);

// sin(k a), cos(k a) for k = 1..harmonics with a = 2 pi (day of year - 1) / 365.25.
void fourierTerms(std::int64_t julianDay, int harmonics, double* out);

}  // namespace mb::demand
