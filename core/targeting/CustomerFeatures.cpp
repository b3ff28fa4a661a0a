#include "targeting/CustomerFeatures.h"

#include "common/Error.h"
#include "common/MemoryBudget.h"
#include "common/Progress.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "data/ValueParser.h"
#include "export/CsvExport.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

namespace mb::targeting {

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

const std::vector<std::string> kLeadingColumns{"recency_days",   "frequency",      "monetary_mean",
                                               "monetary_total", "discount_share", "tenure_days"};

// What one customer bought (and returned) before the as-of day.
struct CustomerTotals {
    std::int64_t baskets = 0;    // purchase occasions
    double value = 0.0;          // purchased
    double returnedValue = 0.0;  // below 0
    double discountedValue = 0.0;
    std::optional<std::int32_t> firstDay;
    std::optional<std::int32_t> lastDay;
    std::map<std::string, double> categoryValue;
};

bool onDiscount(const CustomerBasketLine& line, const ProductPricing* product) {
    // A relative tolerance so a price stored as 5.99 is never "below" a regular price of 5.99.
    return product && std::isfinite(product->regularPrice) && std::isfinite(line.unitPrice) &&
           line.unitPrice < product->regularPrice * (1.0 - 1e-9);
}

}  // namespace

int CustomerFeatureTable::column(const std::string& name) const {
    const auto found = std::find(columns.begin(), columns.end(), name);
    return found == columns.end() ? -1 : static_cast<int>(found - columns.begin());
}

double CustomerFeatureTable::value(std::size_t customer, const std::string& name) const {
    const int c = column(name);
    if (c < 0 || customer >= customers.size())
        return kNan;
    return values(static_cast<Eigen::Index>(customer), c);
}

int CustomerFeatureTable::row(const std::string& customer) const {
    const auto found = std::lower_bound(customers.begin(), customers.end(), customer);
    return found != customers.end() && *found == customer
               ? static_cast<int>(found - customers.begin())
               : -1;
}

CustomerFeatureTable computeCustomerFeatures(const CustomerPurchaseHistory& history,
                                             std::optional<std::int32_t> asOfDay,
                                             ProgressToken* progress, MemoryBudget* budget) {
    CustomerFeatureTable table;
    if (!asOfDay) {
        std::int32_t last = std::numeric_limits<std::int32_t>::min();
        for (const CustomerBasketLine& line : history.lines) {
            if (line.day)
                last = std::max(last, *line.day);
        }
        asOfDay = last == std::numeric_limits<std::int32_t>::min() ? 0 : last + 1;
    }
    table.asOfDay = *asOfDay;

    // Lines grouped by customer, then basket.
    std::vector<std::size_t> order(history.lines.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const CustomerBasketLine& x = history.lines[a];
        const CustomerBasketLine& y = history.lines[b];
        return x.customer != y.customer ? x.customer < y.customer : x.basket < y.basket;
    });
    std::vector<std::pair<std::string, CustomerTotals>> totals;
    std::map<std::string, bool> categories;
    std::size_t i = 0;
    while (i < order.size()) {
        if (progress && (i & 0xffff) == 0) {
            if (progress->isCancelled())
                return {};
            progress->report(0.9 * double(i) / double(order.size()));
        }
        const CustomerBasketLine& first = history.lines[order[i]];
        std::size_t end = i;
        if (first.customer.empty()) {  // an anonymous line belongs to nobody's history
            ++i;
            continue;
        }
        std::optional<std::int32_t> basketDay;
        bool purchase = false;
        while (end < order.size() && history.lines[order[end]].customer == first.customer &&
               history.lines[order[end]].basket == first.basket) {
            const auto& day = history.lines[order[end]].day;
            if (day && (!basketDay || *day < *basketDay))
                basketDay = day;
            purchase = purchase || !history.lines[order[end]].isReturn;
            ++end;
        }
        // A basket is dated by its earliest line; one from the as-of day on is in the future.
        if (!basketDay || *basketDay < *asOfDay) {
            if (totals.empty() || totals.back().first != first.customer)
                totals.emplace_back(first.customer, CustomerTotals{});
            CustomerTotals& customer = totals.back().second;
            if (purchase) {
                ++customer.baskets;
                if (basketDay) {
                    customer.firstDay =
                        std::min(customer.firstDay.value_or(*basketDay), *basketDay);
                    customer.lastDay = std::max(customer.lastDay.value_or(*basketDay), *basketDay);
                }
            }
            for (std::size_t k = i; k < end; ++k) {
                const CustomerBasketLine& line = history.lines[order[k]];
                if (line.isReturn) {
                    customer.returnedValue += line.value;
                    ++table.returnLines;
                    continue;
                }
                const auto product = history.products.find(line.product);
                const ProductPricing* pricing =
                    product == history.products.end() ? nullptr : &product->second;
                std::string category = pricing && !pricing->category.empty() ? pricing->category
                                       : !line.category.empty()              ? line.category
                                                                : std::string(kUnknownCategory);
                customer.value += line.value;
                if (onDiscount(line, pricing))
                    customer.discountedValue += line.value;
                categories[category] = true;
                customer.categoryValue[std::move(category)] += line.value;
            }
        }
        i = end;
    }

    // A customer who only returned things in the period made no purchase: no row, only a count.
    const auto onlyReturns = std::stable_partition(
        totals.begin(), totals.end(), [](const auto& entry) { return entry.second.baskets > 0; });
    table.onlyReturnCustomers = std::distance(onlyReturns, totals.end());
    totals.erase(onlyReturns, totals.end());

    table.columns = kLeadingColumns;
    for (const auto& [category, seen] : categories) {
        table.categories.push_back(category);
        table.columns.push_back("share_" + category);
    }
    // Customers x categories can be large (a product-level "category" on a big file).
    const std::uint64_t matrixBytes =
        std::uint64_t(totals.size()) * table.columns.size() * sizeof(double);
    if (budget)
        budget->chargeTable(matrixBytes,
                            QStringLiteral("the feature table of %1 customers x %2 columns")
                                .arg(totals.size())
                                .arg(table.columns.size()),
                            QStringLiteral("give products fewer, broader categories, or allow "
                                           "more with --memory-limit."));
    table.values.resize(static_cast<Eigen::Index>(totals.size()),
                        static_cast<Eigen::Index>(table.columns.size()));
    for (std::size_t r = 0; r < totals.size(); ++r) {
        const auto& [id, customer] = totals[r];
        const auto row = static_cast<Eigen::Index>(r);
        table.customers.push_back(id);
        table.purchaseBaskets += customer.baskets;
        const auto signup = history.signupDays.find(id);
        // A signup after the as-of day is not known on that day.
        const std::optional<std::int32_t> since =
            signup != history.signupDays.end() && signup->second < *asOfDay
                ? std::optional(signup->second)
                : customer.firstDay;
        const bool hasValue = customer.value != 0.0;
        const double net = customer.value + customer.returnedValue;
        table.values(row, 0) = customer.lastDay ? double(*asOfDay - *customer.lastDay) : kNan;
        table.values(row, 1) = double(customer.baskets);
        table.values(row, 2) = net / double(customer.baskets);
        table.values(row, 3) = net;
        table.values(row, 4) = hasValue ? customer.discountedValue / customer.value : kNan;
        table.values(row, 5) = since ? double(*asOfDay - *since) : kNan;
        for (std::size_t c = 0; c < table.categories.size(); ++c) {
            const auto found = customer.categoryValue.find(table.categories[c]);
            const double value = found == customer.categoryValue.end() ? 0.0 : found->second;
            table.values(row, kFirstShareColumn + static_cast<Eigen::Index>(c)) =
                hasValue ? value / customer.value : kNan;
        }
    }
    if (progress)
        progress->report(1.0);
    return table;
}

