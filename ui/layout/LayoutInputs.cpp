#include "LayoutInputs.h"

#include "common/Error.h"
#include "common/MemoryBudget.h"
#include "common/Progress.h"
#include "data/Project.h"
#include "layout/BasketReader.h"
#include "traffic/PathLoader.h"
#include "traffic/TrafficAnalysis.h"
#include "traffic/ZoneLoader.h"

namespace mb::ui {

namespace {

std::vector<CategoryPair> categoryPairs(const layout::BasketSet& baskets,
                                        const layout::LayoutModel& model, MemoryBudget& budget) {
    std::vector<CategoryPair> pairs;
    const layout::AffinityResult result =
        layout::findAffinityPairs(baskets, layout::AffinityOptions{0.0, 1}, nullptr, &budget);
    for (const layout::AffinityPair& pair : result.pairs) {
        const int a = model.categoryIndex(QString::fromStdString(baskets.itemNames[pair.itemA]));
        const int b = model.categoryIndex(QString::fromStdString(baskets.itemNames[pair.itemB]));
        if (a >= 0 && b >= 0)
            pairs.push_back(CategoryPair{a, b, pair.counts, pair.measures});
    }
    return pairs;
}

// Moves between floor-plan zones from the paths table; entering and leaving are left out.
void readTransitions(const data::Project& project, LayoutInputs& inputs) {
    std::vector<traffic::ZoneInfo> zones = traffic::loadZones(project);
    const std::vector<traffic::PathObservation> paths = traffic::loadPaths(project, zones);
    if (paths.empty())
        return;
    const traffic::TrafficAnalysis analysis = traffic::analysePaths(zones, paths, {});
    const std::size_t m = inputs.plan.zones.size();
    inputs.transitions.assign(m * m, 0);
    inputs.trips = analysis.trips;
    std::vector<int> planIndex;
    for (const traffic::ZoneInfo& zone : zones)
        planIndex.push_back(inputs.plan.zoneIndex(QString::fromStdString(zone.zone)));
    for (std::size_t from = 0; from < zones.size(); ++from)
        for (std::size_t to = 0; to < zones.size(); ++to) {
            const int a = planIndex[from];
            const int b = planIndex[to];
            if (a >= 0 && b >= 0 && a != b)
                inputs.transitions[static_cast<std::size_t>(a) * m + static_cast<std::size_t>(b)] +=
                    analysis.transitions.moves(static_cast<int>(from), static_cast<int>(to));
        }
}

}  // namespace

layout::LayoutModel buildModel(const LayoutInputs& inputs,
                               const layout::LayoutModelOptions& options) {
    return layout::buildLayoutModel(inputs.plan, inputs.distances, inputs.baskets,
                                    inputs.layoutCategories, inputs.zoneVisits, options);
}

LayoutInputsPointer loadLayoutInputs(const QString& projectPath, ProgressToken* progress) {
    auto inputs = std::make_shared<LayoutInputs>();
    auto project = data::Project::open(projectPath, data::Project::OpenMode::MustExist);
    const QString where = project->path();
    inputs->projectPath = where;
    inputs->plan = layout::readProjectFloorPlan(*project);
    inputs->distances = layout::walkingDistances(inputs->plan);
    layout::checkScorableFloor(inputs->plan, inputs->distances, where);
    const auto current = layout::readProjectLayout(*project);
    if (current.empty())
        throw Error(
            QStringLiteral("%1: the project has no layout (category, zone) rows").arg(where));
    for (const auto& [category, zone] : current)
        inputs->layoutCategories.append(category);
    if (progress)
        progress->report(0.2);
    inputs->baskets = layout::readProjectBaskets(*project, layout::BasketLevel::Category);
    inputs->zoneVisits = layout::readZoneVisits(*project, inputs->plan);
    // The page has no memory option: the machine's default budget turns a category table too
    // large for memory into a message instead of a killed window.
    MemoryBudget budget = MemoryBudget::machineDefault();
    layout::LayoutModelOptions modelOptions;
    modelOptions.budget = &budget;
    inputs->model = buildModel(*inputs, modelOptions);
    inputs->imported = layout::layoutAssignment(inputs->model, current);
    if (progress)
        progress->report(0.4);
    inputs->pairs = categoryPairs(inputs->baskets, inputs->model, budget);
    if (progress)
        progress->report(0.5);
    readTransitions(*project, *inputs);
    if (progress)
        progress->report(0.7);
    inputs->crossModel = layout::fitCrossCategoryModel(inputs->model, inputs->imported, 200, 1);
    if (progress)
        progress->report(1.0);
    return inputs;
}

}  // namespace mb::ui
