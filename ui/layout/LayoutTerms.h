#pragma once

#include <QString>

namespace mb::ui {

enum class LayoutTerm { Adjacency, Exposure, Walk, Total };

// What a layout score term measures, in which unit and how core/layout/LayoutScore computes it:
// the tooltip of its card and of its row in the optimiser's table.
QString layoutTermExplanation(LayoutTerm term);

}  // namespace mb::ui
