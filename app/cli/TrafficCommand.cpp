#include "Cli.h"
#include "MemoryLimitOption.h"
#include "OutputCheck.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "traffic/CountLoader.h"
#include "traffic/PathLoader.h"
#include "traffic/PurchaseLoader.h"
#include "traffic/TrafficAnalysis.h"
#include "traffic/TrafficCsv.h"
#include "traffic/ZoneLoader.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <algorithm>
#include <cmath>

namespace mb::cli {

namespace {

// The files --out DIR receives (transitions and paths only from shopper paths).
constexpr const char* kTrafficFiles[] = {"zones.csv", "hours.csv", "transitions.csv", "paths.csv"};

QJsonValue trafficNumber(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

// The ten most frequent moves between two zones or into and out of the store.
QJsonArray topTransitions(const traffic::TrafficAnalysis& analysis) {
    struct Move {
        int from;
        int to;
        std::int64_t moves;
    };
    std::vector<Move> moves;
    const traffic::ZoneTransitions& transitions = analysis.transitions;
    for (int from = 0; from < transitions.stateCount(); ++from) {
        for (int to = 0; to < transitions.stateCount(); ++to) {
            if (transitions.moves(from, to) > 0)
                moves.push_back({from, to, transitions.moves(from, to)});
        }
    }
    std::stable_sort(moves.begin(), moves.end(),
                     [](const Move& a, const Move& b) { return a.moves > b.moves; });
    QJsonArray top;
    for (std::size_t i = 0; i < std::min<std::size_t>(10, moves.size()); ++i) {
        top.append(QJsonObject{
            {QStringLiteral("from"),
             QString::fromStdString(traffic::stateName(analysis, moves[i].from))},
            {QStringLiteral("to"),
             QString::fromStdString(traffic::stateName(analysis, moves[i].to))},
            {QStringLiteral("moves"), qint64(moves[i].moves)},
            {QStringLiteral("probability"), transitions.probability(moves[i].from, moves[i].to)}});
    }
    return top;
}

QJsonObject trafficSummary(const traffic::TrafficAnalysis& analysis, const QStringList& written,
                           double seconds) {
    const bool paths = analysis.source == traffic::TrafficSource::Paths;
    QJsonArray zones;
    for (std::size_t z = 0; z < analysis.zones.size(); ++z) {
        const traffic::ZoneTraffic& zone = analysis.zoneTraffic[z];
        zones.append(
            QJsonObject{{QStringLiteral("zone"), QString::fromStdString(analysis.zones[z].zone)},
                        {QStringLiteral("visits"), zone.visits},
                        {QStringLiteral("exposure"), trafficNumber(zone.exposure)},
                        {QStringLiteral("dwell_mean"), trafficNumber(zone.dwell.mean)}});
    }
    QJsonObject conversion{{QStringLiteral("available"), analysis.conversion.available}};
    if (analysis.conversion.available) {
        conversion.insert(QStringLiteral("trips"), qint64(analysis.conversion.trips));
        conversion.insert(QStringLiteral("converted_trips"),
                          qint64(analysis.conversion.convertedTrips));
        conversion.insert(QStringLiteral("rate"), analysis.conversion.rate);
    } else {
        conversion.insert(QStringLiteral("reason"), analysis.conversion.reason);
    }
    QJsonObject summary{
        {QStringLiteral("source"), paths ? QStringLiteral("paths") : QStringLiteral("counts")},
        {QStringLiteral("zones"), qint64(analysis.zones.size())},
        {QStringLiteral("zone_traffic"), zones},
        {QStringLiteral("conversion"), conversion},
        {QStringLiteral("files"), QJsonArray::fromStringList(written)},
        {QStringLiteral("seconds"), seconds}};
    if (paths) {
        summary.insert(QStringLiteral("observations"), qint64(analysis.observations));
        summary.insert(QStringLiteral("shoppers"), qint64(analysis.shoppers));
        summary.insert(QStringLiteral("trips"), qint64(analysis.trips));
        summary.insert(QStringLiteral("moves"), qint64(analysis.transitions.totalMoves()));
        summary.insert(QStringLiteral("top_transitions"), topTransitions(analysis));
    } else {
        summary.insert(QStringLiteral("shoppers"), QJsonValue(QJsonValue::Null));
        summary.insert(QStringLiteral("trips"), QJsonValue(QJsonValue::Null));
        summary.insert(QStringLiteral("top_transitions"), QJsonArray());
    }
    return summary;
}

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
                                 QStringLiteral("N"));
    const QCommandLineOption tripGap(
        QStringLiteral("trip-gap"),
        QStringLiteral("Seconds of silence that end a shopper's trip (default 3600; 0: never)."),
        QStringLiteral("SECONDS"));
    const QCommandLineOption out(
        QStringLiteral("out"),
        QStringLiteral("Folder for zones.csv, hours.csv and, from paths, transitions.csv and "
                       "paths.csv (required; created when missing)."),
        QStringLiteral("DIR"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print a summary as one JSON object."));
    for (const QCommandLineOption& option : {from, top, tripGap, out, json}) {
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
    for (const char* name : kTrafficFiles)
        files.addOutputMakingFolder(QStringLiteral("--out"),
                                    QDir(parser.value(out)).filePath(QString::fromLatin1(name)));
    if (const int refused = refuseOverwrites(files); refused >= 0)
        return refused;
    const QString source = parser.value(from);
    if (parser.isSet(from) && source != QStringLiteral("paths") &&
        source != QStringLiteral("counts")) {
        printError(QStringLiteral("--from: expected paths or counts (%1)").arg(source));
        return UsageError;
    }
    traffic::TrafficOptions options;
    if (parser.isSet(top)) {
        bool ok = false;
        options.topPaths = parser.value(top).toInt(&ok);
        if (!ok || options.topPaths < 1) {
            printError(QStringLiteral("--top: expected a whole number of at least 1 (%1)")
                           .arg(parser.value(top)));
            return UsageError;
        }
    }
    if (parser.isSet(tripGap)) {
        bool ok = false;
        options.trip.maxGapSeconds = parser.value(tripGap).toLongLong(&ok);
        if (!ok || options.trip.maxGapSeconds < 0) {
            printError(QStringLiteral("--trip-gap: expected a whole number of seconds >= 0 (%1)")
                           .arg(parser.value(tripGap)));
            return UsageError;
        }
    }

    std::optional<MemoryBudget> budget = readMemoryLimit(parser, "traffic");
    if (!budget)
        return UsageError;
    options.budget = &*budget;

    try {
        QElapsedTimer timer;
        timer.start();
        const auto project = data::Project::open(parser.positionalArguments().at(0),
                                                 data::Project::OpenMode::MustExist);
        const bool hasPaths = data::queryInt(project->db(), "SELECT COUNT(*) FROM paths") > 0;
        const bool usePaths = parser.isSet(from) ? source == QStringLiteral("paths") : hasPaths;
        std::vector<traffic::ZoneInfo> zones = traffic::loadZones(*project);
        traffic::TrafficAnalysis analysis;
        if (usePaths) {
            if (!hasPaths)
                throw Error(QStringLiteral("%1: the project has no shopper paths (import a file "
                                           "with --kind paths, or use --from counts)")
                                .arg(project->path()));
            const std::vector<traffic::PathObservation> observations =
                traffic::loadPaths(*project, zones);
            analysis = traffic::analysePaths(std::move(zones), observations,
                                             traffic::loadCustomerPurchases(*project), options);
        } else {
            const std::vector<traffic::ZoneHourCount> counts =
                traffic::loadZoneCounts(*project, zones);
            if (counts.empty())
                throw Error(QStringLiteral("%1: the project has no zone counts (import a file "
                                           "with --kind traffic)")
                                .arg(project->path()));
            analysis = traffic::analyseCounts(std::move(zones), counts);
        }

        const QString dir = parser.value(out);
        if (!QDir().mkpath(dir))
            throw Error(QStringLiteral("%1: cannot create the folder").arg(dir));
        const auto file = [&](const char* name) {
            return QDir(dir).filePath(QString::fromLatin1(name));
        };
        QStringList written{file(kTrafficFiles[0]), file(kTrafficFiles[1])};
        traffic::writeZonesCsv(written[0], analysis);
        traffic::writeHoursCsv(written[1], analysis);
        if (usePaths) {
            written << file(kTrafficFiles[2]) << file(kTrafficFiles[3]);
            traffic::writeTransitionsCsv(written[2], analysis);
            traffic::writeCommonPathsCsv(written[3], analysis);
        }
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        if (parser.isSet(json)) {
            printJson(trafficSummary(analysis, written, seconds));
        } else if (usePaths) {
            printLine(QStringLiteral("%1 observations, %2 shoppers, %3 trips, %4 zones -> %5")
                          .arg(analysis.observations)
                          .arg(analysis.shoppers)
                          .arg(analysis.trips)
                          .arg(analysis.zones.size())
                          .arg(dir));
            if (!analysis.conversion.available)
                printLine(QStringLiteral("conversion: not available (%1)")
                              .arg(analysis.conversion.reason));
        } else {
            printLine(QStringLiteral("hourly counts of %1 zones -> %2")
                          .arg(analysis.zones.size())
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
