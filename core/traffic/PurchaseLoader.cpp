#include "traffic/PurchaseLoader.h"

#include "data/Project.h"
#include "data/Sqlite.h"
#include "traffic/TrafficTime.h"

namespace mb::traffic {

std::vector<CustomerPurchase> loadCustomerPurchases(const data::Project& project) {
    // Return lines (quantity 0 or less) are not purchases: a basket of returns only is left out,
    // and a purchase is timed by its earliest purchased line.
    data::Statement query(project.db(),
                          "SELECT customer, MIN(time) FROM basket_lines "
                          "WHERE customer IS NOT NULL AND customer <> '' AND time IS NOT NULL "
                          "AND (quantity IS NULL OR quantity > 0) "
                          "GROUP BY customer, basket ORDER BY customer, MIN(time)");
    std::vector<CustomerPurchase> purchases;
    while (query.step()) {
        // A basket whose time cannot be read cannot be placed against a trip, so it is left out.
        if (const auto time = parseTrafficTime(query.textView(1)))
            purchases.push_back({std::string(query.textView(0)), *time});
    }
    return purchases;
}

}  // namespace mb::traffic
