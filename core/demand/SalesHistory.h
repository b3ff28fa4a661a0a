#pragma once

#include <QDate>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <vector>

namespace mb::demand {

// One week of one product in one store, as the demand model reads it.
struct WeekSale {
    std::int64_t day = 0;  // Julian day number of the week's date
    double units = 0.0;
    double price = 0.0;
    double regularPrice = 0.0;
    bool feature = false;
    bool display = false;
    bool tpr = false;
    // The week sold out (StockOuts.h): demand was at least `units`, a censored observation.
    bool soldOut = false;
};

// The weekly history of one product in one store, oldest week first.
struct SalesSeries {
    QString product;
    QString store;
    QString category;
    std::vector<WeekSale> weeks;
};

// Which series to read; an empty list means all.
struct SalesFilter {
    QStringList products;
    QStringList stores;
    // The last day the analysis may know: only weeks dated on or before it are read, so nothing
    // after an as-of date reaches a fit or a filled-in regular price. Invalid: every week.
    QDate through;
};

struct SalesHistory {
    std::vector<SalesSeries> series;
    // Rows left out because their price was missing or not positive, or units were negative.
    std::int64_t skippedRows = 0;
    // Weekly stock counts read to find the weeks that sold out (0: none, no week is censored).
    std::int64_t stockCounts = 0;
};

}  // namespace mb::demand
