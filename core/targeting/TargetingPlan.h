#pragma once

#include "targeting/CampaignSimulation.h"
#include "targeting/CampaignTable.h"
#include "targeting/ContactHistory.h"
#include "targeting/OfferAllocation.h"
#include "targeting/OfferList.h"
#include "targeting/UpliftModels.h"

#include <Eigen/Core>
#include <QDate>
#include <QHash>
#include <QString>
#include <QStringList>
#include <cmath>
#include <cstdint>
#include <vector>

namespace mb {
class ProgressToken;
}
namespace mb::data {
class Project;
}

namespace mb::targeting {

// A customer who might receive an offer (a row of the customers table).
struct TargetingCustomer {
    QString customer;
    QString segment;
    bool consentOffers = false;           // only customers with consent are ever offered anything
    int priorContacts = 0;                // offers already sent, counted against maxContacts
    QHash<QString, int> recentPurchases;  // purchase baskets per category in the reason window
    bool excluded = false;                // on the exclusion list: never offered anything
    // Per offer index: whether the eligibility rules let this customer have it; empty = every
    // offer (see applyEligibility).
    std::vector<std::uint8_t> offerAllowed;

    bool mayHave(int offer) const {
        return offerAllowed.empty() || offerAllowed[static_cast<std::size_t>(offer)] != 0;
    }
};

// An offer a campaign can send (a row of the offers table).
struct TargetingOffer {
    QString offer;
    QString category;
    QString product;
    double cost = 0.0;            // of sending it once, >= 0
    double capacity = unlimited;  // most customers it may go to
    double marginRate = 1.0;      // margin / revenue of what a responder buys

