#pragma once

#include "layout/LayoutPrediction.h"
#include "layout/LayoutScore.h"

#include <QString>
#include <vector>

namespace mb::layout {

// What the layout optimiser maximises.
enum class LayoutObjective {
    None,  // nothing optimised: a layout scored or a proposal predicted
    // The unitless score (adjacency, exposure and walk, LayoutWeights): without a known effect.
    AdjacencyScore,
    // The store's predicted co-purchases at the chain's effect of proximity: what the prediction
    // in money measures (LayoutPrediction.h).
    PredictedCoPurchases,
};

// "none", "adjacency_score" or "predicted_co_purchases", as the CLI's JSON says it.
QString objectiveName(LayoutObjective objective);

// The prediction's co-purchases of a layout: a pair bought together in n_AB baskets at walking
// distance d in `current` is predicted n_AB x R^((d - d') / 10) baskets at distance d' in
// `layout` (R: rate ratio per 10 m closer); summed over the pairs placed in both.
double predictedCoPurchases(const AttachCounts& counts, const LayoutModel& model,
                            const std::vector<int>& current, const std::vector<int>& layout,
                            double ratePer10m);

// `model` with its score replaced by the predicted co-purchases, so the optimiser (quadratic
// assignment, polish, move limit) maximises them exactly: since n_AB R^((d - d') / 10) =
// w_AB exp(-d' / c) with w_AB = n_AB R^(d / 10) and c = 10 / ln R, the adjacency term with pair
// weight w_AB and closeness metres c is the predicted co-purchases, and the other terms weigh 0.
// Its score of a layout is predictedCoPurchases of it. The baskets are left out (no walk term).
LayoutModel coPurchaseModel(const LayoutModel& model, const AttachCounts& counts,
                            const std::vector<int>& current, double ratePer10m);

}  // namespace mb::layout
