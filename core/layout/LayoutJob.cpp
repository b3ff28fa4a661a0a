#include "layout/LayoutJob.h"

#include "common/Error.h"
#include "common/JsonNumber.h"
#include "common/MemoryBudget.h"
#include "common/Progress.h"
#include "jobs/RecordedRun.h"
#include "layout/FileOrProjectRun.h"

#include <QJsonArray>
#include <algorithm>

namespace mb::layout {

namespace {

constexpr int kBootstrapSamples = 200;

QJsonObject termsJson(const LayoutModel& model, const LayoutScoreTerms& terms) {
    return QJsonObject{
        {QStringLiteral("adjacency"), jsonNumber(terms.adjacency)},
        {QStringLiteral("exposure"), jsonNumber(terms.exposure)},
        {QStringLiteral("walking_metres"), jsonNumber(terms.walkingMetres)},
        {QStringLiteral("walking_ratio"), jsonNumber(terms.walkingMetres / model.directWalkMetres)},
        {QStringLiteral("total"), jsonNumber(terms.total)}};
}

// Indices of the placements; the names were checked by checkPlacements.
std::vector<std::pair<int, int>> placementIndices(const LayoutModel& model,
                                                  const std::vector<CategoryZone>& placements) {
    std::vector<std::pair<int, int>> indices;
    indices.reserve(placements.size());
    for (const CategoryZone& placement : placements)
        indices.emplace_back(model.categoryIndex(placement.category),
                             model.zoneIndex(placement.zone));
    return indices;
}

// A range as three keys: NAME, NAME_low, NAME_high (null when unknown).
void insertRange(QJsonObject& json, const QString& name, const PredictedRange& range) {
    json.insert(name, jsonNumber(range.value));
    json.insert(name + QStringLiteral("_low"), jsonNumber(range.low));
    json.insert(name + QStringLiteral("_high"), jsonNumber(range.high));
}

PredictionBasis predictionBasis(const LayoutInputs& inputs, const LayoutRequest& request,
                                const LayoutModel& model) {
    PredictionBasis basis;
    basis.counts =
        attachCounts(inputs.placedSince.isEmpty() ? inputs.baskets : inputs.placedBaskets, model);
    basis.valuePerBasket.assign(static_cast<std::size_t>(model.categoryCount()), std::nan(""));
    for (int c = 0; c < model.categoryCount(); ++c)
        basis.valuePerBasket[static_cast<std::size_t>(c)] =
            inputs.money.valuePerBasket.value(model.categories[c], std::nan(""));
    basis.weeks = inputs.money.weeks;
    basis.undatedLines = inputs.money.undatedLines;
    basis.effect = request.effect ? *request.effect : inputs.chainEffect;
    if (request.effect)
        basis.effect.source = QStringLiteral("given in the request");
    return basis;
}

// The prediction's keys of the summary: the store's share, the proposal's change and money at
// the top, the effect, weeks and moves under "prediction".
void insertPrediction(QJsonObject& summary, const LayoutResult& result) {
    const LayoutPrediction& prediction = result.prediction;
    const LayoutModel& model = result.model;
    summary.insert(QStringLiteral("baskets"), static_cast<qint64>(prediction.baskets));
    summary.insert(QStringLiteral("cross_category_baskets"),
                   static_cast<qint64>(prediction.crossBaskets));
    summary.insert(QStringLiteral("cross_category_share"), jsonNumber(prediction.crossShare));
    insertRange(summary, QStringLiteral("predicted_change"), prediction.shareChange);
    insertRange(summary, QStringLiteral("weekly_revenue_change"), prediction.weeklyRevenue);
    summary.insert(QStringLiteral("currency"), result.currency);
    QJsonArray moves;
    for (const MovePrediction& move : prediction.moves) {
        QJsonObject row{
            {QStringLiteral("category"), model.categories[move.category]},
            {QStringLiteral("from"), move.from >= 0 ? model.zones[move.from] : QString()},
            {QStringLiteral("to"), move.to >= 0 ? model.zones[move.to] : QString()}};
        insertRange(row, QStringLiteral("predicted_change"), move.shareChange);
        insertRange(row, QStringLiteral("attach_purchases_per_week"), move.attachPerWeek);
        insertRange(row, QStringLiteral("weekly_revenue_change"), move.weeklyRevenue);
        moves.append(row);
    }
    const ProximityEffect& effect = prediction.effect;
    QJsonObject detail{
        {QStringLiteral("effect"),
         QJsonObject{{QStringLiteral("rate_ratio_per_10m"), jsonNumber(effect.ratePer10m)},
                     {QStringLiteral("ci_low"), jsonNumber(effect.ciLow)},
                     {QStringLiteral("ci_high"), jsonNumber(effect.ciHigh)},
                     {QStringLiteral("source"), effect.source}}},
        {QStringLiteral("weeks"), jsonNumber(prediction.weeks)},
        {QStringLiteral("baskets_per_week"),
         jsonNumber(static_cast<double>(prediction.baskets) / prediction.weeks)},
        {QStringLiteral("moves"), moves},
        {QStringLiteral("formula"), predictionFormula()}};
    insertRange(detail, QStringLiteral("attach_purchases_per_week"), prediction.attachPerWeek);
    summary.insert(QStringLiteral("prediction"), detail);
}

jobs::Provenance layoutProvenance(const LayoutRequest& request, const QString& fingerprint) {
    return requestProvenance(request.toJson(), fingerprint, request.seed,
                             request.replayMayDiffer());
}

}  // namespace

LayoutModel layoutModel(const LayoutInputs& inputs, const LayoutRequest& request,
                        MemoryBudget& budget) {
    LayoutModelOptions options;
    options.weights = request.weights;
    options.closenessMetres = request.closenessMetres;
    options.impulse = request.impulse;
    options.seed = static_cast<std::uint64_t>(request.seed);
    options.budget = &budget;
    return buildLayoutModel(inputs.plan, inputs.distances, inputs.baskets, inputs.layoutCategories,
                            inputs.zoneVisits, options);
}

std::vector<int> startAssignment(const LayoutModel& model, const LayoutInputs& inputs,
                                 const LayoutRequest& request) {
    if (request.start.empty())
        return layoutAssignment(model, inputs.layout);
    std::vector<std::pair<QString, QString>> start;
    for (const CategoryZone& placement : request.start)
        start.emplace_back(placement.category, placement.zone);
    return layoutAssignment(model, start);
}

std::vector<int> proposedAssignment(const LayoutModel& model, const std::vector<int>& current,
                                    const std::vector<CategoryZone>& proposed) {
    std::vector<int> assignment = current;
    for (const CategoryZone& placement : proposed) {
        const int category = model.categoryIndex(placement.category);
        if (category >= 0)
            assignment[static_cast<std::size_t>(category)] = model.zoneIndex(placement.zone);
    }
    return assignment;
}

void checkPlacements(const LayoutInputs& inputs, const LayoutRequest& request) {
    // The model's categories: the layout's and every basket category.
    const auto known = [&](const QString& category) {
        if (inputs.layoutCategories.contains(category))
            return true;
        const std::string name = category.toStdString();
        return std::find(inputs.baskets.itemNames.begin(), inputs.baskets.itemNames.end(), name) !=
               inputs.baskets.itemNames.end();
    };
    const auto check = [&](const std::vector<CategoryZone>& placements, const char* option) {
        for (const CategoryZone& placement : placements) {
            const bool category = known(placement.category);
            if (category && inputs.plan.zoneIndex(placement.zone) >= 0)
                continue;
            throw Error(QStringLiteral("layout: --%1: %2 (%3=%4)")
                            .arg(QLatin1String(option),
                                 !category ? QStringLiteral("unknown category")
                                           : QStringLiteral("zone is not on the floor plan"),
                                 placement.category, placement.zone));
        }
    };
    check(request.fixed, "fix");
    check(request.forbidden, "forbid");
    check(request.start, "start-layout");
    check(request.proposed, "proposed");
}

LayoutResult computeLayout(const LayoutInputs& inputs, const LayoutRequest& request,
                           ProgressToken& progress) {
    LayoutResult result;
    result.provenance = layoutProvenance(request, inputs.fingerprint);
    MemoryBudget budget = requestedBudget(request.memoryLimit);
    result.model = layoutModel(inputs, request, budget);
    const LayoutModel& model = result.model;
    const std::vector<int> assignment = startAssignment(model, inputs, request);
    jobs::throwIfCancelled(progress);
    LayoutProposal& proposal = result.proposal;
    result.predictionBasis = predictionBasis(inputs, request, model);
    const ProximityEffect& effect = result.predictionBasis.effect;
    if (request.optimise) {
        LayoutOptimiserOptions options;
        options.seconds = request.seconds;
        options.iterations = request.iterations;
        options.seed = static_cast<std::uint64_t>(request.seed);
        options.rules.zoneCapacity = request.capacity;
        options.maxMoves = request.maxMoves;
        options.rules.fixed = placementIndices(model, request.fixed);
        options.rules.forbidden = placementIndices(model, request.forbidden);
        if (effect.identified()) {
            // What the prediction measures is what the search maximises; the score stays a
            // detail of the proposal, rescored below.
            result.objective = LayoutObjective::PredictedCoPurchases;
            const LayoutModel objective = coPurchaseModel(model, result.predictionBasis.counts,
                                                          assignment, effect.ratePer10m);
            proposal = optimiseLayout(objective, assignment, options, &progress);
            proposal.before = scoreLayout(model, proposal.current);
            proposal.after = scoreLayout(model, proposal.proposed);
        } else {
            result.objective = LayoutObjective::AdjacencyScore;
            result.objectiveNote = QStringLiteral(
                "the optimiser maximised the unitless layout score (adjacency, "
                "exposure, walk): no known effect of proximity to predict "
                "co-purchases with");
            proposal = optimiseLayout(model, assignment, options, &progress);
        }
        if (proposal.cancelled)
            throw jobs::Cancelled();
    } else {
        proposal.current = assignment;
        proposal.proposed = proposedAssignment(model, assignment, request.proposed);
        proposal.before = scoreLayout(model, proposal.current);
        proposal.after = scoreLayout(model, proposal.proposed);
    }
    result.crossModel = fitCrossCategoryModel(model, assignment, kBootstrapSamples,
                                              static_cast<std::uint64_t>(request.seed));
    result.effect = crossCategoryEffect(result.crossModel,
                                        proposal.after.closenessSum - proposal.before.closenessSum);
    result.prediction =
        predictLayoutChange(result.predictionBasis, model, proposal.current, proposal.proposed);
    if (effect.identified()) {
        const AttachCounts& counts = result.predictionBasis.counts;
        result.coPurchasesBefore = predictedCoPurchases(counts, model, proposal.current,
                                                        proposal.current, effect.ratePer10m);
        result.coPurchasesAfter = predictedCoPurchases(counts, model, proposal.current,
                                                       proposal.proposed, effect.ratePer10m);
    }
    result.currency = inputs.currency;
    result.scenario = layoutScenario(model, proposal.current, proposal.proposed);
    for (std::size_t c = 0; c < proposal.current.size(); ++c) {
        result.placedCategories += proposal.current[c] >= 0;
        result.movedCategories += proposal.current[c] != proposal.proposed[c];
    }
    return result;
}

QJsonObject layoutSummary(const LayoutResult& result) {
    const LayoutModel& model = result.model;
    const LayoutProposal& proposal = result.proposal;
    const LayoutScoreTerms& a = proposal.before;
    const LayoutScoreTerms& b = proposal.after;
    const LayoutScoreTerms change{b.adjacency - a.adjacency, b.exposure - a.exposure,
                                  b.walkingMetres - a.walkingMetres,
                                  b.closenessSum - a.closenessSum, b.total - a.total};
    const CrossCategoryModel& cross = result.crossModel;
    QJsonObject summary{{QStringLiteral("current"), termsJson(model, a)},
                        {QStringLiteral("proposed"), termsJson(model, b)},
                        {QStringLiteral("improvement"), termsJson(model, change)},
                        {QStringLiteral("moved_categories"), result.movedCategories},
                        {QStringLiteral("placed_categories"), result.placedCategories},
                        {QStringLiteral("kept_current"), proposal.keptCurrent},
                        {QStringLiteral("seconds"), proposal.seconds},
                        {QStringLiteral("iterations"), static_cast<qint64>(proposal.iterations)},
                        {QStringLiteral("polish_moves"), proposal.polishMoves},
                        {QStringLiteral("direct_walk_metres"), model.directWalkMetres},
                        {QStringLiteral("cross_category_effect"),
                         QJsonObject{{QStringLiteral("per_1000_baskets"),
                                      jsonNumber(result.effect.perThousandBaskets)},
                                     {QStringLiteral("low"), jsonNumber(result.effect.low)},
                                     {QStringLiteral("high"), jsonNumber(result.effect.high)},
                                     {QStringLiteral("level"), cross.level},
                                     {QStringLiteral("slope"), jsonNumber(cross.slope)},
                                     {QStringLiteral("slope_low"), jsonNumber(cross.slopeLow)},
                                     {QStringLiteral("slope_high"), jsonNumber(cross.slopeHigh)},
                                     {QStringLiteral("pairs"), cross.pairs},
                                     {QStringLiteral("baskets"), cross.baskets},
                                     {QStringLiteral("bootstrap_samples"), cross.bootstrapSamples},
                                     {QStringLiteral("model"), cross.assumption}}}};
    insertPrediction(summary, result);
    summary.insert(QStringLiteral("objective"), objectiveName(result.objective));
    summary.insert(QStringLiteral("predicted_co_purchases"),
                   QJsonObject{{QStringLiteral("current"), jsonNumber(result.coPurchasesBefore)},
                               {QStringLiteral("proposed"), jsonNumber(result.coPurchasesAfter)}});
    return summary;
}

jobs::JobOutcome runLayoutJob(const QJsonObject& json, jobs::JobContext& context) {
    const LayoutRequest request = LayoutRequest::fromJson(json);
    if (!context.project)
        throw Error(QStringLiteral("layout: the request needs a project (--project P)"));
    const LayoutInputs inputs = loadLayout(*context.project, request, ShopperFlows::Skip,
                                           ChainEffect::WhenPredicting, &context.progress);
    checkPlacements(inputs, request);
    const QString out = context.outputs.value(QStringLiteral("out"));
    const auto write = [&](const LayoutResult& result, jobs::JobOutcome& outcome) {
        if (!out.isEmpty()) {
            writeLayoutScenario(out, result.scenario);
            outcome.files.append(out);
        }
        outcome.summary = layoutSummary(result);
        outcome.summary.insert(QStringLiteral("out"), out);
        outcome.summary.insert(QStringLiteral("store"), inputs.store);
        outcome.summary.insert(QStringLiteral("as_of"), inputs.asOf);
        outcome.summary.insert(QStringLiteral("baskets_since"), inputs.placedSince);
        outcome.warnings += inputs.warnings;
        outcome.warnings += predictionNotes(result.prediction);
        if (!result.objectiveNote.isEmpty())
            outcome.warnings.append(result.objectiveNote);
    };
    if (!request.optimise) {
        // A score changes nothing: it is not a run.
        const LayoutResult result = computeLayout(inputs, request, context.progress);
        jobs::JobOutcome outcome;
        outcome.provenance = result.provenance;
        write(result, outcome);
        return outcome;
    }
    return jobs::computeAndRecord(
        context, layoutProvenance(request, inputs.fingerprint),
        [&](ProgressToken& progress) { return computeLayout(inputs, request, progress); },
        [&](const LayoutResult& result, jobs::RunRecorder& recorder, jobs::JobOutcome& outcome) {
            recorder.addDecisions(layoutDecisions(result.scenario));
            write(result, outcome);
        });
}

}  // namespace mb::layout
