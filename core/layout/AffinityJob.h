#pragma once

#include "jobs/Job.h"
#include "layout/AffinityPairs.h"
#include "layout/BasketInput.h"

namespace mb::layout {

// Item-pair affinity for one request: the baskets and the floor of pairs listed.
struct AffinityRequest {
    BasketInput input;
    double minSupport = 0;
    // Pairs bought together in fewer baskets are left out; 0: the default floor, which grows
    // with the number of baskets (defaultAffinityMinBaskets).
    qint64 minBaskets = 0;
    qint64 memoryLimit = 0;  // bytes; 0: the machine's default

    bool operator==(const AffinityRequest&) const = default;
    QJsonObject toJson() const;
    static AffinityRequest fromJson(const QJsonObject& json);  // throws mb::Error naming the field
};

// The `affinity` job: every pair's measures, written to outputs["out"] (AffinityCsv.h). On a
// project the run is recorded (a finding: no decisions).
jobs::JobOutcome runAffinityJob(const QJsonObject& json, jobs::JobContext& context);

}  // namespace mb::layout
