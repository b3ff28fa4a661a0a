#include "Cli.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <QJsonDocument>

namespace mb::cli {

static int requestCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("Project file."));
    parser.addPositionalArgument(QStringLiteral("RUN_ID"),
                                 QStringLiteral("A run's id (merchbench-cli info lists runs)."));
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Prints the recorded request of a run (made by the CLI or the GUI) as "
                       "JSON, with the fingerprint of the data it read: save it and give it to "
                       "`merchbench-cli run` to run the analysis again."),
        2, 2);
    if (parsed >= 0)
        return parsed;
    bool ok = false;
    const qint64 runId = parser.positionalArguments().at(1).toLongLong(&ok);
    if (!ok || runId <= 0) {
        printError(QStringLiteral("RUN_ID: expected a run's id (a whole number >= 1), got %1")
                       .arg(parser.positionalArguments().at(1)));
        return UsageError;
    }
    try {
        const auto project = data::Project::open(parser.positionalArguments().at(0),
                                                 data::Project::OpenMode::MustExist);
        data::Statement select(project->db(),
                               "SELECT analysis, parameters, input_fingerprint, program_version, "
                               "status FROM runs WHERE id = ?1");
        select.bind(1, static_cast<std::int64_t>(runId));
        if (!select.step())
            throw Error(QStringLiteral("%1 has no run %2").arg(project->path()).arg(runId));
        QJsonParseError error{};
        const QJsonDocument parameters = QJsonDocument::fromJson(select.text(1).toUtf8(), &error);
        if (!parameters.isObject())
            throw Error(QStringLiteral("run %1 of %2 has no readable request (%3)")
                            .arg(runId)
                            .arg(project->path(), error.errorString()));
        QJsonObject request = parameters.object();
        // Runs recorded before requests were kept whole lack the analysis name.
        if (!request.contains(QStringLiteral("analysis")))
            request.insert(QStringLiteral("analysis"), select.text(0));
        request.insert(QStringLiteral("input_fingerprint"), select.text(2));
        request.insert(QStringLiteral("run_id"), runId);
        request.insert(QStringLiteral("program_version"), select.text(3));
        if (select.text(4) != QStringLiteral("finished"))
            printError(QStringLiteral("warning: run %1 did not finish (its status is %2)")
                           .arg(runId)
                           .arg(select.text(4)));
        printLine(
            QString::fromUtf8(QJsonDocument(request).toJson(QJsonDocument::Indented)).trimmed());
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{"request", "request PROJECT RUN_ID", requestCommand};

}  // namespace mb::cli
