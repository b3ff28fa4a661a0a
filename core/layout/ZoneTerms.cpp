#include "layout/ZoneTerms.h"

#include <cmath>

namespace mb::layout {

namespace {

// Sums a per-category value into the zones holding the categories; NaN where none is placed.
std::vector<double> sumByZone(const LayoutModel& model, const std::vector<int>& zoneOfCategory,
                              const std::vector<double>& perCategory) {
    std::vector<double> values(static_cast<std::size_t>(model.zoneCount()), std::nan(""));
    for (std::size_t c = 0; c < zoneOfCategory.size(); ++c) {
        if (zoneOfCategory[c] < 0)
            continue;
        double& value = values[static_cast<std::size_t>(zoneOfCategory[c])];
        value = (std::isnan(value) ? 0.0 : value) + perCategory[c];
    }
    return values;
}

}  // namespace

std::vector<double> zoneAdjacency(const LayoutModel& model,
                                  const std::vector<int>& zoneOfCategory) {
    return sumByZone(model, zoneOfCategory, categoryAdjacency(model, zoneOfCategory));
}

std::vector<double> zoneExposure(const LayoutModel& model, const std::vector<int>& zoneOfCategory) {
    std::vector<double> perCategory(zoneOfCategory.size(), 0.0);
    for (std::size_t c = 0; c < zoneOfCategory.size(); ++c)
        if (zoneOfCategory[c] >= 0 && model.impulse[c])
            perCategory[c] = model.visitShare[static_cast<std::size_t>(zoneOfCategory[c])];
    return sumByZone(model, zoneOfCategory, perCategory);
}

}  // namespace mb::layout
