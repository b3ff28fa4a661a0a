#pragma once

#include "traffic/TrafficData.h"

#include <vector>

namespace mb::data {
class Project;
}

namespace mb::traffic {

// One purchase per identified basket with a readable time (its earliest purchased line),
// ordered by customer and time; used to ask whether a tracked trip ended in a basket. Return
// lines (quantity 0 or less) are not purchases.
std::vector<CustomerPurchase> loadCustomerPurchases(const data::Project& project);

}  // namespace mb::traffic
