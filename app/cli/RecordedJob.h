#pragma once

#include "jobs/Job.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QJsonObject>

namespace mb::cli {

// A project's analysis run by a command as its job: recorded when the project is writable, its
// warnings printed, and the summary its --json prints with `run_id` (null when not recorded).
struct RecordedJob {
    jobs::JobOutcome outcome;
    QJsonObject summary;
};
RecordedJob runRecordedJob(data::Project& project, const jobs::JobRunner& run,
                           const QJsonObject& request, const jobs::OutputFiles& outputs = {});

// Before any work, for a command reading PROJECT (the first positional argument) and writing
// `out` when given: the exit code refuseOverwrites gives, or -1 when the file is free.
int refuseProjectOut(const QCommandLineParser& parser, const QCommandLineOption& out);

}  // namespace mb::cli
