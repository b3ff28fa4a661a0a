#include "markdown/SeasonInputs.h"

#include "common/Error.h"
#include "data/Sqlite.h"

#include <QSet>
#include <cmath>

namespace mb::markdown {

namespace {

bool listed(const QStringList& filter, const QString& id) {
    return filter.isEmpty() || filter.contains(id);
}

QDate optionalDate(data::Statement& row, int column) {
    return row.isNull(column) ? QDate() : QDate::fromString(row.text(column).left(10), Qt::ISODate);
}

}  // namespace

demand::SalesFilter SeasonInputs::salesFilter() const {
    QSet<QString> products, stores;
    demand::SalesFilter filter;
    filter.through = asOf;
    for (const SeasonItem& item : items) {
        if (!products.contains(item.product)) {
            products.insert(item.product);
            filter.products.append(item.product);
        }
        if (!stores.contains(item.store)) {
            stores.insert(item.store);
            filter.stores.append(item.store);
        }
    }
    return filter;
}

SeasonInputs loadSeasonInputs(sqlite3* db, const QStringList& products, const QStringList& stores,
                              const QDate& asOf) {
    SeasonInputs inputs;
    inputs.asOf = asOf;
    {
        data::Statement latest(db, asOf.isValid()
                                       ? "SELECT max(date) FROM inventory WHERE date <= ?1"
                                       : "SELECT max(date) FROM inventory");
        if (asOf.isValid())
            latest.bind(1, asOf.toString(Qt::ISODate));
        if (latest.step() && !latest.isNull(0))
            inputs.stockDate = QDate::fromString(latest.text(0).left(10), Qt::ISODate);
    }
    if (!inputs.stockDate.isValid())
        throw Error(asOf.isValid()
                        ? QStringLiteral("the project has no inventory on or before %1: import "
                                         "stock on hand (kind inventory) to plan markdowns")
                              .arg(asOf.toString(Qt::ISODate))
                        : QStringLiteral("the project has no inventory: import stock on hand "
                                         "(kind inventory) to plan markdowns"));
    data::Statement select(
        db,
        "SELECT i.product, i.store, p.category, s.cluster, i.on_hand, p.regular_price, "
        "p.unit_cost, p.exit_date, i.received_date FROM inventory i LEFT JOIN products p ON "
        "p.product = i.product "
        "LEFT JOIN stores s ON s.store = i.store WHERE i.date = ?1 ORDER BY i.product, i.store");
    select.bind(1, inputs.stockDate.toString(Qt::ISODate));
    // A chain's items repeat a few products, categories, clusters and stores: each name is held
    // once and shared, not once per item.
    QSet<QString> names;
    const auto shared = [&names](const QString& name) { return *names.insert(name); };
    while (select.step()) {
        SeasonItem item;
        item.product = shared(select.text(0));
        item.store = shared(select.text(1));
        if (!listed(products, item.product) || !listed(stores, item.store))
            continue;
        item.category = shared(select.text(2));
        item.cluster = shared(select.text(3));
        item.onHand = static_cast<int>(std::lround(select.real(4)));
        if (item.onHand <= 0)
            continue;
        item.regularPrice = select.isNull(5) ? 0.0 : select.real(5);
        item.unitCostKnown = !select.isNull(6);
        item.unitCost = item.unitCostKnown ? select.real(6) : 0.0;
        item.exitDate = optionalDate(select, 7);
        item.receivedDate = optionalDate(select, 8);
        inputs.items.push_back(item);
    }
    inputs.items.shrink_to_fit();
    return inputs;
}

}  // namespace mb::markdown
