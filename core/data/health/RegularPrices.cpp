#include "data/Sqlite.h"
#include "data/health/HealthCheck.h"
#include "data/health/Wording.h"
#include "data/health/WorstCases.h"

#include <tuple>

namespace mb::data::health {

namespace {

// A product with no regular price anywhere; the more it sold, the more it matters.
struct UnpricedProduct {
    double rank = 0;  // its sales rows
    std::string product;
    qint64 salesRows = 0;
    auto tieOrder() const { return std::tie(product); }
};

}  // namespace

// The series pass listed the products whose sales never give a regular price; those
// without one in the product list either are reported.
void checkRegularPrices(HealthCheck& check,
                        const std::vector<SoldProduct>& soldWithoutRegularPrice) {
    KindHealth& products = check.health("products");
    Statement listed(check.db, "SELECT regular_price FROM products WHERE product = ?1");
    WorstCases<UnpricedProduct> examples;
    for (const SoldProduct& product : soldWithoutRegularPrice) {
        listed.reset();
        listed.bind(1, std::string_view(product.product));
        if (listed.step() && !listed.isNull(0))
            continue;
        ++products.missingRegularPrice;
        examples.add({static_cast<double>(product.salesRows), product.product, product.salesRows});
    }
    if (products.missingRegularPrice == 0)
        return;
    check.add(Severity::Warning, "products", "no_regular_price", QStringLiteral("all products"),
              QStringLiteral("%1 sold but %2 no regular price, neither in the product list nor "
                             "in the sales: markdown depth cannot be measured for them.")
                  .arg(plural(products.missingRegularPrice, "product is", "products are"),
                       QString::fromLatin1(products.missingRegularPrice == 1 ? "has" : "have")),
              static_cast<double>(products.missingRegularPrice));
    for (const UnpricedProduct& product : examples.take()) {
        check.addExample(Severity::Warning, "products", "no_regular_price",
                         QStringLiteral("product %1").arg(fromStd(product.product)),
                         QStringLiteral("No regular price, in the product list or in its %1.")
                             .arg(plural(product.salesRows, "sales row", "sales rows")),
                         product.rank);
    }
}

}  // namespace mb::data::health
