#pragma once

#include <Eigen/Core>
#include <QDate>
#include <QSet>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <vector>

namespace mb::data {
class Project;
}

namespace mb::targeting {

struct TargetingCustomer;
struct TargetingOffer;

// Who an offer may go to, as a category manager states it: the customer's segment is one of a
// list, or one of the customer's purchase features is at least or at most a bound.
struct EligibilityRule {
    enum class Test { Segment, AtLeast, AtMost };
    QString offer;  // an offer id, or "*" for every offer
    Test test = Test::Segment;
    QString feature;       // the customer feature tested by AtLeast / AtMost
    QStringList segments;  // Segment: the segments allowed
    double bound = 0.0;

    // The rule as --eligible takes it, e.g. "offer_d:segment=premium,regular".
    QString text() const;
};

inline const QString kEveryOffer = QStringLiteral("*");

// "OFFER:segment=A,B", "OFFER:FEATURE>=X" or "OFFER:FEATURE<=X" (OFFER may be *). Throws
// mb::Error naming the text when it is none of these.
EligibilityRule parseEligibilityRule(const QString& text);

// Customer features a rule may test, one row per customer (aligned with the customers given),
// NaN where a customer has no value (e.g. no dated basket for recency_days).
struct CustomerFacts {
    QStringList features;
    Eigen::MatrixXd values;  // customers x features
};

// The purchase features of core/targeting/CustomerFeatures (recency_days, frequency,
// monetary_mean, monetary_total, discount_share, tenure_days, share_<category>) for each customer
// given, as of the end of `asOf` (baskets dated on or before it count), or when it is invalid
// as of the day after the project's last dated basket.
CustomerFacts loadCustomerFacts(const data::Project& project,
                                const std::vector<TargetingCustomer>& customers,
                                const QDate& asOf = QDate());

// Checks every rule against what exists: the offers, the customers' segments and the features.
// Throws mb::Error naming the rule and what there is.
void checkEligibilityRules(const std::vector<EligibilityRule>& rules,
                           const std::vector<TargetingOffer>& offers,
                           const std::vector<TargetingCustomer>& customers,
                           const QStringList& features);

// Whether a customer passes a rule; an unknown feature value never passes a bound.
bool passesRule(const EligibilityRule& rule, const QString& segment, double featureValue);

// Sets each customer's offerAllowed (per offer index; every rule naming the offer or * must
// hold) and excluded flag (the customer is on the exclusion list). `facts` may be empty when no
// rule tests a feature. Throws mb::Error as checkEligibilityRules does.
void applyEligibility(const std::vector<EligibilityRule>& rules, const QSet<QString>& excluded,
                      const std::vector<TargetingOffer>& offers, const CustomerFacts& facts,
                      std::vector<TargetingCustomer>& customers);

bool rulesTestFeatures(const std::vector<EligibilityRule>& rules);

// Customer ids never to be targeted (complaints, staff, legal holds): a CSV with a customer
// column. Throws mb::Error as file:line:column: message (value).
QSet<QString> readExclusionList(const QString& path);

}  // namespace mb::targeting
