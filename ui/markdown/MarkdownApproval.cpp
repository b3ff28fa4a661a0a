#include "MarkdownApproval.h"

#include "PriceChanges.h"
#include "ScheduleEdits.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace mb::ui {

namespace {

QString compact(const QJsonObject& object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

}  // namespace

QJsonObject markdownParameters(const MarkdownRunResult& run) {
    QJsonObject parameters{
        {QStringLiteral("exit_week"), run.exitDate.toString(Qt::ISODate)},
        {QStringLiteral("stock_date"), run.inputs.stockDate.toString(Qt::ISODate)},
        {QStringLiteral("rules"), markdown::planningRulesToJson(run.a.rules)},
        {QStringLiteral("products"), QJsonArray::fromStringList(run.products)},
        {QStringLiteral("stores"), QJsonArray::fromStringList(run.stores)},
        {QStringLiteral("demand"), QStringLiteral("product-store, least squares, elasticity "
                                                  "shrunk toward product and category")},
        {QStringLiteral("project"), run.projectPath},
        {QStringLiteral("source"), QStringLiteral("workbench")}};
    if (run.b)
        parameters[QStringLiteral("rules_b")] = markdown::planningRulesToJson(run.b->rules);
    return parameters;
}

qint64 approveMarkdownPlan(const MarkdownRunResult& run, const ScheduleEdits& edits) {
    const auto project = data::Project::open(run.projectPath, data::Project::OpenMode::MustExist);
    const markdown::SeasonPlan& season = run.a.season;
    // The run, its decisions and its summary land together: a full disk leaves none of them.
    data::Transaction approval(project->db());
    const qint64 runId =
        project->beginRun(QStringLiteral("markdown"), compact(markdownParameters(run)),
                          static_cast<qint64>(run.a.rules.seed));
    int decisions = 0;
    {
        data::Transaction transaction(project->db());
        data::Statement insert(project->db(),
                               "INSERT INTO decisions(run_id, kind, subject, payload, status) "
                               "VALUES(?1, 'price_change', ?2, ?3, 'approved')");
        for (const PriceChange& change : seasonPriceChanges(run, &edits)) {
            insert.reset();
            insert.bind(1, static_cast<std::int64_t>(runId));
            insert.bind(2, change.product + QLatin1Char('@') + change.store);
            insert.bind(3, compact({{QStringLiteral("product"), change.product},
                                    {QStringLiteral("store"), change.store},
                                    {QStringLiteral("week"), change.week.toString(Qt::ISODate)},
                                    {QStringLiteral("step"), change.step},
                                    {QStringLiteral("price"), change.price},
                                    {QStringLiteral("edited"), change.source != u"plan"},
                                    {QStringLiteral("locked"), change.source == u"locked"}}));
            insert.step();
            ++decisions;
        }
        transaction.commit();
    }
    int lockedItems = 0;
    for (int item : edits.editedItems())
        lockedItems += edits.edit(item)->lockCount() > 0 ? 1 : 0;
    const QJsonObject summary{
        {QStringLiteral("items_planned"), season.plannedItems()},
        {QStringLiteral("expected_objective"), season.expectedObjective()},
        {QStringLiteral("expected_revenue"), season.expectedRevenue()},
        {QStringLiteral("expected_margin"), season.expectedMargin()},
        {QStringLiteral("no_markdown_objective"), season.noMarkdownObjective()},
        {QStringLiteral("fixed_rule"), season.fixedRule.name},
        {QStringLiteral("fixed_rule_objective"), season.fixedRuleObjective()},
        {QStringLiteral("edited_items"), static_cast<qint64>(edits.editedItems().size())},
        {QStringLiteral("items_with_locked_weeks"), lockedItems},
        {QStringLiteral("approved_decisions"), decisions}};
    project->finishRun(runId, QStringLiteral("finished"), compact(summary));
    approval.commit();
    return runId;
}

}  // namespace mb::ui
