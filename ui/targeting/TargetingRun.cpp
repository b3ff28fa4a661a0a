#include "TargetingRun.h"

#include "common/Error.h"
#include "common/Progress.h"
#include "common/ProgressSpan.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "targeting/CampaignTable.h"
#include "targeting/ContactHistory.h"
#include "targeting/EligibilityRules.h"
#include "targeting/OfferListRecord.h"
#include "targeting/UpliftSplit.h"

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

// Holdout customers of control and one treatment arm, as the metrics take them.
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

std::vector<DecileBar> upliftByDecile(const targeting::ScoredCampaign& campaign, int groups) {
    std::vector<DecileBar> bars;
    const std::size_t n = campaign.size();
    if (n == 0 || groups < 1)
        return bars;
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return campaign.score[a] > campaign.score[b];
    });
    for (int g = 0; g < groups; ++g) {
        const std::size_t from = n * static_cast<std::size_t>(g) / static_cast<std::size_t>(groups);
        const std::size_t to =
            n * static_cast<std::size_t>(g + 1) / static_cast<std::size_t>(groups);
        DecileBar bar;
        double scoreSum = 0.0;
        double treatedSum = 0.0;
        double controlSum = 0.0;
        qint64 treated = 0;
        qint64 control = 0;
        for (std::size_t k = from; k < to; ++k) {
            const std::size_t i = order[k];
            scoreSum += campaign.score[i];
            if (campaign.treated[i]) {
                treatedSum += campaign.outcome[i];
                ++treated;
            } else {
                controlSum += campaign.outcome[i];
                ++control;
            }
        }
        bar.customers = static_cast<qint64>(to - from);
        bar.predicted = bar.customers > 0 ? scoreSum / static_cast<double>(bar.customers) : 0.0;
        bar.observed = treated > 0 && control > 0 ? treatedSum / static_cast<double>(treated) -
                                                        controlSum / static_cast<double>(control)
                                                  : std::nan("");
        bars.push_back(bar);
    }
    return bars;
}

ModelEvaluationPtr evaluateModel(const ModelRequest& request, ProgressToken& token) {
    if (!(request.holdoutShare > 0.0 && request.holdoutShare < 1.0))
        throw Error(QStringLiteral("the evaluation holdout share must be in (0, 1) (%1)")
                        .arg(request.holdoutShare));
    const std::unique_ptr<data::Project> project = openProject(request.projectPath);
    const targeting::CampaignDesign design = targeting::loadCampaign(*project, request.campaign);
    token.report(0.05);
    auto evaluation = std::make_shared<ModelEvaluation>();
    evaluation->request = request;
    evaluation->request.outcome = pickOutcome(design, request.outcome);
    evaluation->features = design.featureNames;
    const int column = design.outcomeIndex(evaluation->request.outcome);

    // The same split, training rows and fit as `merchbench-cli uplift-train` with every arm.
    const std::vector<int>& arm = design.arm;
    const Eigen::VectorXd outcome = design.outcomes.col(column);
    const std::vector<std::uint8_t> holdout =
        targeting::splitHoldout(arm, outcome, request.holdoutShare, request.settings.seed);
    std::vector<Eigen::Index> training;
    for (std::size_t i = 0; i < arm.size(); ++i) {
        if (!holdout[i] && !std::isnan(outcome(static_cast<Eigen::Index>(i))))
            training.push_back(static_cast<Eigen::Index>(i));
        evaluation->holdoutCustomers += holdout[i];
    }
    evaluation->trainingCustomers = static_cast<qint64>(training.size());
    targeting::UpliftTrainingSet all;
    all.features = design.features;
    all.outcome = outcome.array().isNaN().select(0.0, outcome);
    all.arm = arm;
    all.treatmentArms = design.treatmentArms();
    all.binaryOutcome = design.outcomeIsBinary[static_cast<std::size_t>(column)];
    evaluation->binaryOutcome = all.binaryOutcome;
    ProgressSpan fit(token, 0.05, 0.85);
    const targeting::UpliftTraining trained = targeting::trainUpliftModel(
        targeting::selectRows(all, training), request.settings, fit.token());
    if (trained.cancelled || !trained.model || token.isCancelled())
        return nullptr;
    evaluation->notes = trained.model->notes();
    const targeting::UpliftPrediction prediction = trained.model->predict(all.features);
    token.report(0.9);

    for (int a = 1; a <= all.treatmentArms; ++a) {
        ArmEvaluation result;
        result.arm = design.arms.at(a);
        const targeting::ScoredCampaign scored =
            targeting::scoredHoldout(arm, outcome, holdout, prediction.uplift.col(a - 1), a);
        result.effect = targeting::averageTreatmentEffect(scored);
        const double nan = std::nan("");
        result.qiniAuc = result.upliftAuc = result.upliftAt30 = nan;
        if (result.effect.treatment.customers > 0 && result.effect.control.customers > 0) {
            result.qini = targeting::qiniCurve(scored);
            result.qiniPerfect = targeting::perfectQiniCurve(scored);
            result.uplift = targeting::upliftCurve(scored);
            result.upliftPerfect = targeting::perfectUpliftCurve(scored);
            result.qiniAuc = targeting::qiniAucScore(scored);
            result.upliftAuc = targeting::upliftAucScore(scored);
            try {
                result.upliftAt30 = targeting::upliftAtK(scored, targeting::TopK{0.3, true},
                                                         targeting::TopKStrategy::Overall);
            } catch (const Error&) {
                // Too few held-out customers for a top 30%: the figure is undefined, not an error.
            }
            result.deciles = upliftByDecile(scored);
        }
        evaluation->arms.push_back(std::move(result));
    }
    token.report(1.0);
    return evaluation;
}

