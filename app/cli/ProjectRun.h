#pragma once

#include <QCommandLineParser>
#include <QJsonObject>
#include <QStringList>

#include <memory>

namespace mb::data {
class Project;
class Transaction;
}  // namespace mb::data

namespace mb::cli {

// An analysis run recorded in the project together with everything else the command writes
// there, in one transaction: begin() opens it once the results are computed, finish() commits.
// A command that stops before finish() (an error unwinds it) leaves the project exactly as it
// was: no half-written decisions, no run left "running".
class ProjectRun {
public:
    // Required: the command's point is what it records (markdown's decisions, target's offer
    // list), so a read-only project is an error at once. WhenWritable: the run is provenance
    // only; on a read-only project the analysis still runs and says the run was not recorded.
    enum class Recording { Required, WhenWritable };

    // Takes the fingerprint of the inputs now, before the command reads them; writes nothing.
    ProjectRun(data::Project& project, const QString& analysis, const QJsonObject& parameters,
               qint64 seed = 0, Recording recording = Recording::Required);
    ~ProjectRun();
    ProjectRun(const ProjectRun&) = delete;
    ProjectRun& operator=(const ProjectRun&) = delete;

    // Opens the transaction and records the run in it; returns the run's id (-1 when it is not
    // recorded). Every write to the project from here to finish() lands with the run or not at
    // all.
    qint64 begin();
    qint64 id() const { return id_; }
    // The id for a JSON summary: null when the run is not recorded.
    QJsonValue idJson() const;
    void finish(const QJsonObject& summary);

private:
    data::Project& project_;
    QString analysis_;
    QString parameters_;
    qint64 seed_ = 0;
    QString fingerprint_;
    bool recorded_ = true;
    qint64 id_ = -1;
    std::unique_ptr<data::Transaction> transaction_;
};

QString compactJson(const QJsonObject& object);

// --products or --stores: "Only these <things> (comma-separated)." with value LIST.
QCommandLineOption idListOption(const QString& name, const QString& things);

// The values of a repeatable option, each split at commas: --products A,B --products C.
QStringList commaList(const QCommandLineParser& parser, const QCommandLineOption& option);

}  // namespace mb::cli
