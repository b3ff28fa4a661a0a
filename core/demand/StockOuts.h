#pragma once

#include "demand/SalesHistory.h"

struct sqlite3;

namespace mb::demand {

// Marks the weeks that sold out, from the weekly stock counts (the `inventory` kind: on_hand per
// store, product and date). A sales week dated d covers days d .. d+6. It sold out when
//   - a count dated d (the stock the week opened with) is at or below the units sold, or
//   - a count dated d+6 or d+7 (the stock the week closed with, counted on its last day or as the
//     next week opened) is 0,
// and it sold something. Such a week is censored: demand was at least its sales, not equal to
// them. A week with no count on those days is not censored. Only counts the filter allows are read
// (the as-of cut included), so a count after the as-of date never marks a week. Returns the number
// of stock counts read. Throws mb::Error when a count's date is not an ISO date.
std::int64_t markSoldOutWeeks(sqlite3* db, const SalesFilter& filter, SalesHistory& history);

}  // namespace mb::demand
