#pragma once

#include "demand/DemandEstimator.h"
#include "demand/SalesHistory.h"
#include "jobs/Job.h"
#include "jobs/Provenance.h"
#include "markdown/MarkdownPlanRequest.h"
#include "markdown/PriceChangeList.h"
#include "markdown/SeasonInputs.h"
#include "markdown/SeasonPlanner.h"
#include "markdown/UserPlan.h"

#include <optional>

namespace mb {
class ProgressToken;
}
namespace mb::data {
class Project;
}

namespace mb::markdown {

// What a season plan reads from the project: the items with stock (as of the request's date)
// and their sales history, with the fingerprint of exactly that read.
struct MarkdownPlanInputs {
    SeasonInputs season;
    demand::SalesHistory history;
    QString fingerprint;
    QStringList warnings;  // items left out for want of a unit cost
};

// Reads the inputs inside one read snapshot. Throws mb::Error (nothing recorded) when there is
// no stock to plan or, under the margin objective, no item has a unit cost.
MarkdownPlanInputs loadMarkdownPlan(data::Project& project, const MarkdownPlanRequest& request);

// The season's plan and everything it is judged by, with its price changes in their final form.
struct MarkdownPlanResult {
    jobs::Provenance provenance;  // provenance.request is the request this answers
    QDate stockDate;              // the stock count the season starts from
    demand::DemandFit fit;
    SeasonPlan season;
    // Per item, the share of its stock expected to be left with no markdown (NaN: not planned).
    std::vector<double> leftoverRisk;
    std::optional<UserPlanComparison> userPlan;
    QStringList warnings;
    std::vector<PriceChange> priceChanges;  // the plan's, as the list and the decisions carry them
};

// Series a plan's demand fit uses for a category's seasonal profile (DemandOptions).
inline constexpr int kSeasonSeriesLimit = 1000;

// The demand fit a plan starts from (one fit serves several rule sets on the same inputs).
// Throws jobs::Cancelled.
demand::DemandFit fitMarkdownDemand(const MarkdownPlanInputs& inputs, ProgressToken& progress,
                                    int threads = 0);

// Series the run's demand fit reads, fits and drops at once (fitDemandInBatches): a few
// products, or a run of one product's stores, so a chain's history is never held whole.
inline constexpr std::size_t kFitBatchSeries = 512;

// What the run plans from: the season's inputs, read as loadMarkdownPlan reads them, and the same
// demand fit as fitMarkdownDemand's, made in batches inside the same read snapshot; each series
// of `inputs.history` keeps only its last week (the regular price an item without one takes).
// `fit.cancelled` is set when cancelled through the token.
struct FittedMarkdownPlanInputs {
    MarkdownPlanInputs inputs;
    demand::DemandFit fit;
};
FittedMarkdownPlanInputs loadAndFitMarkdownPlan(data::Project& project,
                                                const MarkdownPlanRequest& request,
                                                ProgressToken& progress, int threads = 0,
                                                std::size_t batchSeries = kFitBatchSeries);
// Plans the season under the request's rules on a fit; throws mb::Error when no item could be
// planned or the user plan changes no planned item, jobs::Cancelled when cancelled. Each item
// goes to `sink` as it is planned and is kept as `keeping` says, and a coupling shares the budget
// with the chain's other slices (planSeason).
MarkdownPlanResult planMarkdowns(const MarkdownPlanInputs& inputs, const demand::DemandFit& fit,
                                 const MarkdownPlanRequest& request, ProgressToken& progress,
                                 int threads = 0, ItemPlanSink* sink = nullptr,
                                 ItemPlanKeeping keeping = ItemPlanKeeping::Whole,
                                 BudgetCoupling* coupling = nullptr);
// Fit and plan: what `merchbench-cli markdown` computes. Pure: no database, no globals.
MarkdownPlanResult computeMarkdownPlan(const MarkdownPlanInputs& inputs,
                                       const MarkdownPlanRequest& request, ProgressToken& progress,
                                       int threads = 0, ItemPlanSink* sink = nullptr,
                                       ItemPlanKeeping keeping = ItemPlanKeeping::Whole);

// A season plan's totals under the names runs and summaries use (items_planned, expected_*,
// no_markdown_objective, fixed_rule, fixed_rule_objective), for the job and the page's approval.
QJsonObject seasonPlanFigures(const SeasonPlan& season);

// The summary a markdown run records and `markdown --json` prints (run id, files and seconds
// are the caller's).
QJsonObject markdownPlanSummary(const MarkdownPlanResult& result);

// Records a run cancelled while it computed (after its inputs were read) as cancelled, with no
// decisions, when the project can be written. For the markdown jobs, which compute before the
// run's transaction opens.
void recordCancelledRun(jobs::JobContext& context, const jobs::Provenance& provenance);

// The job `markdown`: outputs "out" (the price-change list) and "items" (one row per item).
jobs::JobOutcome runMarkdownPlanJob(const QJsonObject& json, jobs::JobContext& context,
                                    int threads = 0);

}  // namespace mb::markdown
