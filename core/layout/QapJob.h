#pragma once

#include "jobs/Job.h"

#include <QJsonObject>
#include <QString>

namespace mb::layout {

// A QAPLIB instance solved by robust tabu search. An analysis of a file: nothing is recorded.
struct QapRequest {
    QString instance;  // the .dat file, by absolute path
    double seconds = 10.0;
    qint64 iterations = 0;  // 0: none; only an iteration limit gives the same answer everywhere
    qint64 seed = 1;

    bool operator==(const QapRequest&) const = default;
    // Bounded by time alone, a replay may find another permutation.
    bool replayMayDiffer() const { return iterations == 0; }
    QJsonObject toJson() const;
    static QapRequest fromJson(const QJsonObject& json);  // throws mb::Error naming the field
};

// The `qap` job: the summary holds cost, permutation (1-based locations), seconds, iterations,
// seed, seconds_to_best, iterations_to_best and restarts. Writes no file.
jobs::JobOutcome runQapJob(const QJsonObject& json, jobs::JobContext& context);

}  // namespace mb::layout
