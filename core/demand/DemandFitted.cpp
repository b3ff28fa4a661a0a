#include "demand/DemandFitted.h"

#include "demand/DemandDesign.h"
#include "demand/DemandForecast.h"

#include <QDate>
#include <boost/math/distributions/normal.hpp>
#include <cmath>

namespace mb::demand {

std::vector<FittedWeek> fittedWeeks(const DemandModel& model, int member, const SalesSeries& series,
                                    const DemandOptions& options) {
    std::vector<FittedWeek> weeks;
    weeks.reserve(series.weeks.size());
    const bool known =
        model.fitted && member >= 0 && member < static_cast<int>(model.members.size());
    const DemandMember* fittedMember =
        known ? &model.members[static_cast<std::size_t>(member)] : nullptr;
    // Ages and lives exactly as the fit counted them (fitDemand), so each week meets the
    // intercept it was fitted with.
    const std::vector<double> age = lifeWeeks(series.weeks, options.relaunchGapWeeks, nullptr);
    const std::size_t firstHeldOut =
        series.weeks.size() -
        std::min(series.weeks.size(), static_cast<std::size_t>(std::max(0, options.holdoutWeeks)));
    int life = 0;
    for (std::size_t w = 0; w < series.weeks.size(); ++w) {
        const WeekSale& sale = series.weeks[w];
        if (w > 0 && age[w] == 0.0)
            ++life;
        FittedWeek week;
        week.day = sale.day;
        week.actualUnits = sale.units;
        week.price = sale.price;
        week.regularPrice = sale.regularPrice;
        week.heldOut = w >= firstHeldOut;
        if (fittedMember != nullptr && sale.regularPrice > 0.0) {
            const std::size_t lifeIndex = options.lifecycle ? static_cast<std::size_t>(life) : 0;
            const double lifeIntercept = lifeIndex < fittedMember->lifeIntercepts.size()
                                             ? fittedMember->lifeIntercepts[lifeIndex]
                                             : kNotEstimated;
            // expectedUnits speaks with the latest life's intercept; a past life differs from it
            // by a constant on the log scale.
            const double shift = lifeIntercept - fittedMember->intercept;
            if (std::isfinite(shift)) {
                const DemandScenario scenario{sale.day,     sale.price / sale.regularPrice,
                                              sale.feature, sale.display,
                                              sale.tpr,     age[w],
                                              false};
                week.fittedUnits = std::exp(shift) * expectedUnits(model, member, scenario);
            }
        }
        weeks.push_back(week);
    }
    return weeks;
}

std::vector<double> seasonalIndexByWeek(const SeasonalProfile& season) {
    constexpr int kWeeksOfYear = 52;
    std::vector<double> index;
    index.reserve(kWeeksOfYear);
    // Any year serves: the profile reads only the day of the year. 2023 is not a leap year.
    const QDate firstDay(2023, 1, 1);
    for (int week = 0; week < kWeeksOfYear; ++week)
        index.push_back(std::exp(season.logEffect(firstDay.addDays(7 * week + 3).toJulianDay())));
    return index;
}

CoefficientInterval confidenceInterval(const Coefficient& coefficient, double coverage) {
    CoefficientInterval interval;
    if (!std::isfinite(coefficient.value) || !std::isfinite(coefficient.standardError) ||
        !(coverage > 0.0 && coverage < 1.0))
        return interval;
    const double z =
        boost::math::quantile(boost::math::normal_distribution<double>(), 0.5 + coverage / 2.0);
    interval.low = coefficient.value - z * coefficient.standardError;
    interval.high = coefficient.value + z * coefficient.standardError;
    return interval;
}

int weeksBelowRegularPrice(const SalesSeries& series) {
    int weeks = 0;
    for (const WeekSale& sale : series.weeks)
        weeks += sale.price < sale.regularPrice ? 1 : 0;
    return weeks;
}

}  // namespace mb::demand
