#include "layout/LayoutInputs.h"

#include "common/Error.h"
#include "common/MemoryBudget.h"
#include "data/Project.h"
#include "data/SavedScenarios.h"
#include "data/Sqlite.h"
#include "data/TrafficStore.h"
#include "jobs/ReadSnapshot.h"
#include "layout/BasketReader.h"
#include "layout/LayoutRequest.h"
#include "layout/StorePlan.h"
#include "traffic/PathLoader.h"
#include "traffic/TrafficAnalysis.h"
#include "traffic/ZoneLoader.h"

#include <QDate>

namespace mb::layout {

namespace {

// Moves between floor-plan zones from the paths table; entering and leaving are left out.
ZoneFlows readZoneFlows(const data::Project& project, const FloorPlan& plan) {
    ZoneFlows flows;
    std::vector<traffic::ZoneInfo> zones = traffic::loadZones(project);
    const std::vector<traffic::PathObservation> paths = traffic::loadPaths(project, zones);
    if (paths.empty())
        return flows;
    const traffic::TrafficAnalysis analysis = traffic::analysePaths(zones, paths, {});
    const std::size_t m = plan.zones.size();
    flows.moves.assign(m * m, 0);
    flows.trips = analysis.trips;
    std::vector<int> planIndex;
    planIndex.reserve(zones.size());
    for (const traffic::ZoneInfo& zone : zones)
        planIndex.push_back(plan.zoneIndex(QString::fromStdString(zone.zone)));
    for (std::size_t from = 0; from < zones.size(); ++from)
        for (std::size_t to = 0; to < zones.size(); ++to) {
            const int a = planIndex[from];
            const int b = planIndex[to];
            if (a >= 0 && b >= 0 && a != b)
                flows.moves[static_cast<std::size_t>(a) * m + static_cast<std::size_t>(b)] +=
                    analysis.transitions.moves(static_cast<int>(from), static_cast<int>(to));
        }
    return flows;
}

// With a store chosen in a project whose basket lines or plans name other stores, traffic and
// paths (which name no store) would mix them.
bool hasOtherStores(const data::Project& project, const QString& store) {
    // The project says which store its traffic was counted in (data/TrafficStore.h).
    if (store.isEmpty() || store == data::trafficStore(project))
        return false;
    const QStringList plans = planStores(project);
    if (plans.size() > 1 || (plans.size() == 1 && plans.front() != store))
        return true;
    data::Statement other(project.db(),
                          "SELECT EXISTS(SELECT 1 FROM basket_lines WHERE store "
                          "IS NOT NULL AND store <> '' AND store <> ?1)");
    other.bind(1, store);
    return other.step() && other.int64(0) != 0;
}

// The store's basket lines without a time ('' = every store's).
qint64 undatedLines(const data::Project& project, const QString& store) {
    data::Statement undated(project.db(),
                            "SELECT count(*) FROM basket_lines WHERE time IS NULL AND "
                            "(?1 = '' OR store = ?1)");
    undated.bind(1, store.isNull() ? QStringLiteral("") : store);
    return undated.step() ? undated.int64(0) : 0;
}

// The store's basket lines up to the end of the as-of day. A store chosen by name must have
// baskets of its own; the only store of a single-store project reads every line when none names
// a store (they are that store's).
BasketScope basketScope(const data::Project& project, const LayoutRequest& request,
                        LayoutInputs& inputs) {
    BasketScope scope;
    if (!inputs.asOf.isEmpty()) {
        scope.before = QDate::fromString(inputs.asOf, Qt::ISODate).addDays(1).toString(Qt::ISODate);
        if (const qint64 lines = undatedLines(project, inputs.store); lines > 0)
            inputs.warnings.append(
                QStringLiteral("%1 basket line(s) without a time left out: they cannot be "
                               "placed before or after %2")
                    .arg(lines)
                    .arg(inputs.asOf));
    }
    if (inputs.store.isEmpty())
        return scope;
    data::Statement own(project.db(), "SELECT EXISTS(SELECT 1 FROM basket_lines WHERE store = ?1)");
    own.bind(1, inputs.store);
    const bool hasOwn = own.step() && own.int64(0) != 0;
    if (hasOwn) {
        scope.store = inputs.store;
    } else if (!request.store.isEmpty() || !basketStores(project).isEmpty()) {
        const QStringList named = basketStores(project);
        throw Error(QStringLiteral("%1: no basket lines of store %2 (%3)")
                        .arg(inputs.projectPath, inputs.store,
                             named.isEmpty() ? QStringLiteral("no basket line names a store")
                                             : QStringLiteral("basket lines name: %1")
                                                   .arg(named.join(QStringLiteral(", ")))));
    }
    return scope;
}

}  // namespace

LayoutInputs loadLayout(data::Project& project, const LayoutRequest& request, ShopperFlows flows,
                        ChainEffect chainEffect, ProgressToken* progress) {
    LayoutInputs inputs;
    const jobs::ReadSnapshot snapshot(project);
    inputs.fingerprint = snapshot.fingerprint();
    const QString where = project.path();
    inputs.projectPath = where;
    inputs.store = resolvePlanStore(project, request.store);
    inputs.asOf = request.asOf;
    StorePlan storePlan = readStorePlan(project, inputs.store, inputs.asOf);
    inputs.plan = std::move(storePlan.plan);
    inputs.distances = walkingDistances(inputs.plan);
    checkScorableFloor(inputs.plan, inputs.distances, where);
    inputs.layout = std::move(storePlan.layout);
    inputs.placedSince = storePlan.placedSince;
    if (inputs.layout.empty())
        throw Error(QStringLiteral("%1: the project has no layout (category, zone) rows%2%3")
                        .arg(where,
                             inputs.store.isEmpty()
                                 ? QString()
                                 : QStringLiteral(" for store %1").arg(inputs.store),
                             inputs.asOf.isEmpty()
                                 ? QString()
                                 : QStringLiteral(" valid on or before %1").arg(inputs.asOf)));
    for (const auto& [category, zone] : inputs.layout)
        inputs.layoutCategories.append(category);
    const BasketScope scope = basketScope(project, request, inputs);
    inputs.baskets = readProjectBaskets(project, BasketLevel::Category, nullptr, scope);
    BasketScope placed = scope;
    placed.since = inputs.placedSince;
    if (!placed.since.isEmpty()) {
        inputs.placedBaskets = readProjectBaskets(project, BasketLevel::Category, nullptr, placed);
        const qint64 lines = inputs.asOf.isEmpty() ? undatedLines(project, inputs.store) : 0;
        if (lines > 0)
            inputs.warnings.append(
                QStringLiteral("%1 basket line(s) without a time left out of the prediction: "
                               "they cannot be placed before or after the placement of %2")
                    .arg(lines)
                    .arg(placed.since));
    }
    inputs.money = readBasketMoney(project, placed);
    const bool predicts = request.optimise || !request.proposed.empty();
    if (!request.effect && (predicts || chainEffect == ChainEffect::Always))
        inputs.chainEffect = chainProximityEffect(project, inputs.asOf, progress);
    else if (!request.effect)
        inputs.chainEffect.source = QStringLiteral(
            "the chain's effect of proximity is measured only for a layout to predict "
            "(--proposed or --optimize)");
    inputs.currency = data::projectCurrency(project);
    const bool otherStores = hasOtherStores(project, inputs.store);
    if (otherStores) {
        inputs.zoneVisits.assign(inputs.plan.zones.size(), 0.0);
        inputs.warnings.append(
            QStringLiteral("traffic rows carry no store: zone visits of the chain's several "
                           "stores are left out for store %1 (the exposure term sees no traffic)")
                .arg(inputs.store));
    } else {
        inputs.zoneVisits = readZoneVisits(project, inputs.plan, scope.before);
    }
    if (flows == ShopperFlows::Read && !otherStores && inputs.asOf.isEmpty())
        inputs.flows = readZoneFlows(project, inputs.plan);
    else if (flows == ShopperFlows::Read)
        inputs.warnings.append(
            QStringLiteral("shopper paths carry no store and are not read "
                           "for one store or as of a date: no flows shown"));
    return inputs;
}

std::vector<CategoryPair> categoryPairs(const BasketSet& baskets, const LayoutModel& model,
                                        MemoryBudget& budget) {
    std::vector<CategoryPair> pairs;
    const AffinityResult result =
        findAffinityPairs(baskets, AffinityOptions{0.0, 1}, nullptr, &budget);
    for (const AffinityPair& pair : result.pairs) {
        const int a = model.categoryIndex(QString::fromStdString(baskets.itemNames[pair.itemA]));
        const int b = model.categoryIndex(QString::fromStdString(baskets.itemNames[pair.itemB]));
        if (a >= 0 && b >= 0)
            pairs.push_back(CategoryPair{a, b, pair.counts, pair.measures});
    }
    return pairs;
}

}  // namespace mb::layout
