#pragma once

#include "layout/BasketSet.h"
#include "layout/FloorPlan.h"

#include <QString>
#include <QStringList>
#include <cmath>
#include <cstdint>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb {
class MemoryBudget;
}

namespace mb::layout {

// How much each term counts in the total; the total is
//   adjacency * adjacency + exposure * exposure - distance * (walkingMetres / directWalkMetres).
struct LayoutWeights {
    double adjacency = 1.0;
    double exposure = 0.5;
    double distance = 0.2;

    bool operator==(const LayoutWeights&) const = default;
};

// The score of a layout, or (from LayoutScorer::moveChange/swapChange) the change of each term.
struct LayoutScoreTerms {
    // Sum over placed category pairs of max(0, phi) (phi: the pair's purchase correlation) x
    // closeness of their zones, closeness = exp(-walking metres / closenessMetres): 1 in the
    // same zone.
    double adjacency = 0.0;
    // Impulse categories' share of store traffic: sum of their zones' share of visits.
    double exposure = 0.0;
    // Mean walk of the sampled baskets in metres: entrance, the basket's zones in
    // nearest-neighbour order, checkout.
    double walkingMetres = 0.0;
    // Sum over placed category pairs of closeness, unweighted: what the cross-category model
    // multiplies.
    double closenessSum = 0.0;
    double total = 0.0;
};

// Everything the score needs as plain numbers. Categories and zones are indices; a category's
// zone -1 means "not placed" (it then counts in no term).
struct LayoutModel {
    QStringList categories;                 // n
    QStringList zones;                      // m, in floor-plan order
    std::vector<ZoneType> zoneTypes;        // m
    std::vector<double> metres;             // m x m walking distances
    std::vector<double> affinity;           // n x n max(0, phi), symmetric, 0 on the diagonal
    std::vector<double> visitShare;         // m, share of all visits (sums to 1, or all 0)
    std::vector<std::uint8_t> impulse;      // n, 1 for impulse categories
    std::vector<std::vector<int>> baskets;  // sampled baskets, as sorted category indices
    std::vector<std::vector<int>> basketsWithCategory;  // n, indices into baskets
    int entrance = -1;  // zone index; the walking term is 0 without an entrance and a checkout
    int checkout = -1;
    double directWalkMetres = 1.0;  // entrance to checkout, at least 1 m
    double closenessMetres = 10.0;
    LayoutWeights weights;

    int categoryCount() const { return static_cast<int>(categories.size()); }
    int zoneCount() const { return static_cast<int>(zones.size()); }
    double metresAt(int a, int b) const {
        return metres[static_cast<std::size_t>(a) * zones.size() + static_cast<std::size_t>(b)];
    }
    double closeness(int a, int b) const { return std::exp(-metresAt(a, b) / closenessMetres); }
    double affinityAt(int i, int j) const {
        return affinity[static_cast<std::size_t>(i) * categories.size() +
                        static_cast<std::size_t>(j)];
    }
    int categoryIndex(const QString& category) const { return categories.indexOf(category); }
    int zoneIndex(const QString& zone) const { return zones.indexOf(zone); }
};

struct LayoutModelOptions {
    LayoutWeights weights;
    double closenessMetres = 10.0;
    QStringList impulse;    // impulse category names; unknown names are ignored
    int maxBaskets = 5000;  // a seeded sample when there are more
    std::uint64_t seed = 1;
    // The category-pair tables (categories squared) are charged to it; none: unlimited.
    MemoryBudget* budget = nullptr;
};

// Builds the model from a floor plan, its walking distances, category-level baskets and traffic
// (visits per zone in plan order; empty = none). Categories are the layout's plus every basket
// category. Phi comes from all baskets (arules' definition, AffinityMeasures.h); negative phi
// counts as 0. Throws MemoryBudgetExceeded when the pair tables would pass options.budget.
LayoutModel buildLayoutModel(const FloorPlan& plan, const WalkingDistances& distances,
                             const BasketSet& categoryBaskets, const QStringList& layoutCategories,
                             const std::vector<double>& zoneVisits,
                             const LayoutModelOptions& options);

// A layout's assignment (zone per category, -1 = unplaced) from (category, zone) names. Throws
// mb::Error for a zone that is not on the floor plan.
std::vector<int> layoutAssignment(const LayoutModel& model,
                                  const std::vector<std::pair<QString, QString>>& layout);

// Full score from scratch.
LayoutScoreTerms scoreLayout(const LayoutModel& model, const std::vector<int>& zoneOfCategory);
// One basket's walk in metres (0 when it holds no placed category or the floor has no entrance
// and checkout).
double basketWalkMetres(const LayoutModel& model, const std::vector<int>& zoneOfCategory,
                        const std::vector<int>& basket);
// Each category's half-share of the adjacency term (they sum to it) and its exposure.
std::vector<double> categoryAdjacency(const LayoutModel& model,
                                      const std::vector<int>& zoneOfCategory);

// What-if on a layout: the change of every term for a move or swap, in O(n + affected baskets)
// instead of a full rescore, and applying it. The model must outlive the scorer.
class LayoutScorer {
public:
    LayoutScorer(const LayoutModel& model, std::vector<int> zoneOfCategory);

    const LayoutScoreTerms& terms() const { return terms_; }
    const std::vector<int>& zoneOfCategory() const { return zoneOfCategory_; }
    int zoneOf(int category) const { return zoneOfCategory_[static_cast<std::size_t>(category)]; }

    // Changes (new - current) of each term, the layout unchanged. zone -1 takes it off the floor.
    LayoutScoreTerms moveChange(int category, int zone) const;
    LayoutScoreTerms swapChange(int categoryA, int categoryB) const;
    // Apply; terms() is updated by the same change.
    void move(int category, int zone);
    void swap(int categoryA, int categoryB);

private:
    LayoutScoreTerms change(int categoryA, int zoneA, int categoryB, int zoneB) const;
    void apply(int categoryA, int zoneA, int categoryB, int zoneB);

    const LayoutModel* model_;
    std::vector<int> zoneOfCategory_;
    std::vector<double> basketWalk_;  // per sampled basket, metres
    LayoutScoreTerms terms_;
};

// Cross-category purchase model. Across placed category pairs, leverage (the share of baskets
// holding both minus the share expected if bought independently) is regressed on the pair's
// closeness by least squares: leverage_ij = a + slope * closeness_ij. A layout change then
// shifts pair co-purchases by slope x (change in closenessSum), per basket. The interval is a
// percentile bootstrap over baskets (Efron and Tibshirani 1993, ch. 13). The fit is
// observational: planners already put related categories together, so it reads the slope as
// causal, which is an assumption and said so in every output.
struct CrossCategoryModel {
    double slope = 0.0;  // leverage per unit closeness
    double slopeLow = std::nan("");
    double slopeHigh = std::nan("");
    double level = 0.9;
    int pairs = 0;
    int baskets = 0;
    int bootstrapSamples = 0;
    QString assumption;
};

struct CrossCategoryEffect {
    double perThousandBaskets = 0.0;  // expected change in baskets holding both of a pair
    double low = std::nan("");
    double high = std::nan("");
};

CrossCategoryModel fitCrossCategoryModel(const LayoutModel& model,
                                         const std::vector<int>& zoneOfCategory,
                                         int bootstrapSamples = 200, std::uint64_t seed = 1,
                                         ProgressToken* progress = nullptr);
CrossCategoryEffect crossCategoryEffect(const CrossCategoryModel& model, double closenessSumChange);

}  // namespace mb::layout
