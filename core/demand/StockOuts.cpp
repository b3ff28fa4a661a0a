#include "demand/StockOuts.h"

#include "common/Error.h"
#include "data/Sqlite.h"
#include "demand/SalesFilterSql.h"
#include "demand/SalesHistoryLoader.h"

#include <QHash>
#include <algorithm>

namespace mb::demand {

namespace {

struct StockCount {
    std::int64_t day = 0;
    double onHand = 0.0;
};

QString seriesKey(const QString& product, const QString& store) {
    return product + QChar(0x1f) + store;
}

// The count dated `day`, or null.
const StockCount* countOn(const std::vector<StockCount>& counts, std::int64_t day) {
    const auto found = std::lower_bound(
        counts.begin(), counts.end(), day,
        [](const StockCount& count, std::int64_t wanted) { return count.day < wanted; });
    return found != counts.end() && found->day == day ? &*found : nullptr;
}

}  // namespace

std::int64_t markSoldOutWeeks(sqlite3* db, const SalesFilter& filter, SalesHistory& history) {
    const std::string sql = "SELECT i.product, i.store, i.date, i.on_hand FROM inventory i" +
                            filterWhere(filter, "i", "date") +
                            " ORDER BY i.product, i.store, i.date";
    data::Statement row(db, sql);
    bindFilter(row, filter);
    QHash<QString, std::vector<StockCount>> counts;
    std::vector<StockCount>* current = nullptr;
    std::string product, store;  // of `current`, as read
    std::int64_t read = 0;
    while (row.step()) {
        if (current == nullptr || row.textView(0) != product || row.textView(1) != store) {
            product = row.textView(0);
            store = row.textView(1);
            current = &counts[seriesKey(row.text(0), row.text(1))];
        }
        const std::int64_t day = isoDay(row.textView(2));
        if (day == kNoDay) {
            throw Error(QStringLiteral("inventory: date of product %1 in store %2 is not an ISO "
                                       "date (%3)")
                            .arg(row.text(0), row.text(1), row.text(2)));
        }
        // Rows come by date, and one per day (the table's key): each list is sorted.
        current->push_back({day, row.real(3)});
        ++read;
    }
    if (read == 0)
        return 0;
    for (SalesSeries& series : history.series) {
        const auto found = counts.constFind(seriesKey(series.product, series.store));
        if (found == counts.constEnd())
            continue;
        for (WeekSale& week : series.weeks) {
            if (!(week.units > 0.0))
                continue;
            const StockCount* opening = countOn(*found, week.day);
            const StockCount* closing = countOn(*found, week.day + 7);
            if (closing == nullptr)
                closing = countOn(*found, week.day + 6);
            week.soldOut = (opening != nullptr && opening->onHand <= week.units) ||
                           (closing != nullptr && closing->onHand <= 0.0);
        }
    }
    return read;
}

}  // namespace mb::demand
