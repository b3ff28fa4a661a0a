#pragma once

#include "demand/DemandEstimator.h"
#include "demand/SalesHistory.h"
#include "jobs/Job.h"
#include "jobs/Provenance.h"

#include <QDate>
#include <QJsonObject>
#include <QStringList>

namespace mb {
class ProgressToken;
}
namespace mb::data {
class Project;
}

namespace mb::demand {

// Everything the demand models depend on. Threads are not part of it: they change the speed,
// never the answer. Output paths are not either: where the file goes is the caller's choice.
struct DemandRequest {
    // A count of weeks beyond this (about 190 years of history) is a typo, not a request.
    static constexpr int kMaxWeeks = 10000;

    DemandLevel level = DemandLevel::ProductStore;
    DemandMethod method = DemandMethod::LeastSquares;
    int holdoutWeeks = 8;
    bool seasonality = true;
    bool lifecycle = true;
    int harmonics = 2;
    int ownSeasonWeeks = 104;
    int relaunchGapWeeks = 4;
    // Weeks that sold out by the stock counts (StockOuts.h) are fitted as censored: demand at
    // least the sales. False: every week as its sales (the fit before stock counts were read).
    bool censoring = true;
    QStringList products;  // empty: all
    QStringList stores;    // empty: all
    QDate asOf;            // invalid: every week; else only weeks dated on or before it

    QJsonObject toJson() const;
    // Throws mb::Error naming the field and its value.
    static DemandRequest fromJson(const QJsonObject& json);
    bool operator==(const DemandRequest&) const = default;

    DemandOptions options(int threads = 0) const;
    SalesFilter filter() const;
};

// The weekly sales a request covers and the fingerprint of the project they were read from.
struct DemandInputs {
    QString projectPath;
    QString inputFingerprint;
    SalesHistory history;
};

// Reads the request's sales inside one read transaction (jobs::ReadSnapshot). Throws mb::Error
// when there are no weekly sales to fit: nothing is recorded for such a request.
DemandInputs loadDemand(data::Project& project, const DemandRequest& request);

// The fitted models and the figures every front end shows of them.
struct DemandResult {
    jobs::Provenance provenance;
    DemandFit fit;
    qint64 series = 0;
    qint64 skippedRows = 0;
    qint64 stockCounts = 0;    // weekly stock counts read (0 with censoring off)
    qint64 censoredWeeks = 0;  // weeks fitted as censored, over every model
    int modelsClustered = 0;   // models whose standard errors are clustered by store
    // Median over clustered models of clustered / classical elasticity standard error.
    double medianClusteredSeRatio = kNotEstimated;
    int modelsFitted = 0;
    int modelsWithoutHoldoutWape = 0;
    double medianElasticity = kNotEstimated;
    double medianWapeHoldout = kNotEstimated;

    // What the models could not give, said once: models not fitted (counted by reason) and
    // models without a holdout WAPE (with an example). `file` names where each model's reason is.
    QStringList warnings(const QString& file) const;
};

// Pure: fits the models of the inputs (with `chainCategories`, category models of one slice of
// a chain's, shrunk toward the chain's mean). Throws jobs::Cancelled when the token is cancelled.
DemandResult computeDemand(const DemandInputs& inputs, const DemandRequest& request,
                           ProgressToken& progress, int threads = 0,
                           CategoryEstimateGathering* chainCategories = nullptr);

// The `demand` job: request -> load -> fit -> record the run (no decisions: a model is not an
// executable decision) -> the models' CSV at context.outputs["out"] when given.
jobs::JobOutcome runDemandJob(const QJsonObject& json, jobs::JobContext& context);

}  // namespace mb::demand
