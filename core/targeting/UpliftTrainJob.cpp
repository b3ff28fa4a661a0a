#include "targeting/UpliftTrainJob.h"

#include "common/JsonNumber.h"
#include "common/ProgressSpan.h"
#include "data/Project.h"
#include "export/CsvExport.h"
#include "jobs/ReadSnapshot.h"
#include "jobs/RecordedRun.h"
#include "jobs/RequestReader.h"
#include "targeting/TargetRequest.h"
#include "targeting/UpliftSplit.h"

#include <QJsonArray>
#include <cmath>
#include <numeric>

namespace mb::targeting {

namespace {

const QString kAnalysis = QStringLiteral("uplift-train");

SplitCriterion criterionNamed(const QString& name) {
    for (const SplitCriterion criterion :
         {SplitCriterion::KullbackLeibler, SplitCriterion::Euclidean, SplitCriterion::ChiSquare}) {
        if (criterionName(criterion) == name)
            return criterion;
    }
    throw Error(QStringLiteral("the criterion must be kl, ed or chi (%1)").arg(name));
}

// The rows modelled: every customer, or control and the one arm asked for (arm 1 then).
struct Modelled {
    QStringList treatments;
    std::vector<Eigen::Index> rows;
    std::vector<int> arm;
};

Modelled modelledRows(const CampaignDesign& design, const QString& chosenArm) {
    Modelled modelled;
    modelled.treatments = design.arms.mid(1);
    const int chosen = chosenArm.isEmpty() ? -1 : static_cast<int>(design.arms.indexOf(chosenArm));
    if (chosen >= 1)
        modelled.treatments = QStringList{chosenArm};
    for (std::size_t i = 0; i < design.arm.size(); ++i) {
        const int arm = design.arm[i];
        if (chosen >= 1 && arm != 0 && arm != chosen)
            continue;
        modelled.rows.push_back(static_cast<Eigen::Index>(i));
        modelled.arm.push_back(chosen >= 1 ? (arm == 0 ? 0 : 1) : arm);
    }
    return modelled;
}

UpliftArmEvaluation evaluateArm(const std::vector<int>& arm, const Eigen::VectorXd& outcome,
                                const std::vector<std::uint8_t>& holdout,
                                const Eigen::VectorXd& score, int treatmentArm) {
    const ScoredCampaign scored = scoredHoldout(arm, outcome, holdout, score, treatmentArm);
    UpliftArmEvaluation evaluation;
    evaluation.effect = averageTreatmentEffect(scored);
    const double nan = std::nan("");
    evaluation.qiniAuc = evaluation.upliftAuc = evaluation.upliftAt30 = nan;
    if (evaluation.effect.treatment.customers == 0 || evaluation.effect.control.customers == 0)
        return evaluation;
    evaluation.qini = qiniCurve(scored);
    evaluation.qiniPerfect = perfectQiniCurve(scored);
    evaluation.uplift = upliftCurve(scored);
    evaluation.upliftPerfect = perfectUpliftCurve(scored);
    evaluation.qiniAuc = qiniAucScore(scored);
    evaluation.upliftAuc = upliftAucScore(scored);
    try {
        evaluation.upliftAt30 = upliftAtK(scored, TopK{0.3, true}, TopKStrategy::Overall);
    } catch (const Error&) {
        // Too few held-out customers for a top 30%: the figure is undefined, not an error.
    }
    evaluation.deciles = upliftByDecile(scored);
    return evaluation;
}

QJsonObject metricsJson(const UpliftArmEvaluation& evaluation) {
    QJsonObject metrics{
        {QStringLiteral("n_treatment"), static_cast<qint64>(evaluation.effect.treatment.customers)},
        {QStringLiteral("n_control"), static_cast<qint64>(evaluation.effect.control.customers)},
        {QStringLiteral("ate"), jsonNumber(evaluation.effect.effect)},
        {QStringLiteral("ate_se"), jsonNumber(evaluation.effect.standardError)},
        {QStringLiteral("qini_auc"), jsonNumber(evaluation.qiniAuc)},
        {QStringLiteral("uplift_auc"), jsonNumber(evaluation.upliftAuc)},
        {QStringLiteral("uplift_at_k"), jsonNumber(evaluation.upliftAt30)},
    };
    return metrics;
}

}  // namespace

QJsonObject UpliftTrainRequest::toJson() const {
    QJsonObject json = jobs::requestJson(kAnalysis);
    json.insert(QStringLiteral("campaign"), campaign);
    json.insert(QStringLiteral("model"), methodName(model));
    json.insert(QStringLiteral("outcome"), outcome);
    json.insert(QStringLiteral("arm"), arm);
    json.insert(QStringLiteral("holdout"), holdout);
    json.insert(QStringLiteral("seed"), seed);
    json.insert(QStringLiteral("criterion"), criterionName(criterion));
    json.insert(QStringLiteral("trees"), trees);
    json.insert(QStringLiteral("ridge"), ridge);
    return json;
}

UpliftTrainRequest UpliftTrainRequest::fromJson(const QJsonObject& json) {
    jobs::RequestReader reader(json, kAnalysis);
    UpliftTrainRequest request;
    request.campaign = reader.text("campaign");
    if (request.campaign.isEmpty())
        reader.fail("campaign", QStringLiteral("the campaign test's name"));
    request.model = upliftMethodNamed(reader.choice(
        "model",
        {QStringLiteral("tlearner"), QStringLiteral("classtransform"), QStringLiteral("forest")},
        QStringLiteral("tlearner")));
    request.outcome = reader.text("outcome");
    request.arm = reader.text("arm");
    request.holdout = reader.number("holdout", 0.3, 0.0, 1.0);
    if (request.holdout >= 1.0)
        reader.fail("holdout", QStringLiteral("a share in [0, 1)"));
    request.seed = reader.whole("seed", 1);
    request.criterion = criterionNamed(reader.choice(
        "criterion", {QStringLiteral("kl"), QStringLiteral("ed"), QStringLiteral("chi")},
        QStringLiteral("kl")));
    request.trees = static_cast<int>(reader.whole("trees", 40, 1, 10000));
    request.ridge = reader.number("ridge", 1e-3, 0.0);
    reader.finish();
    return request;
}

UpliftSettings UpliftTrainRequest::settings() const {
    UpliftSettings settings;
    settings.method = model;
    settings.ridge = ridge;
    settings.forest.criterion = criterion;
    settings.forest.trees = trees;
    settings.seed = static_cast<std::uint64_t>(seed);
    return settings;
}

std::vector<UpliftDecile> upliftByDecile(const ScoredCampaign& campaign, int groups) {
    std::vector<UpliftDecile> bars;
    const std::size_t n = campaign.size();
    if (n == 0 || groups < 1)
        return bars;
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return campaign.score[a] > campaign.score[b];
    });
    for (int g = 0; g < groups; ++g) {
        const std::size_t from = n * static_cast<std::size_t>(g) / static_cast<std::size_t>(groups);
        const std::size_t to =
            n * static_cast<std::size_t>(g + 1) / static_cast<std::size_t>(groups);
        UpliftDecile bar;
        double scoreSum = 0.0;
        double treatedSum = 0.0;
        double controlSum = 0.0;
        qint64 treated = 0;
        qint64 control = 0;
        for (std::size_t k = from; k < to; ++k) {
            const std::size_t i = order[k];
            scoreSum += campaign.score[i];
            if (campaign.treated[i]) {
                treatedSum += campaign.outcome[i];
                ++treated;
            } else {
                controlSum += campaign.outcome[i];
                ++control;
            }
        }
        bar.customers = static_cast<qint64>(to - from);
        bar.predicted = bar.customers > 0 ? scoreSum / static_cast<double>(bar.customers) : 0.0;
        bar.observed = treated > 0 && control > 0 ? treatedSum / static_cast<double>(treated) -
                                                        controlSum / static_cast<double>(control)
                                                  : std::nan("");
        bars.push_back(bar);
    }
    return bars;
}

