#include "data/Sqlite.h"
#include "data/health/HealthCheck.h"
#include "data/health/Wording.h"
#include "data/health/WorstCases.h"

#include <cmath>
#include <tuple>

namespace mb::data::health {

namespace {

constexpr double kRevenueTolerance = 0.05;

struct SaleCase {
    double rank = 0;
    std::string product, store, week;
    double units = 0, price = 0, revenue = 0;
    auto tieOrder() const { return std::tie(product, store, week); }
};

}  // namespace

// One scan returns only the rows with a zero price, negative units or revenue that does not
// match; they are few, so counting and ranking them in C++ is cheap.
void checkSalesRows(HealthCheck& check) {
    KindHealth& sales = check.health("sales");
    if (sales.rows == 0)
        return;
    Statement rows(check.db,
                   "SELECT product, store, week, units, price, revenue FROM sales "
                   "WHERE price = 0 OR units < 0 OR (revenue IS NOT NULL AND price IS NOT "
                   "NULL AND abs(revenue - units * price) > ?1 * abs(units * price))");
    rows.bind(1, kRevenueTolerance);
    WorstCases<SaleCase> zeroPrices;
    WorstCases<SaleCase> negativeUnits;
    WorstCases<SaleCase> mismatches;
    while (rows.step()) {
        SaleCase sale{0,
                      std::string(rows.textView(0)),
                      std::string(rows.textView(1)),
                      std::string(rows.textView(2)),
                      rows.real(3),
                      rows.real(4),
                      rows.real(5)};
        const bool hasPrice = !rows.isNull(4);
        if (hasPrice && sale.price == 0) {
            ++sales.zeroPrices;
            zeroPrices.add(sale);
        }
        if (sale.units < 0) {
            ++sales.negativeUnits;
            negativeUnits.add(SaleCase{-sale.units, sale.product, sale.store, sale.week, sale.units,
                                       sale.price, sale.revenue});
        }
        const double expected = sale.units * sale.price;
        if (hasPrice && !rows.isNull(5) &&
            std::abs(sale.revenue - expected) > kRevenueTolerance * std::abs(expected)) {
            ++sales.revenueMismatches;
            sale.rank = std::abs(sale.revenue - expected);
            mismatches.add(std::move(sale));
        }
    }
    if (sales.zeroPrices > 0) {
        check.add(Severity::Problem, "sales", "zero_price", QStringLiteral("all sales rows"),
                  QStringLiteral("%1 a price of 0: they distort price response and markdown "
                                 "depth. Correct the price or remove the rows.")
                      .arg(plural(sales.zeroPrices, "sales row has", "sales rows have")),
                  static_cast<double>(sales.zeroPrices));
        for (const SaleCase& sale : zeroPrices.take()) {
            check.addExample(Severity::Problem, "sales", "zero_price",
                             seriesName(fromStd(sale.product), fromStd(sale.store)),
                             QStringLiteral("Price 0 in the week of %1 (%2 units sold).")
                                 .arg(fromStd(sale.week), QString::number(sale.units)),
                             0);
        }
    }
    if (sales.negativeUnits > 0) {
        check.add(Severity::Problem, "sales", "negative_units", QStringLiteral("all sales rows"),
                  QStringLiteral("%1 negative units (returns or corrections?): demand models "
                                 "need units of 0 or more.")
                      .arg(plural(sales.negativeUnits, "sales row has", "sales rows have")),
                  static_cast<double>(sales.negativeUnits));
        for (const SaleCase& sale : negativeUnits.take()) {
            check.addExample(Severity::Problem, "sales", "negative_units",
                             seriesName(fromStd(sale.product), fromStd(sale.store)),
                             QStringLiteral("%1 units in the week of %2.")
                                 .arg(QString::number(sale.units), fromStd(sale.week)),
                             sale.units);
        }
    }
    if (sales.revenueMismatches > 0) {
        check.add(Severity::Warning, "sales", "revenue_mismatch", QStringLiteral("all sales rows"),
                  QStringLiteral("%1 revenue more than 5% away from units x price: check "
                                 "discounts, pack sizes or the price column.")
                      .arg(plural(sales.revenueMismatches, "sales row has", "sales rows have")),
                  static_cast<double>(sales.revenueMismatches));
        for (const SaleCase& sale : mismatches.take()) {
            const double expected = sale.units * sale.price;
            check.addExample(
                Severity::Warning, "sales", "revenue_mismatch",
                seriesName(fromStd(sale.product), fromStd(sale.store)),
                QStringLiteral("Revenue %1 in the week of %2, but %3 units x %4 = %5.")
                    .arg(money(sale.revenue), fromStd(sale.week), QString::number(sale.units),
                         money(sale.price), money(expected)),
                std::round((sale.revenue - expected) * 100) / 100);
        }
    }
}

}  // namespace mb::data::health
