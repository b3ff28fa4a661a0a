#pragma once

#include "traffic/TrafficData.h"

#include <vector>

namespace mb::data {
class Project;
}

namespace mb::traffic {

// Every zone of the floor plans (each id once, as the shared plan names it), ordered by id.
// Throws mb::Error.
std::vector<ZoneInfo> loadZones(const data::Project& project);

// Index of a zone id in the list; appends an unnamed zone when the id is new, so paths or counts
// that name a zone missing from the floor plan still count.
int zoneIndex(std::vector<ZoneInfo>& zones, const std::string& zone);

}  // namespace mb::traffic
