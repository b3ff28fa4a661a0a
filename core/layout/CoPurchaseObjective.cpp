#include "layout/CoPurchaseObjective.h"

#include <cmath>

namespace mb::layout {

namespace {

bool placed(const std::vector<int>& layout, int category) {
    return layout[static_cast<std::size_t>(category)] >= 0;
}

// Metres between two placed categories' zones.
double metresApart(const LayoutModel& model, const std::vector<int>& layout, int a, int b) {
    return model.metresAt(layout[static_cast<std::size_t>(a)], layout[static_cast<std::size_t>(b)]);
}

}  // namespace

QString objectiveName(LayoutObjective objective) {
    switch (objective) {
        case LayoutObjective::AdjacencyScore:
            return QStringLiteral("adjacency_score");
        case LayoutObjective::PredictedCoPurchases:
            return QStringLiteral("predicted_co_purchases");
        case LayoutObjective::None:
            break;
    }
    return QStringLiteral("none");
}

double predictedCoPurchases(const AttachCounts& counts, const LayoutModel& model,
                            const std::vector<int>& current, const std::vector<int>& layout,
                            double ratePer10m) {
    double total = 0.0;
    for (int a = 0; a < model.categoryCount(); ++a)
        for (int b = a + 1; b < model.categoryCount(); ++b) {
            if (counts.both(a, b) == 0 || !placed(current, a) || !placed(current, b) ||
                !placed(layout, a) || !placed(layout, b))
                continue;
            const double closer =
                metresApart(model, current, a, b) - metresApart(model, layout, a, b);
            total += static_cast<double>(counts.both(a, b)) * std::pow(ratePer10m, closer / 10.0);
        }
    return total;
}

LayoutModel coPurchaseModel(const LayoutModel& model, const AttachCounts& counts,
                            const std::vector<int>& current, double ratePer10m) {
    LayoutModel objective = model;
    const int n = model.categoryCount();
    const auto size = static_cast<std::size_t>(n);
    objective.affinity.assign(size * size, 0.0);
    for (int a = 0; a < n; ++a)
        for (int b = 0; b < n; ++b) {
            // A pair not on the floor now has no distance to change from: the prediction
            // leaves it out, and so does the search.
            if (a == b || counts.both(a, b) == 0 || !placed(current, a) || !placed(current, b))
                continue;
            objective.affinity[static_cast<std::size_t>(a) * size + static_cast<std::size_t>(b)] =
                static_cast<double>(counts.both(a, b)) *
                std::pow(ratePer10m, metresApart(model, current, a, b) / 10.0);
        }
    // R = 1 makes c infinite: every layout predicts the same co-purchases.
    objective.closenessMetres = 10.0 / std::log(ratePer10m);
    objective.weights = LayoutWeights{1.0, 0.0, 0.0};
    objective.impulse.assign(size, 0);
    objective.baskets.clear();
    objective.basketsWithCategory.assign(size, {});
    return objective;
}

}  // namespace mb::layout
