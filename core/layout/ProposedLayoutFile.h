#pragma once

#include "layout/LayoutRequest.h"

#include <QString>
#include <vector>

namespace mb::layout {

// Reads a proposed layout (columns category, zone and optionally store) for `store`: a row
// without a store holds for every store, a row of `store` overrides it for the same category,
// rows of other stores are left out. Throws mb::Error as file:line:column: message for a
// missing column, an empty category or zone, a category placed twice for the store, store rows
// read without a store chosen ('' when the project has one plan), or no row for the store.
// Whether the names exist is the job's check.
std::vector<CategoryZone> readProposedLayout(const QString& path, const QString& store);

}  // namespace mb::layout
