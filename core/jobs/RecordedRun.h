#pragma once

#include "common/Error.h"
#include "jobs/Job.h"

#include <QJsonArray>
#include <optional>

namespace mb::jobs {

// Throws Cancelled when the token has been cancelled; call it after each step of a job.
inline void throwIfCancelled(const ProgressToken& progress) {
    if (progress.isCancelled())
        throw Cancelled();
}

// The middle every job on a project (context.project set) shares once its inputs are loaded (and
// its provenance holds their fingerprint): compute the result, then record it (record() adds the
// decisions, writes the files and fills the outcome's summary, all inside the run's transaction)
// and commit. A failure or a cancel in either step is recorded as a failed or cancelled run and
// rethrown, so the caller reports it; the project's data and decisions are as they were.
template <typename Compute, typename Record>
JobOutcome computeAndRecord(JobContext& context, const Provenance& provenance, Compute compute,
                            Record record) {
    RunRecorder recorder(*context.project, provenance, context.recording);
    JobOutcome outcome;
    outcome.provenance = provenance;
    try {
        auto result = compute(context.progress);
        throwIfCancelled(context.progress);
        recorder.begin();
        record(result, recorder, outcome);
        // Every file the run wrote is listed with it, so `erase` and a replay find them all.
        if (!outcome.files.isEmpty() && !outcome.summary.contains(QStringLiteral("files")))
            outcome.summary.insert(QStringLiteral("files"),
                                   QJsonArray::fromStringList(outcome.files));
        recorder.finish(outcome.summary);
    } catch (const Error& error) {
        recorder.recordFailure(error);
        throw;
    }
    outcome.runId = recorder.id();
    if (const QString warning = recorder.notRecordedWarning(); !warning.isEmpty())
        outcome.warnings.push_back(warning);
    return outcome;
}

}  // namespace mb::jobs
