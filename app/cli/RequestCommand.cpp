#include "Cli.h"

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
        const jobs::RecordedRequest recorded = jobs::recordedRequest(*project, runId);
        if (recorded.status != QStringLiteral("finished"))
            printError(QStringLiteral("warning: run %1 did not finish (its status is %2)")
                           .arg(runId)
                           .arg(recorded.status));
        printLine(QString::fromUtf8(QJsonDocument(recorded.request).toJson(QJsonDocument::Indented))
                      .trimmed());
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{"request", "request PROJECT RUN_ID", requestCommand};

}  // namespace mb::cli
