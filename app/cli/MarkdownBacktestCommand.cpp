#include "Cli.h"
#include "OutputCheck.h"
#include "ProjectRun.h"
#include "Warnings.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "demand/SalesHistoryLoader.h"
#include "export/CsvExport.h"
#include "markdown/MarkdownBacktest.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <cmath>

namespace mb::cli {

namespace {

QHash<QString, double> unitCosts(data::Project& project) {
    QHash<QString, double> costs;
    data::Statement select(project.db(),
                           "SELECT product, unit_cost FROM products WHERE unit_cost IS NOT NULL");
    while (select.step())
        costs.insert(select.text(0), select.real(1));
    return costs;
}

QString stepsText(const std::vector<double>& ladder, const std::vector<int>& steps) {
    QStringList weeks;
    for (const int step : steps)
        weeks.append(QString::number(std::lround(ladder[size_t(step)] * 100.0)));
    return weeks.join(QLatin1Char(' '));
}

void writeReport(const QString& path, const markdown::SeasonBacktest& backtest,
                 const markdown::PlanningRules& rules, const QJsonObject& parameters) {
    exporting::CsvWriter writer(path);
    writer.writeRow(
        QStringList{QStringLiteral("product"), QStringLiteral("store"), QStringLiteral("stock"),
                    QStringLiteral("units_sold"), QStringLiteral("revenue_sold"),
                    QStringLiteral("actual_prices_pct"), QStringLiteral("plan_prices_pct"),
                    QStringLiteral("actual_objective"), QStringLiteral("plan_objective"),
                    QStringLiteral("gain"), QStringLiteral("actual_sell_through"),
                    QStringLiteral("plan_sell_through"), QStringLiteral("status")});
    exporting::CsvRow row;
    for (const markdown::BacktestItem& item : backtest.items) {
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
        for (const markdown::PlannedWeek& week : item.plan.schedule)
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

}  // namespace

static int markdownBacktestCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("Project file."));
    const QCommandLineOption start(QStringLiteral("season-start"),
                                   QStringLiteral("A date in the first week of the past season "
                                                  "(required)."),
                                   QStringLiteral("DATE"));
    const QCommandLineOption exitWeek(QStringLiteral("exit-week"),
                                      QStringLiteral("A date in its last week (required)."),
                                      QStringLiteral("DATE"));
    const QCommandLineOption rulesFile(QStringLiteral("rules"),
                                       QStringLiteral("Planning rules (JSON), as for markdown."),
                                       QStringLiteral("RULES.json"));
    const QCommandLineOption products =
        idListOption(QStringLiteral("products"), QStringLiteral("products"));
    const QCommandLineOption stores =
        idListOption(QStringLiteral("stores"), QStringLiteral("stores"));
    const QCommandLineOption out(
        QStringLiteral("out"),
        QStringLiteral("Report (CSV): per item, the retailer's prices and the plan's, each "
                       "judged under the model fitted before the season (required)."),
        QStringLiteral("REPORT.csv"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print a summary as one JSON object."));
    parser.addOptions({start, exitWeek, rulesFile, products, stores, out, json});
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Backtests a past season: fits demand on the weeks before it, plans it "
                       "under the rules, and compares the plan with the prices the retailer "
                       "actually charged, both under the fitted model."),
        1, 1);
    if (parsed >= 0)
        return parsed;
    const QDate startDate = QDate::fromString(parser.value(start), Qt::ISODate);
    const QDate exitDate = QDate::fromString(parser.value(exitWeek), Qt::ISODate);
    if (!startDate.isValid() || !exitDate.isValid()) {
        printError(QStringLiteral("--season-start and --exit-week: expected dates such as "
                                  "2023-07-31 (%1, %2)")
                       .arg(parser.value(start), parser.value(exitWeek)));
        return UsageError;
    }
    if (!parser.isSet(out)) {
        printError(QStringLiteral("--out REPORT.csv is required."));
        return UsageError;
    }
    exporting::CommandFiles files;
    files.addProject(parser.positionalArguments().at(0));
    files.addInput(QStringLiteral("--rules"), parser.value(rulesFile));
    files.addOutputWithParameters(QStringLiteral("--out"), parser.value(out));
    if (const int refused = refuseOverwrites(files); refused >= 0)
        return refused;
    try {
        const markdown::PlanningRules rules =
            parser.isSet(rulesFile) ? markdown::readPlanningRulesFile(parser.value(rulesFile))
                                    : markdown::PlanningRules();
        const std::unique_ptr<data::Project> project = data::Project::open(
            parser.positionalArguments().at(0), data::Project::OpenMode::MustExist);
        QElapsedTimer timer;
        timer.start();
        const demand::SalesFilter filter{commaList(parser, products), commaList(parser, stores),
                                         QDate()};
        const QJsonObject parameters{
            {QStringLiteral("season_start"), startDate.toString(Qt::ISODate)},
            {QStringLiteral("exit_week"), exitDate.toString(Qt::ISODate)},
            {QStringLiteral("rules"), markdown::planningRulesToJson(rules)},
            {QStringLiteral("products"), QJsonArray::fromStringList(filter.products)},
            {QStringLiteral("stores"), QJsonArray::fromStringList(filter.stores)}};
        // Takes the inputs' fingerprint before they are read; nothing is recorded until begin(),
        // so a backtest refused below leaves the project as it was.
        ProjectRun run(*project, QStringLiteral("markdown-backtest"), parameters,
                       static_cast<qint64>(rules.seed), ProjectRun::Recording::WhenWritable);
        // The season start is the backtest's as-of date: the model's sales are cut there as
        // they are read, the season's own weeks are read separately to judge the plan.
        const markdown::BacktestWindow window = markdown::backtestWindow(startDate, exitDate);
        demand::SalesFilter trainingFilter = filter, seasonFilter = filter;
        trainingFilter.through = window.trainingThrough;
        seasonFilter.through = window.lastDay;
        const demand::SalesHistory training =
            demand::loadSalesHistory(project->db(), trainingFilter);
        const demand::SalesHistory history = demand::loadSalesHistory(project->db(), seasonFilter);
        const markdown::SeasonBacktest backtest = markdown::backtestSeason(
            training, history, unitCosts(*project), rules, startDate, exitDate);
        if (backtest.comparedItems() == 0)
            throw Error(markdown::nothingComparedMessage(backtest, history.skippedRows));
        const QStringList warnings = markdown::backtestWarnings(backtest);
        QJsonObject withRun = parameters;
        run.begin();
        withRun[QStringLiteral("run_id")] = run.idJson();
        writeReport(parser.value(out), backtest, rules, withRun);
        const double actual = backtest.actualObjective();
        const double plan = backtest.planObjective();
        QJsonObject summary{
            {QStringLiteral("project"), project->path()},
            {QStringLiteral("run_id"), run.idJson()},
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
            {QStringLiteral("seconds"), static_cast<double>(timer.elapsed()) / 1000.0},
            {QStringLiteral("out"), parser.value(out)}};
        addWarnings(summary, warnings);
        run.finish(summary);
        printWarnings(warnings);
        if (parser.isSet(json)) {
            printJson(summary);
            return Success;
        }
        printLine(QStringLiteral("Backtest of %1 to %2 (%3 weeks): %4 of %5 items compared")
                      .arg(backtest.seasonStart.toString(Qt::ISODate),
                           backtest.exitWeek.toString(Qt::ISODate))
                      .arg(backtest.weeks)
                      .arg(backtest.comparedItems())
                      .arg(backtest.items.size()));
        printLine(
            QStringLiteral("  under the model fitted before the season: the retailer's "
                           "prices %1, the plan %2 (%3%4%)")
                .arg(actual, 0, 'f', 2)
                .arg(plan, 0, 'f', 2)
                .arg(plan >= actual ? QStringLiteral("+") : QString())
                .arg(actual != 0.0 ? 100.0 * (plan - actual) / std::abs(actual) : 0.0, 0, 'f', 1));
        printLine(QStringLiteral("  report written to %1").arg(parser.value(out)));
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "markdown-backtest",
    "markdown-backtest PROJECT --season-start DATE --exit-week DATE [--rules RULES.json] "
    "[--products LIST] [--stores LIST] --out REPORT.csv [--json]",
    markdownBacktestCommand};

}  // namespace mb::cli
