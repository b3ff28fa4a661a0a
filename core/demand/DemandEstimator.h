#pragma once

#include "demand/DemandModel.h"
#include "demand/DemandOptions.h"
#include "demand/SalesHistory.h"

#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::demand {

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

}  // namespace mb::demand
