#pragma once

#include "common/Progress.h"
#include "jobs/RunRecorder.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <functional>

namespace mb::data {
class Project;
}

namespace mb::markdown {
class BudgetCoupling;
}

namespace mb::demand {
class CategoryEstimateGathering;
}

namespace mb::jobs {

// Where a job writes its decision files, by role: {"out": "plan.csv", "items": "items.csv"}.
// A CLI command fills it from its options; `merchbench-cli run REQUEST.json --out DIR` from
// each role's standard file name in DIR (JobEntry::files); without --out nothing is written.
using OutputFiles = QMap<QString, QString>;

// What a job runs against: the open project (nullptr for an analysis of a file, such as
// markdown-solve or qap, which records no run), the caller's progress/cancel token, the files to
// write and whether the run must be recorded.
struct JobContext {
    data::Project* project = nullptr;
    ProgressToken& progress;
    OutputFiles outputs;
    RunRecorder::Recording recording = RunRecorder::Recording::Required;
    // Worker threads (0: one per core). Not part of the request: it changes the speed, never
    // the answer.
    int threads = 0;
    // A markdown plan that is one slice of a chain's (a shard): how its budget is shared with
    // the other slices. Null: the plan's items are all there are.
    markdown::BudgetCoupling* budgetCoupling = nullptr;
    // A category-level demand fit that is one slice of a chain's: where the chain's estimates
    // come from, for the mean its elasticities shrink toward. Null: the fit holds them all.
    demand::CategoryEstimateGathering* categoryEstimates = nullptr;
};

// What a job run hands back to its front end: the recorded run, the fingerprint of what it
// read, the summary its command prints with --json, the files it wrote and its warnings.
struct JobOutcome {
    qint64 runId = -1;  // -1: not recorded (a read-only project, or an analysis of a file)
    Provenance provenance;
    QJsonObject summary;
    QStringList files;
    QStringList warnings;
};

// A job run from its request's JSON: RequestType::fromJson, load (taking the fingerprint), compute,
// record, write the outputs. Throws mb::Error for a bad request or input (nothing recorded).
using JobRunner = std::function<JobOutcome(const QJsonObject& request, JobContext& context)>;

struct JobEntry {
    QString analysis;  // the request's "analysis", also the runs table's analysis
    JobRunner run;
    // Each output role and its standard file name for `run --out DIR`.
    OutputFiles files;
};

// Every analysis that can be run from a request, in one list (JobRegistry.cpp).
const std::vector<JobEntry>& allJobs();
// nullptr when no job has that name.
const JobEntry* findJob(const QString& analysis);

}  // namespace mb::jobs
