#include "traffic/CountLoader.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "traffic/TrafficTime.h"
#include "traffic/ZoneLoader.h"

#include <limits>
#include <unordered_map>

namespace mb::traffic {

std::vector<ZoneHourCount> loadZoneCounts(const data::Project& project,
                                          std::vector<ZoneInfo>& zones) {
    data::Statement query(
        project.db(), "SELECT zone, time, visits, dwell_seconds FROM traffic ORDER BY zone, time");
    std::unordered_map<std::string, int> zoneIndices;
    std::vector<ZoneHourCount> counts;
    while (query.step()) {
        const auto time = parseTrafficTime(query.textView(1));
        if (!time) {
            throw Error(QStringLiteral("%1: traffic row of zone %2: unreadable time (%3)")
                            .arg(project.path(), query.text(0), query.text(1)));
        }
        std::string zone(query.textView(0));
        auto cached = zoneIndices.find(zone);
        if (cached == zoneIndices.end())
            cached = zoneIndices.emplace(zone, zoneIndex(zones, zone)).first;
        ZoneHourCount count;
        count.zone = cached->second;
        count.hourStart = *time;
        count.visits = query.isNull(2) ? 0.0 : query.real(2);
        count.dwellSeconds =
            query.isNull(3) ? std::numeric_limits<double>::quiet_NaN() : query.real(3);
        counts.push_back(count);
    }
    return counts;
}

}  // namespace mb::traffic
