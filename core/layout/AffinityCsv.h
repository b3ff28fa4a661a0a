#pragma once

#include "layout/AffinityPairs.h"

#include <QString>
#include <string>

namespace mb::layout {

// One row per pair: the 2x2 counts, every pair measure and both tests' p-values.
// Throws mb::Error; the file is complete or absent.
void writeAffinityCsv(const QString& path, const std::vector<AffinityPair>& pairs,
                      const std::vector<std::string>& itemNames);

}  // namespace mb::layout
