#pragma once

#include "traffic/TrafficData.h"

#include <vector>

namespace mb::data {
class Project;
}

namespace mb::traffic {

// Every row of the traffic table (counted visits per zone and hour). A missing visit count reads
// as 0 and a missing dwell as NaN. Throws mb::Error naming the row when a time is unreadable.
std::vector<ZoneHourCount> loadZoneCounts(const data::Project& project,
                                          std::vector<ZoneInfo>& zones);

}  // namespace mb::traffic
