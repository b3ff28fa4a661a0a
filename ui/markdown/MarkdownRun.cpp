#include "MarkdownRun.h"

#include "ProjectConnection.h"
#include "ScopePicker.h"
#include "common/Error.h"
#include "common/Progress.h"
#include "common/ProgressSpan.h"
#include "data/Project.h"
#include "demand/SalesHistoryLoader.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <cmath>
#include <limits>

namespace mb::ui {

namespace {

MarkdownScenario planScenario(const MarkdownRunResult& run, const markdown::PlanningRules& rules,
                              int threads, ProgressToken& parent, double from, double to) {
    MarkdownScenario scenario;
    scenario.rules = rules;
    ProgressSpan span(parent, from, to);
    scenario.season = markdown::planSeason(run.inputs, run.history, run.fit, rules, run.exitDate,
                                           threads, span.token());
    for (const markdown::ItemPlan& item : scenario.season.items) {
        double risk = std::numeric_limits<double>::quiet_NaN();
        if (item.planned && item.input.inventory > 0) {
            const markdown::MarkdownPlan none =
                markdown::evaluateSchedule(item.input, markdown::noMarkdownSchedule(item.input));
            risk = none.expectedLeftover / item.input.inventory;
        }
        scenario.leftoverRisk.push_back(risk);
    }
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

MarkdownRunResultPtr runMarkdownPlan(const MarkdownRunRequest& request, ProgressToken& token) {
    auto run = std::make_shared<MarkdownRunResult>();
    run->projectPath = request.projectPath;
    run->exitDate = request.exitDate;
    run->products = request.products;
    run->stores = request.stores;
    {
        const auto project =
            data::Project::open(request.projectPath, data::Project::OpenMode::MustExist);
        run->inputs = markdown::loadSeasonInputs(project->db(), request.products, request.stores);
        if (run->inputs.items.empty())
            throw Error(request.products.isEmpty() && request.stores.isEmpty()
                            ? QObject::tr("no stock on hand on %1 to plan")
                                  .arg(run->inputs.stockDate.toString(Qt::ISODate))
                            : QObject::tr("no stock on hand on %1 for the chosen products and "
                                          "stores")
                                  .arg(run->inputs.stockDate.toString(Qt::ISODate)));
        // Rules without a cost for any item are refused here as in the CLI; items left out for
        // want of one carry the reason in their status.
        markdown::checkUnitCosts(run->inputs.items, request.rulesA);
        if (request.rulesB)
            markdown::checkUnitCosts(run->inputs.items, *request.rulesB);
        run->history = demand::loadSalesHistory(project->db(), run->inputs.salesFilter());
    }
    token.report(0.05);
    demand::DemandOptions options;
    options.threads = request.threads;
    {
        ProgressSpan span(token, 0.05, 0.3);
        run->fit = demand::fitDemand(run->history, options, span.token());
    }
    if (token.isCancelled() || run->fit.cancelled)
        return nullptr;
    const double split = request.rulesB ? 0.65 : 1.0;
    run->a = planScenario(*run, request.rulesA, request.threads, token, 0.3, split);
    if (token.isCancelled() || run->a.season.cancelled)
        return nullptr;
    if (request.rulesB) {
        run->b = planScenario(*run, *request.rulesB, request.threads, token, split, 1.0);
        if (token.isCancelled() || run->b->season.cancelled)
            return nullptr;
    }
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
