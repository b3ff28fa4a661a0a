#pragma once

#include "jobs/Job.h"
#include "jobs/Provenance.h"
#include "targeting/CampaignTable.h"
#include "targeting/RequestProblem.h"
#include "targeting/UpliftMetrics.h"
#include "targeting/UpliftModels.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <vector>

namespace mb::data {
class Project;
}

namespace mb::targeting {

// Everything an uplift model's training and holdout evaluation depend on (`uplift-train` and
// the Targeting page's model step).
struct UpliftTrainRequest {
    QString campaign;
    UpliftMethod model = UpliftMethod::TLearner;
    QString outcome;  // empty: the campaign's first outcome (the result's request names it)
    QString arm;      // empty: every treatment arm against control
    double holdout = 0.3;
    qint64 seed = 1;
    SplitCriterion criterion = SplitCriterion::KullbackLeibler;
    int trees = 40;
    double ridge = 1e-3;

    QJsonObject toJson() const;
    static UpliftTrainRequest fromJson(const QJsonObject& json);  // throws mb::Error
    bool operator==(const UpliftTrainRequest&) const = default;

    UpliftSettings settings() const;
};

struct UpliftTrainInputs {
    UpliftTrainRequest request;  // with the outcome resolved
    QString fingerprint;
    CampaignDesign design;
};

// Reads the campaign inside a jobs::ReadSnapshot. Throws mb::Error for an unknown campaign,
// RequestProblem for an unknown outcome or arm.
UpliftTrainInputs loadUpliftTrain(data::Project& project, const UpliftTrainRequest& request);

// Customers ranked by score in near-equal groups: the predicted and the observed uplift of each.
struct UpliftDecile {
    double predicted = 0.0;  // mean predicted uplift of the group's customers
    double observed = 0.0;   // treated mean - control mean there; NaN when an arm is missing
    qint64 customers = 0;
};
std::vector<UpliftDecile> upliftByDecile(const ScoredCampaign& campaign, int groups = 10);

// One treatment arm against control on the held-out customers (sklift's metrics).
struct UpliftArmEvaluation {
    QString arm;
    TreatmentEffect effect;
    double qiniAuc = 0.0;  // NaN when an arm has no held-out customer
    double upliftAuc = 0.0;
    double upliftAt30 = 0.0;  // NaN when too few customers for a top 30%
    UpliftCurve qini;
    UpliftCurve qiniPerfect;
    UpliftCurve uplift;
    UpliftCurve upliftPerfect;
    std::vector<UpliftDecile> deciles;
};

// The trained model's scores for every modelled customer and its holdout evaluation.
struct UpliftTrainResult {
    jobs::Provenance provenance;
    QString controlArm;
    QStringList treatments;  // the arms modelled, in score column order
    QStringList features;
    bool binaryOutcome = true;
    std::vector<QString> customers;  // per modelled row
    std::vector<QString> arms;       // per modelled row: the arm the customer was in
    UpliftPrediction prediction;     // rows x treatments, and the control response
    std::vector<std::uint8_t> holdout;
    qint64 trainingCustomers = 0;
    qint64 holdoutCustomers = 0;
    std::vector<UpliftArmEvaluation> evaluations;  // per treatment
    QStringList notes;

    UpliftTrainRequest request() const { return UpliftTrainRequest::fromJson(provenance.request); }
};

// Splits, trains on the rest, scores everyone and evaluates the holdout: pure; throws
// jobs::Cancelled when cancelled.
UpliftTrainResult computeUpliftTrain(const UpliftTrainInputs& inputs, ProgressToken& progress);

// The run's summary (what `uplift-train --json` prints, less the features and the paths).
QJsonObject upliftTrainSummary(const UpliftTrainResult& result);

// customer, arm, uplift_<arm>..., control_response, holdout. Throws mb::Error.
void writeUpliftScores(const QString& path, const UpliftTrainResult& result);

// The `uplift-train` job: records the run (provenance only: no decisions) when the project can
// be written, writes the scores to context.outputs["out"].
jobs::JobOutcome runUpliftTrainJob(const QJsonObject& json, jobs::JobContext& caller);

}  // namespace mb::targeting
