#include "ProjectRun.h"

#include "Cli.h"
#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <QFileInfo>
#include <QJsonDocument>

namespace mb::cli {

ProjectRun::ProjectRun(data::Project& project, const QString& analysis,
                       const QJsonObject& parameters, qint64 seed, Recording recording)
    : project_(project),
      analysis_(analysis),
      parameters_(compactJson(parameters)),
      seed_(seed),
      recorded_(!project.isReadOnly()) {
    if (!recorded_ && recording == Recording::Required) {
        throw Error(QStringLiteral("the project %1 is read-only (%2): the %3 run and its results "
                                   "cannot be recorded in it; nothing was written")
                        .arg(project.path(), project.readOnlyReason(), analysis));
    }
    if (recorded_)
        fingerprint_ = project.inputFingerprint();
}

ProjectRun::~ProjectRun() = default;  // an unfinished run's transaction rolls back

qint64 ProjectRun::begin() {
    if (!recorded_) {
        printError(QStringLiteral("warning: the project %1 is read-only (%2); this %3 run is not "
                                  "recorded in it")
                       .arg(project_.path(), project_.readOnlyReason(), analysis_));
        return id_;
    }
    if (transaction_)
        return id_;
    transaction_ = std::make_unique<data::Transaction>(project_.db());
    id_ = project_.beginRun(analysis_, parameters_, seed_, fingerprint_);
    return id_;
}

QJsonValue ProjectRun::idJson() const {
    return recorded_ ? QJsonValue(id_) : QJsonValue();
}

void ProjectRun::finish(const QJsonObject& summary) {
    if (!recorded_)
        return;
    begin();
    // `erase` later lists these files from whatever folder it is run in: a path relative to
    // this run's folder would name another file, or none.
    QJsonObject recorded = summary;
    for (const char* key : {"out", "xlsx"}) {
        const QJsonValue path = recorded.value(QLatin1String(key));
        if (path.isString() && !path.toString().isEmpty())
            recorded[QLatin1String(key)] = QFileInfo(path.toString()).absoluteFilePath();
    }
    project_.finishRun(id_, QStringLiteral("finished"), compactJson(recorded));
    transaction_->commit();
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
