#pragma once

#include "export/OutputPaths.h"

namespace mb::cli {

// Run before any work: prints the first output that would overwrite the project, an input or
// another output, or whose folder is missing or read-only, and returns UsageError; returns -1
// when every output is free.
int refuseOverwrites(const exporting::CommandFiles& files);

}  // namespace mb::cli
