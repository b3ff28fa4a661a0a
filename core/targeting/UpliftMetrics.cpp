#include "targeting/UpliftMetrics.h"

#include "common/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace mb::targeting {

namespace {

constexpr double notANumber = std::numeric_limits<double>::quiet_NaN();

std::uint32_t weightOf(const std::vector<std::uint32_t>* weights, std::size_t row) {
    return weights ? (*weights)[row] : 1U;
}

double ratioOrZero(double numerator, double denominator) {
    return denominator != 0.0 ? numerator / denominator : 0.0;
}

}  // namespace

namespace detail {

std::vector<std::int32_t> rankRows(const std::vector<double>& key) {
    std::vector<std::int32_t> order(key.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&key](std::int32_t a, std::int32_t b) {
        if (key[a] != key[b])
            return key[a] > key[b];
        return a > b;
    });
    return order;
}

UpliftCurve curveAlong(const ScoredCampaign& campaign, const std::vector<std::int32_t>& order,
                       const std::vector<double>& key, CurveKind kind,
                       const std::vector<std::uint32_t>* weights) {
    UpliftCurve curve;
    curve.x.push_back(0.0);
    curve.y.push_back(0.0);
    double treatedCount = 0.0;
    double treatedOutcome = 0.0;
    double allCount = 0.0;
    double controlOutcome = 0.0;
    bool groupHasRows = false;
    for (std::size_t position = 0; position < order.size(); ++position) {
        const std::size_t row = static_cast<std::size_t>(order[position]);
        const double weight = weightOf(weights, row);
        if (weight > 0.0) {
            groupHasRows = true;
            allCount += weight;
            if (campaign.treated[row]) {
                treatedCount += weight;
                treatedOutcome += weight * campaign.outcome[row];
            } else {
                controlOutcome += weight * campaign.outcome[row];
            }
        }
        const bool lastOfScore = position + 1 == order.size() ||
                                 key[static_cast<std::size_t>(order[position + 1])] != key[row];
        if (!lastOfScore || !groupHasRows)
            continue;
        groupHasRows = false;
        const double controlCount = allCount - treatedCount;
        const double value =
            kind == CurveKind::Uplift
                ? (ratioOrZero(treatedOutcome, treatedCount) -
                   ratioOrZero(controlOutcome, controlCount)) *
                      allCount
                : treatedOutcome - controlOutcome * ratioOrZero(treatedCount, controlCount);
        curve.x.push_back(allCount);
        curve.y.push_back(value);
    }
    return curve;
}

std::vector<double> perfectUpliftKey(const ScoredCampaign& campaign, bool outcomeSummand) {
    std::vector<double> key(campaign.size());
    for (std::size_t row = 0; row < key.size(); ++row) {
        const double arm = campaign.treated[row] ? 1.0 : 0.0;
        const double summand = outcomeSummand ? campaign.outcome[row] : arm;
        key[row] = (campaign.outcome[row] == arm ? 2.0 : 0.0) + summand;
    }
    return key;
}

bool perfectUpliftUsesOutcome(const ScoredCampaign& campaign,
                              const std::vector<std::uint32_t>* weights) {
    double controlResponders = 0.0;
    double treatedNonResponders = 0.0;
    for (std::size_t row = 0; row < campaign.size(); ++row) {
        const double weight = weightOf(weights, row);
        if (!campaign.treated[row] && campaign.outcome[row] == 1.0)
            controlResponders += weight;
        if (campaign.treated[row] && campaign.outcome[row] == 0.0)
            treatedNonResponders += weight;
    }
    return controlResponders > treatedNonResponders;
}

std::vector<double> perfectQiniKey(const ScoredCampaign& campaign) {
    std::vector<double> key(campaign.size());
    for (std::size_t row = 0; row < key.size(); ++row)
        key[row] = campaign.treated[row] ? campaign.outcome[row] : -campaign.outcome[row];
    return key;
}

