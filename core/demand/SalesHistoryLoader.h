#pragma once

#include "demand/SalesHistory.h"

#include <QHash>
#include <limits>
#include <string_view>

struct sqlite3;

namespace mb::demand {

// Reads weekly sales by column name only (product, store, week, units, price, regular_price,
// feature, display, tpr, and products.category), so `sales` may later become a view. Only the
// filter's series and weeks are read: the as-of cut happens here, before anything is derived.
// Throws mb::Error when a week is not an ISO date.
SalesHistory loadSalesHistory(sqlite3* db, const SalesFilter& filter);

// Each product's category (products without one left out), as the loader names series' categories.
QHash<QString, QString> productCategories(sqlite3* db);

// The date of the latest week of sales, where an as-of date starts from; invalid when there are
// no sales. Throws mb::Error when the project cannot be read.
QDate latestSalesWeek(sqlite3* db);

// The Julian day of text starting YYYY-MM-DD (the first 10 characters, as the as-of cut reads
// them), or kNoDay when it is not a date.
constexpr std::int64_t kNoDay = std::numeric_limits<std::int64_t>::min();
std::int64_t isoDay(std::string_view text);

// The price a series sells at most often (ties go to the higher price): stands in for a missing
// regular price.
double modalPrice(const std::vector<WeekSale>& weeks);

}  // namespace mb::demand
