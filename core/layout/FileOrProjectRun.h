#pragma once

#include "common/MemoryBudget.h"
#include "jobs/RecordedRun.h"

namespace mb::layout {

// What a request's memory_limit asks for: its bytes, or (0) the machine's default.
inline MemoryBudget requestedBudget(qint64 memoryLimit) {
    return memoryLimit > 0 ? MemoryBudget(static_cast<std::uint64_t>(memoryLimit))
                           : MemoryBudget::machineDefault();
}

// The provenance of a run of `request` on inputs with this fingerprint.
inline jobs::Provenance requestProvenance(const QJsonObject& request, const QString& fingerprint,
                                          qint64 seed = 0, bool replayMayDiffer = false) {
    jobs::Provenance provenance;
    provenance.analysis = request.value(QStringLiteral("analysis")).toString();
    provenance.request = request;
    provenance.inputFingerprint = fingerprint;
    provenance.seed = seed;
    provenance.replayMayDiffer = replayMayDiffer;
    return provenance;
}

// The middle of a job that reads either the project it runs on or a file: on a project the run
// is recorded (jobs::computeAndRecord); on a file there is no project to record it in, so the
// result is computed and written, and nothing else changes.
template <typename Compute, typename Write>
jobs::JobOutcome computeAndRecordOnProject(jobs::JobContext& context, bool onProject,
                                           const jobs::Provenance& provenance, Compute compute,
                                           Write write) {
    if (onProject && context.project)
        return jobs::computeAndRecord(context, provenance, compute,
                                      [&](const auto& result, jobs::RunRecorder&,
                                          jobs::JobOutcome& outcome) { write(result, outcome); });
    jobs::JobOutcome outcome;
    outcome.provenance = provenance;
    const auto result = compute(context.progress);
    jobs::throwIfCancelled(context.progress);
    write(result, outcome);
    return outcome;
}

}  // namespace mb::layout
