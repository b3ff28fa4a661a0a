#include "traffic/PathLoader.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "traffic/TrafficTime.h"
#include "traffic/ZoneLoader.h"

#include <algorithm>
#include <unordered_map>

namespace mb::traffic {

std::vector<PathObservation> loadPaths(const data::Project& project, std::vector<ZoneInfo>& zones) {
    data::Statement query(project.db(),
                          "SELECT id, time, shopper, zone FROM paths ORDER BY shopper, id");
    std::unordered_map<std::string, int> zoneIndices;
    std::vector<PathObservation> observations;
    while (query.step()) {
        const auto time = parseTrafficTime(query.textView(1));
        if (!time) {
            throw Error(QStringLiteral("%1: paths row %2: unreadable time (%3)")
                            .arg(project.path())
                            .arg(query.int64(0))
                            .arg(query.text(1)));
        }
        std::string zone(query.textView(3));
        auto cached = zoneIndices.find(zone);
        if (cached == zoneIndices.end())
            cached = zoneIndices.emplace(zone, zoneIndex(zones, zone)).first;
        observations.push_back({std::string(query.textView(2)), *time, cached->second});
    }
    // Stable, so observations at the same second keep the order they were imported in.
    std::stable_sort(observations.begin(), observations.end(),
                     [](const PathObservation& a, const PathObservation& b) {
                         return a.shopper != b.shopper ? a.shopper < b.shopper : a.time < b.time;
                     });
    return observations;
}

}  // namespace mb::traffic
