#pragma once

#include <Eigen/Core>
#include <QString>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace mb {
class ProgressToken;
}
namespace mb::data {
class Project;
}

namespace mb::targeting {

// One basket line of an identified customer, as the features need it.
struct CustomerBasketLine {
    std::string customer;
    std::string basket;
    std::string product;
    std::string category;             // the line's own category, used when the product has none
    double value = 0.0;               // line value (value, else quantity x price, else 0)
    double unitPrice = 0.0;           // price paid per unit; NaN when unknown
    std::optional<std::int32_t> day;  // days since 1970-01-01; nullopt when the time is missing
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

// One row per customer with a basket before the as-of day; named columns so models can use
// them as features. Column order: recency_days, frequency, monetary_mean, monetary_total,
// discount_share, tenure_days, then share_<category> for every category in name order.
struct CustomerFeatureTable {
    std::int32_t asOfDay = 0;
    std::vector<std::string> customers;  // ordered by id
    std::vector<std::string> columns;
    std::vector<std::string> categories;  // the share columns' categories, in column order
    Eigen::MatrixXd values;               // customers x columns; NaN where not knowable

    int column(const std::string& name) const;  // -1 when absent
    double value(std::size_t customer, const std::string& name) const;
    int row(const std::string& customer) const;  // -1 when absent
};

inline constexpr int kFirstShareColumn = 6;

// Features as of `asOfDay` (only baskets dated before it count; undated baskets count for
// frequency, value, shares and discount but not for recency or tenure). Without an as-of day it
// is the day after the last dated basket. Recency: days from the last dated basket to the as-of
// day. Tenure: days from signup (customers.signup_date) or else the first dated basket. Value on
// discount: lines whose unit price is below the product's regular price. Shares are of the
// customer's total basket value (NaN when the total is 0). Returns an empty table when cancelled.
CustomerFeatureTable computeCustomerFeatures(const CustomerPurchaseHistory& history,
                                             std::optional<std::int32_t> asOfDay = std::nullopt,
                                             ProgressToken* progress = nullptr);

// Reads basket lines with a customer, products and signup dates. With `beforeDay` (the as-of
// day) nothing dated on or after it is read: later lines and later signups never reach a
// feature. Throws mb::Error.
CustomerPurchaseHistory loadCustomerPurchaseHistory(
    const data::Project& project, std::optional<std::int32_t> beforeDay = std::nullopt);

// customer, then every column; NaN as NA. Throws mb::Error; the file is complete or absent.
void writeCustomerFeaturesCsv(const QString& path, const CustomerFeatureTable& table);

}  // namespace mb::targeting
