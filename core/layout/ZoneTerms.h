#pragma once

#include "layout/LayoutScore.h"

#include <vector>

namespace mb::layout {

// Each zone's part of the adjacency term: the half-shares (categoryAdjacency) of the categories
// it holds. NaN for a zone that holds no category, so a view can tell empty from zero.
std::vector<double> zoneAdjacency(const LayoutModel& model, const std::vector<int>& zoneOfCategory);

// Each zone's part of the exposure term: its share of visits once per impulse category it holds.
// NaN for a zone that holds no category.
std::vector<double> zoneExposure(const LayoutModel& model, const std::vector<int>& zoneOfCategory);

}  // namespace mb::layout
