#pragma once

#include "common/Progress.h"
#include "data/Importer.h"

#include <QString>
#include <vector>

namespace mb::data {

// The committed demo retailer (datasets/demo in the source tree, share/merchbench/demo when
// installed), or "" when it cannot be found.
QString findDemoDataDir();

// Imports every kind of the demo CSVs in dependency order (stores and products before sales, ...)
// into the project at projectPath (created when missing). Throws mb::Error when a file is rejected.
std::vector<ImportReport> buildDemoProject(const QString& projectPath, const QString& demoDataDir,
                                           ProgressToken* progress = nullptr);

// Kinds in the order they must be imported so references resolve.
QStringList importOrder();

}  // namespace mb::data
