#include "MarkdownRun.h"

#include "ProjectConnection.h"
#include "ScopePicker.h"
#include "common/Error.h"
#include "common/Progress.h"
#include "common/ProgressSpan.h"
#include "data/Project.h"
#include "jobs/RecordedRun.h"
#include "markdown/MarkdownPlanJob.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <cmath>
#include <limits>

namespace mb::ui {

namespace {

MarkdownScenario planScenario(const markdown::MarkdownPlanInputs& inputs,
                              const demand::DemandFit& fit,
                              const markdown::MarkdownPlanRequest& request, int threads,
                              ProgressToken& parent, double from, double to) {
    ProgressSpan span(parent, from, to);
    markdown::MarkdownPlanResult result =
        markdown::planMarkdowns(inputs, fit, request, *span.token(), threads);
    MarkdownScenario scenario;
    scenario.rules = request.rules;
    scenario.season = std::move(result.season);
    scenario.leftoverRisk = std::move(result.leftoverRisk);
    scenario.provenance = std::move(result.provenance);
    scenario.warnings = std::move(result.warnings);
    return scenario;
}

QJsonObject lastRunParameters(const ProjectConnection& connection) {
    QSqlQuery query(connection.database());
    query.prepare(
        QStringLiteral("SELECT parameters FROM runs WHERE analysis = 'markdown' AND "
                       "status = 'finished' ORDER BY id DESC LIMIT 1"));
    if (!query.exec() || !query.next())
        return {};
    return QJsonDocument::fromJson(query.value(0).toString().toUtf8()).object();
}

}  // namespace

markdown::MarkdownPlanRequest MarkdownRunRequest::planRequest(
    const markdown::PlanningRules& rules) const {
    markdown::MarkdownPlanRequest request;
    request.exitWeek = exitDate;
    request.rules = rules;
    request.products = products;
    request.stores = stores;
    return request;
}

MarkdownRunResultPtr runMarkdownPlan(const MarkdownRunRequest& request, ProgressToken& token) {
    auto run = std::make_shared<MarkdownRunResult>();
    run->projectPath = request.projectPath;
    run->exitDate = request.exitDate;
    run->products = request.products;
    run->stores = request.stores;
    const markdown::MarkdownPlanRequest planA = request.planRequest(request.rulesA);
    markdown::MarkdownPlanInputs inputs;
    {
        const auto project =
            data::Project::open(request.projectPath, data::Project::OpenMode::MustExist);
        inputs = markdown::loadMarkdownPlan(*project, planA);
        // Rules B without a cost for any item are refused here too, before any work.
        if (request.rulesB)
            markdown::checkUnitCosts(inputs.season.items, *request.rulesB);
    }
    token.report(0.05);
    try {
        {
            ProgressSpan span(token, 0.05, 0.3);
            run->fit = markdown::fitMarkdownDemand(inputs, *span.token(), request.threads);
        }
        const double split = request.rulesB ? 0.65 : 1.0;
        run->a = planScenario(inputs, run->fit, planA, request.threads, token, 0.3, split);
        if (request.rulesB)
            run->b = planScenario(inputs, run->fit, request.planRequest(*request.rulesB),
                                  request.threads, token, split, 1.0);
    } catch (const jobs::Cancelled&) {
        return nullptr;
    }
    run->inputs = std::move(inputs.season);
    run->history = std::move(inputs.history);
    token.report(1.0);
    return run;
}

QDate defaultExitDate(const ProjectConnection& connection) {
    const QDate last = QDate::fromString(
        lastRunParameters(connection).value(QStringLiteral("exit_week")).toString(), Qt::ISODate);
    if (last.isValid())
        return last;
    QSqlQuery query(connection.database());
    if (query.exec(QStringLiteral("SELECT MAX(date) FROM inventory")) && query.next()) {
        const QDate stock = QDate::fromString(query.value(0).toString(), Qt::ISODate);
        if (stock.isValid())
            return stock.addDays(7 * 8);
    }
    return QDate::currentDate().addDays(7 * 8);
}

namespace {

QList<ScopeChoice> choices(const ProjectConnection& connection, const QString& sql) {
    QList<ScopeChoice> found;
    QSqlQuery query(connection.database());
    if (!query.exec(sql))
        return found;
    while (query.next()) {
        QStringList words;
        for (int column : {1, 2})
            if (!query.value(column).toString().isEmpty())
                words.append(query.value(column).toString());
        found.append({query.value(0).toString(), words.join(QStringLiteral(" · "))});
    }
    return found;
}

}  // namespace

QList<ScopeChoice> productChoices(const ProjectConnection& connection) {
    return choices(connection,
                   QStringLiteral("SELECT product, name, category FROM products ORDER BY product"));
}

QList<ScopeChoice> storeChoices(const ProjectConnection& connection) {
    return choices(connection,
                   QStringLiteral("SELECT store, name, cluster FROM stores ORDER BY store"));
}

std::optional<markdown::PlanningRules> lastRunRules(const ProjectConnection& connection) {
    const QJsonObject rules =
        lastRunParameters(connection).value(QStringLiteral("rules")).toObject();
    if (rules.isEmpty())
        return std::nullopt;
    try {
        return markdown::readPlanningRules(QJsonDocument(rules).toJson(), QStringLiteral("run"));
    } catch (const Error&) {
        return std::nullopt;  // a run written by another version: fall back to the defaults
    }
}

}  // namespace mb::ui
