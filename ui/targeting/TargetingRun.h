#pragma once

#include "targeting/CampaignOverview.h"
#include "targeting/TargetJob.h"
#include "targeting/TargetingPlan.h"
#include "targeting/UpliftMetrics.h"
#include "targeting/UpliftModels.h"
#include "targeting/UpliftTrainJob.h"

#include <QHash>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::ui {

// What the page shows of a campaign before training (core/targeting/CampaignOverview.h).
using CampaignArmSummary = targeting::CampaignArmSummary;
using CampaignSummary = targeting::CampaignSummary;
using CampaignSummaryPtr = std::shared_ptr<const CampaignSummary>;

// The campaigns of the project, in name order.
QStringList projectCampaigns(const QString& projectPath);

// targeting::readCampaignSummary on a connection of the worker thread's own. Throws mb::Error.
CampaignSummaryPtr readCampaignSummary(const QString& projectPath, const QString& campaign,
                                       const QString& outcome);

// What the page trains with; the evaluation follows `merchbench-cli uplift-train` exactly
// (stratified holdout, model fitted on the rest, metrics on the holdout per arm).
struct ModelRequest {
    QString projectPath;
    QString campaign;
    QString outcome;
    targeting::UpliftSettings settings;
    double holdoutShare = 0.3;
};

// The request `merchbench-cli uplift-train` makes with these settings (every arm).
targeting::UpliftTrainRequest trainRequestOf(const ModelRequest& request);

// The holdout evaluation is the uplift-train job's (core/targeting/UpliftTrainJob.h).
using DecileBar = targeting::UpliftDecile;
using ArmEvaluation = targeting::UpliftArmEvaluation;

struct ModelEvaluation {
    ModelRequest request;
    jobs::Provenance provenance;  // the uplift-train request this evaluation answers
    QStringList features;
    bool binaryOutcome = true;
    qint64 trainingCustomers = 0;
    qint64 holdoutCustomers = 0;
    std::vector<ArmEvaluation> arms;
    QStringList notes;
};
using ModelEvaluationPtr = std::shared_ptr<const ModelEvaluation>;

// The uplift-train job's load and compute on the page's own connection. Throws mb::Error;
// returns nullptr when cancelled through the token.
ModelEvaluationPtr evaluateModel(const ModelRequest& request, ProgressToken& token);

// The model the page's plans use, trained once so a re-plan at another budget or with other
// limits does not refit it (the same campaign, outcome and model settings).
struct PlanInputs {
    QString campaign;
    QString outcome;
    targeting::UpliftMethod method = targeting::UpliftMethod::TLearner;
    std::uint64_t seed = 1;
    std::shared_ptr<const targeting::UpliftModel> model;
};

struct PlanRequest {
    QString projectPath;
    QString campaign;
    targeting::TargetingSettings settings;
    QHash<QString, double> capacities;  // per offer id; absent = the offers table's
    // Eligibility rules as `merchbench-cli target --eligible` takes them.
    QStringList eligibilityRules;
    // With settings.maxContacts: count the offers earlier runs recorded in the project, only in
    // the contactPeriodDays up to their latest day when >= 0.
    bool countProjectContacts = false;
    int contactPeriodDays = -1;
    std::shared_ptr<const PlanInputs> inputs;  // reused when set (same campaign and model)

    // The request `merchbench-cli target --offers-from-project` makes with these settings.
    targeting::TargetRequest targetRequest() const;
};

struct PlanResult {
    PlanRequest request;
    std::shared_ptr<const PlanInputs> inputs;
    // The target job's result: the plan, its offers and what produced it (the request, with
    // the offers' rows, and the fingerprint of the data read).
    targeting::TargetResult target;
    QHash<QString, QString> segments;  // per customer id, for the offer table
};
using PlanResultPtr = std::shared_ptr<const PlanResult>;

// The target job's load and compute on the page's own connection (the model reused when the
// request carries one that fits). Throws mb::Error; returns nullptr when cancelled.
PlanResultPtr runPlan(const PlanRequest& request, ProgressToken& token);

// Records the plan in its project through the one recorder, exactly as the target job does;
// returns the run's id. Throws mb::Error (the failed run is recorded as such).
qint64 recordPlan(const PlanResult& result);

using targeting::netValueAtBudget;

}  // namespace mb::ui

Q_DECLARE_METATYPE(mb::ui::CampaignSummaryPtr)
Q_DECLARE_METATYPE(mb::ui::ModelEvaluationPtr)
Q_DECLARE_METATYPE(mb::ui::PlanResultPtr)
