#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <vector>

namespace mb::targeting {

class Pseudonymiser;

// One line of the list a campaign system executes: who gets which offer and why, or who is held
// back in the control group (control rows keep the offer they would have had, if any).
struct OfferListRow {
    QString customer;
    QString offer;
    double expectedUplift = 0.0;  // change in purchase chance: 0.18 = 18 points more likely
    double expectedValue = 0.0;   // expected incremental value, net of the offer's cost
    double cost = 0.0;
    QString reason;
    bool control = false;
};

// The facts behind an offer, for a reason a category manager can read.
struct OfferReason {
    QString segment;   // e.g. deal_seeker; empty leaves it out
    QString category;  // what the customer bought; empty leaves the purchase count out
    int purchases = 0;
    int windowDays = 90;
    double predictedUplift = 0.0;
};

// "deal_seeker, bought snacks 6 times in 90 days, predicted +18% purchase chance".
QString describeReason(const OfferReason& reason);

struct OfferListExport {
    QJsonObject parameters;  // what produced the list; written beside it
    // When set, customer ids are replaced by their pseudonyms and the column says so.
    const Pseudonymiser* pseudonyms = nullptr;
    QDateTime created;  // the XLSX creation time; invalid means now
};

// customer (or customer_pseudonym),offer,expected_uplift,expected_value,cost,reason,control in
// the rows' order, plus FILE.params.json. Throws mb::Error (also when two ids share a pseudonym).
void writeOfferListCsv(const QString& path, const std::vector<OfferListRow>& rows,
                       const OfferListExport& options);

// Sheets "Offer list" (rows given an offer), "Control group" and "Parameters"; a list longer
// than a sheet continues on "Offer list (2)" and so on. Throws mb::Error.
void writeOfferListXlsx(const QString& path, const std::vector<OfferListRow>& rows,
                        const OfferListExport& options);

}  // namespace mb::targeting