CustomerPurchaseHistory loadCustomerPurchaseHistory(const data::Project& project,
                                                    std::optional<std::int32_t> asOfDay) {
    const auto known = [&](std::int32_t day) { return !asOfDay || day < *asOfDay; };
    CustomerPurchaseHistory history;
    data::Statement products(project.db(),
                             "SELECT product, COALESCE(category, ''), regular_price FROM products");
    while (products.step()) {
        history.products.emplace(std::string(products.textView(0)),
                                 ProductPricing{std::string(products.textView(1)),
                                                products.isNull(2) ? kNan : products.real(2)});
    }
    data::Statement customers(
        project.db(), "SELECT customer, signup_date FROM customers WHERE signup_date IS NOT NULL");
    while (customers.step()) {
        const auto signup = data::parseDateTime(customers.textView(1), data::DateOrder::Iso);
        if (signup && known(signup->days)) {
            history.signupDays.emplace(std::string(customers.textView(0)), signup->days);
        }
    }
    // Lines from the as-of day on are not even read: nothing after it can leak into a feature.
    data::Statement lines(project.db(),
                          "SELECT customer, basket, COALESCE(product, ''), COALESCE(category, ''), "
                          "quantity, value, price, time FROM basket_lines "
                          "WHERE customer IS NOT NULL AND customer <> '' "
                          "AND (?1 IS NULL OR time IS NULL OR substr(time, 1, 10) < ?1)");
    if (asOfDay)
        lines.bind(1, data::formatIsoDate(*asOfDay));
    else
        lines.bindNull(1);
    while (lines.step()) {
        CustomerBasketLine line;
        line.customer = std::string(lines.textView(0));
        line.basket = std::string(lines.textView(1));
        line.product = std::string(lines.textView(2));
        line.category = std::string(lines.textView(3));
        const double quantity = lines.isNull(4) ? kNan : lines.real(4);
        const double value = lines.isNull(5) ? kNan : lines.real(5);
        const double price = lines.isNull(6) ? kNan : lines.real(6);
        line.value = std::isfinite(value)                              ? value
                     : std::isfinite(quantity) && std::isfinite(price) ? quantity * price
                                                                       : 0.0;
        line.unitPrice = std::isfinite(price) ? price
                         : std::isfinite(value) && std::isfinite(quantity) && quantity != 0
                             ? value / quantity
                             : kNan;
        // A return's value counts against the customer whichever sign the file gave it.
        line.isReturn = std::isfinite(quantity) && quantity <= 0;
        if (line.isReturn)
            line.value = -std::abs(line.value);
        if (!lines.isNull(7)) {
            if (const auto time = data::parseDateTime(lines.textView(7), data::DateOrder::Iso))
                line.day = time->days;
        }
        if (line.day && !known(*line.day))
            continue;
        history.lines.push_back(std::move(line));
    }
    return history;
}

void writeCustomerFeaturesCsv(const QString& path, const CustomerFeatureTable& table) {
    exporting::CsvWriter out(path);
    exporting::CsvRow row;
    row.text("customer");
    for (const std::string& column : table.columns)
        row.text(column);
    out.writeRow(row);
    for (std::size_t r = 0; r < table.customers.size(); ++r) {
        row.clear();
        row.text(table.customers[r]);
        for (Eigen::Index c = 0; c < table.values.cols(); ++c)
            row.numberAsR(table.values(static_cast<Eigen::Index>(r), c));
        out.writeRow(row);
    }
    out.commit();
}

}  // namespace mb::targeting
