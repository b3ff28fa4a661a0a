#include "targeting/TargetRequest.h"

#include "common/Error.h"
#include "common/JsonNumber.h"
#include "jobs/RequestReader.h"
#include "targeting/EligibilityRules.h"

#include <QJsonArray>
#include <cmath>

namespace mb::targeting {

namespace {

const QString kAnalysis = QStringLiteral("target");

QJsonValue optionalNumber(const std::optional<double>& value) {
    return value ? QJsonValue(*value) : QJsonValue();
}

QJsonValue capJson(int value) {
    return value >= 0 ? QJsonValue(value) : QJsonValue();
}

QJsonObject offerJson(const TargetingOffer& offer) {
    return QJsonObject{{QStringLiteral("offer"), offer.offer},
                       {QStringLiteral("category"), offer.category},
                       {QStringLiteral("product"), offer.product},
                       {QStringLiteral("cost"), offer.cost},
                       {QStringLiteral("capacity"), jsonNumber(offer.capacity)}};
}

// One row of "offers"; an error names the row and its field.
TargetingOffer offerFromJson(jobs::RequestReader& reader, const QJsonValue& value, int row) {
    const auto bad = [&](const QString& what) {
        reader.fail("offers",
                    QStringLiteral("a list of offers (row %1: %2)").arg(row + 1).arg(what));
    };
    if (!value.isObject())
        bad(QStringLiteral("not an object"));
    const QJsonObject json = value.toObject();
    static const QStringList known{QStringLiteral("offer"), QStringLiteral("category"),
                                   QStringLiteral("product"), QStringLiteral("cost"),
                                   QStringLiteral("capacity")};
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!known.contains(it.key()))
            bad(QStringLiteral("unknown field \"%1\"").arg(it.key()));
    }
    TargetingOffer offer;
    offer.offer = json.value(QStringLiteral("offer")).toString();
    if (offer.offer.isEmpty())
        bad(QStringLiteral("\"offer\" must be a non-empty id"));
    offer.category = json.value(QStringLiteral("category")).toString();
    offer.product = json.value(QStringLiteral("product")).toString();
    const QJsonValue cost = json.value(QStringLiteral("cost"));
    if (!cost.isDouble() || !(cost.toDouble() >= 0.0) || !std::isfinite(cost.toDouble()))
        bad(QStringLiteral("\"cost\" must be a number >= 0"));
    offer.cost = cost.toDouble();
    const QJsonValue capacity = json.value(QStringLiteral("capacity"));
    if (!capacity.isNull() && !capacity.isUndefined()) {
        if (!capacity.isDouble() || !(capacity.toDouble() >= 0.0))
            bad(QStringLiteral("\"capacity\" must be a number >= 0 or null (no limit)"));
        offer.capacity = capacity.toDouble();
    }
    return offer;
}

}  // namespace

UpliftMethod upliftMethodNamed(const QString& name) {
    for (const UpliftMethod method :
         {UpliftMethod::TLearner, UpliftMethod::ClassTransformation, UpliftMethod::Forest}) {
        if (methodName(method) == name)
            return method;
    }
    throw Error(
        QStringLiteral("the model must be tlearner, classtransform or forest (%1)").arg(name));
}

QJsonObject capacitiesJson(const std::map<QString, double>& capacities) {
    QJsonObject json;
    for (const auto& [offer, count] : capacities)
        json.insert(offer, jsonNumber(count));
    return json;
}

std::map<QString, double> readCapacities(jobs::RequestReader& reader, const char* field) {
    std::map<QString, double> capacities;
    const QJsonObject json = reader.object(field);
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QJsonValue count = it.value();
        if (!count.isNull() && !(count.isDouble() && count.toDouble() >= 0.0))
            reader.fail(field, QStringLiteral("offer ids with counts >= 0 or null"));
        capacities[it.key()] = count.isNull() ? unlimited : std::floor(count.toDouble());
    }
    return capacities;
}

QJsonObject TargetRequest::toJson() const {
    QJsonObject json = jobs::requestJson(kAnalysis);
    json.insert(QStringLiteral("campaign"), campaign);
    QJsonArray offerRows;
    for (const TargetingOffer& offer : offers)
        offerRows.append(offerJson(offer));
    json.insert(QStringLiteral("offers"), offerRows);
    json.insert(QStringLiteral("offers_source"), offersSource);
    json.insert(QStringLiteral("budget"), budget);
    json.insert(QStringLiteral("outcome"), outcome);
    json.insert(QStringLiteral("value_outcome"), valueOutcome);
    json.insert(QStringLiteral("value"), optionalNumber(fallbackValue));
    json.insert(QStringLiteral("margin_rate"), optionalNumber(marginRate));
    json.insert(QStringLiteral("model"), methodName(model));
    json.insert(QStringLiteral("capacity"), capacitiesJson(capacities));
    json.insert(QStringLiteral("max_offers_per_customer"), maxOffersPerCustomer);
    json.insert(QStringLiteral("max_contacts"), capJson(maxContacts));
    json.insert(QStringLiteral("contact_history"), contactHistory);
    json.insert(QStringLiteral("count_project_contacts"), countProjectContacts);
    json.insert(QStringLiteral("contact_period_days"), capJson(contactPeriodDays));
    json.insert(QStringLiteral("as_of"), asOf.isEmpty() ? QJsonValue() : QJsonValue(asOf));
    json.insert(QStringLiteral("contact_as_of"),
                contactAsOf.isEmpty() ? QJsonValue() : QJsonValue(contactAsOf));
    json.insert(QStringLiteral("eligibility_rules"), QJsonArray::fromStringList(eligibilityRules));
    json.insert(QStringLiteral("exclude"), excludeSource);
    json.insert(QStringLiteral("excluded_customers"),
                QJsonArray::fromStringList(excludedCustomers));
    json.insert(QStringLiteral("holdout"), holdout);
    json.insert(QStringLiteral("seed"), seed);
    json.insert(QStringLiteral("simulations"), simulations);
    json.insert(QStringLiteral("refits"), refits);
    json.insert(QStringLiteral("budget_curve_points"), budgetCurvePoints);
    json.insert(QStringLiteral("pseudonymised"), pseudonymised);
    return json;
}

