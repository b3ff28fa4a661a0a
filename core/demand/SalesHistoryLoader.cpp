#include "demand/SalesHistoryLoader.h"

#include "common/Error.h"
#include "data/Sqlite.h"
#include "demand/SalesFilterSql.h"

#include <QDate>
#include <QHash>
#include <cmath>
#include <map>
#include <string>

namespace mb::demand {

namespace {

// Missing regular prices take the series' modal price, not its maximum: a one-off price rise
// would otherwise turn every ordinary week into a discount.
void fillRegularPrices(SalesSeries& series) {
    bool missing = false;
    for (const WeekSale& week : series.weeks)
        missing = missing || !(week.regularPrice > 0.0);
    if (!missing)
        return;
    const double mode = modalPrice(series.weeks);
    for (WeekSale& week : series.weeks) {
        if (!(week.regularPrice > 0.0))
            week.regularPrice = mode;
    }
}

}  // namespace

std::int64_t isoDay(std::string_view text) {
    // YYYY-MM-DD, then anything (a time of day); parsed by hand, as a chain's history has a
    // date per row and QDate::fromString's allocations would cost more than the fit.
    if (text.size() < 10 || text[4] != '-' || text[7] != '-')
        return kNoDay;
    int parts[3] = {0, 0, 0};
    const int starts[3] = {0, 5, 8};
    const int lengths[3] = {4, 2, 2};
    for (int p = 0; p < 3; ++p) {
        for (int i = 0; i < lengths[p]; ++i) {
            const char c = text[static_cast<std::size_t>(starts[p] + i)];
            if (c < '0' || c > '9')
                return kNoDay;
            parts[p] = parts[p] * 10 + (c - '0');
        }
    }
    const QDate date(parts[0], parts[1], parts[2]);
    return date.isValid() ? date.toJulianDay() : kNoDay;
}

QDate latestSalesWeek(sqlite3* db) {
    data::Statement latest(db, "SELECT max(week) FROM sales");
    return latest.step() ? QDate::fromString(latest.text(0), Qt::ISODate) : QDate();
}

double modalPrice(const std::vector<WeekSale>& weeks) {
    std::map<long long, int> counts;  // in hundredths of a cent, so 1.99 and 1.9900001 agree
    for (const WeekSale& week : weeks)
        ++counts[std::llround(week.price * 10000.0)];
    long long best = 0;
    int bestCount = 0;
    for (const auto& [price, count] : counts) {
        if (count >= bestCount) {
            best = price;
            bestCount = count;
        }
    }
    return static_cast<double>(best) / 10000.0;
}

QHash<QString, QString> productCategories(sqlite3* db) {
    QHash<QString, QString> categories;
    data::Statement category(db, "SELECT product, category FROM products");
    while (category.step()) {
        if (!category.isNull(1))
            categories.insert(category.text(0), category.text(1));
    }
    return categories;
}

SalesHistory loadSalesHistory(sqlite3* db, const SalesFilter& filter) {
    std::string sql =
        // Missing values are settled here, one column read per value: a missing unit count is
        // -1 (skipped below), a missing price 0 (skipped), a missing regular price 0 (filled
        // in), a missing flag false. The three flags come as the bits of one column: each
        // column read costs as much as the SQL that computes it.
        "SELECT s.product, s.store, s.week, coalesce(s.units, -1), coalesce(s.price, 0), "
        "coalesce(s.regular_price, 0), (coalesce(s.feature, 0) <> 0) + "
        "2 * (coalesce(s.display, 0) <> 0) + 4 * (coalesce(s.tpr, 0) <> 0) FROM sales s";
    sql += filterWhere(filter, "s", "week");
    sql += " ORDER BY s.product, s.store, s.week";

    data::Statement row(db, sql);
    bindFilter(row, filter);

    // Categories apart, not joined per row: a chain has far fewer products than sales rows.
    const QHash<QString, QString> categories = productCategories(db);

    SalesHistory history;
    // The current series' key as read, so a row of the same series allocates no text.
    std::string product, store;
    while (row.step()) {
        const std::string_view productText = row.textView(0);
        const std::string_view storeText = row.textView(1);
        const std::int64_t day = isoDay(row.textView(2));
        if (day == kNoDay) {
            throw Error(QStringLiteral("sales: week of product %1 in store %2 is not an ISO date "
                                       "(%3)")
                            .arg(row.text(0), row.text(1), row.text(2)));
        }
        if (history.series.empty() || productText != product || storeText != store) {
            product = productText;
            store = storeText;
            // A chain's series mostly span the same weeks: room for as many as the last one.
            const std::size_t expected =
                history.series.empty() ? 0 : history.series.back().weeks.size();
            const QString name = row.text(0);
            history.series.push_back({name, row.text(1), categories.value(name), {}});
            history.series.back().weeks.reserve(expected);
        }
        WeekSale week;
        week.day = day;
        week.units = row.real(3);
        week.price = row.real(4);
        week.regularPrice = row.real(5);
        const std::int64_t flags = row.int64(6);
        week.feature = (flags & 1) != 0;
        week.display = (flags & 2) != 0;
        week.tpr = (flags & 4) != 0;
        if (!(week.price > 0.0) || !(week.units >= 0.0) || !std::isfinite(week.units) ||
            !std::isfinite(week.price)) {
            ++history.skippedRows;
            continue;
        }
        history.series.back().weeks.push_back(week);
    }
    std::erase_if(history.series, [](const SalesSeries& series) { return series.weeks.empty(); });
    for (SalesSeries& series : history.series)
        fillRegularPrices(series);
    return history;
}

}  // namespace mb::demand
