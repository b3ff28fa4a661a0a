#include "Cli.h"

#include "common/Error.h"
#include "data/HealthReport.h"
#include "data/Kind.h"
#include "data/Project.h"

#include <QLocale>

namespace mb::cli {

static int infoCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("Project file."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print counts and health as one JSON object."));
    parser.addOption(json);
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Row counts per kind and the data-health report of a project."), 1, 1);
    if (parsed >= 0)
        return parsed;

    std::unique_ptr<data::Project> project;
    try {
        project = data::Project::open(parser.positionalArguments().at(0),
                                      data::Project::OpenMode::MustExist);
        QJsonObject counts;
        for (const data::KindSpec& kind : data::allKinds()) {
            counts.insert(kind.name, project->rowCount(kind));
        }
        const data::HealthReport health = data::checkHealth(*project);
        if (parser.isSet(json)) {
            printJson(QJsonObject{{QStringLiteral("project"), project->path()},
                                  {QStringLiteral("schema_version"), project->schemaVersion()},
                                  {QStringLiteral("counts"), counts},
                                  {QStringLiteral("health"), health.toJson()}});
            return Success;
        }
        const QLocale locale(QLocale::English);
        printLine(QStringLiteral("Project %1 (format %2)")
                      .arg(project->path())
                      .arg(project->schemaVersion()));
        for (const data::KindSpec& kind : data::allKinds()) {
            printLine(QStringLiteral("  %1 %2")
                          .arg(kind.name, -12)
                          .arg(locale.toString(counts.value(kind.name).toInteger()), 12));
        }
        printLine(QStringLiteral("\nData health:"));
        if (health.findings.empty())
            printLine(QStringLiteral("  nothing to report"));
        for (const data::HealthFinding& finding : health.findings) {
            const QString severity =
                finding.severity == data::Severity::Problem   ? QStringLiteral("problem")
                : finding.severity == data::Severity::Warning ? QStringLiteral("warning")
                                                              : QStringLiteral("info");
            printLine(QStringLiteral("  [%1] %2: %3").arg(severity, finding.kind, finding.message));
        }
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{"info", "info PROJECT [--json]", infoCommand};

}  // namespace mb::cli
