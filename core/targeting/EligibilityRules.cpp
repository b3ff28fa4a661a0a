#include "targeting/EligibilityRules.h"

#include "common/Error.h"
#include "data/HeaderedCsv.h"
#include "targeting/CustomerFeatures.h"
#include "targeting/TargetingPlan.h"

#include <cmath>
#include <limits>
#include <optional>

namespace mb::targeting {

namespace {

QString ruleError(const QString& text, const QString& message) {
    return QStringLiteral("--eligible: %1 (%2)").arg(message, text);
}

QStringList knownSegments(const std::vector<TargetingCustomer>& customers) {
    QSet<QString> seen;
    for (const TargetingCustomer& customer : customers) {
        if (!customer.segment.isEmpty())
            seen.insert(customer.segment);
    }
    QStringList segments(seen.begin(), seen.end());
    segments.sort();
    return segments;
}

}  // namespace

QString EligibilityRule::text() const {
    switch (test) {
        case Test::Segment:
            return QStringLiteral("%1:segment=%2").arg(offer, segments.join(QLatin1Char(',')));
        case Test::AtLeast:
            return QStringLiteral("%1:%2>=%3").arg(offer, feature, QString::number(bound, 'g', 17));
        case Test::AtMost:
            return QStringLiteral("%1:%2<=%3").arg(offer, feature, QString::number(bound, 'g', 17));
    }
    return {};
}

EligibilityRule parseEligibilityRule(const QString& text) {
    const auto colon = text.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        throw Error(ruleError(text, QStringLiteral("expected OFFER:segment=A,B or "
                                                   "OFFER:FEATURE>=X or OFFER:FEATURE<=X")));
    EligibilityRule rule;
    rule.offer = text.left(colon).trimmed();
    const QString condition = text.mid(colon + 1).trimmed();
    for (const auto& [symbol, test] :
         {std::pair{QStringLiteral(">="), EligibilityRule::Test::AtLeast},
          std::pair{QStringLiteral("<="), EligibilityRule::Test::AtMost}}) {
        const auto at = condition.indexOf(symbol);
        if (at < 0)
            continue;
        rule.test = test;
        rule.feature = condition.left(at).trimmed();
        bool ok = false;
        rule.bound = condition.mid(at + 2).trimmed().toDouble(&ok);
        if (rule.feature.isEmpty() || !ok || !std::isfinite(rule.bound))
            throw Error(ruleError(text, QStringLiteral("expected FEATURE%1NUMBER").arg(symbol)));
        return rule;
    }
    const auto equals = condition.indexOf(QLatin1Char('='));
    if (equals < 0 || condition.left(equals).trimmed() != QLatin1String("segment"))
        throw Error(ruleError(text, QStringLiteral("expected segment=A,B, FEATURE>=X or "
                                                   "FEATURE<=X after the offer")));
    for (const QString& segment : condition.mid(equals + 1).split(QLatin1Char(','))) {
        const QString name = segment.trimmed();
        if (name.isEmpty())
            throw Error(ruleError(text, QStringLiteral("a segment name is empty")));
        if (!rule.segments.contains(name))
            rule.segments << name;
    }
    return rule;
}

CustomerFacts loadCustomerFacts(const data::Project& project,
                                const std::vector<TargetingCustomer>& customers,
                                const QDate& asOf) {
    // The features count baskets dated before their as-of day, so the day after asOf.
    std::optional<std::int32_t> asOfDay;
    if (asOf.isValid())
        asOfDay = static_cast<std::int32_t>(QDate(1970, 1, 1).daysTo(asOf) + 1);
    const CustomerFeatureTable table =
        computeCustomerFeatures(loadCustomerPurchaseHistory(project, asOfDay), asOfDay);
    CustomerFacts facts;
    for (const std::string& column : table.columns)
        facts.features << QString::fromStdString(column);
    facts.values = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(customers.size()),
                                             static_cast<Eigen::Index>(table.columns.size()),
                                             std::numeric_limits<double>::quiet_NaN());
    for (std::size_t c = 0; c < customers.size(); ++c) {
        const int row = table.row(customers[c].customer.toStdString());
        if (row >= 0)
            facts.values.row(static_cast<Eigen::Index>(c)) = table.values.row(row);
    }
    return facts;
}

