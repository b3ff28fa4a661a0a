#pragma once

#include "traffic/TrafficData.h"

#include <vector>

namespace mb::data {
class Project;
}

namespace mb::traffic {

// Every row of the paths table, ordered by shopper, then time, then import order. Zones are
// indices into `zones`, which grows when a path names a zone the floor plan lacks.
// Throws mb::Error naming the row when a stored time is unreadable.
std::vector<PathObservation> loadPaths(const data::Project& project, std::vector<ZoneInfo>& zones);

}  // namespace mb::traffic
