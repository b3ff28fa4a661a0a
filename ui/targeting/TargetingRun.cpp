#include "TargetingRun.h"

#include "common/Error.h"
#include "common/Progress.h"
#include "common/ProgressSpan.h"
#include "data/Project.h"
#include "jobs/RecordedRun.h"

#include <cmath>

namespace mb::ui {

namespace {

std::unique_ptr<data::Project> openProject(const QString& path) {
    return data::Project::open(path, data::Project::OpenMode::MustExist);
}

}  // namespace

QStringList projectCampaigns(const QString& projectPath) {
    return targeting::campaignNames(*openProject(projectPath));
}

CampaignSummaryPtr readCampaignSummary(const QString& projectPath, const QString& campaign,
                                       const QString& outcome) {
    return std::make_shared<const CampaignSummary>(
        targeting::readCampaignSummary(*openProject(projectPath), campaign, outcome));
}

targeting::UpliftTrainRequest trainRequestOf(const ModelRequest& request) {
    targeting::UpliftTrainRequest train;
    train.campaign = request.campaign;
    train.model = request.settings.method;
    train.holdout = request.holdoutShare;
    train.seed = static_cast<qint64>(request.settings.seed);
    train.criterion = request.settings.forest.criterion;
    train.trees = request.settings.forest.trees;
    train.ridge = request.settings.ridge;
    // The page sends the outcome its campaign summary picked (pickOutcome).
    train.outcome = request.outcome;
    return train;
}

ModelEvaluationPtr evaluateModel(const ModelRequest& request, ProgressToken& token) {
    if (!(request.holdoutShare > 0.0 && request.holdoutShare < 1.0))
        throw Error(QStringLiteral("the evaluation holdout share must be in (0, 1) (%1)")
                        .arg(request.holdoutShare));
    const targeting::UpliftTrainRequest train = trainRequestOf(request);
    targeting::UpliftTrainInputs inputs;
    {
        const std::unique_ptr<data::Project> project = openProject(request.projectPath);
        inputs = targeting::loadUpliftTrain(*project, train);
    }
    token.report(0.05);
    targeting::UpliftTrainResult result;
    try {
        ProgressSpan compute(token, 0.05, 1.0);
        result = targeting::computeUpliftTrain(inputs, *compute.token());
    } catch (const jobs::Cancelled&) {
        return nullptr;
    }
    auto evaluation = std::make_shared<ModelEvaluation>();
    evaluation->request = request;
    evaluation->request.outcome = inputs.request.outcome;
    evaluation->provenance = result.provenance;
    evaluation->features = result.features;
    evaluation->binaryOutcome = result.binaryOutcome;
    evaluation->trainingCustomers = result.trainingCustomers;
    evaluation->holdoutCustomers = result.holdoutCustomers;
    evaluation->arms = std::move(result.evaluations);
    evaluation->notes = result.notes;
    token.report(1.0);
    return evaluation;
}

targeting::TargetRequest PlanRequest::targetRequest() const {
    targeting::TargetRequest request;
    request.campaign = campaign;
    request.offersSource = QStringLiteral("project");
    request.budget = settings.budget;
    request.outcome = settings.outcome;
    request.valueOutcome = settings.valueOutcome;
    if (std::isfinite(settings.fallbackValue))
        request.fallbackValue = settings.fallbackValue;
    request.model = settings.model.method;
    for (auto it = capacities.constBegin(); it != capacities.constEnd(); ++it)
        request.capacities[it.key()] = it.value();
    request.maxOffersPerCustomer = settings.maxOffersPerCustomer;
    request.maxContacts = settings.maxContacts;
    request.countProjectContacts = settings.maxContacts >= 0 && countProjectContacts;
    request.contactPeriodDays = request.countProjectContacts ? contactPeriodDays : -1;
    request.eligibilityRules = eligibilityRules;
    request.holdout = settings.holdoutFraction;
    request.seed = static_cast<qint64>(settings.seed);
    request.simulations = settings.simulations;
    request.refits = settings.uncertaintyReplicates;
    request.budgetCurvePoints = settings.budgetCurvePoints;
    return request;
}

qint64 recordPlan(const PlanResult& result) {
    const std::unique_ptr<data::Project> project = openProject(result.request.projectPath);
    return targeting::recordTargetResult(*project, result.target);
}

PlanResultPtr runPlan(const PlanRequest& request, ProgressToken& token) {
    targeting::TargetInputs inputs;
    {
        const std::unique_ptr<data::Project> project = openProject(request.projectPath);
        inputs = targeting::loadTarget(*project, request.targetRequest());
    }
    token.report(0.05);
    auto result = std::make_shared<PlanResult>();
    result->request = request;
    std::shared_ptr<const PlanInputs> cached = request.inputs;
    const targeting::TargetingSettings settings = inputs.request.settings();
    if (!cached || !cached->model || cached->campaign != request.campaign ||
        cached->outcome != settings.outcome || cached->method != settings.model.method ||
        cached->seed != settings.model.seed) {
        auto fresh = std::make_shared<PlanInputs>();
        fresh->campaign = request.campaign;
        fresh->outcome = settings.outcome;
        fresh->method = settings.model.method;
        fresh->seed = settings.model.seed;
        try {
            ProgressSpan fit(token, 0.05, 0.2);
            fresh->model = targeting::trainTargetModel(inputs, *fit.token());
        } catch (const jobs::Cancelled&) {
            return nullptr;
        }
        cached = fresh;
    }
    result->request.inputs = cached;
    result->inputs = cached;
    try {
        ProgressSpan plan(token, 0.2, 1.0);
        result->target = targeting::computeTargetWithModel(inputs, *cached->model, *plan.token());
    } catch (const jobs::Cancelled&) {
        return nullptr;
    }
    for (const targeting::TargetingCustomer& customer : inputs.customers)
        result->segments.insert(customer.customer, customer.segment);
    return result;
}

}  // namespace mb::ui