TargetRequest TargetRequest::fromJson(const QJsonObject& json) {
    jobs::RequestReader reader(json, kAnalysis);
    TargetRequest request;
    request.campaign = reader.text("campaign");
    if (request.campaign.isEmpty())
        reader.fail("campaign", QStringLiteral("the campaign test's name"));
    const QJsonArray offerRows = reader.array("offers");
    for (int i = 0; i < offerRows.size(); ++i)
        request.offers.push_back(offerFromJson(reader, offerRows.at(i), i));
    request.offersSource = reader.text("offers_source", request.offersSource);
    if (request.offersSource.isEmpty())
        reader.fail("offers_source", QStringLiteral("\"project\" or the offers file's path"));
    if (request.offers.empty() && request.offersSource != QLatin1String("project"))
        reader.fail("offers", QStringLiteral("the offers' rows (only offers_source \"project\" "
                                             "reads them from the project)"));
    request.budget = reader.number("budget", -1.0, 0.0);
    if (!reader.has("budget"))
        reader.fail("budget", QStringLiteral("a number >= 0"));
    request.outcome = reader.text("outcome");
    request.valueOutcome = reader.text("value_outcome", request.valueOutcome);
    if (reader.has("value"))
        request.fallbackValue = reader.number("value", 0.0, 0.0);
    else
        reader.text("value");  // null: no fallback value
    if (reader.has("margin_rate"))
        request.marginRate = reader.number("margin_rate", 0.0, 0.0, 1.0);
    else
        reader.text("margin_rate");
    request.model = upliftMethodNamed(reader.choice(
        "model",
        {QStringLiteral("tlearner"), QStringLiteral("classtransform"), QStringLiteral("forest")},
        QStringLiteral("tlearner")));
    request.capacities = readCapacities(reader, "capacity");
    request.maxOffersPerCustomer =
        static_cast<int>(reader.whole("max_offers_per_customer", 1, 1, 1000000));
    request.maxContacts = static_cast<int>(reader.whole("max_contacts", -1, 0, 1000000));
    request.contactHistory = reader.text("contact_history");
    request.countProjectContacts = reader.flag("count_project_contacts", false);
    if ((!request.contactHistory.isEmpty() || request.countProjectContacts) &&
        request.maxContacts < 0)
        reader.fail("max_contacts",
                    QStringLiteral("a cap when contact_history or count_project_contacts is set"));
    request.contactPeriodDays =
        static_cast<int>(reader.whole("contact_period_days", -1, 1, 1000000));
    if (request.contactPeriodDays >= 0 && request.contactHistory.isEmpty() &&
        !request.countProjectContacts)
        reader.fail("contact_period_days",
                    QStringLiteral("contact_history or count_project_contacts to count in it"));
    request.asOf = reader.date("as_of");
    request.contactAsOf = reader.date("contact_as_of");
    request.eligibilityRules = reader.texts("eligibility_rules");
    for (const QString& rule : request.eligibilityRules) {
        try {
            parseEligibilityRule(rule);
        } catch (const Error& error) {
            reader.fail("eligibility_rules", QStringLiteral("rules (%1)").arg(error.message()));
        }
    }
    request.excludeSource = reader.text("exclude");
    request.excludedCustomers = reader.texts("excluded_customers");
    request.holdout = reader.number("holdout", 0.1, 0.0, 1.0);
    if (request.holdout >= 1.0)
        reader.fail("holdout", QStringLiteral("a share in [0, 1)"));
    request.seed = reader.whole("seed", 1);
    request.simulations = static_cast<int>(reader.whole("simulations", 1000, 1, 1000000));
    request.refits = static_cast<int>(reader.whole("refits", 20, 0, 1000));
    request.budgetCurvePoints = static_cast<int>(reader.whole("budget_curve_points", 6, 1, 1000));
    request.pseudonymised = reader.flag("pseudonymised", false);
    reader.finish();
    return request;
}

TargetingSettings TargetRequest::settings() const {
    TargetingSettings settings;
    settings.outcome = outcome;
    settings.valueOutcome = valueOutcome;
    settings.fallbackValue = fallbackValue.value_or(std::nan(""));
    settings.model.method = model;
    settings.model.seed = static_cast<std::uint64_t>(seed);
    settings.uncertaintyReplicates = refits;
    settings.budget = budget;
    settings.maxOffersPerCustomer = maxOffersPerCustomer;
    settings.maxContacts = maxContacts;
    settings.holdoutFraction = holdout;
    settings.seed = static_cast<std::uint64_t>(seed);
    settings.simulations = simulations;
    settings.budgetCurvePoints = budgetCurvePoints;
    return settings;
}

}  // namespace mb::targeting
