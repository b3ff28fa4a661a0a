#include "layout/QapJob.h"

#include "jobs/RecordedRun.h"
#include "jobs/RequestReader.h"
#include "layout/FileOrProjectRun.h"
#include "layout/LayoutRequest.h"
#include "layout/QapReader.h"
#include "layout/QapSolver.h"

#include <QJsonArray>

namespace mb::layout {

namespace {

const QString kAnalysis = QStringLiteral("qap");

}  // namespace

QJsonObject QapRequest::toJson() const {
    QJsonObject json = jobs::requestJson(kAnalysis);
    json.insert(QStringLiteral("instance"), instance);
    json.insert(QStringLiteral("seconds"), seconds);
    json.insert(QStringLiteral("iterations"), iterations);
    json.insert(QStringLiteral("seed"), seedJson(seed));
    return json;
}

QapRequest QapRequest::fromJson(const QJsonObject& json) {
    jobs::RequestReader reader(json, kAnalysis);
    QapRequest request;
    request.instance = reader.text("instance");
    if (request.instance.isEmpty())
        reader.fail("instance", QStringLiteral("the path of a QAPLIB .dat file"));
    request.seconds = reader.number("seconds", request.seconds, 0.0, 1e6);
    if (!(request.seconds > 0))
        reader.fail("seconds", QStringLiteral("a number above 0 and at most 1e6"));
    request.iterations = reader.whole("iterations", 0);
    request.seed = reader.whole("seed", request.seed);
    reader.finish();
    return request;
}

jobs::JobOutcome runQapJob(const QJsonObject& json, jobs::JobContext& context) {
    const QapRequest request = QapRequest::fromJson(json);
    const QapProblem problem = readQapFile(request.instance);
    QapSearchOptions options;
    options.secondsLimit = request.seconds;
    options.iterationLimit = request.iterations;
    options.seed = static_cast<std::uint64_t>(request.seed);
    const jobs::Provenance provenance =
        requestProvenance(request.toJson(), {}, request.seed, request.replayMayDiffer());
    return computeAndRecordOnProject(
        context, false, provenance,
        [&](ProgressToken& progress) { return solveQap(problem, options, &progress); },
        [&](const QapSearchResult& result, jobs::JobOutcome& outcome) {
            QJsonArray permutation;
            for (int location : result.permutation)
                permutation.append(location + 1);
            outcome.summary =
                QJsonObject{{QStringLiteral("cost"), result.cost},
                            {QStringLiteral("permutation"), permutation},
                            {QStringLiteral("seconds"), result.seconds},
                            {QStringLiteral("iterations"), static_cast<qint64>(result.iterations)},
                            {QStringLiteral("seed"), seedJson(request.seed)},
                            {QStringLiteral("seconds_to_best"), result.secondsToBest},
                            {QStringLiteral("iterations_to_best"),
                             static_cast<qint64>(result.iterationsToBest)},
                            {QStringLiteral("restarts"), result.restarts}};
        });
}

}  // namespace mb::layout