QJsonObject planParameters(const PlanRequest& request, const QDate& contactAsOf) {
    targeting::TargetRunRequest run;
    run.campaign = request.campaign;
    run.capacities = request.capacities;
    run.eligible = request.eligibilityRules;
    run.countProjectContacts = request.settings.maxContacts >= 0 && request.countProjectContacts;
    run.contactPeriodDays = run.countProjectContacts ? request.contactPeriodDays : -1;
    run.contactAsOf = run.contactPeriodDays >= 0 ? contactAsOf : QDate();
    run.source = QStringLiteral("gui");
    return targeting::targetRunParameters(request.settings, run);
}

qint64 recordPlan(const PlanResult& result) {
    const std::unique_ptr<data::Project> project = openProject(result.request.projectPath);
    std::int64_t consented = 0;
    for (const targeting::TargetingCustomer& customer : result.inputs->customers)
        consented += customer.consentOffers ? 1 : 0;
    const QJsonObject summary = targeting::targetRunSummary(
        result.plan, static_cast<std::int64_t>(result.inputs->customers.size()), consented,
        result.offers, result.request.settings);
    return targeting::recordOfferList(*project, result.parameters, result.request.settings.seed,
                                      result.plan.rows, summary);
}

PlanResultPtr runPlan(const PlanRequest& request, ProgressToken& token) {
    std::shared_ptr<const PlanInputs> inputs = request.inputs;
    if (!inputs) {
        auto fresh = std::make_shared<PlanInputs>();
        fresh->projectPath = request.projectPath;
        const std::unique_ptr<data::Project> project = openProject(request.projectPath);
        fresh->design = targeting::loadCampaign(*project, request.campaign);
        fresh->customers =
            targeting::loadTargetingCustomers(*project, request.settings.reasonWindowDays);
        targeting::checkTargetableCustomers(fresh->design, fresh->customers);
        fresh->offers = targeting::loadProjectOffers(*project);
        if (fresh->offers.empty())
            throw Error(QStringLiteral("the project has no offers; import an offers file first"));
        token.report(0.05);
        const int column = targeting::responseOutcome(fresh->design, request.settings.outcome);
        ProgressSpan fit(token, 0.05, 0.2);
        targeting::UpliftTraining trained =
            targeting::trainUpliftModel(targeting::campaignTrainingSet(fresh->design, column),
                                        request.settings.model, fit.token());
        if (trained.cancelled || !trained.model || token.isCancelled())
            return nullptr;
        fresh->modelNotes = trained.model->notes();
        fresh->model = std::shared_ptr<const targeting::UpliftModel>(std::move(trained.model));
        inputs = fresh;
    }
    std::vector<targeting::TargetingOffer> offers = inputs->offers;
    for (targeting::TargetingOffer& offer : offers) {
        const auto it = request.capacities.constFind(offer.offer);
        if (it != request.capacities.constEnd())
            offer.capacity = *it;
    }
    auto result = std::make_shared<PlanResult>();
    result->request = request;
    result->request.inputs = inputs;
    result->inputs = inputs;
    // Contacts and eligibility change from plan to plan, so they go on a copy of the customers.
    std::vector<targeting::TargetingCustomer> customers = inputs->customers;
    std::vector<targeting::EligibilityRule> rules;
    for (const QString& text : request.eligibilityRules)
        rules.push_back(targeting::parseEligibilityRule(text));
    const bool countContacts = request.settings.maxContacts >= 0 && request.countProjectContacts;
    if (countContacts || targeting::rulesTestFeatures(rules)) {
        const std::unique_ptr<data::Project> project = openProject(request.projectPath);
        targeting::CustomerFacts facts;
        if (targeting::rulesTestFeatures(rules))
            facts = targeting::loadCustomerFacts(*project, customers);
        targeting::applyEligibility(rules, {}, offers, facts, customers);
        if (countContacts) {
            result->contacts =
                targeting::countContacts({}, targeting::readProjectContacts(*project),
                                         targeting::ContactWindow{request.contactPeriodDays, {}});
            for (targeting::TargetingCustomer& customer : customers)
                customer.priorContacts = result->contacts.perCustomer.value(customer.customer, 0);
        }
    } else {
        targeting::applyEligibility(rules, {}, offers, {}, customers);
    }
    ProgressSpan plan(token, 0.2, 1.0);
    result->plan = targeting::planTargeting(inputs->design, *inputs->model, customers, offers,
                                            request.settings, plan.token());
    result->offers = std::move(offers);
    if (result->plan.cancelled || token.isCancelled())
        return nullptr;
    result->plan.notes << inputs->modelNotes;
    for (const targeting::TargetingCustomer& customer : inputs->customers)
        result->segments << customer.segment;
    result->parameters = planParameters(request, result->contacts.asOf);
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
