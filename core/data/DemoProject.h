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
// into a new project that replaces the one at projectPath only once it is whole (a failure or a
// cancel leaves the old one as it was). Throws mb::Error when a file is rejected.
std::vector<ImportReport> buildDemoProject(const QString& projectPath, const QString& demoDataDir,
                                           ProgressToken* progress = nullptr);

// Removes a project file with its -wal, -shm and -journal files.
void removeProjectFiles(const QString& path);

// Kinds in the order they must be imported so references resolve.
QStringList importOrder();

}  // namespace mb::data
