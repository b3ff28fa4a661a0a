#pragma once

#include "layout/AffinityPairs.h"
#include "layout/BasketMoney.h"
#include "layout/BasketSet.h"
#include "layout/FloorPlan.h"
#include "layout/LayoutScore.h"
#include "layout/ProximityEffect.h"

#include <QString>
#include <QStringList>
#include <cstdint>
#include <utility>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::data {
class Project;
}

namespace mb::layout {

struct LayoutRequest;

// Zone-to-zone moves of shoppers between floor-plan zones (plan order, zones x zones; entering
// and leaving left out), for the Layout page's flow view. Empty without shopper paths.
struct ZoneFlows {
    std::vector<std::int64_t> moves;
    std::int64_t trips = 0;
};

// What a layout score or optimisation reads from a project, read in one snapshot whose
// fingerprint it keeps.
struct LayoutInputs {
    QString projectPath;
    QString fingerprint;
    FloorPlan plan;
    WalkingDistances distances;
    BasketSet baskets;                                // category level
    std::vector<std::pair<QString, QString>> layout;  // the project's (category, zone) rows
    QStringList layoutCategories;
    std::vector<double> zoneVisits;  // plan order
    ZoneFlows flows;                 // only when asked for (the page's flow view)
    QString store;                   // the store read ('' = the shared plan, every basket)
    QString asOf;                    // the date read as of ('' = the latest)
    // The day the store's current placement took effect ('' = since always): the prediction
    // counts and values only the baskets bought from then on (placedBaskets; with '' they are
    // `baskets`), since a pair's co-purchases are multiplied from its current distance.
    QString placedSince;
    BasketSet placedBaskets;
    QStringList warnings;  // inputs left out, said to the planner
    // What predicts the layout in money: the baskets' values and weeks, the chain's effect of
    // proximity (read only when the request gives none) and the project's currency ('' = none
    // set).
    BasketMoney money;
    ProximityEffect chainEffect;
    QString currency;
};

enum class ShopperFlows { Skip, Read };

// When the chain's effect of proximity is measured (a fit over every store's baskets): only
// when the request predicts a layout (--optimize or --proposed), or always (a page that
// predicts each edit of the floor as it is made).
enum class ChainEffect { WhenPredicting, Always };

// Reads and checks the project's floor plan, layout, category baskets and traffic inside a
// jobs::ReadSnapshot, for the request's store as of its date (StorePlan.h). Throws mb::Error with
// a message for the planner (no zones, no entrance, disconnected floor, no layout rows, several
// stores and none chosen, ...).
// A cancel of `progress` (optional) reaches the effect's fit (jobs::Cancelled).
LayoutInputs loadLayout(data::Project& project, const LayoutRequest& request,
                        ShopperFlows flows = ShopperFlows::Skip,
                        ChainEffect chainEffect = ChainEffect::WhenPredicting,
                        ProgressToken* progress = nullptr);

// One pair of categories bought together, by model category index, with its measures.
struct CategoryPair {
    int categoryA = 0;
    int categoryB = 0;
    PairCounts counts;
    PairMeasures measures;
};

// Every pair of the model's categories bought together at least once (the page's heatmap and
// pair table). Throws MemoryBudgetExceeded past the budget.
std::vector<CategoryPair> categoryPairs(const BasketSet& baskets, const LayoutModel& model,
                                        MemoryBudget& budget);

}  // namespace mb::layout
