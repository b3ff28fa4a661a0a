#pragma once

#include "demand/SalesHistory.h"

#include <QString>
#include <QStringList>
#include <vector>

struct sqlite3;

namespace mb::demand {

// One series as a fit in batches first sees it: which product in which store, and its category.
struct SeriesKey {
    QString product;
    QString store;
    QString category;
};

// Where a fit in batches (fitDemandInBatches) reads its sales: the keys of every series first,
// then the series of a few products (or of one product in a few stores) at a time, so no more
// than a batch of weekly histories is ever held.
class SeriesSource {
public:
    virtual ~SeriesSource() = default;
    // Every series the source holds, in history order (by product, then store).
    virtual std::vector<SeriesKey> keys() = 0;
    // The series of `products` in `stores` (empty: every store of the source), in history order,
    // with the weeks that sold out marked; `stockCounts` and `skippedRows` add up over the reads.
    virtual SalesHistory read(const QStringList& products, const QStringList& stores) = 0;
};

// The sales of a project under a filter, read as loadSalesHistory and markSoldOutWeeks read them,
// narrowed to the products and stores of each read. Keep it inside the job's read snapshot.
class ProjectSeriesSource : public SeriesSource {
public:
    ProjectSeriesSource(sqlite3* db, SalesFilter filter) : db_(db), filter_(std::move(filter)) {}
    std::vector<SeriesKey> keys() override;
    SalesHistory read(const QStringList& products, const QStringList& stores) override;

private:
    sqlite3* db_;
    SalesFilter filter_;
};

// A run of series read together: whole products (`stores` empty), or one product's stores.
struct SeriesBatch {
    QStringList products;
    QStringList stores;
    std::size_t series = 0;  // keys it covers
};

// Consecutive keys cut into batches of at most `maxSeries` series: whole products together, and a
// product with more series than that cut into runs of its stores when `splitProducts` (a model of
// one product in one store), else kept whole (a model pools the product's stores).
std::vector<SeriesBatch> seriesBatches(const std::vector<SeriesKey>& keys, std::size_t maxSeries,
                                       bool splitProducts);

}  // namespace mb::demand