UpliftCurve perfectQiniWithoutNegative(const ScoredCampaign& campaign,
                                       const std::vector<std::uint32_t>* weights) {
    double treatedCount = 0.0;
    double treatedOutcome = 0.0;
    double controlCount = 0.0;
    double controlOutcome = 0.0;
    for (std::size_t row = 0; row < campaign.size(); ++row) {
        const double weight = weightOf(weights, row);
        if (campaign.treated[row]) {
            treatedCount += weight;
            treatedOutcome += weight * campaign.outcome[row];
        } else {
            controlCount += weight;
            controlOutcome += weight * campaign.outcome[row];
        }
    }
    // sklift divides without a guard here, so an empty control arm gives NaN.
    const double total = treatedOutcome - treatedCount * controlOutcome / controlCount;
    return UpliftCurve{{0.0, total, treatedCount + controlCount}, {0.0, total, total}};
}

double normalisedArea(const UpliftCurve& model, const UpliftCurve& perfect) {
    const double baseline =
        areaUnderCurve(UpliftCurve{{0.0, perfect.x.back()}, {0.0, perfect.y.back()}});
    return (areaUnderCurve(model) - baseline) / (areaUnderCurve(perfect) - baseline);
}

double upliftAtK(const ScoredCampaign& campaign, const std::vector<std::int32_t>& order, TopK k,
                 TopKStrategy strategy, const std::vector<std::uint32_t>* weights) {
    double customers = 0.0;
    double treatedCustomers = 0.0;
    for (std::size_t row = 0; row < campaign.size(); ++row) {
        customers += weightOf(weights, row);
        if (campaign.treated[row])
            treatedCustomers += weightOf(weights, row);
    }
    const double controlCustomers = customers - treatedCustomers;
    if (k.isFraction ? !(k.value > 0.0 && k.value < 1.0)
                     : !(k.value > 0.0 && k.value < customers && std::floor(k.value) == k.value))
        throw Error(QStringLiteral("k=%1 should be a count in (0, %2) or a fraction in (0, 1).")
                        .arg(k.value)
                        .arg(customers));
    double treatedQuota = 0.0;
    double controlQuota = 0.0;
    double overallQuota = 0.0;
    if (strategy == TopKStrategy::Overall) {
        overallQuota = k.isFraction ? std::floor(customers * k.value) : k.value;
    } else {
        treatedQuota = k.isFraction ? std::floor(treatedCustomers * k.value) : k.value;
        controlQuota = k.isFraction ? std::floor(controlCustomers * k.value) : k.value;
        if (treatedQuota > treatedCustomers || controlQuota > controlCustomers)
            throw Error(QStringLiteral("k=%1 is more than an arm holds (treatment %2, control %3).")
                            .arg(k.value)
                            .arg(treatedCustomers)
                            .arg(controlCustomers));
    }
    double taken[2] = {0.0, 0.0};
    double outcomeSum[2] = {0.0, 0.0};
    for (const std::int32_t index : order) {
        const std::size_t row = static_cast<std::size_t>(index);
        const int arm = campaign.treated[row] ? 1 : 0;
        double copies = weightOf(weights, row);
        if (strategy == TopKStrategy::Overall) {
            copies = std::min(copies, overallQuota);
            overallQuota -= copies;
        } else {
            double& quota = arm ? treatedQuota : controlQuota;
            copies = std::min(copies, quota);
            quota -= copies;
        }
        taken[arm] += copies;
        outcomeSum[arm] += copies * campaign.outcome[row];
    }
    const double treatedMean = taken[1] > 0.0 ? outcomeSum[1] / taken[1] : notANumber;
    const double controlMean = taken[0] > 0.0 ? outcomeSum[0] / taken[0] : notANumber;
    return treatedMean - controlMean;
}

