#include "layout/LayoutInputs.h"

#include "common/Error.h"
#include "common/MemoryBudget.h"
#include "data/Project.h"
#include "jobs/ReadSnapshot.h"
#include "layout/BasketReader.h"
#include "layout/LayoutRequest.h"
#include "traffic/PathLoader.h"
#include "traffic/TrafficAnalysis.h"
#include "traffic/ZoneLoader.h"

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

}  // namespace

LayoutInputs loadLayout(data::Project& project, const LayoutRequest& /*request*/,
                        ShopperFlows flows) {
    LayoutInputs inputs;
    const jobs::ReadSnapshot snapshot(project);
    inputs.fingerprint = snapshot.fingerprint();
    const QString where = project.path();
    inputs.projectPath = where;
    inputs.plan = readProjectFloorPlan(project);
    inputs.distances = walkingDistances(inputs.plan);
    checkScorableFloor(inputs.plan, inputs.distances, where);
    inputs.layout = readProjectLayout(project);
    if (inputs.layout.empty())
        throw Error(
            QStringLiteral("%1: the project has no layout (category, zone) rows").arg(where));
    for (const auto& [category, zone] : inputs.layout)
        inputs.layoutCategories.append(category);
    inputs.baskets = readProjectBaskets(project, BasketLevel::Category);
    inputs.zoneVisits = readZoneVisits(project, inputs.plan);
    if (flows == ShopperFlows::Read)
        inputs.flows = readZoneFlows(project, inputs.plan);
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
