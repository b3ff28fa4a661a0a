#include "demand/DemandForecast.h"

#include <boost/math/distributions/negative_binomial.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <cmath>

namespace mb::demand {

namespace {

double orZero(double value) {
    return std::isfinite(value) ? value : 0.0;
}

}  // namespace

double expectedUnits(const DemandModel& model, int member, const DemandScenario& scenario) {
    if (!model.fitted || member < 0 || member >= static_cast<int>(model.members.size()) ||
        !(scenario.priceRatio > 0.0))
        return kNotEstimated;
    const DemandMember& series = model.members[static_cast<std::size_t>(member)];
    const double elasticity = scenario.shrunkElasticity && std::isfinite(model.elasticityShrunk)
                                  ? model.elasticityShrunk
                                  : orZero(model.elasticity.value);
    const double age = scenario.lifeWeeks >= 0.0
                           ? scenario.lifeWeeks
                           : static_cast<double>(scenario.julianDay - series.lifeStartDay) / 7.0;
    const double logMean =
        series.intercept +
        elasticity * (std::isnan(scenario.logPriceRatio) ? std::log(scenario.priceRatio)
                                                         : scenario.logPriceRatio) +
        (scenario.feature ? orZero(model.featureLift.value) : 0.0) +
        (scenario.display ? orZero(model.displayLift.value) : 0.0) +
        (scenario.tpr ? orZero(model.tprLift.value) : 0.0) +
        orZero(model.lifecyclePerWeek.value) * age +
        (std::isnan(scenario.seasonLogEffect) ? model.season.logEffect(scenario.julianDay)
                                              : scenario.seasonLogEffect);
    return std::exp(logMean) * model.smearing * model.positiveShare;
}

UnitsInterval unitsInterval(const DemandModel& model, int member, const DemandScenario& scenario,
                            double coverage) {
    UnitsInterval interval;
    interval.mean = expectedUnits(model, member, scenario);
    if (!(interval.mean > 0.0) || !(coverage > 0.0 && coverage < 1.0))
        return interval;
    const double tail = (1.0 - coverage) / 2.0;
    if (std::isfinite(model.negativeBinomialSize)) {
        const double size = model.negativeBinomialSize;
        const boost::math::negative_binomial_distribution<double> units(
            size, size / (size + interval.mean));
        interval.low = boost::math::quantile(units, tail);
        interval.high = boost::math::quantile(boost::math::complement(units, tail));
    } else {
        const boost::math::poisson_distribution<double> units(interval.mean);
        interval.low = boost::math::quantile(units, tail);
        interval.high = boost::math::quantile(boost::math::complement(units, tail));
    }
    return interval;
}

markdown::WeeklyDemand weeklyDemand(const DemandModel& model, int member,
                                    const std::vector<double>& ladder,
                                    const std::vector<std::int64_t>& weekDays,
                                    bool shrunkElasticity) {
    markdown::WeeklyDemand demand;
    demand.distribution = std::isfinite(model.negativeBinomialSize)
                              ? markdown::DemandDistribution::NegativeBinomial
                              : markdown::DemandDistribution::Poisson;
    demand.dispersion =
        std::isfinite(model.negativeBinomialSize) ? model.negativeBinomialSize : 1.0;
    for (const std::int64_t day : weekDays) {
        std::vector<double> steps;
        steps.reserve(ladder.size());
        for (const double ratio : ladder) {
            DemandScenario scenario;
            scenario.julianDay = day;
            scenario.priceRatio = ratio;
            scenario.shrunkElasticity = shrunkElasticity;
            steps.push_back(orZero(expectedUnits(model, member, scenario)));
        }
        demand.mean.push_back(std::move(steps));
    }
    return demand;
}

}  // namespace mb::demand
