#include "ProjectRun.h"

#include "Cli.h"
#include "common/Error.h"
#include "data/Project.h"

#include <QJsonDocument>

namespace mb::cli {

ProjectRun::ProjectRun(data::Project& project, const QString& analysis,
                       const QJsonObject& parameters, qint64 seed, Recording recording) {
    jobs::Provenance provenance;
    provenance.analysis = analysis;
    provenance.request = parameters;
    provenance.seed = seed;
    if (!project.isReadOnly())
        provenance.inputFingerprint = project.inputFingerprint();
    recorder_ = std::make_unique<jobs::RunRecorder>(project, provenance, recording);
}

ProjectRun::~ProjectRun() = default;  // an unfinished run's transaction rolls back

qint64 ProjectRun::begin() {
    if (const QString warning = recorder_->notRecordedWarning(); !warning.isEmpty() && !warned_) {
        printError(QStringLiteral("warning: ") + warning);
        warned_ = true;
    }
    return recorder_->begin();
}

qint64 ProjectRun::id() const {
    return recorder_->id();
}

QJsonValue ProjectRun::idJson() const {
    return recorder_->idJson();
}

void ProjectRun::finish(const QJsonObject& summary) {
    recorder_->finish(summary);
}

QString compactJson(const QJsonObject& object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QCommandLineOption idListOption(const QString& name, const QString& things) {
    return QCommandLineOption(name, QStringLiteral("Only these %1 (comma-separated).").arg(things),
                              QStringLiteral("LIST"));
}

QStringList commaList(const QCommandLineParser& parser, const QCommandLineOption& option) {
    QStringList items;
    for (const QString& value : parser.values(option))
        for (const QString& item : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
            items.push_back(item.trimmed());
    return items;
}

}  // namespace mb::cli
