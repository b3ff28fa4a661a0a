#pragma once

#include "jobs/RunRecorder.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QStringList>
#include <memory>

namespace mb::cli {

// The CLI commands not yet moved to a job (core/jobs) record through this thin wrapper of the
// one recorder, jobs::RunRecorder: begin() once the results are computed, finish() commits.
class ProjectRun {
public:
    using Recording = jobs::RunRecorder::Recording;

    // Takes the fingerprint of the inputs now, before the command reads them; writes nothing.
    ProjectRun(data::Project& project, const QString& analysis, const QJsonObject& parameters,
               qint64 seed = 0, Recording recording = Recording::Required);
    ~ProjectRun();
    ProjectRun(const ProjectRun&) = delete;
    ProjectRun& operator=(const ProjectRun&) = delete;

    // Opens the transaction and records the run in it; returns the run's id (-1 when it is not
    // recorded, with a warning on stderr).
    qint64 begin();
    qint64 id() const;
    QJsonValue idJson() const;
    void finish(const QJsonObject& summary);

private:
    std::unique_ptr<jobs::RunRecorder> recorder_;
    bool warned_ = false;
};

QString compactJson(const QJsonObject& object);

// --products or --stores: "Only these <things> (comma-separated)." with value LIST.
QCommandLineOption idListOption(const QString& name, const QString& things);

// The values of a repeatable option, each split at commas: --products A,B --products C.
QStringList commaList(const QCommandLineParser& parser, const QCommandLineOption& option);

}  // namespace mb::cli
