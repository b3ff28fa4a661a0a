#include "layout/StorePlan.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "data/TrafficStore.h"

namespace mb::layout {

namespace {

QStringList distinctTexts(const data::Project& project, const char* sql) {
    QStringList texts;
    data::Statement rows(project.db(), sql);
    while (rows.step())
        texts.append(rows.text(0));
    return texts;
}

bool namedAnywhere(const data::Project& project, const QString& store) {
    data::Statement stores(project.db(),
                           "SELECT EXISTS(SELECT 1 FROM stores WHERE store = ?1) "
                           "OR EXISTS(SELECT 1 FROM basket_lines WHERE store = ?1)");
    stores.bind(1, store);
    return stores.step() && stores.int64(0) != 0;
}

}  // namespace

const char* storeZonesSql() {
    return "SELECT zone, name, type, x, y, width, height, polygon, line FROM zones z "
           "WHERE zone IS NOT NULL AND (store = ?1 OR (store = '' AND NOT EXISTS ("
           "SELECT 1 FROM zones o WHERE o.store = ?1 AND o.store <> '' AND o.zone = z.zone))) "
           "ORDER BY zone";
}

QStringList planStores(const data::Project& project) {
    return distinctTexts(project,
                         "SELECT store FROM zones WHERE store <> '' UNION "
                         "SELECT store FROM zone_links WHERE store <> '' UNION "
                         "SELECT store FROM layout WHERE store <> '' ORDER BY 1");
}

QStringList basketStores(const data::Project& project) {
    return distinctTexts(project,
                         "SELECT DISTINCT store FROM basket_lines WHERE store IS NOT "
                         "NULL AND store <> '' ORDER BY 1");
}

QString resolvePlanStore(const data::Project& project, const QString& store) {
    const QStringList stores = planStores(project);
    const bool shared = data::queryInt(project.db(),
                                       "SELECT EXISTS(SELECT 1 FROM zones WHERE store = '') OR "
                                       "EXISTS(SELECT 1 FROM layout WHERE store = '')") != 0;
    const QString& where = project.path();
    if (!store.isEmpty()) {
        // A store without rows of its own uses the shared plan, if it is a store at all.
        if (stores.contains(store) || namedAnywhere(project, store))
            return store;
        QStringList known = stores;
        for (const QString& other : basketStores(project))
            if (!known.contains(other))
                known.append(other);
        throw Error(QStringLiteral("%1: no store %2 in the project (its stores: %3)")
                        .arg(where, store,
                             known.isEmpty() ? QStringLiteral("none named")
                                             : known.join(QStringLiteral(", "))));
    }
    if (stores.isEmpty())
        return {};
    if (stores.size() == 1 && !shared)
        return stores.front();
    // Mixing several stores' placements would score a layout no store has.
    throw Error(QStringLiteral("%1: the project has floor plans or layouts for several stores "
                               "(%2%3); choose one with --store S (request key \"store\")")
                    .arg(where, stores.join(QStringLiteral(", ")),
                         shared ? QStringLiteral(", and a plan shared by the others") : QString()));
}

QString defaultPlanStore(const data::Project& project) {
    const QStringList stores = planStores(project);
    const bool shared = data::queryInt(project.db(),
                                       "SELECT EXISTS(SELECT 1 FROM zones WHERE store = '') OR "
                                       "EXISTS(SELECT 1 FROM layout WHERE store = '')") != 0;
    if (stores.size() > 1 || (stores.size() == 1 && shared)) {
        // The store whose traffic the project holds shows the most.
        const QString counted = data::trafficStore(project);
        return stores.contains(counted) ? counted : stores.front();
    }
    return resolvePlanStore(project, {});
}

StorePlan readStorePlan(const data::Project& project, const QString& store, const QString& asOf) {
    StorePlan plan;
    plan.store = store;
    plan.asOf = asOf;
    plan.plan = readProjectFloorPlan(project, store);
    plan.layout = readProjectLayout(project, store, asOf, &plan.placedSince);
    return plan;
}

}  // namespace mb::layout
