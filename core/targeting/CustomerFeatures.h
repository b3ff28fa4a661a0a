#pragma once

#include <Eigen/Core>
#include <QString>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace mb {
class MemoryBudget;
class ProgressToken;
}  // namespace mb
namespace mb::data {
class Project;
}

namespace mb::targeting {

// One basket line of an identified customer, as the features need it.
struct CustomerBasketLine {
    std::string customer;
    std::string basket;
    std::string product;
    std::string category;  // the line's own category, used when the product has none
    double value = 0.0;  // line value (value, else quantity x price, else 0); below 0 for a return
    double unitPrice = 0.0;           // price paid per unit; NaN when unknown
    std::optional<std::int32_t> day;  // days since 1970-01-01; nullopt when the time is missing
    bool isReturn = false;            // a quantity of 0 or less: a return, not a purchase
};

struct ProductPricing {
    std::string category;
    double regularPrice = 0.0;  // NaN when unknown
};

// Everything the features are computed from: plain data, no database.
struct CustomerPurchaseHistory {
    std::vector<CustomerBasketLine> lines;
    std::unordered_map<std::string, ProductPricing> products;
    std::unordered_map<std::string, std::int32_t> signupDays;  // customers.signup_date
};

// Label of value whose category is unknown (neither the product nor the line gives one).
inline constexpr const char* kUnknownCategory = "(unknown)";

// One row per customer with a purchase before the as-of day; named columns so models can use
// them as features. Column order: recency_days, frequency, monetary_mean, monetary_total,
// discount_share, tenure_days, then share_<category> for every category in name order.
struct CustomerFeatureTable {
    std::int32_t asOfDay = 0;
    std::vector<std::string> customers;  // ordered by id
    std::vector<std::string> columns;
    std::vector<std::string> categories;   // the share columns' categories, in column order
    Eigen::MatrixXd values;                // customers x columns; NaN where not knowable
    std::int64_t purchaseBaskets = 0;      // purchase occasions counted, over all customers
    std::int64_t returnLines = 0;          // return lines counted against monetary value
    std::int64_t onlyReturnCustomers = 0;  // customers whose baskets were all returns: no row

    int column(const std::string& name) const;  // -1 when absent
    double value(std::size_t customer, const std::string& name) const;
    int row(const std::string& customer) const;  // -1 when absent
};

inline constexpr int kFirstShareColumn = 6;

// Features as of `asOfDay` (only baskets dated before it count; undated baskets count for
// frequency, value, shares and discount but not for recency or tenure). Without an as-of day it
// is the day after the last dated basket. A basket is a purchase occasion when it has at least
// one purchase line; a basket of returns only is none. Frequency: purchase occasions. Monetary
// (total and mean per occasion) is net of returns: return lines count against it. Recency: days
// from the last dated purchase to the as-of day. Tenure: days from signup
// (customers.signup_date, when not after the as-of day) or else the first dated purchase. Value
// on discount: purchase lines whose unit price is below the product's regular price. Discount
// and category shares are of the value purchased (NaN when it is 0). The table's matrix is
// charged to `budget` (none: unlimited); MemoryBudgetExceeded when it would not fit. Returns an
// empty table when cancelled.
CustomerFeatureTable computeCustomerFeatures(const CustomerPurchaseHistory& history,
                                             std::optional<std::int32_t> asOfDay = std::nullopt,
                                             ProgressToken* progress = nullptr,
                                             MemoryBudget* budget = nullptr);

// Reads basket lines with a customer, products and signup dates. With an as-of day nothing dated
// on or after it is read (undated lines are): later lines and later signups never reach a
// feature. Throws mb::Error.
CustomerPurchaseHistory loadCustomerPurchaseHistory(
    const data::Project& project, std::optional<std::int32_t> asOfDay = std::nullopt);

// customer, then every column; NaN as NA. Throws mb::Error; the file is complete or absent.
void writeCustomerFeaturesCsv(const QString& path, const CustomerFeatureTable& table);

}  // namespace mb::targeting
