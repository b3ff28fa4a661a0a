#include "Cli.h"
#include "Options.h"

#include "common/Error.h"
#include "data/Project.h"
#include "jobs/RecordedRequest.h"

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
    try {
        const qint64 runId = runIdArgument(parser.positionalArguments().at(1));
        const auto project = data::Project::open(parser.positionalArguments().at(0),
                                                 data::Project::OpenMode::MustExist);
        const jobs::RecordedRequest recorded = jobs::recordedRequest(*project, runId);
        if (recorded.status != QStringLiteral("finished"))
            printError(QStringLiteral("warning: run %1 did not finish (its status is %2)")
                           .arg(runId)
                           .arg(recorded.status));
        printLine(QString::fromUtf8(QJsonDocument(recorded.request).toJson(QJsonDocument::Indented))
                      .trimmed());
    } catch (const UsageProblem& problem) {
        printError(problem.message());
        return UsageError;
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{"request", "request PROJECT RUN_ID", requestCommand};

}  // namespace mb::cli