UpliftTrainInputs loadUpliftTrain(data::Project& project, const UpliftTrainRequest& request) {
    const jobs::ReadSnapshot snapshot(project);
    UpliftTrainInputs inputs;
    inputs.request = request;
    inputs.fingerprint = snapshot.fingerprint();
    inputs.design = loadCampaign(project, request.campaign);
    const CampaignDesign& design = inputs.design;
    if (inputs.request.outcome.isEmpty() && !design.outcomeNames.isEmpty())
        inputs.request.outcome = design.outcomeNames.first();
    if (design.outcomeIndex(inputs.request.outcome) < 0)
        throw RequestProblem(
            QStringLiteral("campaign %1 has no outcome %2 (there are: %3).")
                .arg(request.campaign, inputs.request.outcome, design.outcomeNames.join(u", ")));
    if (!request.arm.isEmpty() && design.arms.indexOf(request.arm) < 1)
        throw RequestProblem(QStringLiteral("--arm must be one of the treatment arms %1 (%2).")
                                 .arg(design.arms.mid(1).join(u", "), request.arm));
    return inputs;
}

UpliftTrainResult computeUpliftTrain(const UpliftTrainInputs& inputs, ProgressToken& progress) {
    const UpliftTrainRequest& request = inputs.request;
    const CampaignDesign& design = inputs.design;
    const int outcomeIndex = design.outcomeIndex(request.outcome);
    const Modelled modelled = modelledRows(design, request.arm);
    const auto rows = static_cast<Eigen::Index>(modelled.rows.size());
    Eigen::VectorXd outcome(rows);
    for (Eigen::Index i = 0; i < rows; ++i)
        outcome(i) = design.outcomes(modelled.rows[static_cast<std::size_t>(i)], outcomeIndex);

    UpliftTrainResult result;
    result.provenance.analysis = kAnalysis;
    result.provenance.request = request.toJson();
    result.provenance.inputFingerprint = inputs.fingerprint;
    result.provenance.seed = request.seed;
    result.controlArm = design.arms.first();
    result.treatments = modelled.treatments;
    result.features = design.featureNames;
    result.holdout = splitHoldout(modelled.arm, outcome, request.holdout,
                                  static_cast<std::uint64_t>(request.seed));
    std::vector<Eigen::Index> training;
    for (Eigen::Index i = 0; i < rows; ++i) {
        const auto k = static_cast<std::size_t>(i);
        if (!result.holdout[k] && !std::isnan(outcome(i)))
            training.push_back(i);
        result.holdoutCustomers += result.holdout[k];
        result.customers.push_back(design.customer[static_cast<std::size_t>(modelled.rows[k])]);
        result.arms.push_back(
            design.arms.at(design.arm[static_cast<std::size_t>(modelled.rows[k])]));
    }
    result.trainingCustomers = static_cast<qint64>(training.size());
    UpliftTrainingSet all;
    all.features.resize(rows, design.features.cols());
    for (Eigen::Index i = 0; i < rows; ++i)
        all.features.row(i) = design.features.row(modelled.rows[static_cast<std::size_t>(i)]);
    all.outcome = outcome.array().isNaN().select(0.0, outcome);
    all.arm = modelled.arm;
    all.treatmentArms = static_cast<int>(modelled.treatments.size());
    all.binaryOutcome = design.outcomeIsBinary[static_cast<std::size_t>(outcomeIndex)];
    result.binaryOutcome = all.binaryOutcome;
    UpliftTraining trained;
    {
        ProgressSpan fit(progress, 0.0, 0.9);
        trained = trainUpliftModel(selectRows(all, training), request.settings(), fit.token());
    }
    if (trained.cancelled || !trained.model)
        throw jobs::Cancelled();
    jobs::throwIfCancelled(progress);
    result.notes = trained.model->notes();
    result.prediction = trained.model->predict(all.features);
    for (int a = 1; a <= all.treatmentArms; ++a) {
        UpliftArmEvaluation evaluation = evaluateArm(modelled.arm, outcome, result.holdout,
                                                     result.prediction.uplift.col(a - 1), a);
        evaluation.arm = modelled.treatments.at(a - 1);
        result.evaluations.push_back(std::move(evaluation));
    }
    progress.report(1.0);
    return result;
}

