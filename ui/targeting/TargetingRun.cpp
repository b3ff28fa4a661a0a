#include "TargetingRun.h"

#include "common/Error.h"
#include "common/Progress.h"
#include "common/ProgressSpan.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "jobs/RecordedRun.h"
#include "targeting/CampaignTable.h"
#include "targeting/ContactHistory.h"
#include "targeting/EligibilityRules.h"
#include "targeting/OfferListRecord.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace mb::ui {

namespace {

std::unique_ptr<data::Project> openProject(const QString& path) {
    return data::Project::open(path, data::Project::OpenMode::MustExist);
}

QString pickOutcome(const targeting::CampaignDesign& design, const QString& requested) {
    if (!requested.isEmpty()) {
        if (design.outcomeIndex(requested) < 0)
            throw Error(QStringLiteral("campaign %1 has no outcome %2 (there are: %3)")
                            .arg(design.name, requested, design.outcomeNames.join(u", ")));
        return requested;
    }
    if (design.outcomeIndex(QStringLiteral("purchase")) >= 0)
        return QStringLiteral("purchase");
    if (design.outcomeNames.isEmpty())
        throw Error(QStringLiteral("campaign %1 has no outcome columns").arg(design.name));
    return design.outcomeNames.first();
}

}  // namespace

QStringList projectCampaigns(const QString& projectPath) {
    const std::unique_ptr<data::Project> project = openProject(projectPath);
    QStringList names;
    data::Statement select(project->db(), "SELECT name FROM campaigns ORDER BY name");
    while (select.step())
        names << select.text(0);
    return names;
}

CampaignSummaryPtr readCampaignSummary(const QString& projectPath, const QString& campaign,
                                       const QString& outcome) {
    const std::unique_ptr<data::Project> project = openProject(projectPath);
    const targeting::CampaignDesign design = targeting::loadCampaign(*project, campaign);
    auto summary = std::make_shared<CampaignSummary>();
    summary->campaign = campaign;
    summary->outcome = pickOutcome(design, outcome);
    summary->outcomes = design.outcomeNames;
    summary->features = design.featureNames;
    for (int i = 0; i < static_cast<int>(design.outcomeNames.size()); ++i) {
        if (design.outcomeIsBinary[static_cast<std::size_t>(i)])
            summary->binaryOutcomes << design.outcomeNames.at(i);
    }
    const int column = design.outcomeIndex(summary->outcome);
    for (int a = 0; a < static_cast<int>(design.arms.size()); ++a) {
        // Each arm against control, the same estimator the model's holdout metrics use.
        targeting::ScoredCampaign pair;
        for (Eigen::Index r = 0; r < design.rows(); ++r) {
            const int arm = design.arm[static_cast<std::size_t>(r)];
            const double value = design.outcomes(r, column);
            if (std::isnan(value) || (arm != 0 && arm != a))
                continue;
            pair.outcome.push_back(value);
            pair.score.push_back(0.0);
            pair.treated.push_back(arm == a && a != 0 ? 1 : 0);
        }
        const targeting::TreatmentEffect effect = targeting::averageTreatmentEffect(pair);
        CampaignArmSummary arm;
        arm.arm = design.arms.at(a);
        arm.isControl = a == 0;
        arm.customers = a == 0 ? effect.control.customers : effect.treatment.customers;
        arm.meanOutcome = a == 0 ? effect.control.meanOutcome : effect.treatment.meanOutcome;
        arm.effect = a == 0 ? 0.0 : effect.effect;
        arm.standardError = a == 0 ? 0.0 : effect.standardError;
        summary->arms.push_back(arm);
    }
    summary->customers = data::queryInt(project->db(), "SELECT COUNT(*) FROM customers", 0);
    summary->consented =
        data::queryInt(project->db(), "SELECT COUNT(*) FROM customers WHERE consent_offers = 1", 0);
    data::Statement offers(project->db(), "SELECT offer FROM offers ORDER BY rowid");
    while (offers.step())
        summary->offers << offers.text(0);
    data::Statement segments(project->db(),
                             "SELECT DISTINCT segment FROM customers WHERE segment IS NOT NULL "
                             "AND segment <> '' ORDER BY 1");
    while (segments.step())
        summary->segments << segments.text(0);
    return summary;
}

ModelEvaluationPtr evaluateModel(const ModelRequest& request, ProgressToken& token) {
    if (!(request.holdoutShare > 0.0 && request.holdoutShare < 1.0))
        throw Error(QStringLiteral("the evaluation holdout share must be in (0, 1) (%1)")
                        .arg(request.holdoutShare));
    // The same request `merchbench-cli uplift-train` makes, with every arm.
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

double netValueAtBudget(const std::vector<targeting::BudgetPoint>& curve, double budget) {
    if (curve.empty())
        return std::nan("");
    if (budget <= curve.front().budget)
        return curve.front().netValue;
    for (std::size_t i = 1; i < curve.size(); ++i) {
        const targeting::BudgetPoint& high = curve[i];
        if (budget > high.budget)
            continue;
        const targeting::BudgetPoint& low = curve[i - 1];
        if (budget == high.budget || high.budget <= low.budget)
            return high.netValue;
        const double t = (budget - low.budget) / (high.budget - low.budget);
        return low.netValue + t * (high.netValue - low.netValue);
    }
    return curve.back().netValue;
}

}  // namespace mb::ui
