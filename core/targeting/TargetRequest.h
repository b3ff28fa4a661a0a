#pragma once

#include "targeting/TargetingPlan.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <map>
#include <optional>
#include <vector>

namespace mb::jobs {
class RequestReader;
}

namespace mb::targeting {

// Everything a `target` plan depends on, so the CLI, the Targeting page and a replay
// (`merchbench-cli run`) plan the same offer list from it. Small inputs are held by value (the
// offers' rows, the excluded customers), so a replay does not depend on a file that may have
// changed since; the contact history file is an input file, held by path. The pseudonymisation
// key is a secret: the request only says that one was used.
struct TargetRequest {
    QString campaign;
    // The offers' rows (offer, category, product, cost, capacity); their margin rates come from
    // the project's products when the plan is loaded. Empty with offersSource "project": the
    // project's offers table is read then, and the result's request holds its rows.
    std::vector<TargetingOffer> offers;
    QString offersSource = QStringLiteral("project");  // "project" or the file they came from
    double budget = 0.0;
    QString outcome;  // empty: purchase, else the campaign's first 0/1 outcome
    QString valueOutcome = QStringLiteral("spend");
    std::optional<double> fallbackValue;  // value per response without a value outcome
    std::optional<double> marginRate;     // one rate for every offer, over the products'
    UpliftMethod model = UpliftMethod::TLearner;
    std::map<QString, double> capacities;  // per offer id, over the offers' own
    int maxOffersPerCustomer = 1;
    int maxContacts = -1;    // -1: no cap
    QString contactHistory;  // CSV of contacts already made; empty: none
    bool countProjectContacts = false;
    int contactPeriodDays = -1;  // -1: every contact counts
    QString asOf;                // yyyy-mm-dd or empty: the planning day and the period's end
    // Without as_of, the contact period's end: the latest contact when first planned, kept so a
    // replay counts the same days (its own offers, recorded since, are later).
    QString contactAsOf;
    QStringList eligibilityRules;   // as --eligible takes them, in order
    QString excludeSource;          // the file the exclusions came from, for the record
    QStringList excludedCustomers;  // never targeted, sorted
    double holdout = 0.1;
    qint64 seed = 1;
    int simulations = 1000;
    int refits = 20;
    int budgetCurvePoints = 6;   // evenly spaced budgets of the curve, plus the budget itself
    bool pseudonymised = false;  // the exports carry keyed pseudonyms (the key is not kept)

    QJsonObject toJson() const;
    // Throws mb::Error naming the field and its value.
    static TargetRequest fromJson(const QJsonObject& json);
    bool operator==(const TargetRequest&) const = default;

    // The planner's settings this request stands for.
    TargetingSettings settings() const;
};

// "tlearner", "classtransform", "forest"; throws mb::Error for another name.
UpliftMethod upliftMethodNamed(const QString& name);

// Capacities per offer id as a request holds them: {"offer_a": 300, "offer_b": null} (null: no
// limit). Reading throws mb::Error naming the field.
QJsonObject capacitiesJson(const std::map<QString, double>& capacities);
std::map<QString, double> readCapacities(jobs::RequestReader& reader, const char* field);

}  // namespace mb::targeting
