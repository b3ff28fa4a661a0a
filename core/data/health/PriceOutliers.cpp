#include "data/Sqlite.h"
#include "data/health/HealthCheck.h"
#include "data/health/Wording.h"
#include "data/health/WorstCases.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace mb::data::health {

namespace {

struct OutlierProduct {
    double rank = 0;  // largest relative distance from the median among its outliers
    std::string product;
    PriceSpread spread;
    auto tieOrder() const { return std::tie(product); }
};

struct OutlierSale {
    double rank = 0;
    std::string product, store, week;
    double price = 0;
    double median = 0;
    auto tieOrder() const { return std::tie(product, store, week); }
};

}  // namespace

// Prices stream in key order (product first), so each product's prices are gathered once,
// its median found, and only the products with the worst outliers are read again.
void checkPriceOutliers(HealthCheck& check) {
    KindHealth& sales = check.health("sales");
    if (sales.rows == 0)
        return;
    Statement prices(check.db, "SELECT product, price FROM sales WHERE price > 0 ORDER BY product");
    WorstCases<OutlierProduct> worstProducts;
    qint64 products = 0;
    std::string current;
    std::vector<double> values;
    auto finishProduct = [&]() {
        if (values.empty())
            return;
        const PriceSpread spread = priceSpread(values);
        qint64 outliers = 0;
        double worst = 0;
        for (double price : values) {
            if (!isPriceOutlier(price, spread))
                continue;
            ++outliers;
            worst = std::max(worst, std::abs(price - spread.median) / spread.median);
        }
        if (outliers > 0) {
            sales.outliers += outliers;
            ++products;
            worstProducts.add({worst, current, spread});
        }
        values.clear();
    };
    while (prices.step()) {
        const std::string_view product = prices.textView(0);
        if (product != current) {
            finishProduct();
            current.assign(product);
        }
        values.push_back(prices.real(1));
    }
    finishProduct();
    if (sales.outliers == 0)
        return;
    check.add(Severity::Warning, "sales", "price_outlier", QStringLiteral("all sales rows"),
              QStringLiteral("Sales rows with a price far from the product's usual price: %1, "
                             "in %2 (more than 3 median absolute deviations and more than 50% "
                             "away from the product's median). Check for typing errors or "
                             "pack-size changes.")
                  .arg(number(sales.outliers), plural(products, "product", "products")),
              static_cast<double>(sales.outliers));
    WorstCases<OutlierSale> worstSales;
    Statement rows(check.db,
                   "SELECT store, week, price FROM sales WHERE product = ?1 AND price > 0 "
                   "ORDER BY store, week");
    for (const OutlierProduct& product : worstProducts.take()) {
        rows.reset();
        rows.bind(1, std::string_view(product.product));
        while (rows.step()) {
            const double price = rows.real(2);
            if (!isPriceOutlier(price, product.spread))
                continue;
            worstSales.add({std::abs(price - product.spread.median) / product.spread.median,
                            product.product, std::string(rows.textView(0)),
                            std::string(rows.textView(1)), price, product.spread.median});
        }
    }
    for (const OutlierSale& sale : worstSales.take()) {
        const double change = (sale.price - sale.median) / sale.median;
        check.addExample(Severity::Warning, "sales", "price_outlier",
                         seriesName(fromStd(sale.product), fromStd(sale.store)),
                         QStringLiteral("Price %1 in the week of %2, against a usual (median) "
                                        "price of %3 (%4%5).")
                             .arg(money(sale.price), fromStd(sale.week), money(sale.median),
                                  change > 0 ? QStringLiteral("+") : QString(), percent(change)),
                         sale.price);
    }
}

}  // namespace mb::data::health
