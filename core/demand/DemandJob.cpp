#include "demand/DemandJob.h"

#include "common/Error.h"
#include "common/JsonNumber.h"
#include "data/Project.h"
#include "demand/DemandCsv.h"
#include "demand/SalesHistoryLoader.h"
#include "demand/StockOuts.h"
#include "jobs/ReadSnapshot.h"
#include "jobs/RecordedRun.h"
#include "jobs/RequestReader.h"
#include "markdown/ItemProblems.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>

namespace mb::demand {

namespace {

const QString kAnalysis = QStringLiteral("demand");

double median(std::vector<double> values) {
    std::erase_if(values, [](double value) { return !std::isfinite(value); });
    if (values.empty())
        return kNotEstimated;
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 == 1 ? values[middle] : 0.5 * (values[middle - 1] + values[middle]);
}

const QStringList& levelNames() {
    static const QStringList names{levelName(DemandLevel::ProductStore),
                                   levelName(DemandLevel::Product),
                                   levelName(DemandLevel::Category)};
    return names;
}

const QStringList& methodNames() {
    static const QStringList names{methodName(DemandMethod::LeastSquares),
                                   methodName(DemandMethod::Poisson)};
    return names;
}

}  // namespace

QJsonObject DemandRequest::toJson() const {
    QJsonObject json = jobs::requestJson(kAnalysis);
    json.insert(QStringLiteral("level"), levelName(level));
    json.insert(QStringLiteral("method"), methodName(method));
    json.insert(QStringLiteral("holdout_weeks"), holdoutWeeks);
    json.insert(QStringLiteral("seasonality"), seasonality);
    json.insert(QStringLiteral("lifecycle"), lifecycle);
    json.insert(QStringLiteral("harmonics"), harmonics);
    json.insert(QStringLiteral("own_season_weeks"), ownSeasonWeeks);
    json.insert(QStringLiteral("relaunch_gap_weeks"), relaunchGapWeeks);
    json.insert(QStringLiteral("censoring"), censoring);
    json.insert(QStringLiteral("products"), QJsonArray::fromStringList(products));
    json.insert(QStringLiteral("stores"), QJsonArray::fromStringList(stores));
    json.insert(QStringLiteral("as_of"),
                asOf.isValid() ? QJsonValue(asOf.toString(Qt::ISODate)) : QJsonValue());
    return json;
}

DemandRequest DemandRequest::fromJson(const QJsonObject& json) {
    jobs::RequestReader reader(json, kAnalysis);
    DemandRequest request;
    parseLevel(reader.choice("level", levelNames(), levelName(request.level)), &request.level);
    parseMethod(reader.choice("method", methodNames(), methodName(request.method)),
                &request.method);
    request.holdoutWeeks = static_cast<int>(
        reader.whole("holdout_weeks", request.holdoutWeeks, 0, DemandRequest::kMaxWeeks));
    request.seasonality = reader.flag("seasonality", request.seasonality);
    request.lifecycle = reader.flag("lifecycle", request.lifecycle);
    // Harmonic k of the year has a period of 52/k weeks; weekly data cannot show one shorter than
    // two weeks, so 26 is the most that means anything.
    request.harmonics = static_cast<int>(reader.whole("harmonics", request.harmonics, 0, 26));
    request.ownSeasonWeeks = static_cast<int>(
        reader.whole("own_season_weeks", request.ownSeasonWeeks, 1, DemandRequest::kMaxWeeks));
    request.relaunchGapWeeks = static_cast<int>(
        reader.whole("relaunch_gap_weeks", request.relaunchGapWeeks, 1, DemandRequest::kMaxWeeks));
    request.censoring = reader.flag("censoring", request.censoring);
    request.products = reader.texts("products");
    request.stores = reader.texts("stores");
    const QString asOf = reader.date("as_of");
    request.asOf = asOf.isEmpty() ? QDate() : QDate::fromString(asOf, Qt::ISODate);
    reader.finish();
    return request;
}

DemandOptions DemandRequest::options(int threads) const {
    DemandOptions options;
    options.level = level;
    options.method = method;
    options.holdoutWeeks = holdoutWeeks;
    options.seasonality = seasonality;
    options.lifecycle = lifecycle;
    options.harmonics = harmonics;
    options.ownSeasonWeeks = ownSeasonWeeks;
    options.relaunchGapWeeks = relaunchGapWeeks;
    options.threads = threads;
    return options;
}

SalesFilter DemandRequest::filter() const {
    return SalesFilter{products, stores, asOf};
}

DemandInputs loadDemand(data::Project& project, const DemandRequest& request) {
    const jobs::ReadSnapshot snapshot(project);
    DemandInputs inputs{project.path(), snapshot.fingerprint(),
                        loadSalesHistory(project.db(), request.filter())};
    if (request.censoring)
        inputs.history.stockCounts =
            markSoldOutWeeks(project.db(), request.filter(), inputs.history);
    if (inputs.history.series.empty()) {
        const bool filtered = !request.products.isEmpty() || !request.stores.isEmpty();
        throw Error(
            QStringLiteral("%1: no weekly sales to fit%2%3 (import sales first)")
                .arg(project.path(),
                     filtered ? QStringLiteral(" for the chosen products and stores") : QString(),
                     request.asOf.isValid() ? QStringLiteral(" dated on or before %1")
                                                  .arg(request.asOf.toString(Qt::ISODate))
                                            : QString()));
    }
    return inputs;
}

DemandResult computeDemand(const DemandInputs& inputs, const DemandRequest& request,
                           ProgressToken& progress, int threads,
                           CategoryEstimateGathering* chainCategories) {
    DemandResult result;
    result.provenance.analysis = kAnalysis;
    result.provenance.request = request.toJson();
    result.provenance.inputFingerprint = inputs.inputFingerprint;
    DemandOptions options = request.options(threads);
    options.chainCategories = chainCategories;
    result.fit = fitDemand(inputs.history, options, &progress);
    if (result.fit.cancelled)
        throw jobs::Cancelled();
    jobs::throwIfCancelled(progress);
    result.series = static_cast<qint64>(inputs.history.series.size());
    result.skippedRows = inputs.history.skippedRows;
    result.stockCounts = inputs.history.stockCounts;
    std::vector<double> elasticities, wapes, ratios;
    for (const DemandModel& model : result.fit.models) {
        result.censoredWeeks += model.censoredWeeks;
        if (model.clusters > 0) {
            ++result.modelsClustered;
            ratios.push_back(model.elasticity.standardError / model.elasticityClassicalSe);
        }
        result.modelsFitted += model.fitted ? 1 : 0;
        result.modelsWithoutHoldoutWape += model.holdoutProblem.isEmpty() ? 0 : 1;
        elasticities.push_back(model.elasticity.value);
        wapes.push_back(model.wapeHoldout);
    }
    result.medianElasticity = median(std::move(elasticities));
    result.medianWapeHoldout = median(std::move(wapes));
    result.medianClusteredSeRatio = median(std::move(ratios));
    return result;
}

QStringList DemandResult::warnings(const QString& file) const {
    QStringList warnings;
    // A reason's own count ("too few weeks with sales (3)", also in the CSV) is dropped so that
    // models stopped by the same reason are counted together.
    static const QRegularExpression ownCount(QStringLiteral(" \\(\\d+\\)$"));
    QStringList notFitted;
    const DemandModel* example = nullptr;
    for (const DemandModel& model : fit.models) {
        if (!model.fitted)
            notFitted << QString(model.problem).remove(ownCount);
        if (!example && !model.holdoutProblem.isEmpty())
            example = &model;
    }
    if (fit.options.method == DemandMethod::Poisson && censoredWeeks > 0)
        warnings << QStringLiteral(
                        "%1 weeks sold out by the stock counts, but the Poisson fit takes their "
                        "sales as their demand (only --method ols fits them as censored)")
                        .arg(censoredWeeks);
    constexpr int kReasonsShown = 5;
    const auto models = static_cast<qint64>(fit.models.size());
    if (!notFitted.isEmpty())
        warnings << QStringLiteral(
                        "%1 of %2 models were not fitted (the reason is in problem of "
                        "%3): %4")
                        .arg(notFitted.size())
                        .arg(models)
                        .arg(file, markdown::countedReasons(notFitted, QStringLiteral("not fitted"),
                                                            kReasonsShown));
    if (example)
        warnings << QStringLiteral(
                        "%1 of %2 models have no holdout WAPE (the reason is in "
                        "wape_holdout_problem of %3), e.g. %4%5: %6")
                        .arg(modelsWithoutHoldoutWape)
                        .arg(models)
                        .arg(file,
                             example->product.isEmpty()
                                 ? QStringLiteral("category %1").arg(example->category)
                                 : QStringLiteral("product %1").arg(example->product),
                             example->store.isEmpty()
                                 ? QString()
                                 : QStringLiteral(" in store %1").arg(example->store),
                             example->holdoutProblem);
    return warnings;
}

jobs::JobOutcome runDemandJob(const QJsonObject& json, jobs::JobContext& context) {
    const DemandRequest request = DemandRequest::fromJson(json);
    if (!context.project)
        throw Error(
            QStringLiteral("a demand request needs a project to read the sales from "
                           "(give --project P)"));
    QElapsedTimer timer;
    timer.start();
    const DemandInputs inputs = loadDemand(*context.project, request);
    jobs::Provenance provenance;
    provenance.analysis = kAnalysis;
    provenance.request = request.toJson();
    provenance.inputFingerprint = inputs.inputFingerprint;
    const QString out = context.outputs.value(QStringLiteral("out"));
    return jobs::computeAndRecord(
        context, provenance,
        [&](ProgressToken& progress) {
            return computeDemand(inputs, request, progress, context.threads,
                                 context.categoryEstimates);
        },
        [&](const DemandResult& result, jobs::RunRecorder& recorder, jobs::JobOutcome& outcome) {
            if (!out.isEmpty()) {
                writeDemandCsv(out, result.fit);
                outcome.files << out;
            }
            outcome.warnings =
                result.warnings(out.isEmpty() ? QStringLiteral("the demand models") : out);
            QJsonObject summary{
                {QStringLiteral("project"), inputs.projectPath},
                {QStringLiteral("level"), levelName(request.level)},
                {QStringLiteral("method"), methodName(request.method)},
                {QStringLiteral("series"), result.series},
                {QStringLiteral("models"), static_cast<qint64>(result.fit.models.size())},
                {QStringLiteral("models_fitted"), result.modelsFitted},
                {QStringLiteral("skipped_rows"), result.skippedRows},
                {QStringLiteral("stock_counts"), result.stockCounts},
                {QStringLiteral("censored_weeks"), result.censoredWeeks},
                {QStringLiteral("models_clustered"), result.modelsClustered},
                {QStringLiteral("median_clustered_se_ratio"),
                 jsonNumber(result.medianClusteredSeRatio)},
                {QStringLiteral("median_elasticity"), jsonNumber(result.medianElasticity)},
                {QStringLiteral("median_wape_holdout"), jsonNumber(result.medianWapeHoldout)},
                {QStringLiteral("models_without_holdout_wape"),
                 request.holdoutWeeks > 0 ? QJsonValue(result.modelsWithoutHoldoutWape)
                                          : QJsonValue()},
                {QStringLiteral("seconds"), static_cast<double>(timer.elapsed()) / 1000.0},
                {QStringLiteral("run_id"), recorder.idJson()},
                {QStringLiteral("warnings"), QJsonArray::fromStringList(outcome.warnings)}};
            if (!out.isEmpty())
                summary.insert(QStringLiteral("out"), out);
            outcome.summary = summary;
        });
}

}  // namespace mb::demand
