#include "targeting/UpliftBootstrap.h"

#include "common/Progress.h"
#include "targeting/SeededRandom.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mb::targeting {

double interpolatedQuantile(std::vector<double>& values, double q) {
    if (values.empty())
        return std::numeric_limits<double>::quiet_NaN();
    std::sort(values.begin(), values.end());
    const double position = q * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(below + 1, values.size() - 1);
    const double fraction = position - static_cast<double>(below);
    return values[below] + (values[above] - values[below]) * fraction;
}

namespace {

Interval intervalOf(std::vector<double>& values, double level) {
    values.erase(std::remove_if(values.begin(), values.end(),
                                [](double value) { return !std::isfinite(value); }),
                 values.end());
    const double tail = (1.0 - level) / 2.0;
    Interval interval;
    interval.replicatesUsed = static_cast<int>(values.size());
    interval.lower = interpolatedQuantile(values, tail);
    interval.upper = interpolatedQuantile(values, 1.0 - tail);
    return interval;
}

}  // namespace

BootstrapIntervals bootstrapIntervals(const ScoredCampaign& campaign,
                                      const BootstrapSettings& settings, ProgressToken* progress) {
    using namespace detail;
    // Rankings do not change between replicates, only how often each row counts.
    const std::vector<std::int32_t> modelOrder = rankRows(campaign.score);
    const std::vector<double> upliftByOutcome = perfectUpliftKey(campaign, true);
    const std::vector<double> upliftByArm = perfectUpliftKey(campaign, false);
    const std::vector<std::int32_t> upliftByOutcomeOrder = rankRows(upliftByOutcome);
    const std::vector<std::int32_t> upliftByArmOrder = rankRows(upliftByArm);
    const std::vector<double> qiniKey = perfectQiniKey(campaign);
    const std::vector<std::int32_t> qiniOrder = rankRows(qiniKey);

    std::vector<std::uint32_t> treatedRows;
    std::vector<std::uint32_t> controlRows;
    for (std::size_t row = 0; row < campaign.size(); ++row)
        (campaign.treated[row] ? treatedRows : controlRows)
            .push_back(static_cast<std::uint32_t>(row));

    BootstrapIntervals result;
    std::vector<double> qini;
    std::vector<double> uplift;
    std::vector<double> atK;
    std::vector<double> effect;
    SeededRandom random(settings.seed);
    std::vector<std::uint32_t> weights(campaign.size());
    for (int replicate = 0; replicate < settings.replicates; ++replicate) {
        if (progress) {
            if (progress->isCancelled()) {
                result.cancelled = true;
                return result;
            }
            progress->report(static_cast<double>(replicate) / settings.replicates);
        }
        std::fill(weights.begin(), weights.end(), 0U);
        for (const std::vector<std::uint32_t>* arm : {&treatedRows, &controlRows}) {
            for (std::size_t draw = 0; draw < arm->size(); ++draw)
                ++weights[(*arm)[random.below(arm->size())]];
        }
        const UpliftCurve modelQini =
            curveAlong(campaign, modelOrder, campaign.score, CurveKind::Qini, &weights);
        const UpliftCurve perfectQini =
            settings.negativeEffect
                ? curveAlong(campaign, qiniOrder, qiniKey, CurveKind::Qini, &weights)
                : perfectQiniWithoutNegative(campaign, &weights);
        qini.push_back(normalisedArea(modelQini, perfectQini));

        const UpliftCurve modelUplift =
            curveAlong(campaign, modelOrder, campaign.score, CurveKind::Uplift, &weights);
        const bool byOutcome = perfectUpliftUsesOutcome(campaign, &weights);
        const UpliftCurve perfectUplift =
            byOutcome
                ? curveAlong(campaign, upliftByOutcomeOrder, upliftByOutcome, CurveKind::Uplift,
                             &weights)
                : curveAlong(campaign, upliftByArmOrder, upliftByArm, CurveKind::Uplift, &weights);
        uplift.push_back(normalisedArea(modelUplift, perfectUplift));
        atK.push_back(
            detail::upliftAtK(campaign, modelOrder, settings.k, settings.strategy, &weights));
        effect.push_back(detail::averageTreatmentEffect(campaign, &weights).effect);
    }
    result.qiniAuc = intervalOf(qini, settings.level);
    result.upliftAuc = intervalOf(uplift, settings.level);
    result.upliftAtK = intervalOf(atK, settings.level);
    result.effect = intervalOf(effect, settings.level);
    if (progress)
        progress->report(1.0);
    return result;
}

}  // namespace mb::targeting
