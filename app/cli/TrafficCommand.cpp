#include "Cli.h"
#include "MemoryLimitOption.h"
#include "Options.h"
#include "OutputCheck.h"
#include "Warnings.h"

#include "common/Error.h"
#include "common/Progress.h"
#include "data/Project.h"
#include "traffic/TrafficJob.h"

#include <QDir>

namespace mb::cli {

namespace {

// The files --out DIR receives, by the job's output role (transitions and paths only from
// shopper paths).
const std::pair<const char*, const char*> kTrafficFiles[] = {{"zones", "zones.csv"},
                                                             {"hours", "hours.csv"},
                                                             {"transitions", "transitions.csv"},
                                                             {"paths", "paths.csv"}};

}  // namespace

static int trafficCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("Project file."));
    const QCommandLineOption from(
        QStringLiteral("from"),
        QStringLiteral("paths (shopper paths; the default when the project has any) or counts "
                       "(hourly zone counts)."),
        QStringLiteral("SOURCE"));
    const QCommandLineOption top(QStringLiteral("top"),
                                 QStringLiteral("Common paths to list (default 20)."),
                                 QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption tripGap(
        QStringLiteral("trip-gap"),
        QStringLiteral("Seconds of silence that end a shopper's trip (default 3600; 0: never)."),
        QStringLiteral("SECONDS"), QStringLiteral("3600"));
    const QCommandLineOption shopperIds(
        QStringLiteral("shopper-ids"),
        QStringLiteral("per-day (an id names one shopper within a day, as when the tracker "
                       "restarts its numbering daily) or persistent (one shopper on every day); "
                       "default: persistent when most ids are the project's customer ids."),
        QStringLiteral("IDS"));
    const QCommandLineOption out(
        QStringLiteral("out"),
        QStringLiteral("Folder for zones.csv, hours.csv and, from paths, transitions.csv and "
                       "paths.csv (required; created when missing)."),
        QStringLiteral("DIR"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print a summary as one JSON object."));
    for (const QCommandLineOption& option : {from, top, tripGap, shopperIds, out, json}) {
        parser.addOption(option);
    }
    addMemoryLimitOption(parser);
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Foot traffic: zone visits, exposure, dwell, zone-to-zone transitions, "
                       "common paths, hour-of-day profile and conversion where baskets link."),
        1, 1);
    if (parsed >= 0)
        return parsed;

    if (!parser.isSet(out)) {
        printError(QStringLiteral("traffic: --out is required."));
        return UsageError;
    }
    exporting::CommandFiles files;
    files.addProject(parser.positionalArguments().at(0));
    for (const auto& [role, name] : kTrafficFiles)
        files.addOutputMakingFolder(QStringLiteral("--out"),
                                    QDir(parser.value(out)).filePath(QString::fromLatin1(name)));
    if (const int refused = refuseOverwrites(files); refused >= 0)
        return refused;
    traffic::TrafficRequest request;
    const QString source = parser.value(from);
    if (parser.isSet(from) && source != QStringLiteral("paths") &&
        source != QStringLiteral("counts")) {
        printError(QStringLiteral("--from: expected paths or counts (%1)").arg(source));
        return UsageError;
    }
    if (parser.isSet(from))
        request.from = source == QStringLiteral("paths") ? traffic::TrafficRequest::From::Paths
                                                         : traffic::TrafficRequest::From::Counts;
    if (parser.isSet(shopperIds)) {
        const QString ids = parser.value(shopperIds);
        if (ids != QStringLiteral("per-day") && ids != QStringLiteral("persistent")) {
            printError(
                QStringLiteral("--shopper-ids: expected per-day or persistent (%1)").arg(ids));
            return UsageError;
        }
        request.shopperIds = ids == QStringLiteral("per-day")
                                 ? traffic::TrafficRequest::Ids::PerDay
                                 : traffic::TrafficRequest::Ids::Persistent;
    }
    try {
        request.topPaths = static_cast<int>(wholeOption(parser, top, 1, 1000000));
        request.tripGapSeconds = wholeOption(parser, tripGap, 0);
    } catch (const UsageProblem& problem) {
        printError(problem.message());
        return UsageError;
    }
    const std::optional<qint64> memoryLimit = readMemoryLimitBytes(parser, "traffic");
    if (!memoryLimit)
        return UsageError;
    request.memoryLimit = *memoryLimit;

    try {
        const auto project = data::Project::open(parser.positionalArguments().at(0),
                                                 data::Project::OpenMode::MustExist);
        const QString dir = parser.value(out);
        jobs::OutputFiles outputs;
        for (const auto& [role, name] : kTrafficFiles)
            outputs.insert(QString::fromLatin1(role),
                           QDir(dir).filePath(QString::fromLatin1(name)));
        ProgressToken progress;
        jobs::JobContext context{project.get(), progress, outputs,
                                 jobs::RunRecorder::Recording::WhenWritable};
        const jobs::JobOutcome outcome = traffic::runTrafficJob(request.toJson(), context);
        printWarnings(outcome.warnings);
        QJsonObject summary = outcome.summary;
        summary.insert(QStringLiteral("run_id"),
                       outcome.runId >= 0 ? QJsonValue(outcome.runId) : QJsonValue());
        addWarnings(summary, outcome.warnings);
        if (parser.isSet(json)) {
            printJson(summary);
        } else if (summary.value(QStringLiteral("source")) == QStringLiteral("paths")) {
            printLine(QStringLiteral("%1 observations, %2 shoppers, %3 trips, %4 zones -> %5")
                          .arg(summary.value(QStringLiteral("observations")).toInteger())
                          .arg(summary.value(QStringLiteral("shoppers")).toInteger())
                          .arg(summary.value(QStringLiteral("trips")).toInteger())
                          .arg(summary.value(QStringLiteral("zones")).toInteger())
                          .arg(dir));
            printLine(summary.value(QStringLiteral("shopper_ids_reason")).toString());
            const QJsonObject conversion = summary.value(QStringLiteral("conversion")).toObject();
            if (!conversion.value(QStringLiteral("available")).toBool())
                printLine(QStringLiteral("conversion: not available (%1)")
                              .arg(conversion.value(QStringLiteral("reason")).toString()));
        } else {
            printLine(QStringLiteral("hourly counts of %1 zones -> %2")
                          .arg(summary.value(QStringLiteral("zones")).toInteger())
                          .arg(dir));
        }
    } catch (const MemoryBudgetExceeded& error) {
        printError(QStringLiteral("traffic: ") + error.message());
        return InputError;
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "traffic",
    "traffic PROJECT [--from paths|counts] [--top N] [--trip-gap SECONDS] --out DIR "
    "[--memory-limit SIZE] [--json]",
    trafficCommand};

}  // namespace mb::cli
