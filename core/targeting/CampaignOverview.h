#pragma once

#include "targeting/CampaignSimulation.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace mb::data {
class Project;
}

namespace mb::targeting {

// One arm of the campaign test as the category manager first sees it: how many customers, how
// many responded, and the effect against control (ATE with its unpooled standard error).
struct CampaignArmSummary {
    QString arm;
    qint64 customers = 0;
    double meanOutcome = 0.0;
    double effect = 0.0;  // vs control; 0 for the control arm itself
    double standardError = 0.0;
    bool isControl = false;
};

struct CampaignSummary {
    QString campaign;
    QString outcome;
    QStringList outcomes;  // every outcome the campaign has
    QStringList binaryOutcomes;
    QStringList features;
    std::vector<CampaignArmSummary> arms;  // control first
    qint64 customers = 0;                  // rows of the customers table
    qint64 consented = 0;                  // of which consent_offers = 1
    QStringList offers;                    // ids in the offers table
    QStringList segments;                  // the customers' segments, in name order
};

// The campaigns of the project, in name order.
QStringList campaignNames(const data::Project& project);

// The campaign's arms (each against control, on the outcome), its outcomes and features, and
// the customers, consent, offers and segments there are to target. An empty outcome picks
// "purchase" when there is one, else the first outcome. Throws mb::Error.
CampaignSummary readCampaignSummary(const data::Project& project, const QString& campaign,
                                    const QString& outcome);

// The expected net value on the budget curve at `budget`, linear between its points (exact at
// them); the curve's last value beyond it.
double netValueAtBudget(const std::vector<BudgetPoint>& curve, double budget);

}  // namespace mb::targeting
