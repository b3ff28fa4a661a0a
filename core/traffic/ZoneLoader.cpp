#include "traffic/ZoneLoader.h"

#include "data/Project.h"
#include "data/Sqlite.h"

#include <algorithm>

namespace mb::traffic {

std::vector<ZoneInfo> loadZones(const data::Project& project) {
    // Traffic and paths carry no store: every zone of every store's plan counts once, named as
    // the shared plan names it (store ''), else as the first store's plan does.
    data::Statement query(project.db(),
                          "SELECT zone, COALESCE(name, ''), COALESCE(type, '') FROM zones z "
                          "WHERE zone IS NOT NULL AND NOT EXISTS (SELECT 1 FROM zones o "
                          "WHERE o.zone = z.zone AND o.store < z.store) ORDER BY zone");
    std::vector<ZoneInfo> zones;
    while (query.step()) {
        zones.push_back({std::string(query.textView(0)), std::string(query.textView(1)),
                         std::string(query.textView(2))});
    }
    return zones;
}

int zoneIndex(std::vector<ZoneInfo>& zones, const std::string& zone) {
    const auto found = std::find_if(zones.begin(), zones.end(),
                                    [&](const ZoneInfo& info) { return info.zone == zone; });
    if (found != zones.end())
        return static_cast<int>(found - zones.begin());
    zones.push_back({zone, std::string(), std::string()});
    return static_cast<int>(zones.size()) - 1;
}

}  // namespace mb::traffic
