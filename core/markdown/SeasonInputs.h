#pragma once

#include "demand/SalesHistory.h"

#include <QDate>
#include <QString>
#include <QStringList>
#include <vector>

struct sqlite3;

namespace mb::markdown {

// One item to plan: a product in a store, with what the project knows about it.
struct SeasonItem {
    QString product;
    QString store;
    QString category;
    QString cluster;
    int onHand = 0;
    double regularPrice = 0.0;  // 0 when the project has none (taken from the sales history)
    double unitCost = 0.0;
    bool unitCostKnown = false;
    QDate exitDate;      // products.exit_date; invalid: the run's exit date
    QDate receivedDate;  // inventory.received_date; invalid: on hand since the stock count
};

struct SeasonInputs {
    QDate stockDate;  // the inventory snapshot the plan starts from
    QDate asOf;       // the planning day: nothing dated after it is read (invalid: no cut)
    std::vector<SeasonItem> items;

    // The sales history the items need: their products in their stores, up to the as-of date.
    demand::SalesFilter salesFilter() const;
};

// Reads the latest inventory snapshot on or before `asOf` (any date when invalid) with the
// products' category, regular price and unit cost and the stores' cluster. Items with nothing on
// hand are left out. Filters are product and store ids (empty: all). Throws mb::Error when the
// project has no inventory to plan from.
SeasonInputs loadSeasonInputs(sqlite3* db, const QStringList& products, const QStringList& stores,
                              const QDate& asOf = QDate());

}  // namespace mb::markdown
