#include "markdown/MarkdownPlanJob.h"

#include "common/Error.h"
#include "common/Progress.h"
#include "common/ProgressSpan.h"
#include "data/Project.h"
#include "demand/SalesHistoryLoader.h"
#include "demand/SeriesBatches.h"
#include "demand/StockOuts.h"
#include "jobs/ReadSnapshot.h"
#include "jobs/RecordedRun.h"
#include "markdown/ItemProblems.h"
#include "markdown/SeasonBudget.h"
#include "markdown/SeasonItemList.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <limits>

namespace mb::markdown {

namespace {

double gainShare(double plan, double baseline) {
    return baseline != 0.0 ? (plan - baseline) / std::abs(baseline) : 0.0;
}

// The season's items and the warnings about them, read inside the caller's snapshot.
void loadSeason(data::Project& project, const MarkdownPlanRequest& request,
                MarkdownPlanInputs& inputs) {
    inputs.season = loadSeasonInputs(project.db(), request.products, request.stores, request.asOf);
    if (inputs.season.items.empty())
        throw Error(QStringLiteral("no stock on hand on %1 for the chosen products and stores")
                        .arg(inputs.season.stockDate.toString(Qt::ISODate)));
    // Rules without a cost for any item are refused before anything is recorded; items left out
    // for want of one are a warning.
    inputs.warnings = checkUnitCosts(inputs.season.items, request.rules);
}

demand::DemandOptions planDemandOptions(int threads) {
    demand::DemandOptions options;
    options.threads = threads;
    // Bounds the one fit that grows with the stores (a category's season), so a chain's plan
    // peaks near a region's; smaller projects fit every series as before.
    options.seasonSeriesLimit = kSeasonSeriesLimit;
    return options;
}

}  // namespace

MarkdownPlanInputs loadMarkdownPlan(data::Project& project, const MarkdownPlanRequest& request) {
    MarkdownPlanInputs inputs;
    const jobs::ReadSnapshot snapshot(project);
    loadSeason(project, request, inputs);
    inputs.history = demand::loadSalesHistory(project.db(), inputs.season.salesFilter());
    // Weeks that sold out are censored in the fit (StockOuts.h), as `demand` fits them.
    inputs.history.stockCounts =
        demand::markSoldOutWeeks(project.db(), inputs.season.salesFilter(), inputs.history);
    inputs.fingerprint = snapshot.fingerprint();
    return inputs;
}

FittedMarkdownPlanInputs loadAndFitMarkdownPlan(data::Project& project,
                                                const MarkdownPlanRequest& request,
                                                ProgressToken& progress, int threads,
                                                std::size_t batchSeries) {
    FittedMarkdownPlanInputs fitted;
    MarkdownPlanInputs& inputs = fitted.inputs;
    // The batches are read inside the snapshot, so the fingerprint covers every one of them.
    const jobs::ReadSnapshot snapshot(project);
    loadSeason(project, request, inputs);
    inputs.fingerprint = snapshot.fingerprint();
    demand::ProjectSeriesSource source(project.db(), inputs.season.salesFilter());
    fitted.fit = demand::fitDemandInBatches(source, planDemandOptions(threads), batchSeries,
                                            &inputs.history, &progress);
    return fitted;
}

demand::DemandFit fitMarkdownDemand(const MarkdownPlanInputs& inputs, ProgressToken& progress,
                                    int threads) {
    demand::DemandFit fit =
        demand::fitDemand(inputs.history, planDemandOptions(threads), &progress);
    if (fit.cancelled)
        throw jobs::Cancelled();
    jobs::throwIfCancelled(progress);
    return fit;
}

MarkdownPlanResult planMarkdowns(const MarkdownPlanInputs& inputs, const demand::DemandFit& fit,
                                 const MarkdownPlanRequest& request, ProgressToken& progress,
                                 int threads, ItemPlanSink* sink, ItemPlanKeeping keeping,
                                 BudgetCoupling* coupling) {
    MarkdownPlanResult result;
    result.provenance.analysis = QStringLiteral("markdown");
    result.provenance.request = request.toJson();
    result.provenance.inputFingerprint = inputs.fingerprint;
    result.provenance.seed = static_cast<qint64>(request.rules.seed);
    result.stockDate = inputs.season.stockDate;
    // A user plan is valued on each item's demand, which Figures would drop.
    if (request.userPlan && keeping == ItemPlanKeeping::Figures)
        keeping = ItemPlanKeeping::WithoutPolicy;
    result.season = planSeason(inputs.season, inputs.history, fit, request.rules, request.exitWeek,
                               threads, &progress, sink, keeping, coupling);
    if (result.season.cancelled)
        throw jobs::Cancelled();
    jobs::throwIfCancelled(progress);
    const SeasonPlan& season = result.season;
    if (season.plannedItems() == 0) {
        QStringList problems;
        for (const ItemPlan& item : season.items)
            problems << item.problem;
        throw NothingToPlan(
            QStringLiteral("none of the %1 items with stock on %2 could be planned: %3")
                .arg(season.items.size())
                .arg(inputs.season.stockDate.toString(Qt::ISODate),
                     countedReasons(problems, QStringLiteral("not planned"))));
    }
    result.warnings = inputs.warnings;
    result.warnings << notPlannedWarnings(season);
    result.warnings << budgetWarnings(season);
    if (request.userPlan) {
        result.userPlan = judgeUserPlan(season, *request.userPlan);
        result.warnings << checkUserPlan(*result.userPlan, *request.userPlan, request.userPlanName);
    }
    for (const ItemPlan& item : season.items)
        result.leftoverRisk.push_back(item.planned && item.input.inventory > 0
                                          ? item.noMarkdownLeftover / item.input.inventory
                                          : std::numeric_limits<double>::quiet_NaN());
    result.priceChanges = seasonPriceChanges(season, request.rules.schedulePerCluster);
    return result;
}

MarkdownPlanResult computeMarkdownPlan(const MarkdownPlanInputs& inputs,
                                       const MarkdownPlanRequest& request, ProgressToken& progress,
                                       int threads, ItemPlanSink* sink, ItemPlanKeeping keeping) {
    demand::DemandFit fit;
    {
        ProgressSpan span(progress, 0.0, 0.25);
        fit = fitMarkdownDemand(inputs, *span.token(), threads);
    }
    ProgressSpan span(progress, 0.25, 1.0);
    MarkdownPlanResult result =
        planMarkdowns(inputs, fit, request, *span.token(), threads, sink, keeping);
    result.fit = std::move(fit);
    return result;
}

QJsonObject seasonPlanFigures(const SeasonPlan& season) {
    return QJsonObject{{QStringLiteral("items_planned"), season.plannedItems()},
                       {QStringLiteral("expected_objective"), season.expectedObjective()},
                       {QStringLiteral("expected_revenue"), season.expectedRevenue()},
                       {QStringLiteral("expected_margin"), season.expectedMargin()},
                       {QStringLiteral("no_markdown_objective"), season.noMarkdownObjective()},
                       {QStringLiteral("fixed_rule"), season.fixedRule.name},
                       {QStringLiteral("fixed_rule_objective"), season.fixedRuleObjective()}};
}

QJsonObject markdownPlanSummary(const MarkdownPlanResult& result) {
    const SeasonPlan& season = result.season;
    const MarkdownPlanRequest request = MarkdownPlanRequest::fromJson(result.provenance.request);
    QJsonObject summary = seasonPlanFigures(season);
    summary[QStringLiteral("stock_date")] = result.stockDate.toString(Qt::ISODate);
    summary[QStringLiteral("first_week")] = season.firstWeek.toString(Qt::ISODate);
    summary[QStringLiteral("exit_week")] = season.exitWeek.toString(Qt::ISODate);
    summary[QStringLiteral("weeks")] = season.weeks;
    // Items whose product has its own exit date (products.exit_date) plan to that week instead.
    summary[QStringLiteral("items_with_own_exit")] = static_cast<qint64>(
        std::count_if(season.items.begin(), season.items.end(),
                      [](const ItemPlan& item) { return item.item.exitDate.isValid(); }));
    summary[QStringLiteral("items")] = static_cast<qint64>(season.items.size());
    summary[QStringLiteral("objective")] = request.rules.objective == MarkdownObjective::Margin
                                               ? QStringLiteral("margin")
                                               : QStringLiteral("revenue");
    summary[QStringLiteral("gain_vs_no_markdown")] =
        gainShare(season.expectedObjective(), season.noMarkdownObjective());
    summary[QStringLiteral("gain_vs_fixed_rule")] =
        gainShare(season.expectedObjective(), season.fixedRuleObjective());
    summary[QStringLiteral("price_changes")] = static_cast<qint64>(result.priceChanges.size());
    summary[QStringLiteral("markdown_spend")] = season.markdownSpend();
    if (const auto& budget = season.budget) {
        summary[QStringLiteral("markdown_budget")] = budget->budget;
        summary[QStringLiteral("budget_binds")] = budget->binds;
        summary[QStringLiteral("lambda")] = budget->lambda;
        summary[QStringLiteral("gap_bound")] = season.budgetGapBound();
        summary[QStringLiteral("lambdas_tried")] = budget->lambdasTried;
        summary[QStringLiteral("unbudgeted_markdown_spend")] = budget->unbudgetedSpend;
        summary[QStringLiteral("unbudgeted_objective")] = budget->unbudgetedObjective;
    }
    summary[QStringLiteral("warnings")] = QJsonArray::fromStringList(result.warnings);
    if (const auto& user = result.userPlan) {
        summary[QStringLiteral("user_plan_objective")] = user->total();
        summary[QStringLiteral("user_plan_items")] = user->listedItems;
        summary[QStringLiteral("user_plan_unmatched_rows")] = user->unmatchedRows;
        summary[QStringLiteral("user_plan_out_of_season_rows")] = user->outOfSeasonRows;
        summary[QStringLiteral("plan_list_objective")] = user->planListTotal();
        summary[QStringLiteral("gain_vs_user_plan")] =
            gainShare(user->planListTotal(), user->total());
    }
    return summary;
}

void recordCancelledRun(jobs::JobContext& context, const jobs::Provenance& provenance) {
    if (context.project)
        jobs::RunRecorder(*context.project, provenance, context.recording)
            .recordFailure(QStringLiteral("cancelled"), jobs::Cancelled().message());
}

jobs::JobOutcome runMarkdownPlanJob(const QJsonObject& json, jobs::JobContext& context,
                                    int threads) {
    const MarkdownPlanRequest request = MarkdownPlanRequest::fromJson(json);
    if (!context.project)
        throw Error(QStringLiteral("a markdown plan is made on a project: give --project"));
    // A plan that must be recorded on a read-only project is refused before any work.
    if (context.recording == jobs::RunRecorder::Recording::Required &&
        context.project->isReadOnly()) {
        jobs::Provenance provenance;
        provenance.analysis = QStringLiteral("markdown");
        jobs::RunRecorder refuses(*context.project, provenance, context.recording);
    }
    QElapsedTimer timer;
    timer.start();
    // The fit reads the sales a batch at a time inside the load's snapshot (memory flat in the
    // items), so it ends before the run's transaction can open.
    FittedMarkdownPlanInputs fitted;
    {
        ProgressSpan span(context.progress, 0.0, 0.25);
        fitted = loadAndFitMarkdownPlan(*context.project, request, *span.token(), threads);
    }
    const MarkdownPlanInputs& inputs = fitted.inputs;
    // A plan with nothing planned, or a user plan that changes no planned item, is refused like
    // an input refused while loading: nothing is recorded. The plan itself is a pure function of
    // the inputs, so it is computed before the run's transaction opens.
    MarkdownPlanResult computed;
    try {
        if (fitted.fit.cancelled)
            throw jobs::Cancelled();
        // The run keeps no policy or demand table: its files and decisions need only the plans'
        // figures.
        ProgressSpan span(context.progress, 0.25, 1.0);
        computed = planMarkdowns(inputs, fitted.fit, request, *span.token(), threads, nullptr,
                                 ItemPlanKeeping::Figures, context.budgetCoupling);
        // Its files and decisions read the plan, not the demand models: they go before the
        // record, which would otherwise hold both.
        fitted.fit = demand::DemandFit();
        fitted.inputs.history = demand::SalesHistory();
    } catch (const jobs::Cancelled&) {
        jobs::Provenance provenance;
        provenance.analysis = QStringLiteral("markdown");
        provenance.request = request.toJson();
        provenance.inputFingerprint = inputs.fingerprint;
        provenance.seed = static_cast<qint64>(request.rules.seed);
        recordCancelledRun(context, provenance);
        throw;
    }
    const QString projectPath = context.project->path();
    return jobs::computeAndRecord(
        context, computed.provenance, [&](ProgressToken&) { return std::move(computed); },
        [&](const MarkdownPlanResult& result, jobs::RunRecorder& recorder,
            jobs::JobOutcome& outcome) {
            // A slice of the changes at a time: a chain's decisions as JSON would otherwise
            // outweigh its whole plan while they are written.
            constexpr std::size_t kDecisionSlice = 1024;
            const std::vector<PriceChange>& changes = result.priceChanges;
            for (std::size_t first = 0; first < changes.size(); first += kDecisionSlice) {
                const auto begin = changes.begin() + static_cast<std::ptrdiff_t>(first);
                const auto end = changes.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                       changes.size(), first + kDecisionSlice));
                recorder.addDecisions(priceChangeDecisions({begin, end}));
            }
            QJsonObject parameters = result.provenance.request;
            parameters[QStringLiteral("input_fingerprint")] = result.provenance.inputFingerprint;
            parameters[QStringLiteral("stock_date")] = result.stockDate.toString(Qt::ISODate);
            parameters[QStringLiteral("run_id")] = recorder.idJson();
            parameters[QStringLiteral("project")] = projectPath;
            QJsonObject summary = markdownPlanSummary(result);
            if (const QString out = context.outputs.value(QStringLiteral("out")); !out.isEmpty()) {
                writePriceChangeList(out, result.priceChanges, parameters);
                summary[QStringLiteral("out")] = out;
                outcome.files << out;
            }
            if (const QString items = context.outputs.value(QStringLiteral("items"));
                !items.isEmpty()) {
                writeSeasonItems(items, result.season,
                                 result.userPlan ? &*result.userPlan : nullptr, parameters);
                outcome.files << items;
            }
            summary[QStringLiteral("project")] = projectPath;
            summary[QStringLiteral("run_id")] = recorder.idJson();
            summary[QStringLiteral("seconds")] = static_cast<double>(timer.elapsed()) / 1000.0;
            outcome.summary = summary;
            outcome.warnings = result.warnings;
        });
}

}  // namespace mb::markdown