QJsonObject upliftTrainSummary(const UpliftTrainResult& result) {
    const UpliftTrainRequest request = result.request();
    QJsonObject perArm;
    for (const UpliftArmEvaluation& evaluation : result.evaluations)
        perArm.insert(evaluation.arm, metricsJson(evaluation));
    QJsonObject summary{
        {QStringLiteral("campaign"), request.campaign},
        {QStringLiteral("model"), methodName(request.model)},
        {QStringLiteral("outcome"), request.outcome},
        {QStringLiteral("outcome_binary"), result.binaryOutcome},
        {QStringLiteral("control_arm"), result.controlArm},
        {QStringLiteral("arms"), QJsonArray::fromStringList(result.treatments)},
        {QStringLiteral("features"), QJsonArray::fromStringList(result.features)},
        {QStringLiteral("n_train"), result.trainingCustomers},
        {QStringLiteral("n_holdout"), result.holdoutCustomers},
        {QStringLiteral("seed"), QString::number(request.seed)},
        {QStringLiteral("holdout"), perArm},
        {QStringLiteral("notes"), QJsonArray::fromStringList(result.notes)},
    };
    if (request.model == UpliftMethod::Forest) {
        summary.insert(QStringLiteral("criterion"), criterionName(request.criterion));
        summary.insert(QStringLiteral("trees"), request.trees);
    }
    return summary;
}

