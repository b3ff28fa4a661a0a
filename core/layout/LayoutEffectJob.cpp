#include "layout/LayoutEffectJob.h"

#include "common/Error.h"
#include "export/CsvExport.h"
#include "jobs/RecordedRun.h"
#include "layout/FileOrProjectRun.h"

#include <QJsonArray>
#include <algorithm>
#include <limits>
#include <set>

namespace mb::layout {

QString layoutEffectModelStatement() {
    return QStringLiteral(
        "baskets with a and b ~ Poisson(baskets with a * exp(pair[a,b] + store[s] + beta * "
        "metres / 10)) per ordered category pair, store and placement period, metres the "
        "shortest walk between the zones of a and b in that store then; pair and store fixed "
        "effects; rate_ratio_per_10m = exp(-beta), the factor by which attach rates rise when "
        "two zones are 10 m closer; 95% interval clustered by store: the leave-one-store-out "
        "jackknife standard error with Student's t (stores - 1 degrees of freedom)");
}

LayoutEffectResult computeLayoutEffect(const LayoutEffectInputs& inputs,
                                       const LayoutEffectRequest& request,
                                       ProgressToken& progress) {
    LayoutEffectResult result;
    result.provenance = requestProvenance(request.toJson(), inputs.fingerprint);
    result.fit =
        fitAttachRates(inputs.observations, inputs.pairCount(),
                       static_cast<int>(inputs.stores.size()), inputs.describe(), &progress);
    std::set<int> stores;
    std::set<int> pairs;
    for (const AttachObservation& o : inputs.observations) {
        if (result.fit.pairEffect[static_cast<std::size_t>(o.pair)] <= 0.0)
            continue;
        stores.insert(o.store);
        pairs.insert(o.pair);
        ++result.observations;
    }
    result.stores = static_cast<int>(stores.size());
    result.pairs = static_cast<int>(pairs.size());
    result.periods = static_cast<int>(inputs.periods.size());
    result.baskets = inputs.baskets;
    return result;
}

LayoutEffectEstimate estimateLayoutEffect(data::Project& project,
                                          const LayoutEffectRequest& request,
                                          ProgressToken* cancel) {
    if (cancel)
        jobs::throwIfCancelled(*cancel);
    const LayoutEffectInputs inputs = loadLayoutEffect(project, request);
    // The fit's own fractions would move the caller's bar back: only its cancel reaches in, at
    // each iteration's report.
    ProgressToken progress;
    progress.setListener([&progress, cancel](double) {
        if (cancel && cancel->isCancelled())
            progress.cancel();
    });
    const LayoutEffectResult result = computeLayoutEffect(inputs, request, progress);
    return {result.fit.ratePer10m, result.fit.ciLow, result.fit.ciHigh,
            result.stores,         result.pairs,     inputs.fingerprint};
}

QJsonObject layoutEffectSummary(const LayoutEffectResult& result,
                                const LayoutEffectInputs& inputs) {
    const AttachFit& fit = result.fit;
    return QJsonObject{
        {QStringLiteral("stores"), result.stores},
        {QStringLiteral("store_ids"), QJsonArray::fromStringList(inputs.stores)},
        {QStringLiteral("placement_periods"), result.periods},
        {QStringLiteral("pairs"), result.pairs},
        {QStringLiteral("observations"), result.observations},
        {QStringLiteral("baskets"), result.baskets},
        {QStringLiteral("rate_ratio_per_10m"), fit.ratePer10m},
        {QStringLiteral("ci_low"), fit.ciLow},
        {QStringLiteral("ci_high"), fit.ciHigh},
        {QStringLiteral("coefficient_per_10m"), fit.beta},
        {QStringLiteral("standard_error"), fit.standardError},
        {QStringLiteral("sandwich_standard_error"), fit.sandwichStandardError},
        {QStringLiteral("model_standard_error"), fit.modelStandardError},
        {QStringLiteral("interval"),
         fit.jackknifeStandardError > 0.0
             ? QStringLiteral("store jackknife (leave one store out), Student's t")
             : (fit.clusteredByStore ? QStringLiteral("store-clustered sandwich, Student's t")
                                     : QStringLiteral("robust sandwich by observation, normal"))},
        {QStringLiteral("clustered_by"),
         fit.clusteredByStore ? QStringLiteral("store") : QStringLiteral("observation")},
        {QStringLiteral("clusters"), fit.clusters},
        {QStringLiteral("iterations"), fit.iterations},
        {QStringLiteral("model"), layoutEffectModelStatement()}};
}

void writeLayoutEffectCsv(const QString& path, const LayoutEffectResult& result,
                          const LayoutEffectInputs& inputs) {
    struct PairRow {
        int observations = 0;
        double withA = 0.0;
        double withBoth = 0.0;
        double fitted = 0.0;
        double nearest = std::numeric_limits<double>::infinity();
        double farthest = 0.0;
    };
    const auto k = static_cast<int>(inputs.categories.size());
    std::vector<PairRow> rows(static_cast<std::size_t>(inputs.pairCount()));
    for (std::size_t i = 0; i < inputs.observations.size(); ++i) {
        const AttachObservation& o = inputs.observations[i];
        PairRow& row = rows[static_cast<std::size_t>(o.pair)];
        ++row.observations;
        row.withA += o.basketsWithA;
        row.withBoth += o.basketsWithBoth;
        row.fitted += result.fit.fitted[i];
        row.nearest = std::min(row.nearest, o.metres);
        row.farthest = std::max(row.farthest, o.metres);
    }
    exporting::CsvWriter out(path);
    out.writeRow(QStringList{"category_a", "category_b", "observations", "baskets_with_a",
                             "baskets_with_both", "attach_rate", "metres_min", "metres_max",
                             "fitted_with_both", "pair_rate_at_0m"});
    exporting::CsvRow line;
    for (int pair = 0; pair < inputs.pairCount(); ++pair) {
        const PairRow& row = rows[static_cast<std::size_t>(pair)];
        if (row.observations == 0)
            continue;
        line.clear();
        line.text(inputs.categories[pair / k])
            .text(inputs.categories[pair % k])
            .integer(row.observations)
            .integer(static_cast<qint64>(row.withA))
            .integer(static_cast<qint64>(row.withBoth))
            .numberAsR(row.withBoth / row.withA)
            .numberAsR(row.nearest)
            .numberAsR(row.farthest)
            .numberAsR(row.fitted)
            .numberAsR(result.fit.pairEffect[static_cast<std::size_t>(pair)]);
        out.writeRow(line);
    }
    out.commit();
}

jobs::JobOutcome runLayoutEffectJob(const QJsonObject& json, jobs::JobContext& context) {
    const LayoutEffectRequest request = LayoutEffectRequest::fromJson(json);
    if (!context.project)
        throw Error(QStringLiteral("layout-effect: the request needs a project (--project P)"));
    const LayoutEffectInputs inputs = loadLayoutEffect(*context.project, request);
    const QString out = context.outputs.value(QStringLiteral("out"));
    jobs::JobOutcome outcome = jobs::computeAndRecord(
        context, requestProvenance(request.toJson(), inputs.fingerprint),
        [&](ProgressToken& progress) { return computeLayoutEffect(inputs, request, progress); },
        [&](const LayoutEffectResult& result, jobs::RunRecorder&, jobs::JobOutcome& outcome) {
            if (!out.isEmpty()) {
                writeLayoutEffectCsv(out, result, inputs);
                outcome.files.append(out);
            }
            outcome.summary = layoutEffectSummary(result, inputs);
            outcome.summary.insert(QStringLiteral("as_of"), request.asOf);
            outcome.summary.insert(QStringLiteral("out"), out);
        });
    outcome.warnings = inputs.warnings + outcome.warnings;
    return outcome;
}

}  // namespace mb::layout
