#include "targeting/UpliftEvalJob.h"

#include "common/JsonNumber.h"
#include "jobs/FileFingerprint.h"
#include "jobs/RecordedRun.h"
#include "jobs/RequestReader.h"
#include "targeting/CampaignFile.h"
#include "targeting/RequestProblem.h"

#include <QJsonArray>

namespace mb::targeting {

namespace {

const QString kAnalysis = QStringLiteral("uplift-eval");

QString strategyName(TopKStrategy strategy) {
    return strategy == TopKStrategy::ByGroup ? QStringLiteral("by_group")
                                             : QStringLiteral("overall");
}

QJsonObject curveJson(const UpliftCurve& curve) {
    QJsonArray x;
    QJsonArray y;
    for (std::size_t i = 0; i < curve.x.size(); ++i) {
        x.append(jsonNumber(curve.x[i]));
        y.append(jsonNumber(curve.y[i]));
    }
    return QJsonObject{{QStringLiteral("x"), x}, {QStringLiteral("y"), y}};
}

QJsonArray intervalJson(const Interval& interval) {
    return QJsonArray{jsonNumber(interval.lower), jsonNumber(interval.upper)};
}

TopK topK(double k) {
    return TopK{k, k < 1.0};
}

}  // namespace

QJsonObject UpliftEvalRequest::toJson() const {
    QJsonObject json = jobs::requestJson(kAnalysis);
    json.insert(QStringLiteral("file"), file);
    json.insert(QStringLiteral("treatment_col"), treatmentColumn);
    json.insert(QStringLiteral("treatment_value"), treatmentValue);
    json.insert(QStringLiteral("control_value"), controlValue);
    json.insert(QStringLiteral("outcome_col"), outcomeColumn);
    json.insert(QStringLiteral("score_col"), scoreColumn);
    json.insert(QStringLiteral("k"), k);
    json.insert(QStringLiteral("strategy"), strategyName(strategy));
    json.insert(QStringLiteral("bootstrap"), bootstrap);
    json.insert(QStringLiteral("seed"), seed);
    json.insert(QStringLiteral("level"), level);
    json.insert(QStringLiteral("negative_effect"), negativeEffect);
    json.insert(QStringLiteral("curves"), curves);
    return json;
}

UpliftEvalRequest UpliftEvalRequest::fromJson(const QJsonObject& json) {
    jobs::RequestReader reader(json, kAnalysis);
    UpliftEvalRequest request;
    const auto required = [&](const char* field) {
        QString value = reader.text(field);
        if (value.isEmpty())
            reader.fail(field, QStringLiteral("a non-empty text"));
        return value;
    };
    request.file = required("file");
    request.treatmentColumn = required("treatment_col");
    request.treatmentValue = required("treatment_value");
    request.controlValue = required("control_value");
    request.outcomeColumn = required("outcome_col");
    request.scoreColumn = required("score_col");
    request.k = reader.number("k", 0.3);
    if (!(request.k > 0.0))
        reader.fail("k", QStringLiteral("a fraction in (0, 1) or a count"));
    request.strategy =
        reader.choice("strategy", {QStringLiteral("overall"), QStringLiteral("by_group")},
                      QStringLiteral("overall")) == QLatin1String("by_group")
            ? TopKStrategy::ByGroup
            : TopKStrategy::Overall;
    request.bootstrap = static_cast<int>(reader.whole("bootstrap", 0, 0, 100000));
    request.seed = reader.whole("seed", 1);
    request.level = reader.number("level", 0.95);
    if (!(request.level > 0.0 && request.level < 1.0))
        reader.fail("level", QStringLiteral("a level in (0, 1)"));
    request.negativeEffect = reader.flag("negative_effect", true);
    request.curves = reader.flag("curves", false);
    reader.finish();
    return request;
}

UpliftEvalResult evaluateUplift(const UpliftEvalRequest& request, ProgressToken& progress) {
    UpliftEvalResult result;
    result.provenance.analysis = kAnalysis;
    result.provenance.request = request.toJson();
    result.provenance.inputFingerprint = jobs::fileFingerprint(request.file);
    result.provenance.seed = request.seed;
    const CampaignFile file =
        readCampaignFile(request.file, CampaignColumns{request.treatmentColumn,
                                                       request.treatmentValue, request.controlValue,
                                                       request.outcomeColumn, request.scoreColumn});
    const ScoredCampaign& campaign = file.campaign;
    result.ignoredRows = file.ignoredRows;
    result.effect = averageTreatmentEffect(campaign);
    if (result.effect.treatment.customers == 0 || result.effect.control.customers == 0)
        throw Error(QStringLiteral("%1: both arms need customers (treatment %2, control %3).")
                        .arg(request.file)
                        .arg(result.effect.treatment.customers)
                        .arg(result.effect.control.customers));
    try {
        result.upliftAtK = upliftAtK(campaign, topK(request.k), request.strategy);
    } catch (const Error& error) {
        throw RequestProblem(error.message());
    }
    result.qiniAuc = qiniAucScore(campaign, request.negativeEffect);
    result.upliftAuc = upliftAucScore(campaign);
    if (request.bootstrap > 0) {
        BootstrapSettings settings;
        settings.replicates = request.bootstrap;
        settings.seed = static_cast<std::uint64_t>(request.seed);
        settings.level = request.level;
        settings.k = topK(request.k);
        settings.strategy = request.strategy;
        settings.negativeEffect = request.negativeEffect;
        result.intervals = bootstrapIntervals(campaign, settings, &progress);
        if (result.intervals->cancelled)
            throw jobs::Cancelled();
    }
    if (request.curves)
        result.curves = std::array<UpliftCurve, 4>{
            qiniCurve(campaign), upliftCurve(campaign),
            perfectQiniCurve(campaign, request.negativeEffect), perfectUpliftCurve(campaign)};
    jobs::throwIfCancelled(progress);
    return result;
}

QJsonObject upliftEvalSummary(const UpliftEvalResult& result) {
    const UpliftEvalRequest request = UpliftEvalRequest::fromJson(result.provenance.request);
    QJsonObject report{
        {QStringLiteral("file"), request.file},
        {QStringLiteral("n_treatment"), static_cast<qint64>(result.effect.treatment.customers)},
        {QStringLiteral("n_control"), static_cast<qint64>(result.effect.control.customers)},
        {QStringLiteral("ignored_rows"), static_cast<qint64>(result.ignoredRows)},
        {QStringLiteral("qini_auc"), jsonNumber(result.qiniAuc)},
        {QStringLiteral("uplift_auc"), jsonNumber(result.upliftAuc)},
        {QStringLiteral("uplift_at_k"), jsonNumber(result.upliftAtK)},
        {QStringLiteral("k"), request.k},
        {QStringLiteral("strategy"), strategyName(request.strategy)},
        {QStringLiteral("negative_effect"), request.negativeEffect},
        {QStringLiteral("ate"), jsonNumber(result.effect.effect)},
        {QStringLiteral("ate_se"), jsonNumber(result.effect.standardError)},
        {QStringLiteral("mean_treatment"), jsonNumber(result.effect.treatment.meanOutcome)},
        {QStringLiteral("mean_control"), jsonNumber(result.effect.control.meanOutcome)},
    };
    if (result.intervals) {
        const BootstrapIntervals& intervals = *result.intervals;
        report.insert(
            QStringLiteral("bootstrap"),
            QJsonObject{{QStringLiteral("replicates"), request.bootstrap},
                        {QStringLiteral("seed"), QString::number(request.seed)},
                        {QStringLiteral("level"), request.level},
                        {QStringLiteral("qini_auc"), intervalJson(intervals.qiniAuc)},
                        {QStringLiteral("uplift_auc"), intervalJson(intervals.upliftAuc)},
                        {QStringLiteral("uplift_at_k"), intervalJson(intervals.upliftAtK)},
                        {QStringLiteral("ate"), intervalJson(intervals.effect)}});
    }
    if (result.curves) {
        const auto& curves = *result.curves;
        report.insert(QStringLiteral("qini_curve"), curveJson(curves[0]));
        report.insert(QStringLiteral("uplift_curve"), curveJson(curves[1]));
        report.insert(QStringLiteral("perfect_qini_curve"), curveJson(curves[2]));
        report.insert(QStringLiteral("perfect_uplift_curve"), curveJson(curves[3]));
    }
    return report;
}

jobs::JobOutcome runUpliftEvalJob(const QJsonObject& json, jobs::JobContext& context) {
    const UpliftEvalResult result =
        evaluateUplift(UpliftEvalRequest::fromJson(json), context.progress);
    jobs::JobOutcome outcome;
    outcome.provenance = result.provenance;
    outcome.summary = upliftEvalSummary(result);
    return outcome;
}

}  // namespace mb::targeting
