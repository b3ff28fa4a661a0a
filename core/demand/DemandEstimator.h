#pragma once

#include "demand/DemandModel.h"
#include "demand/DemandOptions.h"
#include "demand/SalesHistory.h"

#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::demand {

class SeriesSource;

struct DemandFit {
    DemandOptions options;
    std::vector<DemandModel> models;  // in the order of the history's series
    bool cancelled = false;

    // The model that covers a product in a store and the member index inside it, or -1.
    int findModel(const QString& product, const QString& store, int* member) const;
};

// Fits the log-linear demand model (terms in DemandModel.h) by ordinary least squares on the
// log units of the weeks that sold, or by Poisson regression on all weeks (options.method). The
// coefficients come from all weeks; the holdout WAPE comes from a second fit without each series'
// last holdoutWeeks weeks. Elasticities are then shrunk toward their product's mean and the
// product's toward its category's (ElasticityShrinkage.h). Deterministic: no random step; models
// are fitted in parallel but independently.
DemandFit fitDemand(const SalesHistory& history, const DemandOptions& options,
                    ProgressToken* progress = nullptr);

// fitDemand's models, made without ever holding the whole history: the categories' seasons first,
// each from its spread series (options.seasonSeriesLimit) read on their own, then batches of at
// most `batchSeries` series (whole products, or one product's stores at the product-store level)
// read, fitted and dropped; the shrinkage last, over every model. Equal to fitDemand on the whole
// history field for field. A category-level fit reads every series in one batch. `lastWeeks` (if
// any) receives each series cut to its last week, in history order (the models' member series
// index it), with the reads' skipped rows and stock counts.
DemandFit fitDemandInBatches(SeriesSource& source, const DemandOptions& options,
                             std::size_t batchSeries, SalesHistory* lastWeeks,
                             ProgressToken* progress = nullptr);

}  // namespace mb::demand
