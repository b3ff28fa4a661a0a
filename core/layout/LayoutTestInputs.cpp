#include "layout/LayoutTestInputs.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "jobs/ReadSnapshot.h"
#include "layout/FloorPlan.h"
#include "layout/StorePlan.h"

#include <QDate>
#include <QMap>
#include <QSet>
#include <cmath>

namespace mb::layout {

namespace {

QString isoDay(const QDate& day) {
    return day.toString(Qt::ISODate);
}

QStringList knownStores(const data::Project& project) {
    QStringList stores = basketStores(project);
    data::Statement rows(project.db(), "SELECT store FROM stores WHERE store <> '' ORDER BY 1");
    while (rows.step())
        if (!stores.contains(rows.text(0)))
            stores.append(rows.text(0));
    stores.sort();
    return stores;
}

void checkKnown(const QStringList& named, const QStringList& known, const QString& path,
                const char* option) {
    for (const QString& store : named)
        if (!known.contains(store))
            throw Error(QStringLiteral("%1: layout-test: %2: no store %3 in the project (its "
                                       "stores: %4)")
                            .arg(path, QLatin1String(option), store,
                                 known.isEmpty() ? QStringLiteral("none")
                                                 : known.join(QStringLiteral(", "))));
}

// Categories placed in a different zone (or placed or unplaced) between the two dates.
QStringList movedBetween(const data::Project& project, const QString& store, const QString& before,
                         const QString& after) {
    QMap<QString, QString> zoneBefore;
    for (const auto& [category, zone] : readProjectLayout(project, store, before))
        zoneBefore.insert(category, zone);
    QMap<QString, QString> zoneAfter;
    for (const auto& [category, zone] : readProjectLayout(project, store, after))
        zoneAfter.insert(category, zone);
    QStringList moved;
    for (auto it = zoneAfter.begin(); it != zoneAfter.end(); ++it)
        if (zoneBefore.value(it.key()) != it.value())
            moved.append(it.key());
    for (auto it = zoneBefore.begin(); it != zoneBefore.end(); ++it)
        if (!zoneAfter.contains(it.key()))
            moved.append(it.key());
    moved.sort();
    return moved;
}

// One basket as its (category) rows stream in.
struct OpenBasket {
    int store = -1;
    QString id;
    int day = 0;  // days from the change's date
    int categories = 0;
    double value = 0.0;
    double movedSales = 0.0;
    bool unpriced = false;
};

void addBasket(LayoutTestInputs& inputs, const OpenBasket& basket) {
    if (basket.store < 0 || basket.categories == 0)
        return;
    const int week = static_cast<int>(std::floor(basket.day / 7.0)) + inputs.weeks;
    if (week < 0 || week >= 2 * inputs.weeks)
        return;
    StoreWeekBaskets& cell =
        inputs.cells[static_cast<std::size_t>(basket.store * 2 * inputs.weeks + week)];
    ++cell.baskets;
    if (basket.categories >= 2)
        ++cell.crossCategory;
    if (!basket.unpriced) {
        ++cell.pricedBaskets;
        cell.pricedValue += basket.value;
    }
    cell.movedSales += basket.movedSales;
}

// Whether the store has baskets in weeks [from, to) of the window.
bool hasBaskets(const LayoutTestInputs& inputs, int store, int from, int to) {
    for (int week = from; week < to; ++week)
        if (inputs.cell(store, week).baskets > 0)
            return true;
    return false;
}

// Sorts to files while it lives: the project keeps temporary data in memory (fast for small
// sorts), but the window's basket lines sorted by basket would then take memory in proportion
// to the chain's baskets. On files, SQLite's sorter holds at most the page cache's 32 MiB.
class TemporaryDataOnDisk {
public:
    explicit TemporaryDataOnDisk(const data::Project& project) : project_(project) {
        data::exec(project_.db(), "PRAGMA temp_store = FILE");
    }
    ~TemporaryDataOnDisk() {
        try {
            data::exec(project_.db(), "PRAGMA temp_store = MEMORY");
        } catch (const Error&) {
            // Only a speed setting: the project stays correct either way.
        }
    }
    TemporaryDataOnDisk(const TemporaryDataOnDisk&) = delete;
    TemporaryDataOnDisk& operator=(const TemporaryDataOnDisk&) = delete;

private:
    const data::Project& project_;
};

void readBaskets(const data::Project& project, LayoutTestInputs& inputs) {
    QMap<QString, int> storeIndex;
    for (int i = 0; i < inputs.stores.size(); ++i)
        storeIndex.insert(inputs.stores[i], i);
    const QSet<QString> moved(inputs.movedCategories.begin(), inputs.movedCategories.end());
    inputs.cells.assign(static_cast<std::size_t>(inputs.stores.size() * 2 * inputs.weeks), {});
    // One row per basket and category, a basket's rows together: the store-week totals are
    // built as they stream, so memory holds one basket, whatever the number of baskets.
    // Returns (a quantity of 0 or less) are not purchases, as everywhere baskets are read.
    const TemporaryDataOnDisk sortOnDisk(project);
    data::Statement rows(
        project.db(),
        "SELECT b.store, b.basket, COALESCE(NULLIF(b.category, ''), p.category) AS cat, "
        "CAST(round(julianday(substr(MIN(b.time), 1, 10)) - julianday(?3)) AS INTEGER), "
        "SUM(COALESCE(b.value, b.quantity * b.price)), "
        "COUNT(*) - COUNT(COALESCE(b.value, b.quantity * b.price)) "
        "FROM basket_lines b LEFT JOIN products p ON p.product = b.product "
        "WHERE b.store IS NOT NULL AND b.store <> '' AND b.time >= ?1 AND b.time < ?2 "
        "AND (b.quantity IS NULL OR b.quantity > 0) "
        "GROUP BY b.store, b.basket, cat ORDER BY b.store, b.basket");
    rows.bind(1, inputs.firstDay);
    rows.bind(2, inputs.endDay);
    rows.bind(3, inputs.date);
    OpenBasket basket;
    QString lastStore;
    int lastIndex = -1;
    while (rows.step()) {
        const QString store = rows.text(0);
        if (store != lastStore) {
            lastStore = store;
            lastIndex = storeIndex.value(store, -1);
        }
        if (lastIndex < 0)
            continue;
        const QString id = rows.text(1);
        if (lastIndex != basket.store || id != basket.id) {
            addBasket(inputs, basket);
            basket = OpenBasket{lastIndex, id, static_cast<int>(rows.int64(3))};
        }
        basket.day = std::min(basket.day, static_cast<int>(rows.int64(3)));
        const qint64 unpriced = rows.int64(5);
        inputs.unpricedLines += unpriced;
        basket.unpriced = basket.unpriced || unpriced > 0;
        if (rows.isNull(2) || rows.text(2).trimmed().isEmpty()) {
            ++inputs.uncategorisedLines;
            continue;
        }
        ++basket.categories;
        const double value = rows.isNull(4) ? 0.0 : rows.real(4);
        basket.value += value;
        if (moved.contains(rows.text(2)))
            basket.movedSales += value;
    }
    addBasket(inputs, basket);
}

}  // namespace

LayoutChange latestLayoutChange(const data::Project& project) {
    LayoutChange change;
    data::Statement rows(project.db(),
                         "SELECT DISTINCT valid_from, store FROM layout WHERE store <> '' AND "
                         "valid_from = (SELECT MAX(valid_from) FROM layout WHERE store <> '') "
                         "AND valid_from <> '' ORDER BY store");
    while (rows.step()) {
        change.date = rows.text(0);
        change.stores.append(rows.text(1));
    }
    return change;
}

LayoutTestInputs loadLayoutTest(data::Project& project, const LayoutTestRequest& request) {
    const jobs::ReadSnapshot snapshot(project);
    const QString& path = project.path();
    const QStringList known = knownStores(project);
    checkKnown(request.stores, known, path, "--stores");
    checkKnown(request.control, known, path, "--control");

    data::Statement span(
        project.db(),
        "SELECT MIN(substr(time, 1, 10)), MAX(substr(time, 1, 10)) FROM "
        "basket_lines WHERE time IS NOT NULL AND store IS NOT NULL AND store <> ''");
    if (!span.step() || span.isNull(0))
        throw Error(QStringLiteral("%1: layout-test: no basket line names a store and a time; a "
                                   "layout test compares stores' baskets over time")
                        .arg(path));
    const QString first = span.text(0);
    const QString last = span.text(1);
    if (request.date <= first || request.date > last)
        throw Error(QStringLiteral("%1: layout-test: --date %2 is outside the baskets' dates (%3 "
                                   "to %4); the change must fall after the first day and on or "
                                   "before the last")
                        .arg(path, request.date, first, last));

    LayoutTestInputs inputs;
    inputs.fingerprint = snapshot.fingerprint();
    inputs.weeks = request.weeks;
    inputs.date = request.date;
    const QDate date = QDate::fromString(request.date, Qt::ISODate);
    inputs.firstDay = isoDay(date.addDays(-7 * request.weeks));
    inputs.endDay = isoDay(date.addDays(7 * request.weeks));
    inputs.stores = request.stores;
    inputs.changedStores = static_cast<int>(request.stores.size());
    const bool defaultControls = request.control.isEmpty();
    for (const QString& store : defaultControls ? basketStores(project) : request.control)
        if (!request.stores.contains(store))
            inputs.stores.append(store);

    const QString dayBefore = isoDay(date.addDays(-1));
    const QString lastDay = isoDay(date.addDays(7 * request.weeks - 1));
    QSet<QString> moved;
    for (const QString& store : request.stores) {
        const QStringList categories = movedBetween(project, store, dayBefore, lastDay);
        for (const QString& category : categories)
            moved.insert(category);
        inputs.movedByStore.append(QStringLiteral("%1: %2").arg(
            store,
            categories.isEmpty() ? QStringLiteral("none") : categories.join(QStringLiteral(", "))));
    }
    inputs.movedCategories = QStringList(moved.begin(), moved.end());
    inputs.movedCategories.sort();
    if (inputs.movedCategories.isEmpty())
        inputs.warnings.append(
            QStringLiteral("no category changed zone in %1's layout between %2 and %3: the "
                           "moved categories' sales are not measured")
                .arg(request.stores.join(u','), dayBefore, lastDay));

    readBaskets(project, inputs);

    const int weeks = inputs.weeks;
    const auto period = [&](bool before) {
        return before ? QStringLiteral("in the %1 weeks before %2 (%3 to %4)")
                            .arg(weeks)
                            .arg(request.date, inputs.firstDay, dayBefore)
                      : QStringLiteral("in the %1 weeks from %2 (to %3)")
                            .arg(weeks)
                            .arg(request.date, lastDay);
    };
    QStringList kept;
    std::vector<StoreWeekBaskets> keptCells;
    QStringList leftOut;
    for (int s = 0; s < inputs.stores.size(); ++s) {
        const bool before = hasBaskets(inputs, s, 0, weeks);
        const bool after = hasBaskets(inputs, s, weeks, 2 * weeks);
        if (!before || !after) {
            if (s < inputs.changedStores || !defaultControls)
                throw Error(QStringLiteral("%1: layout-test: store %2 has no baskets %3")
                                .arg(path, inputs.stores[s], period(!before)));
            leftOut.append(inputs.stores[s]);
            continue;
        }
        kept.append(inputs.stores[s]);
        for (int w = 0; w < 2 * weeks; ++w)
            keptCells.push_back(inputs.cell(s, w));
    }
    inputs.stores = kept;
    inputs.cells = std::move(keptCells);
    if (!leftOut.isEmpty())
        inputs.warnings.append(QStringLiteral("left out of the controls for want of baskets both "
                                              "before and after %1: %2")
                                   .arg(request.date, leftOut.join(QStringLiteral(", "))));
    if (inputs.stores.size() == inputs.changedStores)
        throw Error(QStringLiteral("%1: layout-test: no control stores: %2 (a control store "
                                   "needs baskets %3 and %4)")
                        .arg(path,
                             defaultControls ? QStringLiteral("no other store has baskets")
                                             : QStringLiteral("--control names none"),
                             period(true), period(false)));
    if (inputs.unpricedLines > 0)
        inputs.warnings.append(
            QStringLiteral("%1 basket lines have no value (nor quantity and price): their "
                           "baskets are left out of the basket value, and the lines out of "
                           "the moved categories' sales")
                .arg(inputs.unpricedLines));
    if (inputs.uncategorisedLines > 0)
        inputs.warnings.append(QStringLiteral("%1 basket lines have no category (nor a product "
                                              "with one): they count for no category")
                                   .arg(inputs.uncategorisedLines));
    return inputs;
}

}  // namespace mb::layout
