#pragma once

#include <QCommandLineParser>
#include <QJsonObject>
#include <QStringList>

namespace mb::data {
class Project;
}

namespace mb::cli {

// An analysis run recorded in the project: begun with its parameters and seed, finished with a
// summary, or marked failed when the command stops before finish() (an error unwinds it).
class ProjectRun {
public:
    ProjectRun(data::Project& project, const QString& analysis, const QJsonObject& parameters,
               qint64 seed = 0);
    ~ProjectRun();
    ProjectRun(const ProjectRun&) = delete;
    ProjectRun& operator=(const ProjectRun&) = delete;

    qint64 id() const { return id_; }
    void finish(const QJsonObject& summary);
    // Marks the run failed with the reason the user was given.
    void fail(const QString& reason);

private:
    data::Project& project_;
    qint64 id_ = -1;
    bool finished_ = false;
};

QString compactJson(const QJsonObject& object);

// --products or --stores: "Only these <things> (comma-separated)." with value LIST.
QCommandLineOption idListOption(const QString& name, const QString& things);

// The values of a repeatable option, each split at commas: --products A,B --products C.
QStringList commaList(const QCommandLineParser& parser, const QCommandLineOption& option);

}  // namespace mb::cli
