#pragma once

#include "jobs/RunRecorder.h"
#include "markdown/ItemEdit.h"
#include "markdown/SeasonPlanner.h"

#include <QDate>
#include <QJsonObject>
#include <QString>
#include <map>
#include <vector>

namespace mb::markdown {

// Prices leave the planner in the currency's minor unit. A project's prices carry no currency,
// and every retailer it serves prices in one with two decimals (cents), so a price is rounded
// to whole cents once, here, and the list, the decisions and the page all show that one number.
inline constexpr int kMinorUnitDecimals = 2;
qint64 toMinorUnits(double price);
// "6.79": exactly kMinorUnitDecimals decimals, never 6.7899999999999991.
QString minorUnitsText(qint64 minorUnits);

// One change of price a store applies: the item's schedule changes step that week. A schedule
// shared by a cluster's stores gives one change per store, naming the cluster; the expected
// figures are the schedule's (the store's, or its cluster's).
struct PriceChange {
    QString product, store, cluster, category;  // cluster: empty unless the schedule is shared
    QDate week;                                 // Monday of the week the price changes
    int step = 0;
    qint64 priceCents = 0;  // the new price in the minor unit
    double discount = 0.0;  // share off the regular price
    double units = 0.0, revenue = 0.0, margin = 0.0, sellThrough = 0.0;
    QString source;  // plan, edited (the user's schedule) or locked (a week the user locked)
};

// Every price change of a season plan along each planned item's expected path, or along the
// merchandiser's edit of the item where `edits` (by item index) has one. With perCluster (the
// rules' schedule_per cluster) each change names its store's cluster.
std::vector<PriceChange> seasonPriceChanges(const SeasonPlan& season, bool perCluster,
                                            const std::map<int, ItemEditPtr>* edits = nullptr);

// The changes as the decisions table keeps them (kind price_change, subject product@store).
std::vector<jobs::Decision> priceChangeDecisions(const std::vector<PriceChange>& changes);

// The price-change list (CSV) both front ends export: one row per change, the same columns and
// the same text for the same changes, with `parameters` in its .params.json sidecar. Throws
// mb::Error when it cannot be written; the file is replaced whole or not at all.
void writePriceChangeList(const QString& path, const std::vector<PriceChange>& changes,
                          const QJsonObject& parameters);

}  // namespace mb::markdown