    bool operator==(const TargetingOffer&) const = default;
};

struct TargetingSettings {
    // The 0/1 response the offers should raise; empty: "purchase" when the campaign has it,
    // else its first 0/1 outcome.
    QString outcome;
    // Revenue per response: the mean of this outcome among an arm's responders; when the
    // campaign lacks it (or an arm has no responders with a value), fallbackValue.
    QString valueOutcome = QStringLiteral("spend");
    double fallbackValue = std::nan("");
    UpliftSettings model;
    // Seeded bootstrap refits of the model (customers resampled within each arm) whose spread of
    // predicted uplift is each customer's standard error; 0 = treat the model as exact.
    int uncertaintyReplicates = 20;
    double budget = 0.0;
    int maxOffersPerCustomer = 1;  // contact cap in this campaign
    int maxContacts = -1;          // with priorContacts: total contacts allowed; -1 = no cap
    double holdoutFraction = 0.1;  // of eligible customers, held back as a random control group
    std::uint64_t seed = 1;        // control group, bootstrap, simulation, random strategy
    int simulations = 1000;
    double upliftCorrelation = 1.0;  // see SimulationSettings
    int budgetCurvePoints = 6;       // evenly spaced, plus the budget itself
    int reasonWindowDays = 90;       // what recentPurchases counts, for the reason text
};

// A campaign treatment arm and the offer of the same id that repeats it.
struct ArmOffer {
    int arm = 0;    // index into CampaignDesign::arms (>= 1)
    int offer = 0;  // index into the offers
    double valuePerResponse = 0.0;
    bool valueFromCampaign = false;  // false: settings.fallbackValue
    std::int64_t responders = 0;     // the arm's customers with response 1
};

struct TargetingPlan {
    QString outcome;
    std::vector<ArmOffer> armOffers;
    std::int64_t customersScored = 0;           // in the customers table with a campaign row
    std::int64_t customersWithoutFeatures = 0;  // in the customers table without one: skipped
    std::int64_t customersAtContactCap = 0;     // consented but over maxContacts
    std::int64_t customersExcluded = 0;         // consented and scored, on the exclusion list
    std::int64_t ineligibleOptions = 0;  // (customer, arm offer) pairs the eligibility rules drop
    std::int64_t customersWithoutEligibleOffer = 0;  // every arm offer dropped by the rules
    // Per scored customer and arm offer (customer: index into the customers given, offer: into
    // the offers given); only consented, not excluded customers below their contact cap, and
    // only the offers the eligibility rules allow them.
    std::vector<OfferOutlook> outlooks;
    AllocationResult allocation;  // options = outlooks, so chosen indexes outlooks
    CampaignExpectation expected;
    CampaignForecast forecast;
    // The outlooks of customers not held out, which every strategy chooses from.
    std::vector<OfferOutlook> comparedOptions;
    std::vector<StrategyForecast> strategies;  // chosen indexes comparedOptions
    // The plan's allocation (capacities, offers per customer, contact caps, the same control
    // group) at evenly spaced budgets and at the plan's own: each point is the plan at its budget,
    // in whole offers (spend = wholeOffersSpend, netValue = wholeOffersNetValue).
    std::vector<BudgetPoint> budgetCurve;
    // Offers sent, then the control group (each with its best offer when worth sending, else
    // none), in customer order.
    std::vector<OfferListRow> rows;
    QStringList notes;
    bool cancelled = false;
};

// The response outcome's column. Throws mb::Error naming the campaign's outcomes when it is
// absent or not 0/1.
int responseOutcome(const CampaignDesign& design, const QString& requested);

// Every campaign row whose response is present, as a model learns from it.
UpliftTrainingSet campaignTrainingSet(const CampaignDesign& design, int outcomeIndex);

// Pairs each treatment arm with the offer of the same id and finds its value per response.
// Throws mb::Error listing the arms and the offers when none pair up, or when an arm's value is
// unknown and there is no fallback.
std::vector<ArmOffer> mapArmsToOffers(const CampaignDesign& design,
                                      const std::vector<TargetingOffer>& offers,
                                      const TargetingSettings& settings, int outcomeIndex);

// The standard deviation of each row's predicted uplift (rows x treatment arms) over seeded
// bootstrap refits, resampling customers with replacement within each arm (the bootstrap
// standard error of Efron & Tibshirani, "An Introduction to the Bootstrap", 1993, ch. 6). Zero
// when replicates < 2. Empty when cancelled.
Eigen::MatrixXd upliftStandardErrors(const UpliftTrainingSet& training,
                                     const UpliftSettings& settings,
                                     const Eigen::MatrixXd& features, int replicates,
                                     std::uint64_t seed, ProgressToken* progress = nullptr);

// The whole plan from a trained model: score, allocate under the budget, capacities, contact
// caps and consent with a seeded control group, forecast, compare strategies, budget curve and
// the offer list. Throws mb::Error on unusable input (negative budget, no pairing arm/offer).
TargetingPlan planTargeting(const CampaignDesign& design, const UpliftModel& model,
                            const std::vector<TargetingCustomer>& customers,
                            const std::vector<TargetingOffer>& offers,
                            const TargetingSettings& settings, ProgressToken* progress = nullptr);

// Trains settings.model on every campaign row with a response, then planTargeting.
TargetingPlan runTargeting(const CampaignDesign& design,
                           const std::vector<TargetingCustomer>& customers,
                           const std::vector<TargetingOffer>& offers,
                           const TargetingSettings& settings, ProgressToken* progress = nullptr);

// Reading the inputs from a project (the plan itself never touches the database).

// The customers table, with baskets per category in the last windowDays of basket history. With
// an as-of day only what was known on it is read: customers who signed up by then and baskets
// dated on or before it (the window ends on it); without one the window ends at the last basket.
std::vector<TargetingCustomer> loadTargetingCustomers(const data::Project& project,
                                                      int windowDays = 90,
                                                      const QDate& asOf = QDate());

// Throws mb::Error, saying what is missing and how to supply it, when no customer could be
// scored: the customers table is empty, the campaign has no customer ids (a campaign file
// without a customer column), or none of the customers has a row in the campaign. Without this
// the offer list would be empty and look like a decision.
void checkTargetableCustomers(const CampaignDesign& design,
                              const std::vector<TargetingCustomer>& customers);

// The offers table, with margin rates from the products (see applyProductMargins).
std::vector<TargetingOffer> loadProjectOffers(const data::Project& project);

// offer, cost (required), category, product, capacity (optional) from a CSV. Throws mb::Error
// as file:line:column: message (value).
std::vector<TargetingOffer> readOffersCsv(const QString& path);

// Each offer's margin rate 1 - cost / regular price summed over its product, else its
// category's products, else every product; unchanged when the products give no prices.
void applyProductMargins(const data::Project& project, std::vector<TargetingOffer>& offers);

}  // namespace mb::targeting
