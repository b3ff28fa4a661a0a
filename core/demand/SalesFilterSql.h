#pragma once

#include "demand/SalesHistory.h"

#include <string>

namespace mb::data {
class Statement;
}

namespace mb::demand {

// The WHERE clause (with its leading " WHERE", or empty) that keeps the filter's products, stores
// and dates on or before its as-of day, for a table aliased `alias` whose date column is `date`;
// shared by the sales and the stock-count reads so both cut at the same place.
std::string filterWhere(const SalesFilter& filter, const std::string& alias,
                        const std::string& date);

// Binds the clause's parameters, in its order, from index 1.
void bindFilter(data::Statement& statement, const SalesFilter& filter);

}  // namespace mb::demand
