#pragma once

#include "layout/BasketSet.h"
#include "layout/LayoutScore.h"
#include "layout/ProximityEffect.h"

#include <QStringList>
#include <cmath>
#include <cstdint>
#include <vector>

namespace mb::layout {

// One store's baskets counted by category, in the layout model's category order: what a
// prediction multiplies.
struct AttachCounts {
    int categories = 0;
    std::int64_t baskets = 0;                // baskets holding at least one category
    std::int64_t crossBaskets = 0;           // holding two or more
    std::vector<std::int64_t> withCategory;  // per category
    std::vector<std::int64_t> onlyCategory;  // per category: baskets holding it alone
    std::vector<std::int64_t> withBoth;      // categories x categories, symmetric
    std::vector<std::int64_t> exactlyBoth;   // baskets holding those two and nothing else

    std::int64_t both(int a, int b) const { return withBoth[cell(a, b)]; }
    std::int64_t exactly(int a, int b) const { return exactlyBoth[cell(a, b)]; }
    double crossShare() const {
        return baskets > 0 ? static_cast<double>(crossBaskets) / static_cast<double>(baskets)
                           : std::nan("");
    }

private:
    std::size_t cell(int a, int b) const {
        return static_cast<std::size_t>(a) * static_cast<std::size_t>(categories) +
               static_cast<std::size_t>(b);
    }
};

// Counts every basket of `baskets` (category level) by the model's categories.
AttachCounts attachCounts(const BasketSet& baskets, const LayoutModel& model);

// A predicted figure at the effect's estimate, and its range over the effect's interval (the
// prediction at ci_low, the estimate and ci_high).
struct PredictedRange {
    double value = std::nan("");
    double low = std::nan("");
    double high = std::nan("");
};

// What one moved category brings: the change of the pairs it belongs to (a pair of two moved
// categories is shared half and half), so the moves add up to the whole proposal.
struct MovePrediction {
    int category = -1;
    int from = -1;  // zones, model order
    int to = -1;
    PredictedRange shareChange;
    PredictedRange attachPerWeek;
    PredictedRange weeklyRevenue;
};

// A proposed layout's expected effect on one store's cross-category baskets and money. For
// every category pair bought together (n_AB baskets hold both) whose walking distance changes
// from d to d', the model's co-purchases become n_AB x f with f = R^((d - d') / 10) (R: the
// effect's rate ratio per 10 m closer); c = n_AB (f - 1) baskets gain (or lose) the pair. A
// gained co-purchase is half a B added to a basket with A and half an A added to one with B;
// it makes a single-category basket cross-category as often as A's baskets without B hold A
// alone (s_A / (n_A - n_AB)). A lost one leaves a single-category basket when the basket held
// exactly A and B (e_AB / n_AB). predicted change = (sum of converted baskets) / cross-category
// baskets; weekly revenue = sum of c / weeks x (v_A + v_B) / 2 (v: the category's mean value
// per basket holding it). First order: for a handful of moves, not a new store.
struct LayoutPrediction {
    ProximityEffect effect;
    std::int64_t baskets = 0;
    std::int64_t crossBaskets = 0;
    double crossShare = std::nan("");
    double weeks = std::nan("");
    PredictedRange shareChange;    // relative: 0.05 = the share rises by 5%
    PredictedRange attachPerWeek;  // added co-purchase baskets per week
    PredictedRange weeklyRevenue;  // in the project's currency
    std::vector<MovePrediction> moves;
    QStringList unvaluedCategories;  // in a changed pair, with no value: revenue unknown
    std::int64_t undatedLines = 0;   // basket lines without a time: nothing per week

    bool predicted() const { return effect.identified(); }
};

// What a prediction of one store reads, kept with a layout's result so a page predicts each
// edit of the floor at once: the store's counts, each category's value per basket (model order,
// NaN unknown), the weeks the baskets span and the effect.
struct PredictionBasis {
    AttachCounts counts;
    std::vector<double> valuePerBasket;
    double weeks = std::nan("");
    std::int64_t undatedLines = 0;
    ProximityEffect effect;
};

// Pure. `valuePerBasket` in model order (NaN: unknown), `weeks` the span of the counted baskets
// (NaN: unknown; then nothing is per week). Without an identified effect only the share is
// filled (and the moves listed).
LayoutPrediction predictLayoutChange(const AttachCounts& counts, const LayoutModel& model,
                                     const std::vector<double>& valuePerBasket, double weeks,
                                     const std::vector<int>& current,
                                     const std::vector<int>& proposed,
                                     const ProximityEffect& effect);
LayoutPrediction predictLayoutChange(const PredictionBasis& basis, const LayoutModel& model,
                                     const std::vector<int>& current,
                                     const std::vector<int>& proposed);

// What the planner must be told beside the figures: no effect (and why), no weeks, no values.
QStringList predictionNotes(const LayoutPrediction& prediction);

// The prediction formula in a sentence, as the JSON and the page state it.
QString predictionFormula();

}  // namespace mb::layout
