#pragma once

#include "layout/FloorPlan.h"

#include <QString>
#include <QStringList>
#include <utility>
#include <vector>

namespace mb::data {
class Project;
}

namespace mb::layout {

// Rows whose store is '' make the plan every store shares; a store's own zone, link or
// placement overrides the shared one with the same key for that store. A placement holds from
// its valid_from ('' = since always) until the next valid_from of the same store and category.

// SQL selecting the zones of the plan of store ?1 (its own and the shared ones it does not
// override; '' = the shared plan), ordered by zone: zone, name, type, x, y, width, height,
// polygon, line.
const char* storeZonesSql();

// The store a plan is read for: `store` when given (an unknown store is an error naming those
// that exist), else the project's only store when every plan row names it, else '' (the shared
// plan) when no plan row names a store. Throws mb::Error naming the stores and asking for one
// when the plans name several stores (or one store besides a shared plan).
QString resolvePlanStore(const data::Project& project, const QString& store);

// The store a page shows before its user chooses one: what resolvePlanStore answers without a
// store, or when the plans name several, the store the project's traffic was counted in if they
// name it (the demo chain's S0001), else the first.
QString defaultPlanStore(const data::Project& project);

// Distinct stores named by the zones, zone_links and layout rows, sorted.
QStringList planStores(const data::Project& project);
// Distinct stores named by basket lines, sorted (a full scan: for messages and checks only).
QStringList basketStores(const data::Project& project);

// The floor plan and category placement of one store as of one date: the one answer every
// analysis reading a layout uses (the layout job, the Layout page through it, traffic's zones).
struct StorePlan {
    QString store;  // '' = the shared plan
    QString asOf;   // ISO date; '' = the latest placement
    FloorPlan plan;
    std::vector<std::pair<QString, QString>> layout;  // (category, zone), by category
    // The day the latest of those placements took effect ('' = all since always): the store's
    // baskets from then on were bought under this layout.
    QString placedSince;
};

// Throws mb::Error for a bad plan row (as readProjectFloorPlan).
StorePlan readStorePlan(const data::Project& project, const QString& store, const QString& asOf);

}  // namespace mb::layout
