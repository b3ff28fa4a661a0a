#include "ProjectRun.h"

#include "common/Error.h"
#include "data/Project.h"

#include <QJsonDocument>

namespace mb::cli {

ProjectRun::ProjectRun(data::Project& project, const QString& analysis,
                       const QJsonObject& parameters, qint64 seed)
    : project_(project), id_(project.beginRun(analysis, compactJson(parameters), seed)) {}

ProjectRun::~ProjectRun() {
    if (finished_)
        return;
    try {
        project_.finishRun(id_, QStringLiteral("failed"), QStringLiteral("{}"));
    } catch (const Error&) {
        // The command is already reporting why it stopped; a second message would hide it.
    }
}

void ProjectRun::finish(const QJsonObject& summary) {
    project_.finishRun(id_, QStringLiteral("finished"), compactJson(summary));
    finished_ = true;
}

void ProjectRun::fail(const QString& reason) {
    try {
        project_.finishRun(id_, QStringLiteral("failed"),
                           compactJson(QJsonObject{{QStringLiteral("error"), reason}}));
        finished_ = true;
    } catch (const Error&) {
        // The reason is being reported to the user; the destructor tries once more.
    }
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
