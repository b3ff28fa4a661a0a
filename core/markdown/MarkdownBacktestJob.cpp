#include "markdown/MarkdownBacktestJob.h"

#include "common/Error.h"
#include "common/Progress.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "demand/SalesHistoryLoader.h"
#include "demand/StockOuts.h"
#include "jobs/ReadSnapshot.h"
#include "jobs/RecordedRun.h"
#include "jobs/RequestReader.h"
#include "markdown/BacktestReport.h"
#include "markdown/MarkdownPlanJob.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace mb::markdown {

namespace {

const QString kAnalysis = QStringLiteral("markdown-backtest");

QHash<QString, double> unitCosts(data::Project& project) {
    QHash<QString, double> costs;
    data::Statement select(project.db(),
                           "SELECT product, unit_cost FROM products WHERE unit_cost IS NOT NULL");
    while (select.step())
        costs.insert(select.text(0), select.real(1));
    return costs;
}

QDate requiredDate(jobs::RequestReader& read, const char* field) {
    const QDate date = QDate::fromString(read.date(field), Qt::ISODate);
    if (!date.isValid())
        read.fail(field, QStringLiteral("a date YYYY-MM-DD (it is required)"));
    return date;
}

}  // namespace

QJsonObject MarkdownBacktestRequest::toJson() const {
    QJsonObject json = jobs::requestJson(kAnalysis);
    json[QStringLiteral("season_start")] = seasonStart.toString(Qt::ISODate);
    json[QStringLiteral("exit_week")] = exitWeek.toString(Qt::ISODate);
    json[QStringLiteral("rules")] = planningRulesToJson(rules);
    json[QStringLiteral("products")] = QJsonArray::fromStringList(products);
    json[QStringLiteral("stores")] = QJsonArray::fromStringList(stores);
    return json;
}

MarkdownBacktestRequest MarkdownBacktestRequest::fromJson(const QJsonObject& json) {
    jobs::RequestReader read(json, kAnalysis);
    MarkdownBacktestRequest request;
    request.seasonStart = requiredDate(read, "season_start");
    request.exitWeek = requiredDate(read, "exit_week");
    const bool hasRules = read.has("rules");
    const QJsonObject rules = read.object("rules");
    if (hasRules)
        request.rules = readPlanningRules(QJsonDocument(rules).toJson(QJsonDocument::Compact),
                                          QStringLiteral("markdown-backtest request: rules"));
    request.products = read.texts("products");
    request.stores = read.texts("stores");
    read.finish();
    return request;
}

MarkdownBacktestInputs loadMarkdownBacktest(data::Project& project,
                                            const MarkdownBacktestRequest& request) {
    MarkdownBacktestInputs inputs;
    const jobs::ReadSnapshot snapshot(project);
    // The season start is the backtest's as-of date: the model's sales are cut there as they
    // are read, the season's own weeks are read separately to judge the plan.
    const BacktestWindow window = backtestWindow(request.seasonStart, request.exitWeek);
    demand::SalesFilter training{request.products, request.stores, window.trainingThrough};
    demand::SalesFilter season{request.products, request.stores, window.lastDay};
    inputs.training = demand::loadSalesHistory(project.db(), training);
    // The model sees stock-outs as `demand` does; the season's own weeks are judged as sold.
    inputs.training.stockCounts = demand::markSoldOutWeeks(project.db(), training, inputs.training);
    inputs.history = demand::loadSalesHistory(project.db(), season);
    inputs.unitCosts = unitCosts(project);
    inputs.fingerprint = snapshot.fingerprint();
    return inputs;
}

MarkdownBacktestResult computeMarkdownBacktest(const MarkdownBacktestInputs& inputs,
                                               const MarkdownBacktestRequest& request,
                                               ProgressToken& progress, int threads) {
    MarkdownBacktestResult result;
    result.provenance.analysis = kAnalysis;
    result.provenance.request = request.toJson();
    result.provenance.inputFingerprint = inputs.fingerprint;
    result.provenance.seed = static_cast<qint64>(request.rules.seed);
    result.backtest =
        backtestSeason(inputs.training, inputs.history, inputs.unitCosts, request.rules,
                       request.seasonStart, request.exitWeek, threads, &progress);
    jobs::throwIfCancelled(progress);
    if (result.backtest.comparedItems() == 0)
        throw Error(nothingComparedMessage(result.backtest, inputs.history.skippedRows));
    result.warnings = backtestWarnings(result.backtest);
    return result;
}

jobs::JobOutcome runMarkdownBacktestJob(const QJsonObject& json, jobs::JobContext& context) {
    const MarkdownBacktestRequest request = MarkdownBacktestRequest::fromJson(json);
    if (!context.project)
        throw Error(QStringLiteral("a markdown backtest is run on a project: give --project"));
    QElapsedTimer timer;
    timer.start();
    const MarkdownBacktestInputs inputs = loadMarkdownBacktest(*context.project, request);
    // A season that compares nothing is refused like an input refused while loading: nothing
    // is recorded. The comparison is pure, so it is made before the run's transaction opens.
    MarkdownBacktestResult computed;
    try {
        computed = computeMarkdownBacktest(inputs, request, context.progress);
    } catch (const jobs::Cancelled&) {
        jobs::Provenance provenance;
        provenance.analysis = kAnalysis;
        provenance.request = request.toJson();
        provenance.inputFingerprint = inputs.fingerprint;
        provenance.seed = static_cast<qint64>(request.rules.seed);
        recordCancelledRun(context, provenance);
        throw;
    }
    const QString projectPath = context.project->path();
    return jobs::computeAndRecord(
        context, computed.provenance, [&](ProgressToken&) { return std::move(computed); },
        [&](const MarkdownBacktestResult& result, jobs::RunRecorder& recorder,
            jobs::JobOutcome& outcome) {
            const SeasonBacktest& backtest = result.backtest;
            QJsonObject parameters = result.provenance.request;
            parameters[QStringLiteral("input_fingerprint")] = result.provenance.inputFingerprint;
            parameters[QStringLiteral("run_id")] = recorder.idJson();
            const double actual = backtest.actualObjective();
            const double plan = backtest.planObjective();
            QJsonObject summary{
                {QStringLiteral("project"), projectPath},
                {QStringLiteral("run_id"), recorder.idJson()},
                {QStringLiteral("season_start"), backtest.seasonStart.toString(Qt::ISODate)},
                {QStringLiteral("exit_week"), backtest.exitWeek.toString(Qt::ISODate)},
                {QStringLiteral("weeks"), backtest.weeks},
                {QStringLiteral("items"), static_cast<qint64>(backtest.items.size())},
                {QStringLiteral("items_compared"), backtest.comparedItems()},
                {QStringLiteral("stock_rule"), backtest.stockRule},
                {QStringLiteral("actual_objective"), actual},
                {QStringLiteral("plan_objective"), plan},
                {QStringLiteral("gain"), plan - actual},
                {QStringLiteral("gain_share"),
                 actual != 0.0 ? (plan - actual) / std::abs(actual) : 0.0},
                {QStringLiteral("warnings"), QJsonArray::fromStringList(result.warnings)}};
            if (const QString out = context.outputs.value(QStringLiteral("out")); !out.isEmpty()) {
                writeBacktestReport(out, backtest, request.rules, parameters);
                summary[QStringLiteral("out")] = out;
                outcome.files << out;
            }
            summary[QStringLiteral("seconds")] = static_cast<double>(timer.elapsed()) / 1000.0;
            outcome.summary = summary;
            outcome.warnings = result.warnings;
        });
}

}  // namespace mb::markdown
