#pragma once

#include "jobs/Job.h"
#include "jobs/Provenance.h"
#include "targeting/OfferEffectsFile.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <map>

namespace mb::targeting {

// `allocate`: offers to customers from an effects file under a budget, capacities and a contact
// cap. The request holds the file's path and the limits; there is no project (context.project
// is null) and nothing is recorded; the input fingerprint is the file's SHA-256.
struct AllocateRequest {
    QString effects;  // customer, offer, effect, cost[, consent][, eligible]
    double budget = 0.0;
    std::map<QString, double> capacities;  // per offer id
    int maxOffersPerCustomer = 1;
    double holdout = 0.0;
    qint64 seed = 1;

    QJsonObject toJson() const;
    static AllocateRequest fromJson(const QJsonObject& json);  // throws mb::Error
    bool operator==(const AllocateRequest&) const = default;
};

struct AllocateResult {
    jobs::Provenance provenance;
    OfferEffectsFile input;
    AllocationResult allocation;
    QStringList warnings;  // capacities naming offers the file does not have
};

// Reads the file and allocates (pure but for reading the file). Throws mb::Error.
AllocateResult allocateFromFile(const AllocateRequest& request);

// What `allocate --json` prints, less the paths.
QJsonObject allocateSummary(const AllocateResult& result);

// Writes context.outputs["out"] (customer, offer, effect, cost, control) when given.
jobs::JobOutcome runAllocateJob(const QJsonObject& json, jobs::JobContext& context);

}  // namespace mb::targeting
