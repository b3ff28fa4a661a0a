#include "targeting/CampaignOverview.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "targeting/CampaignTable.h"
#include "targeting/UpliftMetrics.h"

#include <cmath>

namespace mb::targeting {

namespace {

QString pickOutcome(const CampaignDesign& design, const QString& requested) {
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

QStringList campaignNames(const data::Project& project) {
    QStringList names;
    data::Statement select(project.db(), "SELECT name FROM campaigns ORDER BY name");
    while (select.step())
        names << select.text(0);
    return names;
}

CampaignSummary readCampaignSummary(const data::Project& project, const QString& campaign,
                                    const QString& outcome) {
    const CampaignDesign design = loadCampaign(project, campaign);
    CampaignSummary summary;
    summary.campaign = campaign;
    summary.outcome = pickOutcome(design, outcome);
    summary.outcomes = design.outcomeNames;
    summary.features = design.featureNames;
    for (int i = 0; i < static_cast<int>(design.outcomeNames.size()); ++i) {
        if (design.outcomeIsBinary[static_cast<std::size_t>(i)])
            summary.binaryOutcomes << design.outcomeNames.at(i);
    }
    const int column = design.outcomeIndex(summary.outcome);
    for (int a = 0; a < static_cast<int>(design.arms.size()); ++a) {
        // Each arm against control, the same estimator the model's holdout metrics use.
        ScoredCampaign pair;
        for (Eigen::Index r = 0; r < design.rows(); ++r) {
            const int arm = design.arm[static_cast<std::size_t>(r)];
            const double value = design.outcomes(r, column);
            if (std::isnan(value) || (arm != 0 && arm != a))
                continue;
            pair.outcome.push_back(value);
            pair.score.push_back(0.0);
            pair.treated.push_back(arm == a && a != 0 ? 1 : 0);
        }
        const TreatmentEffect effect = averageTreatmentEffect(pair);
        CampaignArmSummary arm;
        arm.arm = design.arms.at(a);
        arm.isControl = a == 0;
        arm.customers = a == 0 ? effect.control.customers : effect.treatment.customers;
        arm.meanOutcome = a == 0 ? effect.control.meanOutcome : effect.treatment.meanOutcome;
        arm.effect = a == 0 ? 0.0 : effect.effect;
        arm.standardError = a == 0 ? 0.0 : effect.standardError;
        summary.arms.push_back(arm);
    }
    summary.customers = data::queryInt(project.db(), "SELECT COUNT(*) FROM customers", 0);
    summary.consented =
        data::queryInt(project.db(), "SELECT COUNT(*) FROM customers WHERE consent_offers = 1", 0);
    data::Statement offers(project.db(), "SELECT offer FROM offers ORDER BY rowid");
    while (offers.step())
        summary.offers << offers.text(0);
    data::Statement segments(project.db(),
                             "SELECT DISTINCT segment FROM customers WHERE segment IS NOT NULL "
                             "AND segment <> '' ORDER BY 1");
    while (segments.step())
        summary.segments << segments.text(0);
    return summary;
}

double netValueAtBudget(const std::vector<BudgetPoint>& curve, double budget) {
    if (curve.empty())
        return std::nan("");
    if (budget <= curve.front().budget)
        return curve.front().netValue;
    for (std::size_t i = 1; i < curve.size(); ++i) {
        const BudgetPoint& high = curve[i];
        if (budget > high.budget)
            continue;
        const BudgetPoint& low = curve[i - 1];
        if (budget == high.budget || high.budget <= low.budget)
            return high.netValue;
        const double t = (budget - low.budget) / (high.budget - low.budget);
        return low.netValue + t * (high.netValue - low.netValue);
    }
    return curve.back().netValue;
}

}  // namespace mb::targeting