void writeUpliftScores(const QString& path, const UpliftTrainResult& result) {
    exporting::CsvWriter writer(path);
    QStringList header{QStringLiteral("customer"), QStringLiteral("arm")};
    for (const QString& arm : result.treatments)
        header.append(QStringLiteral("uplift_") + arm);
    header << QStringLiteral("control_response") << QStringLiteral("holdout");
    writer.writeRow(header);
    exporting::CsvRow line;
    const UpliftPrediction& prediction = result.prediction;
    for (std::size_t i = 0; i < result.customers.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        line.clear();
        line.text(result.customers[i]).text(result.arms[i]);
        for (Eigen::Index a = 0; a < prediction.uplift.cols(); ++a)
            line.number(prediction.uplift(row, a));
        line.number(prediction.controlResponse(row)).flag(result.holdout[i] != 0);
        writer.writeRow(line);
    }
    writer.commit();
}

jobs::JobOutcome runUpliftTrainJob(const QJsonObject& json, jobs::JobContext& caller) {
    if (!caller.project)
        throw Error(QStringLiteral("an uplift-train request needs a project (--project)"));
    // The run is provenance only: a read-only project still trains.
    jobs::JobContext context = caller;
    context.recording = jobs::RunRecorder::Recording::WhenWritable;
    const UpliftTrainInputs inputs =
        loadUpliftTrain(*context.project, UpliftTrainRequest::fromJson(json));
    jobs::Provenance provenance;
    provenance.analysis = kAnalysis;
    provenance.request = inputs.request.toJson();
    provenance.inputFingerprint = inputs.fingerprint;
    provenance.seed = inputs.request.seed;
    const QString out = context.outputs.value(QStringLiteral("out"));
    return jobs::computeAndRecord(
        context, provenance,
        [&](ProgressToken& progress) { return computeUpliftTrain(inputs, progress); },
        [&](const UpliftTrainResult& result, jobs::RunRecorder& recorder,
            jobs::JobOutcome& outcome) {
            if (!out.isEmpty()) {
                writeUpliftScores(out, result);
                outcome.files << out;
            }
            outcome.summary = upliftTrainSummary(result);
            outcome.summary.insert(QStringLiteral("project"), context.project->path());
            if (!out.isEmpty())
                outcome.summary.insert(QStringLiteral("out"), out);
            outcome.summary.insert(QStringLiteral("run_id"), recorder.idJson());
        });
}

}  // namespace mb::targeting
