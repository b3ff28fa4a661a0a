#include "markdown/MarkdownSolveJob.h"

#include "common/Error.h"
#include "jobs/RecordedRun.h"
#include "jobs/RequestReader.h"
#include "markdown/MarkdownJsonReader.h"
#include "markdown/MarkdownOptimiser.h"
#include "markdown/Reachability.h"

#include <QElapsedTimer>
#include <QJsonDocument>

namespace mb::markdown {

namespace {

const QString kAnalysis = QStringLiteral("markdown-solve");

MarkdownInstance readInstance(const MarkdownSolveRequest& request) {
    return readMarkdownInstance(QJsonDocument(request.instance).toJson(QJsonDocument::Compact),
                                request.instanceName);
}

// Reads the instance or the portfolio once, so every bad key is named before any work.
void validate(const MarkdownSolveRequest& request) {
    if (isMarkdownPortfolio(request.instance))
        readMarkdownPortfolio(request.instance, request.instanceName);
    else
        readInstance(request);
}

}  // namespace

QJsonObject MarkdownSolveRequest::toJson() const {
    QJsonObject json = jobs::requestJson(kAnalysis);
    json[QStringLiteral("instance")] = instance;
    json[QStringLiteral("instance_name")] = instanceName;
    return json;
}

MarkdownSolveRequest MarkdownSolveRequest::fromJson(const QJsonObject& json) {
    jobs::RequestReader read(json, kAnalysis);
    MarkdownSolveRequest request;
    request.instance = read.object("instance");
    if (request.instance.isEmpty())
        read.fail("instance", QStringLiteral("the instance as an object (it is required)"));
    request.instanceName =
        read.text("instance_name", QStringLiteral("markdown-solve request: instance"));
    read.finish();
    validate(request);
    return request;
}

MarkdownSolveRequest MarkdownSolveRequest::fromInstanceFile(const QByteArray& bytes,
                                                            const QString& name) {
    MarkdownSolveRequest request;
    request.instance = json::parseObject(bytes, name);
    request.instanceName = name;
    validate(request);
    return request;
}

MarkdownSolveResult computeMarkdownSolve(const MarkdownSolveRequest& request,
                                         ProgressToken& progress) {
    MarkdownSolveResult result;
    result.provenance.analysis = kAnalysis;
    result.provenance.request = request.toJson();
    if (isMarkdownPortfolio(request.instance)) {
        QElapsedTimer timer;
        timer.start();
        result.portfolio =
            solveMarkdownPortfolio(readMarkdownPortfolio(request.instance, request.instanceName),
                                   request.instanceName, progress);
        result.solveMs = timer.elapsed();
        return result;
    }
    result.instance = readInstance(request);
    result.provenance.seed = static_cast<qint64>(result.instance.seed);
    QElapsedTimer timer;
    timer.start();
    try {
        result.plan = optimiseOrExplain(result.instance.problem, &progress);
    } catch (const Error& error) {
        jobs::throwIfCancelled(progress);
        throw Error(QStringLiteral("%1: %2").arg(request.instanceName, error.message()));
    }
    result.solveMs = timer.elapsed();
    jobs::throwIfCancelled(progress);
    result.simulation =
        simulatePolicy(result.plan.policy, result.instance.simulations, result.instance.seed);
    return result;
}

QJsonObject markdownSolveSummary(const MarkdownSolveResult& result) {
    QJsonObject summary = result.portfolio ? portfolioToJson(*result.portfolio)
                                           : markdownResultToJson(result.plan, result.simulation);
    summary.insert(QStringLiteral("instance"),
                   result.provenance.request.value(QStringLiteral("instance_name")));
    summary.insert(QStringLiteral("solve_ms"), result.solveMs);
    return summary;
}

jobs::JobOutcome runMarkdownSolveJob(const QJsonObject& request, jobs::JobContext& context) {
    const MarkdownSolveResult result =
        computeMarkdownSolve(MarkdownSolveRequest::fromJson(request), context.progress);
    jobs::JobOutcome outcome;
    outcome.provenance = result.provenance;
    outcome.summary = markdownSolveSummary(result);
    return outcome;
}

}  // namespace mb::markdown
