// Weekly sales drawn from a known demand model, for the demand tests and benchmark.
#pragma once

#include "demand/SalesHistory.h"

#include <QDate>
#include <cmath>
#include <random>

namespace mbtest {

struct PlantedDemand {
    double baseLogUnits = 3.0;
    double elasticity = -2.0;
    double feature = 0.3;
    double display = 0.2;
    double tpr = 0.1;
    double noiseSd = 0.2;  // of log(units)
    double promoChance = 0.25;
    // > 0: units are negative binomial counts of this size around the log-normal-free mean;
    // 0: units are exp(log mean + noise), continuous.
    double negativeBinomialSize = 0.0;
};

// One series of `weeks` weeks from 2021-01-04, promotions drawn with the seed.
inline mb::demand::SalesSeries drawSeries(const PlantedDemand& truth, int weeks, std::uint64_t seed,
                                          const QString& product, const QString& store,
                                          const QString& category) {
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::normal_distribution<double> noise(0.0, truth.noiseSd);
    mb::demand::SalesSeries series{product, store, category, {}};
    const qint64 start = QDate(2021, 1, 4).toJulianDay();
    for (int w = 0; w < weeks; ++w) {
        mb::demand::WeekSale week;
        week.day = start + 7 * w;
        week.regularPrice = 4.0;
        week.price = 4.0;
        if (uniform(random) < truth.promoChance) {
            week.price = 4.0 * (0.6 + 0.35 * uniform(random));
            week.tpr = true;
            week.feature = uniform(random) < 0.5;
        }
        week.display = uniform(random) < 0.3;
        const double logMean = truth.baseLogUnits +
                               truth.elasticity * std::log(week.price / week.regularPrice) +
                               (week.feature ? truth.feature : 0.0) +
                               (week.display ? truth.display : 0.0) + (week.tpr ? truth.tpr : 0.0);
        if (truth.negativeBinomialSize > 0.0) {
            const double mean = std::exp(logMean);
            std::gamma_distribution<double> gamma(truth.negativeBinomialSize,
                                                  mean / truth.negativeBinomialSize);
            std::poisson_distribution<long long> poisson(gamma(random));
            week.units = static_cast<double>(poisson(random));
        } else {
            week.units = std::exp(logMean + noise(random));
        }
        series.weeks.push_back(week);
    }
    return series;
}

}  // namespace mbtest
