#include "data/Sqlite.h"
#include "data/health/HealthCheck.h"
#include "data/health/Wording.h"
#include "data/health/WorstCases.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace mb::data::health {

namespace {

constexpr double kStaleDays = 8 * 7;

struct SeriesCase {
    double rank = 0;
    std::string product, store, first, last;
    qint64 weeks = 0;
    auto tieOrder() const { return std::tie(product, store); }
};

}  // namespace

// One ordered pass over the sales key gives every series' span, so gaps, staleness and the
// products sold without a regular price need no per-row work in C++.
std::vector<SoldProduct> checkSalesSeries(HealthCheck& check) {
    std::vector<SoldProduct> soldWithoutRegularPrice;
    KindHealth& sales = check.health("sales");
    if (sales.rows == 0 || sales.lastDate.isEmpty())
        return soldWithoutRegularPrice;
    Statement series(check.db,
                     "SELECT product, store, min(week), max(week), count(*), "
                     "julianday(max(week)) - julianday(min(week)), "
                     "julianday(?1) - julianday(max(week)), max(regular_price) "
                     "FROM sales GROUP BY product, store ORDER BY product, store");
    series.bind(1, sales.lastDate);
    WorstCases<SeriesCase> gaps;
    WorstCases<SeriesCase> stale;
    SoldProduct product;  // the product being read: its sales rows, and a regular price seen
    bool productHasRegularPrice = false;
    auto finishProduct = [&]() {
        if (!product.product.empty() && !productHasRegularPrice) {
            soldWithoutRegularPrice.push_back(product);
        }
    };
    while (series.step()) {
        ++sales.series;
        const qint64 rows = series.int64(4);
        if (series.textView(0) != product.product) {
            finishProduct();
            product = SoldProduct{std::string(series.textView(0)), 0};
            productHasRegularPrice = false;
        }
        product.salesRows += rows;
        productHasRegularPrice = productHasRegularPrice || !series.isNull(7);
        if (!series.isNull(5)) {
            const qint64 expected = std::llround(series.real(5) / 7.0) + 1;
            const qint64 missing = std::max<qint64>(0, expected - rows);
            if (missing > 0) {
                ++sales.seriesWithGaps;
                sales.missingWeeks += missing;
                gaps.add({static_cast<double>(missing), std::string(series.textView(0)),
                          std::string(series.textView(1)), std::string(series.textView(2)),
                          std::string(series.textView(3)), rows});
            }
        }
        if (!series.isNull(6) && series.real(6) > kStaleDays + 0.5) {
            ++sales.staleSeries;
            stale.add({std::round(series.real(6) / 7.0), std::string(series.textView(0)),
                       std::string(series.textView(1)), std::string(series.textView(2)),
                       std::string(series.textView(3)), rows});
        }
    }
    finishProduct();
    if (sales.seriesWithGaps > 0) {
        check.add(Severity::Warning, "sales", "gaps", QStringLiteral("all product-store series"),
                  QStringLiteral("Product-store series with weeks missing (no sales row): %1 of "
                                 "%2, %3 in total. A missing week may be a stock-out or an "
                                 "unrecorded zero; check before forecasting.")
                      .arg(number(sales.seriesWithGaps), number(sales.series),
                           plural(sales.missingWeeks, "week", "weeks")),
                  static_cast<double>(sales.seriesWithGaps));
        for (const SeriesCase& item : gaps.take()) {
            check.addExample(Severity::Warning, "sales", "gaps",
                             seriesName(fromStd(item.product), fromStd(item.store)),
                             QStringLiteral("%1 missing between %2 and %3 (%4 with sales).")
                                 .arg(plural(static_cast<qint64>(item.rank), "week", "weeks"),
                                      fromStd(item.first), fromStd(item.last),
                                      plural(item.weeks, "week", "weeks")),
                             item.rank);
        }
    }
    if (sales.staleSeries > 0) {
        check.add(Severity::Warning, "sales", "stale_series",
                  QStringLiteral("all product-store series"),
                  QStringLiteral("Product-store series with no sales in the 8 weeks before the "
                                 "last week in the data (%3): %1 of %2. Delisted, out of stock, "
                                 "or missing from the export?")
                      .arg(number(sales.staleSeries), number(sales.series), sales.lastDate),
                  static_cast<double>(sales.staleSeries));
        for (const SeriesCase& item : stale.take()) {
            check.addExample(Severity::Warning, "sales", "stale_series",
                             seriesName(fromStd(item.product), fromStd(item.store)),
                             QStringLiteral("Last sale in the week of %1, %2 before the end of "
                                            "the data.")
                                 .arg(fromStd(item.last),
                                      plural(static_cast<qint64>(item.rank), "week", "weeks")),
                             item.rank);
        }
    }
    return soldWithoutRegularPrice;
}

}  // namespace mb::data::health
