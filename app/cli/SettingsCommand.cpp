#include "Cli.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/SavedScenarios.h"
#include "data/TrafficStore.h"
#include "pg/PublishSink.h"

namespace mb::cli {

// The project's own settings (today its currency), shown or changed.
static int settingsCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("Project file."));
    const QCommandLineOption currency(
        QStringLiteral("currency"),
        QStringLiteral("Set the project's currency: a three-letter ISO 4217 code such as USD."),
        QStringLiteral("CODE"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the settings as one JSON object."));
    const QCommandLineOption trafficStore(
        QStringLiteral("traffic-store"),
        QStringLiteral("Set the store the project's traffic and paths were counted in (\"\" "
                       "clears it): a layout read for that store uses them."),
        QStringLiteral("STORE"));
    const QCommandLineOption publishTo(
        QStringLiteral("publish-to"),
        QStringLiteral("Set the PostgreSQL database the GUI publishes approved runs to: a "
                       "postgresql:// URI without a password (libpq's PGPASSWORD, ~/.pgpass or "
                       "service file supplies it); \"\" clears it."),
        QStringLiteral("URI"));
    parser.addOption(currency);
    parser.addOption(trafficStore);
    parser.addOption(publishTo);
    parser.addOption(json);
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Show or set a project's settings (its currency, the store of its "
                       "traffic, the database it publishes to)."),
        1, 1);
    if (parsed >= 0)
        return parsed;
    try {
        const auto project = data::Project::open(parser.positionalArguments().at(0),
                                                 data::Project::OpenMode::MustExist);
        if (parser.isSet(currency))
            data::setProjectCurrency(*project, parser.value(currency));
        if (parser.isSet(trafficStore))
            data::setTrafficStore(*project, parser.value(trafficStore));
        if (parser.isSet(publishTo))
            pg::setPublishSink(*project, parser.value(publishTo));
        const QString code = data::projectCurrency(*project);
        const QString counted = data::trafficStore(*project);
        const QString sink = pg::publishSink(*project);
        if (parser.isSet(json)) {
            printJson(QJsonObject{{QStringLiteral("project"), project->path()},
                                  {QStringLiteral("currency"), code},
                                  {QStringLiteral("traffic_store"), counted},
                                  {QStringLiteral("publish_to"), sink}});
        } else {
            printLine(QStringLiteral("currency: %1")
                          .arg(code.isEmpty() ? QStringLiteral("not set") : code));
            printLine(QStringLiteral("traffic store: %1")
                          .arg(counted.isEmpty() ? QStringLiteral("not set") : counted));
            printLine(QStringLiteral("publish to: %1")
                          .arg(sink.isEmpty() ? QStringLiteral("not set") : sink));
        }
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "settings",
    "settings PROJECT [--currency CODE] [--traffic-store STORE] [--publish-to URI] [--json]",
    settingsCommand};

}  // namespace mb::cli
