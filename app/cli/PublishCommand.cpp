#include "Cli.h"
#include "Options.h"

#include "common/Error.h"
#include "data/Project.h"
#include "pg/PgConnection.h"
#include "pg/RunPublisher.h"

#include <QLocale>
#include <QRegularExpression>

namespace mb::cli {

static int publishCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("Project file."));
    parser.addPositionalArgument(QStringLiteral("RUN_ID"),
                                 QStringLiteral("The finished run whose decisions to publish."));
    const QCommandLineOption to(
        QStringLiteral("to"),
        QStringLiteral("The database: a postgresql:// URI; what it leaves out comes from PG* "
                       "variables, the service file and ~/.pgpass."),
        QStringLiteral("URI"));
    const QCommandLineOption runKey(
        QStringLiteral("run-key"),
        QStringLiteral("The key the rows are published under (default: ANALYSIS-RUN_ID-HASH of "
                       "the request and its data). Publishing a key again changes nothing."),
        QStringLiteral("K"));
    const QCommandLineOption schemaSql(
        QStringLiteral("schema-sql"),
        QStringLiteral("Print the statements a DBA runs once to create the merchbench tables and "
                       "let --role publish (no PROJECT, no database)."));
    const QCommandLineOption role(QStringLiteral("role"),
                                  QStringLiteral("--schema-sql: the publishing role."),
                                  QStringLiteral("ROLE"), QStringLiteral("merchbench_publisher"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print what was published as one JSON object."));
    for (const auto& option : {to, runKey, schemaSql, role, json})
        parser.addOption(option);
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Writes a recorded run's decisions (price changes, offer list, layout "
                       "scenario) with its provenance to the tables of schema merchbench in "
                       "PostgreSQL, in one transaction."),
        0, 2);
    if (parsed >= 0)
        return parsed;
    if (parser.isSet(schemaSql)) {
        static const QRegularExpression plainName(QStringLiteral("^[a-z_][a-z0-9_]*$"));
        if (!plainName.match(parser.value(role)).hasMatch()) {
            printError(QStringLiteral("publish: --role takes a plain role name (a-z, 0-9, _)."));
            return UsageError;
        }
        printLine(pg::publishSchemaSql(parser.value(role)).trimmed());
        return Success;
    }
    if (parser.positionalArguments().size() != 2) {
        printError(QStringLiteral("publish: give PROJECT and RUN_ID."));
        return UsageError;
    }
    if (!pg::isPostgresUri(parser.value(to))) {
        printError(QStringLiteral("publish: --to takes a postgresql:// URI."));
        return UsageError;
    }
    try {
        const qint64 runId = runIdArgument(parser.positionalArguments().at(1));
        const auto project = data::Project::open(parser.positionalArguments().at(0),
                                                 data::Project::OpenMode::MustExist);
        const pg::PublishReport report =
            pg::publishRun(*project, runId, parser.value(to), parser.value(runKey));
        if (parser.isSet(json)) {
            printJson(report.toJson());
        } else if (report.alreadyPublished) {
            printLine(QStringLiteral("run %1 was published before as %2 in %3; nothing changed.")
                          .arg(runId)
                          .arg(report.runKey, report.sink));
        } else {
            const QLocale locale(QLocale::English);
            printLine(QStringLiteral("published run %1 as %2 to %3: %4 price changes, %5 offers, "
                                     "%6 layout rows.")
                          .arg(runId)
                          .arg(report.runKey, report.sink, locale.toString(report.priceChanges),
                               locale.toString(report.offers),
                               locale.toString(report.layoutMoves)));
        }
    } catch (const UsageProblem& problem) {
        printError(problem.message());
        return UsageError;
    } catch (const Error& error) {
        printError(QStringLiteral("publish: %1; nothing was published.").arg(error.message()));
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "publish", "publish PROJECT RUN_ID --to postgresql://... [--run-key K] [--json]",
    publishCommand};

}  // namespace mb::cli
