#include "targeting/OfferListRecord.h"

#include "common/Error.h"
#include "common/JsonNumber.h"
#include "data/Project.h"
#include "jobs/RunRecorder.h"
#include "targeting/TargetJob.h"

#include <QJsonArray>
#include <cmath>

namespace mb::targeting {

namespace {

QJsonObject summaryJson(const OutcomeSummary& summary) {
    return QJsonObject{{QStringLiteral("mean"), jsonNumber(summary.mean)},
                       {QStringLiteral("p10"), jsonNumber(summary.p10)},
                       {QStringLiteral("p50"), jsonNumber(summary.p50)},
                       {QStringLiteral("p90"), jsonNumber(summary.p90)}};
}

QJsonObject forecastJson(const CampaignForecast& forecast) {
    return QJsonObject{
        {QStringLiteral("incremental_responses"), summaryJson(forecast.incrementalResponses)},
        {QStringLiteral("incremental_revenue"), summaryJson(forecast.incrementalRevenue)},
        {QStringLiteral("incremental_margin"), summaryJson(forecast.incrementalMargin)},
        {QStringLiteral("spend"), summaryJson(forecast.spend)},
        {QStringLiteral("return_on_spend"), summaryJson(forecast.returnOnSpend)},
        {QStringLiteral("offers_given"), static_cast<qint64>(forecast.offersGiven)},
        {QStringLiteral("replicates"), forecast.replicates}};
}

QJsonArray offersJson(const TargetingPlan& plan, const std::vector<TargetingOffer>& offers) {
    QJsonArray list;
    for (const ArmOffer& pair : plan.armOffers) {
        const TargetingOffer& offer = offers[static_cast<std::size_t>(pair.offer)];
        qint64 sent = 0;
        for (const OfferListRow& row : plan.rows)
            sent += !row.control && row.offer == offer.offer ? 1 : 0;
        list.append(QJsonObject{
            {QStringLiteral("offer"), offer.offer},
            {QStringLiteral("category"), offer.category},
            {QStringLiteral("cost"), offer.cost},
            {QStringLiteral("capacity"), jsonNumber(offer.capacity)},
            {QStringLiteral("margin_rate"), offer.marginRate},
            {QStringLiteral("value_per_response"), pair.valuePerResponse},
            {QStringLiteral("value_source"),
             pair.valueFromCampaign ? QStringLiteral("campaign") : QStringLiteral("--value")},
            {QStringLiteral("assigned"), sent}});
    }
    return list;
}

QJsonArray strategiesJson(const TargetingPlan& plan) {
    QJsonArray list;
    for (const StrategyForecast& s : plan.strategies) {
        list.append(QJsonObject{
            {QStringLiteral("strategy"), strategyName(s.strategy)},
            {QStringLiteral("offers"), static_cast<qint64>(s.chosen.size())},
            {QStringLiteral("spend"), s.expected.spend},
            {QStringLiteral("incremental_responses"), s.expected.incrementalResponses},
            {QStringLiteral("incremental_revenue"), s.expected.incrementalRevenue},
            {QStringLiteral("incremental_margin"), s.expected.incrementalMargin},
            {QStringLiteral("net_value"), s.expected.incrementalMargin - s.expected.spend},
            {QStringLiteral("incremental_margin_p10"),
             jsonNumber(s.forecast.incrementalMargin.p10)},
            {QStringLiteral("incremental_margin_p90"),
             jsonNumber(s.forecast.incrementalMargin.p90)}});
    }
    return list;
}

QJsonArray budgetCurveJson(const TargetingPlan& plan) {
    QJsonArray curve;
    for (const BudgetPoint& point : plan.budgetCurve) {
        curve.append(
            QJsonObject{{QStringLiteral("budget"), point.budget},
                        {QStringLiteral("spend"), point.spend},
                        {QStringLiteral("net_value"), point.netValue},
                        {QStringLiteral("incremental_margin"), point.incrementalMargin},
                        {QStringLiteral("whole_offers_spend"), point.wholeOffersSpend},
                        {QStringLiteral("whole_offers_net_value"), point.wholeOffersNetValue}});
    }
    return curve;
}

}  // namespace

QJsonObject targetRunSummary(const TargetingPlan& plan, std::int64_t customers,
                             std::int64_t consented, const std::vector<TargetingOffer>& offers,
                             const TargetingSettings& settings) {
    const AllocationResult& allocation = plan.allocation;
    return QJsonObject{
        {QStringLiteral("model"), methodName(settings.model.method)},
        {QStringLiteral("outcome"), plan.outcome},
        {QStringLiteral("offers"), offersJson(plan, offers)},
        {QStringLiteral("customers"), static_cast<qint64>(customers)},
        {QStringLiteral("customers_consented"), static_cast<qint64>(consented)},
        {QStringLiteral("customers_scored"), static_cast<qint64>(plan.customersScored)},
        {QStringLiteral("customers_without_features"),
         static_cast<qint64>(plan.customersWithoutFeatures)},
        {QStringLiteral("at_contact_cap"), static_cast<qint64>(plan.customersAtContactCap)},
        {QStringLiteral("excluded_customers"), static_cast<qint64>(plan.customersExcluded)},
        {QStringLiteral("ineligible_options"), static_cast<qint64>(plan.ineligibleOptions)},
        {QStringLiteral("customers_without_eligible_offer"),
         static_cast<qint64>(plan.customersWithoutEligibleOffer)},
        {QStringLiteral("eligible"), static_cast<qint64>(allocation.eligibleCustomers)},
        {QStringLiteral("assigned"), static_cast<qint64>(allocation.assignedCustomers)},
        {QStringLiteral("offers_given"), static_cast<qint64>(allocation.chosen.size())},
        {QStringLiteral("held_out"), static_cast<qint64>(allocation.heldOutCustomers)},
        {QStringLiteral("budget"), settings.budget},
        {QStringLiteral("total_cost"), allocation.totalCost},
        {QStringLiteral("expected_net_value"), allocation.totalEffect},
        {QStringLiteral("allocation_method"),
         allocation.method == AllocationMethod::ConvexHullGreedy
             ? QStringLiteral("convex-hull-greedy")
             : QStringLiteral("lagrangian")},
        {QStringLiteral("upper_bound"), allocation.upperBound},
        {QStringLiteral("expected"),
         QJsonObject{{QStringLiteral("incremental_responses"), plan.expected.incrementalResponses},
                     {QStringLiteral("incremental_revenue"), plan.expected.incrementalRevenue},
                     {QStringLiteral("incremental_margin"), plan.expected.incrementalMargin},
                     {QStringLiteral("spend"), plan.expected.spend}}},
        {QStringLiteral("forecast"), forecastJson(plan.forecast)},
        {QStringLiteral("return_on_spend"), jsonNumber(plan.forecast.returnOnSpend.mean)},
        {QStringLiteral("strategies"), strategiesJson(plan)},
        {QStringLiteral("budget_curve"), budgetCurveJson(plan)},
        {QStringLiteral("uncertainty"),
         QStringLiteral("bootstrap refits of the model (%1), customers resampled within arms")
             .arg(settings.uncertaintyReplicates)},
        {QStringLiteral("notes"), QJsonArray::fromStringList(plan.notes)},
        {QStringLiteral("seed"), QString::number(settings.seed)},
    };
}

qint64 recordOfferList(data::Project& project, const QJsonObject& parameters, std::uint64_t seed,
                       const std::vector<OfferListRow>& rows, const QJsonObject& summary) {
    jobs::Provenance provenance;
    provenance.analysis = QStringLiteral("target");
    provenance.request = parameters;
    provenance.inputFingerprint = project.inputFingerprint();
    provenance.seed = static_cast<qint64>(seed);
    // One transaction: a failure (a full disk) rolls back and leaves neither a half list nor a
    // run "running".
    jobs::RunRecorder recorder(project, provenance);
    recorder.begin();
    recorder.addDecisions(offerDecisions(rows));
    recorder.finish(summary);
    return recorder.id();
}

qint64 recordOfferListExport(data::Project& project, const QJsonObject& parameters,
                             const QString& path) {
    jobs::Provenance provenance;
    provenance.analysis = QStringLiteral("offer-list-export");
    provenance.request = parameters;
    provenance.inputFingerprint = project.inputFingerprint();
    jobs::RunRecorder recorder(project, provenance);
    recorder.begin();
    // The recorder keeps "out" absolute, so erasing a customer finds the file from any folder.
    recorder.finish(QJsonObject{{QStringLiteral("out"), path}});
    return recorder.id();
}

}  // namespace mb::targeting
