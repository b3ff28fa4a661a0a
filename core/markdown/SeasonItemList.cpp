#include "markdown/SeasonItemList.h"

#include "export/CsvExport.h"

namespace mb::markdown {

// One row per item with its figures against the baselines, planned or not.
void writeSeasonItems(const QString& path, const SeasonPlan& season,
                      const UserPlanComparison* userPlan, const QJsonObject& parameters) {
    exporting::CsvWriter writer(path);
    writer.writeRow(QStringList{QStringLiteral("product"),
                                QStringLiteral("store"),
                                QStringLiteral("category"),
                                QStringLiteral("on_hand"),
                                QStringLiteral("exit_week"),
                                QStringLiteral("regular_price"),
                                QStringLiteral("unit_cost"),
                                QStringLiteral("elasticity"),
                                QStringLiteral("markdowns"),
                                QStringLiteral("expected_objective"),
                                QStringLiteral("expected_revenue"),
                                QStringLiteral("expected_margin"),
                                QStringLiteral("expected_units"),
                                QStringLiteral("expected_leftover"),
                                QStringLiteral("expected_sell_through"),
                                QStringLiteral("p10_objective"),
                                QStringLiteral("p90_objective"),
                                QStringLiteral("no_markdown_objective"),
                                QStringLiteral("fixed_rule_objective"),
                                QStringLiteral("user_plan_objective"),
                                QStringLiteral("plan_list_objective"),
                                QStringLiteral("status")});
    exporting::CsvRow row;
    for (size_t i = 0; i < season.items.size(); ++i) {
        const ItemPlan& item = season.items[i];
        row.clear();
        row.text(item.item.product)
            .text(item.item.store.isEmpty() ? item.stores.join(QLatin1Char(' ')) : item.item.store)
            .text(item.item.category)
            .integer(item.item.onHand)
            .text(season.exitWeekOf(item).toString(Qt::ISODate));
        if (!item.planned) {
            for (int column = 0; column < 16; ++column)
                row.empty();
            row.text(item.problem.isEmpty() ? QStringLiteral("not planned") : item.problem);
            writer.writeRow(row);
            continue;
        }
        int markdowns = 0, previous = item.input.rules.startStep;
        for (const PlannedWeek& week : item.plan.schedule) {
            markdowns += week.step != previous ? 1 : 0;
            previous = week.step;
        }
        row.number(item.input.regularPrice)
            .number(item.input.unitCost)
            .number(item.elasticity)
            .integer(markdowns)
            .number(item.plan.expectedObjective)
            .number(item.plan.expectedRevenue)
            .number(item.plan.expectedMargin)
            .number(item.plan.expectedUnits)
            .number(item.plan.expectedLeftover)
            .number(item.plan.expectedSellThrough);
        if (item.simulation.seasons > 0)
            row.number(item.simulation.objective.p10).number(item.simulation.objective.p90);
        else
            row.empty().empty();
        row.number(item.noMarkdown).number(item.fixedRule);
        if (userPlan)
            row.number(userPlan->objective[i]).number(userPlan->planListObjective[i]);
        else
            row.empty().empty();
        row.text(QStringLiteral("planned"));
        writer.writeRow(row);
    }
    writer.commit();
    exporting::writeParametersSidecar(path, parameters);
}

}  // namespace mb::markdown
