#pragma once

#include "layout/AffinityPairs.h"
#include "layout/BasketSet.h"
#include "layout/FloorPlan.h"
#include "layout/LayoutScore.h"

#include <QMetaType>
#include <QString>
#include <cstdint>
#include <memory>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::ui {

// One pair of categories with its purchase measures, by model category index.
struct CategoryPair {
    int categoryA = 0;
    int categoryB = 0;
    layout::PairCounts counts;
    layout::PairMeasures measures;
};

// Everything the Layout page shows, read from a project on a worker thread the way the CLI's
// layout command reads it (app/cli/LayoutCommand.cpp), so the page and the CLI score alike.
struct LayoutInputs {
    QString projectPath;
    layout::FloorPlan plan;
    layout::WalkingDistances distances;
    layout::BasketSet baskets;  // category level
    QStringList layoutCategories;
    std::vector<double> zoneVisits;  // plan order
    layout::LayoutModel model;       // default options
    std::vector<int> imported;       // the project's layout, zone per category
    layout::CrossCategoryModel crossModel;
    std::vector<CategoryPair> pairs;  // every pair bought together at least once
    // Zone-to-zone moves from shopper paths, plan order, zones x zones; empty without paths.
    std::vector<std::int64_t> transitions;
    std::int64_t trips = 0;

    std::int64_t movesAt(int from, int to) const {
        return transitions[static_cast<std::size_t>(from) * plan.zones.size() +
                           static_cast<std::size_t>(to)];
    }
};

using LayoutInputsPointer = std::shared_ptr<const LayoutInputs>;

// Reads and checks a project's floor plan, layout, baskets and traffic. Throws mb::Error with a
// message for the planner (no zones, no entrance, disconnected floor, ...).
LayoutInputsPointer loadLayoutInputs(const QString& projectPath, ProgressToken* progress = nullptr);

// The model the CLI builds for these options (weights, seed of the basket sample, ...).
layout::LayoutModel buildModel(const LayoutInputs& inputs,
                               const layout::LayoutModelOptions& options);

}  // namespace mb::ui

Q_DECLARE_METATYPE(mb::ui::LayoutInputsPointer)
