#include "traffic/TrafficJob.h"

#include "common/Error.h"
#include "common/JsonNumber.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "jobs/ReadSnapshot.h"
#include "jobs/RecordedRun.h"
#include "jobs/RequestReader.h"
#include "layout/FileOrProjectRun.h"
#include "traffic/CountLoader.h"
#include "traffic/PathLoader.h"
#include "traffic/PurchaseLoader.h"
#include "traffic/TrafficCsv.h"
#include "traffic/ZoneLoader.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <algorithm>

namespace mb::traffic {

namespace {

const QString kAnalysis = QStringLiteral("traffic");

// The ten most frequent moves between two zones or into and out of the store.
QJsonArray topTransitions(const TrafficAnalysis& analysis) {
    struct Move {
        int from;
        int to;
        std::int64_t moves;
    };
    std::vector<Move> moves;
    const ZoneTransitions& transitions = analysis.transitions;
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
            {QStringLiteral("from"), QString::fromStdString(stateName(analysis, moves[i].from))},
            {QStringLiteral("to"), QString::fromStdString(stateName(analysis, moves[i].to))},
            {QStringLiteral("moves"), qint64(moves[i].moves)},
            {QStringLiteral("probability"), transitions.probability(moves[i].from, moves[i].to)}});
    }
    return top;
}

