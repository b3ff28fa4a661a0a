#include "demand/SeriesBatches.h"

#include "data/Sqlite.h"
#include "demand/SalesFilterSql.h"
#include "demand/SalesHistoryLoader.h"
#include "demand/StockOuts.h"

#include <QHash>
#include <algorithm>
#include <string>

namespace mb::demand {

std::vector<SeriesKey> ProjectSeriesSource::keys() {
    // The series loadSalesHistory keeps: those with a week whose units and price it reads as
    // valid (CAST converts as the column read does), in its order.
    std::string where = filterWhere(filter_, "s", "week");
    where += where.empty() ? " WHERE" : " AND";
    where +=
        " CAST(coalesce(s.units, -1) AS REAL) BETWEEN 0 AND 1.7976931348623157e308 AND"
        " CAST(coalesce(s.price, 0) AS REAL) > 0 AND"
        " CAST(coalesce(s.price, 0) AS REAL) <= 1.7976931348623157e308";
    data::Statement row(db_, "SELECT s.product, s.store FROM sales s" + where +
                                 " GROUP BY s.product, s.store ORDER BY s.product, s.store");
    bindFilter(row, filter_);
    const QHash<QString, QString> categories = productCategories(db_);
    std::vector<SeriesKey> keys;
    QString product;  // shared by the keys of one product
    std::string productText;
    while (row.step()) {
        if (keys.empty() || row.textView(0) != productText) {
            productText = row.textView(0);
            product = row.text(0);
        }
        keys.push_back({product, row.text(1), categories.value(product)});
    }
    return keys;
}

SalesHistory ProjectSeriesSource::read(const QStringList& products, const QStringList& stores) {
    SalesFilter filter = filter_;
    filter.products = products;
    if (!stores.isEmpty())
        filter.stores = stores;
    SalesHistory history = loadSalesHistory(db_, filter);
    history.stockCounts = markSoldOutWeeks(db_, filter, history);
    return history;
}

std::vector<SeriesBatch> seriesBatches(const std::vector<SeriesKey>& keys, std::size_t maxSeries,
                                       bool splitProducts) {
    std::vector<SeriesBatch> batches;
    maxSeries = std::max<std::size_t>(1, maxSeries);
    for (std::size_t first = 0; first < keys.size();) {
        std::size_t end = first;
        while (end < keys.size() && keys[end].product == keys[first].product)
            ++end;
        const std::size_t series = end - first;
        if (series > maxSeries && splitProducts) {
            for (std::size_t start = first; start < end; start += maxSeries) {
                SeriesBatch slice{{keys[first].product}, {}, std::min(maxSeries, end - start)};
                for (std::size_t k = start; k < start + slice.series; ++k)
                    slice.stores.append(keys[k].store);
                batches.push_back(std::move(slice));
            }
        } else if (!batches.empty() && batches.back().stores.isEmpty() &&
                   batches.back().series + series <= maxSeries) {
            batches.back().products.append(keys[first].product);
            batches.back().series += series;
        } else {
            batches.push_back({{keys[first].product}, {}, series});
        }
        first = end;
    }
    return batches;
}

}  // namespace mb::demand
