#include "RecordedJob.h"

#include "Cli.h"
#include "OutputCheck.h"
#include "Warnings.h"

#include "common/Progress.h"

namespace mb::cli {

RecordedJob runRecordedJob(data::Project& project, const jobs::JobRunner& run,
                           const QJsonObject& request, const jobs::OutputFiles& outputs) {
    ProgressToken progress;
    jobs::JobContext context{&project, progress, outputs,
                             jobs::RunRecorder::Recording::WhenWritable};
    RecordedJob job{run(request, context), {}};
    printWarnings(job.outcome.warnings);
    job.summary = job.outcome.summary;
    job.summary.insert(QStringLiteral("run_id"),
                       job.outcome.runId >= 0 ? QJsonValue(job.outcome.runId) : QJsonValue());
    return job;
}

int refuseProjectOut(const QCommandLineParser& parser, const QCommandLineOption& out) {
    exporting::CommandFiles files;
    files.addProject(parser.positionalArguments().at(0));
    if (parser.isSet(out))
        files.addOutput(QStringLiteral("--out"), parser.value(out));
    return refuseOverwrites(files);
}

}  // namespace mb::cli