void checkEligibilityRules(const std::vector<EligibilityRule>& rules,
                           const std::vector<TargetingOffer>& offers,
                           const std::vector<TargetingCustomer>& customers,
                           const QStringList& features) {
    QStringList offerIds;
    for (const TargetingOffer& offer : offers)
        offerIds << offer.offer;
    const QStringList segments = knownSegments(customers);
    for (const EligibilityRule& rule : rules) {
        if (rule.offer != kEveryOffer && !offerIds.contains(rule.offer))
            throw Error(ruleError(rule.text(), QStringLiteral("unknown offer %1 (there are: %2)")
                                                   .arg(rule.offer, offerIds.join(u", "))));
        if (rule.test == EligibilityRule::Test::Segment) {
            for (const QString& segment : rule.segments) {
                if (!segments.contains(segment))
                    throw Error(
                        ruleError(rule.text(), QStringLiteral("unknown segment %1 (there are: %2)")
                                                   .arg(segment, segments.join(u", "))));
            }
        } else if (!features.contains(rule.feature)) {
            throw Error(ruleError(
                rule.text(), QStringLiteral("unknown customer feature %1 (there are: segment, %2)")
                                 .arg(rule.feature, features.join(u", "))));
        }
    }
}

bool passesRule(const EligibilityRule& rule, const QString& segment, double featureValue) {
    switch (rule.test) {
        case EligibilityRule::Test::Segment:
            return rule.segments.contains(segment);
        case EligibilityRule::Test::AtLeast:
            return featureValue >= rule.bound;  // false for NaN
        case EligibilityRule::Test::AtMost:
            return featureValue <= rule.bound;
    }
    return false;
}

bool rulesTestFeatures(const std::vector<EligibilityRule>& rules) {
    for (const EligibilityRule& rule : rules) {
        if (rule.test != EligibilityRule::Test::Segment)
            return true;
    }
    return false;
}

void applyEligibility(const std::vector<EligibilityRule>& rules, const QSet<QString>& excluded,
                      const std::vector<TargetingOffer>& offers, const CustomerFacts& facts,
                      std::vector<TargetingCustomer>& customers) {
    checkEligibilityRules(rules, offers, customers, facts.features);
    const bool aligned = facts.values.rows() == static_cast<Eigen::Index>(customers.size());
    if (rulesTestFeatures(rules) && !aligned)
        throw Error(
            QStringLiteral("internal error: customer features are not aligned with the "
                           "customers"));
    for (std::size_t c = 0; c < customers.size(); ++c) {
        TargetingCustomer& customer = customers[c];
        customer.excluded = excluded.contains(customer.customer);
        customer.offerAllowed.clear();
        if (rules.empty())
            continue;
        customer.offerAllowed.assign(offers.size(), 1);
        for (const EligibilityRule& rule : rules) {
            const int column = rule.test == EligibilityRule::Test::Segment
                                   ? -1
                                   : facts.features.indexOf(rule.feature);
            const double value = column >= 0 ? facts.values(static_cast<Eigen::Index>(c), column)
                                             : std::numeric_limits<double>::quiet_NaN();
            if (passesRule(rule, customer.segment, value))
                continue;
            for (std::size_t o = 0; o < offers.size(); ++o) {
                if (rule.offer == kEveryOffer || rule.offer == offers[o].offer)
                    customer.offerAllowed[o] = 0;
            }
        }
    }
}

QSet<QString> readExclusionList(const QString& path) {
    data::HeaderedCsv csv(path);
    const int column = csv.column(QStringLiteral("customer"), true);
    QSet<QString> customers;
    while (csv.next()) {
        const std::string_view field = csv.field(column);
        const QString id =
            QString::fromUtf8(field.data(), static_cast<qsizetype>(field.size())).trimmed();
        if (id.isEmpty())
            csv.fail(column, QStringLiteral("customer id is empty"));
        customers.insert(id);
    }
    return customers;
}

}  // namespace mb::targeting