QJsonObject trafficSummary(const TrafficAnalysis& analysis, ShopperIds shopperIds,
                           const QString& shopperIdsReason, const QStringList& written,
                           double seconds) {
    const bool paths = analysis.source == TrafficSource::Paths;
    QJsonArray zones;
    for (std::size_t z = 0; z < analysis.zones.size(); ++z) {
        const ZoneTraffic& zone = analysis.zoneTraffic[z];
        zones.append(
            QJsonObject{{QStringLiteral("zone"), QString::fromStdString(analysis.zones[z].zone)},
                        {QStringLiteral("visits"), zone.visits},
                        {QStringLiteral("exposure"), jsonNumber(zone.exposure)},
                        {QStringLiteral("dwell_mean"), jsonNumber(zone.dwell.mean)}});
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
        summary.insert(QStringLiteral("shopper_ids"), shopperIds == ShopperIds::PerDay
                                                          ? QStringLiteral("per_day")
                                                          : QStringLiteral("persistent"));
        summary.insert(QStringLiteral("shopper_ids_reason"), shopperIdsReason);
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

// Shopper ids identify one shopper across days when the request says so, or (auto) when most
// of them are the project's customer ids, as loyalty-card ids are; otherwise each id is one
// shopper per day, since tracking systems often restart their numbering every day.
void decideShopperIds(data::Project& project, TrafficRequest::Ids asked, TrafficInputs& inputs) {
    if (asked == TrafficRequest::Ids::Persistent) {
        inputs.shopperIds = ShopperIds::Persistent;
        inputs.shopperIdsReason = QStringLiteral("shopper ids persist across days (as asked)");
        return;
    }
    if (asked == TrafficRequest::Ids::PerDay) {
        inputs.shopperIds = ShopperIds::PerDay;
        inputs.shopperIdsReason = QStringLiteral("shopper ids are counted per day (as asked)");
        return;
    }
    const qint64 shoppers =
        data::queryInt(project.db(), "SELECT COUNT(DISTINCT shopper) FROM paths");
    const qint64 customers =
        data::queryInt(project.db(),
                       "SELECT COUNT(*) FROM (SELECT DISTINCT shopper FROM paths) AS p "
                       "WHERE EXISTS (SELECT 1 FROM customers WHERE customer = p.shopper) "
                       "OR EXISTS (SELECT 1 FROM basket_lines WHERE customer = p.shopper)");
    if (shoppers > 0 && 2 * customers >= shoppers) {
        inputs.shopperIds = ShopperIds::Persistent;
        inputs.shopperIdsReason =
            QStringLiteral(
                "shopper ids persist across days: %1 of %2 are the project's customer "
                "ids")
                .arg(customers)
                .arg(shoppers);
        return;
    }
    inputs.shopperIds = ShopperIds::PerDay;
    inputs.shopperIdsReason =
        QStringLiteral(
            "shopper ids are counted per day (%1 of %2 are the project's customer "
            "ids): ids that restart every day would otherwise count different "
            "shoppers as one; use --shopper-ids persistent if they do not restart")
            .arg(customers)
            .arg(shoppers);
}

}  // namespace

QJsonObject TrafficRequest::toJson() const {
    QJsonObject json = jobs::requestJson(kAnalysis);
    json.insert(QStringLiteral("from"), from == From::Paths    ? QStringLiteral("paths")
                                        : from == From::Counts ? QStringLiteral("counts")
                                                               : QStringLiteral("auto"));
    json.insert(QStringLiteral("top"), topPaths);
    json.insert(QStringLiteral("trip_gap"), tripGapSeconds);
    json.insert(QStringLiteral("memory_limit"), memoryLimit);
    json.insert(QStringLiteral("shopper_ids"), shopperIds == Ids::PerDay ? QStringLiteral("per_day")
                                               : shopperIds == Ids::Persistent
                                                   ? QStringLiteral("persistent")
                                                   : QStringLiteral("auto"));
    return json;
}

TrafficRequest TrafficRequest::fromJson(const QJsonObject& json) {
    jobs::RequestReader reader(json, kAnalysis);
    TrafficRequest request;
    const QString from = reader.choice(
        "from", {QStringLiteral("auto"), QStringLiteral("paths"), QStringLiteral("counts")},
        QStringLiteral("auto"));
    request.from = from == QLatin1String("paths")    ? From::Paths
                   : from == QLatin1String("counts") ? From::Counts
                                                     : From::Auto;
    request.topPaths = static_cast<int>(reader.whole("top", request.topPaths, 1, 1000000));
    request.tripGapSeconds = reader.whole("trip_gap", request.tripGapSeconds);
    request.memoryLimit = reader.whole("memory_limit", 0);
    const QString ids = reader.choice(
        "shopper_ids",
        {QStringLiteral("auto"), QStringLiteral("per_day"), QStringLiteral("persistent")},
        QStringLiteral("auto"));
    request.shopperIds = ids == QLatin1String("per_day")      ? Ids::PerDay
                         : ids == QLatin1String("persistent") ? Ids::Persistent
                                                              : Ids::Auto;
    reader.finish();
    return request;
}

TrafficInputs loadTraffic(data::Project& project, const TrafficRequest& request) {
    TrafficInputs inputs;
    const jobs::ReadSnapshot snapshot(project);
    inputs.fingerprint = snapshot.fingerprint();
    const bool hasPaths = data::queryInt(project.db(), "SELECT COUNT(*) FROM paths") > 0;
    const bool usePaths = request.from == TrafficRequest::From::Auto
                              ? hasPaths
                              : request.from == TrafficRequest::From::Paths;
    inputs.source = usePaths ? TrafficSource::Paths : TrafficSource::Counts;
    inputs.zones = loadZones(project);
    if (usePaths) {
        if (!hasPaths)
            throw Error(QStringLiteral("%1: the project has no shopper paths (import a file "
                                       "with --kind paths, or use --from counts)")
                            .arg(project.path()));
        inputs.paths = loadPaths(project, inputs.zones);
        inputs.purchases = loadCustomerPurchases(project);
        decideShopperIds(project, request.shopperIds, inputs);
    } else {
        inputs.counts = loadZoneCounts(project, inputs.zones);
        if (inputs.counts.empty())
            throw Error(QStringLiteral("%1: the project has no zone counts (import a file "
                                       "with --kind traffic)")
                            .arg(project.path()));
    }
    return inputs;
}

TrafficResult computeTraffic(const TrafficInputs& inputs, const TrafficRequest& request,
                             ProgressToken& progress) {
    TrafficResult result;
    result.provenance = layout::requestProvenance(request.toJson(), inputs.fingerprint);
    MemoryBudget budget = layout::requestedBudget(request.memoryLimit);
    TrafficOptions options;
    options.topPaths = request.topPaths;
    options.trip.maxGapSeconds = request.tripGapSeconds;
    options.trip.shopperIds = inputs.shopperIds;
    options.budget = &budget;
    if (inputs.source == TrafficSource::Paths)
        result.analysis =
            analysePaths(inputs.zones, inputs.paths, inputs.purchases, options, &progress);
    else
        result.analysis = analyseCounts(inputs.zones, inputs.counts);
    jobs::throwIfCancelled(progress);
    return result;
}

jobs::JobOutcome runTrafficJob(const QJsonObject& json, jobs::JobContext& context) {
    const TrafficRequest request = TrafficRequest::fromJson(json);
    if (!context.project)
        throw Error(QStringLiteral("traffic: the request needs a project (--project P)"));
    QElapsedTimer timer;
    timer.start();
    const TrafficInputs inputs = loadTraffic(*context.project, request);
    return jobs::computeAndRecord(
        context, layout::requestProvenance(request.toJson(), inputs.fingerprint),
        [&](ProgressToken& progress) { return computeTraffic(inputs, request, progress); },
        [&](const TrafficResult& result, jobs::RunRecorder&, jobs::JobOutcome& outcome) {
            const TrafficAnalysis& analysis = result.analysis;
            const bool paths = analysis.source == TrafficSource::Paths;
            const auto write = [&](const char* role,
                                   void (*writer)(const QString&, const TrafficAnalysis&)) {
                const QString path = context.outputs.value(QLatin1String(role));
                if (path.isEmpty())
                    return;
                // The folder is made only once the inputs are read and the analysis done.
                const QString folder = QFileInfo(path).absolutePath();
                if (!QDir().mkpath(folder))
                    throw Error(QStringLiteral("%1: cannot create the folder").arg(folder));
                writer(path, analysis);
                outcome.files.append(path);
            };
            write("zones", writeZonesCsv);
            write("hours", writeHoursCsv);
            if (paths) {
                write("transitions", writeTransitionsCsv);
                write("paths", writeCommonPathsCsv);
            }
            outcome.summary = trafficSummary(analysis, inputs.shopperIds, inputs.shopperIdsReason,
                                             outcome.files, double(timer.nsecsElapsed()) / 1e9);
        });
}

}  // namespace mb::traffic
