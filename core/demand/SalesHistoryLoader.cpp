#include "demand/SalesHistoryLoader.h"

#include "common/Error.h"
#include "data/Sqlite.h"

#include <QDate>
#include <cmath>
#include <map>
#include <string>

namespace mb::demand {

namespace {

std::string placeholders(qsizetype count) {
    std::string text;
    for (qsizetype i = 0; i < count; ++i)
        text += i == 0 ? "?" : ",?";
    return text;
}

bool flag(const data::Statement& row, int column) {
    return !row.isNull(column) && row.real(column) != 0.0;
}

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

SalesHistory loadSalesHistory(sqlite3* db, const SalesFilter& filter) {
    std::string sql =
        "SELECT s.product, s.store, s.week, s.units, s.price, s.regular_price, s.feature, "
        "s.display, s.tpr, p.category FROM sales s LEFT JOIN products p ON p.product = s.product";
    std::string where;
    if (!filter.products.isEmpty())
        where += " s.product IN (" + placeholders(filter.products.size()) + ")";
    if (!filter.stores.isEmpty()) {
        where += where.empty() ? "" : " AND";
        where += " s.store IN (" + placeholders(filter.stores.size()) + ")";
    }
    if (filter.through.isValid()) {
        where += where.empty() ? "" : " AND";
        where += " substr(s.week, 1, 10) <= ?";
    }
    if (!where.empty())
        sql += " WHERE" + where;
    sql += " ORDER BY s.product, s.store, s.week";

    data::Statement row(db, sql);
    int index = 1;
    for (const QString& product : filter.products)
        row.bind(index++, product);
    for (const QString& store : filter.stores)
        row.bind(index++, store);
    if (filter.through.isValid())
        row.bind(index++, filter.through.toString(Qt::ISODate));

    SalesHistory history;
    while (row.step()) {
        const QString product = row.text(0);
        const QString store = row.text(1);
        const QString weekText = row.text(2);
        const QDate date = QDate::fromString(weekText.left(10), Qt::ISODate);
        if (!date.isValid()) {
            throw Error(QStringLiteral("sales: week of product %1 in store %2 is not an ISO date "
                                       "(%3)")
                            .arg(product, store, weekText));
        }
        if (history.series.empty() || history.series.back().product != product ||
            history.series.back().store != store) {
            history.series.push_back({product, store, row.text(9), {}});
        }
        WeekSale week;
        week.day = date.toJulianDay();
        week.units = row.isNull(3) ? -1.0 : row.real(3);
        week.price = row.isNull(4) ? 0.0 : row.real(4);
        week.regularPrice = row.isNull(5) ? 0.0 : row.real(5);
        week.feature = flag(row, 6);
        week.display = flag(row, 7);
        week.tpr = flag(row, 8);
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