TreatmentEffect averageTreatmentEffect(const ScoredCampaign& campaign,
                                       const std::vector<std::uint32_t>* weights) {
    double count[2] = {0.0, 0.0};
    double sum[2] = {0.0, 0.0};
    for (std::size_t row = 0; row < campaign.size(); ++row) {
        const int arm = campaign.treated[row] ? 1 : 0;
        count[arm] += weightOf(weights, row);
        sum[arm] += weightOf(weights, row) * campaign.outcome[row];
    }
    double mean[2];
    double squares[2] = {0.0, 0.0};
    for (int arm = 0; arm < 2; ++arm)
        mean[arm] = count[arm] > 0.0 ? sum[arm] / count[arm] : notANumber;
    // Second pass about the mean keeps the variance accurate for large spends.
    for (std::size_t row = 0; row < campaign.size(); ++row) {
        const int arm = campaign.treated[row] ? 1 : 0;
        const double deviation = campaign.outcome[row] - mean[arm];
        squares[arm] += weightOf(weights, row) * deviation * deviation;
    }
    TreatmentEffect result;
    ArmSummary* arms[2] = {&result.control, &result.treatment};
    for (int arm = 0; arm < 2; ++arm) {
        arms[arm]->customers = static_cast<std::int64_t>(count[arm]);
        arms[arm]->meanOutcome = mean[arm];
        arms[arm]->variance = count[arm] > 1.0 ? squares[arm] / (count[arm] - 1.0) : notANumber;
    }
    result.effect = mean[1] - mean[0];
    result.standardError = std::sqrt(arms[1]->variance / count[1] + arms[0]->variance / count[0]);
    return result;
}

}  // namespace detail

UpliftCurve upliftCurve(const ScoredCampaign& campaign) {
    return detail::curveAlong(campaign, detail::rankRows(campaign.score), campaign.score,
                              detail::CurveKind::Uplift, nullptr);
}

UpliftCurve qiniCurve(const ScoredCampaign& campaign) {
    return detail::curveAlong(campaign, detail::rankRows(campaign.score), campaign.score,
                              detail::CurveKind::Qini, nullptr);
}

UpliftCurve perfectUpliftCurve(const ScoredCampaign& campaign) {
    const std::vector<double> key =
        detail::perfectUpliftKey(campaign, detail::perfectUpliftUsesOutcome(campaign, nullptr));
    return detail::curveAlong(campaign, detail::rankRows(key), key, detail::CurveKind::Uplift,
                              nullptr);
}

UpliftCurve perfectQiniCurve(const ScoredCampaign& campaign, bool negativeEffect) {
    if (!negativeEffect)
        return detail::perfectQiniWithoutNegative(campaign, nullptr);
    const std::vector<double> key = detail::perfectQiniKey(campaign);
    return detail::curveAlong(campaign, detail::rankRows(key), key, detail::CurveKind::Qini,
                              nullptr);
}

double areaUnderCurve(const UpliftCurve& curve) {
    double area = 0.0;
    for (std::size_t i = 1; i < curve.x.size(); ++i)
        area += (curve.x[i] - curve.x[i - 1]) * (curve.y[i] + curve.y[i - 1]) / 2.0;
    return area;
}

double upliftAucScore(const ScoredCampaign& campaign) {
    return detail::normalisedArea(upliftCurve(campaign), perfectUpliftCurve(campaign));
}

double qiniAucScore(const ScoredCampaign& campaign, bool negativeEffect) {
    return detail::normalisedArea(qiniCurve(campaign), perfectQiniCurve(campaign, negativeEffect));
}

double upliftAtK(const ScoredCampaign& campaign, TopK k, TopKStrategy strategy) {
    return detail::upliftAtK(campaign, detail::rankRows(campaign.score), k, strategy, nullptr);
}

TreatmentEffect averageTreatmentEffect(const ScoredCampaign& campaign) {
    return detail::averageTreatmentEffect(campaign, nullptr);
}

}  // namespace mb::targeting
