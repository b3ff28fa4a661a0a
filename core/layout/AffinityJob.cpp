#include "layout/AffinityJob.h"

#include "common/JsonNumber.h"
#include "common/MemoryBudget.h"
#include "jobs/RequestReader.h"
#include "layout/AffinityCsv.h"
#include "layout/FileOrProjectRun.h"

#include <QElapsedTimer>
#include <QJsonArray>

namespace mb::layout {

namespace {

const QString kAnalysis = QStringLiteral("affinity");

QJsonArray topPairs(const AffinityResult& result, const std::vector<std::string>& names) {
    QJsonArray top;
    for (std::size_t i = 0; i < std::min<std::size_t>(10, result.pairs.size()); ++i) {
        const AffinityPair& pair = result.pairs[i];
        top.append(
            QJsonObject{{QStringLiteral("item_a"), QString::fromStdString(names[pair.itemA])},
                        {QStringLiteral("item_b"), QString::fromStdString(names[pair.itemB])},
                        {QStringLiteral("baskets_both"), qint64(pair.counts.withBoth)},
                        {QStringLiteral("support"), jsonNumber(pair.measures.support)},
                        {QStringLiteral("lift"), jsonNumber(pair.measures.lift)},
                        {QStringLiteral("phi"), jsonNumber(pair.measures.phi)},
                        {QStringLiteral("fisher_p"), jsonNumber(pair.measures.fisherP)}});
    }
    return top;
}

}  // namespace

QJsonObject AffinityRequest::toJson() const {
    QJsonObject json = jobs::requestJson(kAnalysis);
    input.addTo(json);
    json.insert(QStringLiteral("min_support"), minSupport);
    json.insert(QStringLiteral("min_baskets"), minBaskets);
    json.insert(QStringLiteral("memory_limit"), memoryLimit);
    return json;
}

AffinityRequest AffinityRequest::fromJson(const QJsonObject& json) {
    jobs::RequestReader reader(json, kAnalysis);
    AffinityRequest request;
    request.input = BasketInput::read(reader);
    request.minSupport = reader.number("min_support", 0, 0, 1);
    request.minBaskets = reader.whole("min_baskets", 0);
    request.memoryLimit = reader.whole("memory_limit", 0);
    reader.finish();
    return request;
}

jobs::JobOutcome runAffinityJob(const QJsonObject& json, jobs::JobContext& context) {
    const AffinityRequest request = AffinityRequest::fromJson(json);
    QElapsedTimer timer;
    timer.start();
    const LoadedBaskets loaded = loadBaskets(context.project, request.input);
    const qint64 readMs = timer.restart();
    AffinityOptions options;
    options.minSupport = request.minSupport;
    // The default floor grows with the baskets, so a large file still gives a usable list.
    options.minBaskets = request.minBaskets > 0
                             ? static_cast<std::uint64_t>(request.minBaskets)
                             : defaultAffinityMinBaskets(loaded.baskets.basketCount());
    MemoryBudget budget = requestedBudget(request.memoryLimit);
    const QString out = context.outputs.value(QStringLiteral("out"));
    jobs::JobOutcome outcome = computeAndRecordOnProject(
        context, request.input.isProject(), requestProvenance(request.toJson(), loaded.fingerprint),
        [&](ProgressToken& progress) {
            return findAffinityPairs(loaded.baskets, options, &progress, &budget);
        },
        [&](const AffinityResult& result, jobs::JobOutcome& outcome) {
            const qint64 pairMs = timer.restart();
            if (!out.isEmpty()) {
                writeAffinityCsv(out, result.pairs, loaded.baskets.itemNames);
                outcome.files.append(out);
            }
            outcome.summary = basketSummaryJson(
                loaded, request.input,
                QJsonObject{
                    {QStringLiteral("pairs"), qint64(result.pairs.size())},
                    {QStringLiteral("pairs_below_min_baskets"), qint64(result.pairsBelowFloor)},
                    {QStringLiteral("min_support"), request.minSupport},
                    {QStringLiteral("min_baskets"), qint64(options.minBaskets)},
                    {QStringLiteral("memory_limit"), qint64(budget.limit())},
                    {QStringLiteral("memory_peak"), qint64(budget.peak())},
                    {QStringLiteral("out"), out},
                    {QStringLiteral("read_ms"), readMs},
                    {QStringLiteral("pairs_ms"), pairMs},
                    {QStringLiteral("top_pairs"), topPairs(result, loaded.baskets.itemNames)}});
        });
    outcome.warnings = loaded.warnings + outcome.warnings;
    return outcome;
}

}  // namespace mb::layout
