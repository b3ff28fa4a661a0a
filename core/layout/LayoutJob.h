#pragma once

#include "jobs/Job.h"
#include "jobs/Provenance.h"
#include "layout/CoPurchaseObjective.h"
#include "layout/LayoutInputs.h"
#include "layout/LayoutOptimiser.h"
#include "layout/LayoutPrediction.h"
#include "layout/LayoutRequest.h"
#include "layout/LayoutScenarioFile.h"

namespace mb {
class ProgressToken;
}

namespace mb::layout {

// A layout scored, or optimised, for one request: the model it was scored on, the current and
// proposed layouts with their terms, the proposal's prediction in money (and the basis a page
// predicts its edits from), the older unitless cross-category effect and the scenario (the
// decisions, as the file and the decisions table carry them).
struct LayoutResult {
    jobs::Provenance provenance;
    LayoutModel model;
    LayoutProposal proposal;
    CrossCategoryModel crossModel;
    CrossCategoryEffect effect;
    PredictionBasis predictionBasis;
    LayoutPrediction prediction;
    QString currency;  // the project's ('' = none set)
    std::vector<LayoutScenarioRow> scenario;
    int movedCategories = 0;
    int placedCategories = 0;
    // What an optimisation maximised: the predicted co-purchases when the effect of proximity
    // is known, else the unitless score (and `objectiveNote` says why); None without --optimize.
    LayoutObjective objective = LayoutObjective::None;
    QString objectiveNote;
    // The store's predicted co-purchases (over the counted baskets) in the current and the
    // proposed layout; NaN without a known effect.
    double coPurchasesBefore = std::nan("");
    double coPurchasesAfter = std::nan("");
};

// The model the request asks for (weights, impulse categories, closeness, basket sample seed),
// its category tables charged to `budget`.
LayoutModel layoutModel(const LayoutInputs& inputs, const LayoutRequest& request,
                        MemoryBudget& budget);

// The layout the request starts from: its start_layout, or the project's. Throws mb::Error for a
// zone that is not on the floor plan.
std::vector<int> startAssignment(const LayoutModel& model, const LayoutInputs& inputs,
                                 const LayoutRequest& request);

// The request's proposed layout: `current` with each named category in its proposed zone (the
// names were checked by checkPlacements).
std::vector<int> proposedAssignment(const LayoutModel& model, const std::vector<int>& current,
                                    const std::vector<CategoryZone>& proposed);

// Throws mb::Error for a fixed, forbidden, start or proposed placement naming a category the
// project does not have or a zone not on its floor plan: a bad request, found before any run is
// recorded.
void checkPlacements(const LayoutInputs& inputs, const LayoutRequest& request);

// Scores (and with request.optimise, optimises) the layout. Pure: no database. Throws
// jobs::Cancelled when the token is cancelled, mb::Error for rules no layout satisfies and
// MemoryBudgetExceeded past the request's memory limit.
LayoutResult computeLayout(const LayoutInputs& inputs, const LayoutRequest& request,
                           ProgressToken& progress);

// The scores the CLI prints with --json and a run records as its summary.
QJsonObject layoutSummary(const LayoutResult& result);

// The `layout` job: an optimisation is recorded as a run with its scenario as layout_move
// decisions; a score alone is not a run. Writes outputs["out"] (the scenario CSV).
jobs::JobOutcome runLayoutJob(const QJsonObject& json, jobs::JobContext& context);

}  // namespace mb::layout
