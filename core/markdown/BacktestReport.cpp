#include "markdown/BacktestReport.h"

#include "export/CsvExport.h"

#include <cmath>

namespace mb::markdown {

namespace {

QString stepsText(const std::vector<double>& ladder, const std::vector<int>& steps) {
    QStringList weeks;
    for (const int step : steps)
        weeks.append(QString::number(std::lround(ladder[size_t(step)] * 100.0)));
    return weeks.join(QLatin1Char(' '));
}

}  // namespace

void writeBacktestReport(const QString& path, const SeasonBacktest& backtest,
                         const PlanningRules& rules, const QJsonObject& parameters) {
    exporting::CsvWriter writer(path);
    writer.writeRow(
        QStringList{QStringLiteral("product"), QStringLiteral("store"), QStringLiteral("stock"),
                    QStringLiteral("units_sold"), QStringLiteral("revenue_sold"),
                    QStringLiteral("actual_prices_pct"), QStringLiteral("plan_prices_pct"),
                    QStringLiteral("actual_objective"), QStringLiteral("plan_objective"),
                    QStringLiteral("gain"), QStringLiteral("actual_sell_through"),
                    QStringLiteral("plan_sell_through"), QStringLiteral("status")});
    exporting::CsvRow row;
    for (const BacktestItem& item : backtest.items) {
        row.clear();
        row.text(item.product)
            .text(item.store)
            .integer(item.stock)
            .number(item.unitsSold)
            .number(std::round(item.revenueSold * 100.0) / 100.0);
        if (!item.compared) {
            for (int i = 0; i < 7; ++i)
                row.empty();
            row.text(item.problem.isEmpty() ? QStringLiteral("not compared") : item.problem);
            writer.writeRow(row);
            continue;
        }
        std::vector<int> planSteps;
        for (const PlannedWeek& week : item.plan.schedule)
            planSteps.push_back(week.step);
        row.text(stepsText(rules.ladder, item.actual.steps))
            .text(stepsText(rules.ladder, planSteps))
            .number(item.actualObjective)
            .number(item.plan.expectedObjective)
            .number(item.plan.expectedObjective - item.actualObjective)
            .number(item.actualSellThrough)
            .number(item.plan.expectedSellThrough)
            .text(QStringLiteral("compared"));
        writer.writeRow(row);
    }
    writer.commit();
    exporting::writeParametersSidecar(path, parameters);
}

}  // namespace mb::markdown
