#pragma once

#include "jobs/Job.h"
#include "jobs/Provenance.h"
#include "traffic/TrafficAnalysis.h"

#include <QJsonObject>
#include <QString>

namespace mb::data {
class Project;
}

namespace mb::traffic {

// Foot traffic for one request.
struct TrafficRequest {
    enum class From { Auto, Paths, Counts };  // Auto: paths when the project has any
    From from = From::Auto;
    int topPaths = 20;
    qint64 tripGapSeconds = 3600;  // 0: a shopper's trip never ends
    qint64 memoryLimit = 0;        // bytes; 0: the machine's default
    // Auto: ids persist across days when most paths' shopper ids are the project's customer ids
    // (loyalty ids), else they are counted per day (loadTraffic decides and says why).
    enum class Ids { Auto, PerDay, Persistent };
    Ids shopperIds = Ids::Auto;

    bool operator==(const TrafficRequest&) const = default;
    QJsonObject toJson() const;
    static TrafficRequest fromJson(const QJsonObject& json);  // throws mb::Error naming the field
};

// What the traffic analysis reads from a project, in one read snapshot.
struct TrafficInputs {
    QString fingerprint;
    TrafficSource source = TrafficSource::Paths;
    std::vector<ZoneInfo> zones;
    std::vector<PathObservation> paths;
    std::vector<CustomerPurchase> purchases;
    std::vector<ZoneHourCount> counts;
    ShopperIds shopperIds = ShopperIds::PerDay;
    QString shopperIdsReason;  // why the ids are taken as per day or persistent
};

// Throws mb::Error when the source asked for (or found) has no rows.
TrafficInputs loadTraffic(data::Project& project, const TrafficRequest& request);

struct TrafficResult {
    jobs::Provenance provenance;
    TrafficAnalysis analysis;
};

// Pure; throws jobs::Cancelled and MemoryBudgetExceeded.
TrafficResult computeTraffic(const TrafficInputs& inputs, const TrafficRequest& request,
                             ProgressToken& progress);

// The `traffic` job: recorded as a run (a finding: no decisions); writes outputs "zones",
// "hours" and, from shopper paths, "transitions" and "paths" (TrafficCsv.h).
jobs::JobOutcome runTrafficJob(const QJsonObject& json, jobs::JobContext& context);

}  // namespace mb::traffic
