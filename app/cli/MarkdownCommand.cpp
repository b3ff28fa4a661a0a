#include "Cli.h"
#include "OutputCheck.h"
#include "ProjectRun.h"
#include "Warnings.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "demand/DemandEstimator.h"
#include "demand/SalesHistoryLoader.h"
#include "export/CsvExport.h"
#include "markdown/ItemProblems.h"
#include "markdown/SeasonPlanner.h"
#include "markdown/UserPlan.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>
#include <optional>

namespace mb::cli {

namespace {

double rounded(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

double gainShare(double plan, double baseline) {
    return baseline != 0.0 ? (plan - baseline) / std::abs(baseline) : 0.0;
}

// One row per price change along the plan's expected path and store: the list stores apply.
// Expected figures are the plan's: the store's, or its cluster's when the schedule is shared.
void writePriceChanges(const QString& path, const markdown::SeasonPlan& season, bool perCluster,
                       const QJsonObject& parameters) {
    exporting::CsvWriter writer(path);
    writer.writeRow(
        QStringList{QStringLiteral("product"), QStringLiteral("store"), QStringLiteral("week"),
                    QStringLiteral("step"), QStringLiteral("new_price"), QStringLiteral("discount"),
                    QStringLiteral("expected_units"), QStringLiteral("expected_revenue"),
                    QStringLiteral("expected_margin"), QStringLiteral("expected_sell_through"),
                    QStringLiteral("shared_with_cluster")});
    exporting::CsvRow row;
    for (const markdown::ItemPlan& item : season.items) {
        if (!item.planned)
            continue;
        const QString cluster = perCluster ? item.item.cluster : QString();
        int previous = item.input.rules.startStep;
        for (const markdown::PlannedWeek& week : item.plan.schedule) {
            if (week.step == previous)
                continue;
            previous = week.step;
            for (qsizetype s = 0; s < item.stores.size(); ++s) {
                const double regular = item.storeRegularPrices[size_t(s)];
                row.clear();
                row.text(item.item.product)
                    .text(item.stores[s])
                    .text(season.firstWeek.addDays(7 * (week.week - 1)).toString(Qt::ISODate))
                    .integer(week.step)
                    .number(rounded(regular * item.input.ladder[size_t(week.step)], 2))
                    .number(rounded(1.0 - item.input.ladder[size_t(week.step)], 4))
                    .number(rounded(item.plan.expectedUnits, 2))
                    .number(rounded(item.plan.expectedRevenue, 2))
                    .number(rounded(item.plan.expectedMargin, 2))
                    .number(rounded(item.plan.expectedSellThrough, 4))
                    .text(cluster);
                writer.writeRow(row);
            }
        }
    }
    writer.commit();
    exporting::writeParametersSidecar(path, parameters);
}

// One row per item with its figures against the baselines, planned or not.
void writeItems(const QString& path, const markdown::SeasonPlan& season,
                const markdown::UserPlanComparison* userPlan, const QJsonObject& parameters) {
    exporting::CsvWriter writer(path);
    writer.writeRow(QStringList{QStringLiteral("product"),
                                QStringLiteral("store"),
                                QStringLiteral("category"),
                                QStringLiteral("on_hand"),
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
        const markdown::ItemPlan& item = season.items[i];
        row.clear();
        row.text(item.item.product)
            .text(item.item.store.isEmpty() ? item.stores.join(QLatin1Char(' ')) : item.item.store)
            .text(item.item.category)
            .integer(item.item.onHand);
        if (!item.planned) {
            for (int column = 0; column < 16; ++column)
                row.empty();
            row.text(item.problem.isEmpty() ? QStringLiteral("not planned") : item.problem);
            writer.writeRow(row);
            continue;
        }
        int markdowns = 0, previous = item.input.rules.startStep;
        for (const markdown::PlannedWeek& week : item.plan.schedule) {
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

void recordDecisions(data::Project& project, qint64 runId, const markdown::SeasonPlan& season) {
    data::Transaction transaction(project.db());
    data::Statement insert(project.db(),
                           "INSERT INTO decisions(run_id, kind, subject, payload) "
                           "VALUES(?1, 'price_change', ?2, ?3)");
    for (const markdown::ItemPlan& item : season.items) {
        if (!item.planned)
            continue;
        int previous = item.input.rules.startStep;
        for (const markdown::PlannedWeek& week : item.plan.schedule) {
            if (week.step == previous)
                continue;
            previous = week.step;
            for (qsizetype s = 0; s < item.stores.size(); ++s) {
                insert.reset();
                insert.bind(1, static_cast<std::int64_t>(runId));
                insert.bind(2, item.item.product + QLatin1Char('@') + item.stores[s]);
                insert.bind(
                    3, compactJson(QJsonObject{
                           {QStringLiteral("product"), item.item.product},
                           {QStringLiteral("store"), item.stores[s]},
                           {QStringLiteral("week"),
                            season.firstWeek.addDays(7 * (week.week - 1)).toString(Qt::ISODate)},
                           {QStringLiteral("step"), week.step},
                           {QStringLiteral("price"), item.storeRegularPrices[size_t(s)] *
                                                         item.input.ladder[size_t(week.step)]}}));
                insert.step();
            }
        }
    }
    transaction.commit();
}

}  // namespace

static int markdownCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("Project file."));
    const QCommandLineOption exitWeek(
        QStringLiteral("exit-week"),
        QStringLiteral("A date in the last week the items are on sale (required)."),
        QStringLiteral("DATE"));
    const QCommandLineOption rulesFile(
        QStringLiteral("rules"),
        QStringLiteral("Planning rules (JSON): ladder, objective, salvage, distribution, rules, "
                       "simulations, seed. Default: ladder 100/90/80/70/60/50%, margin, "
                       "fitted demand, no other rules."),
        QStringLiteral("RULES.json"));
    const QCommandLineOption products =
        idListOption(QStringLiteral("products"), QStringLiteral("products"));
    const QCommandLineOption stores =
        idListOption(QStringLiteral("stores"), QStringLiteral("stores"));
    const QCommandLineOption asOf(
        QStringLiteral("as-of"),
        QStringLiteral("Plan as of this date: from the latest stock count on or before it, with "
                       "demand fitted on the sales weeks dated on or before it only."),
        QStringLiteral("DATE"));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("Worker threads (default: one per core)."),
                                     QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption out(
        QStringLiteral("out"),
        QStringLiteral("Price-change list (CSV): product, store, week, step, new price, discount "
                       "and the item's expected units, revenue, margin and sell-through."),
        QStringLiteral("PLAN.csv"));
    const QCommandLineOption items(
        QStringLiteral("items"),
        QStringLiteral("Also write one row per item with its baselines (CSV)."),
        QStringLiteral("ITEMS.csv"));
    const QCommandLineOption userPlanFile(
        QStringLiteral("user-plan"),
        QStringLiteral("The merchandiser's own plan to compare with (CSV): product, store, week "
                       "and one of step, discount or new_price per change, as --out writes it; "
                       "items it does not list keep the regular price."),
        QStringLiteral("USER.csv"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print a summary as one JSON object."));
    parser.addOptions(
        {exitWeek, rulesFile, products, stores, asOf, threads, out, items, userPlanFile, json});
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Plans season-end markdowns for every product in every store with stock: "
                       "fits demand from the weekly sales, solves each item's exact stochastic "
                       "programme under the rules, and compares the plan with no markdown and "
                       "with the best fixed rule."),
        1, 1);
    if (parsed >= 0)
        return parsed;
    const QDate exitDate = QDate::fromString(parser.value(exitWeek), Qt::ISODate);
    if (!exitDate.isValid()) {
        printError(QStringLiteral("--exit-week: expected a date such as 2024-09-16 (%1)")
                       .arg(parser.value(exitWeek)));
        return UsageError;
    }
    QDate asOfDate;
    if (parser.isSet(asOf)) {
        asOfDate = QDate::fromString(parser.value(asOf), Qt::ISODate);
        if (!asOfDate.isValid()) {
            printError(QStringLiteral("--as-of: expected a date (%1)").arg(parser.value(asOf)));
            return UsageError;
        }
    }
    bool ok = false;
    const int threadCount = parser.value(threads).toInt(&ok);
    if (!ok || threadCount < 0) {
        printError(QStringLiteral("--threads: expected a whole number >= 0 (%1)")
                       .arg(parser.value(threads)));
        return UsageError;
    }
    if (!parser.isSet(out)) {
        printError(QStringLiteral("--out PLAN.csv is required."));
        return UsageError;
    }
    exporting::CommandFiles files;
    files.addProject(parser.positionalArguments().at(0));
    files.addInput(QStringLiteral("--rules"), parser.value(rulesFile));
    files.addInput(QStringLiteral("--user-plan"), parser.value(userPlanFile));
    files.addOutputWithParameters(QStringLiteral("--out"), parser.value(out));
    files.addOutputWithParameters(QStringLiteral("--items"), parser.value(items));
    if (const int refused = refuseOverwrites(files); refused >= 0)
        return refused;

    std::unique_ptr<data::Project> project;
    try {
        const markdown::PlanningRules rules =
            parser.isSet(rulesFile) ? markdown::readPlanningRulesFile(parser.value(rulesFile))
                                    : markdown::PlanningRules();
        const std::vector<markdown::UserPriceChange> userChanges =
            parser.isSet(userPlanFile) ? markdown::readUserPlan(parser.value(userPlanFile))
                                       : std::vector<markdown::UserPriceChange>();
        project = data::Project::open(parser.positionalArguments().at(0),
                                      data::Project::OpenMode::MustExist);
        QElapsedTimer timer;
        timer.start();
        const markdown::SeasonInputs inputs = markdown::loadSeasonInputs(
            project->db(), commaList(parser, products), commaList(parser, stores), asOfDate);
        if (inputs.items.empty())
            throw Error(QStringLiteral("no stock on hand on %1 for the chosen products and stores")
                            .arg(inputs.stockDate.toString(Qt::ISODate)));
        QStringList warnings = markdown::checkUnitCosts(inputs.items, rules);
        const demand::SalesFilter filter = inputs.salesFilter();
        const QJsonObject parameters{
            {QStringLiteral("exit_week"), exitDate.toString(Qt::ISODate)},
            {QStringLiteral("stock_date"), inputs.stockDate.toString(Qt::ISODate)},
            {QStringLiteral("as_of"),
             asOfDate.isValid() ? asOfDate.toString(Qt::ISODate) : QString()},
            {QStringLiteral("rules"), markdown::planningRulesToJson(rules)},
            {QStringLiteral("products"), QJsonArray::fromStringList(commaList(parser, products))},
            {QStringLiteral("stores"), QJsonArray::fromStringList(commaList(parser, stores))},
            {QStringLiteral("user_plan"), parser.value(userPlanFile)},
            {QStringLiteral("demand"), QStringLiteral("product-store, least squares, elasticity "
                                                      "shrunk toward product and category")}};
        // Takes the inputs' fingerprint before they are read; writes nothing until begin().
        ProjectRun run(*project, QStringLiteral("markdown"), parameters,
                       static_cast<qint64>(rules.seed));
        const demand::SalesHistory history = demand::loadSalesHistory(project->db(), filter);
        demand::DemandOptions options;
        options.threads = threadCount;
        const demand::DemandFit fit = demand::fitDemand(history, options);
        const markdown::SeasonPlan season =
            markdown::planSeason(inputs, history, fit, rules, exitDate, threadCount);
        if (season.plannedItems() == 0) {
            QStringList problems;
            for (const markdown::ItemPlan& item : season.items)
                problems << item.problem;
            throw Error(
                QStringLiteral("none of the %1 items with stock on %2 could be planned: %3")
                    .arg(season.items.size())
                    .arg(inputs.stockDate.toString(Qt::ISODate),
                         markdown::countedReasons(problems, QStringLiteral("not planned"))));
        }
        warnings << markdown::notPlannedWarnings(season);
        std::optional<markdown::UserPlanComparison> userPlan;
        if (parser.isSet(userPlanFile)) {
            userPlan = markdown::judgeUserPlan(season, userChanges);
            warnings << markdown::checkUserPlan(*userPlan, userChanges, parser.value(userPlanFile));
        }
        // From here the run, its decisions and the exports land together or not at all; a plan
        // refused above leaves the project as it was.
        QJsonObject parametersWithRun = parameters;
        parametersWithRun[QStringLiteral("run_id")] = run.begin();
        parametersWithRun[QStringLiteral("project")] = project->path();
        writePriceChanges(parser.value(out), season, rules.schedulePerCluster, parametersWithRun);
        if (parser.isSet(items))
            writeItems(parser.value(items), season, userPlan ? &*userPlan : nullptr,
                       parametersWithRun);
        recordDecisions(*project, run.id(), season);
        const double seconds = static_cast<double>(timer.elapsed()) / 1000.0;
        QJsonObject summary{
            {QStringLiteral("project"), project->path()},
            {QStringLiteral("run_id"), run.id()},
            {QStringLiteral("stock_date"), inputs.stockDate.toString(Qt::ISODate)},
            {QStringLiteral("first_week"), season.firstWeek.toString(Qt::ISODate)},
            {QStringLiteral("exit_week"), season.exitWeek.toString(Qt::ISODate)},
            {QStringLiteral("weeks"), season.weeks},
            {QStringLiteral("items"), static_cast<qint64>(season.items.size())},
            {QStringLiteral("items_planned"), season.plannedItems()},
            {QStringLiteral("objective"), rules.objective == markdown::MarkdownObjective::Margin
                                              ? QStringLiteral("margin")
                                              : QStringLiteral("revenue")},
            {QStringLiteral("expected_objective"), season.expectedObjective()},
            {QStringLiteral("expected_revenue"), season.expectedRevenue()},
            {QStringLiteral("expected_margin"), season.expectedMargin()},
            {QStringLiteral("no_markdown_objective"), season.noMarkdownObjective()},
            {QStringLiteral("fixed_rule"), season.fixedRule.name},
            {QStringLiteral("fixed_rule_objective"), season.fixedRuleObjective()},
            {QStringLiteral("gain_vs_no_markdown"),
             gainShare(season.expectedObjective(), season.noMarkdownObjective())},
            {QStringLiteral("gain_vs_fixed_rule"),
             gainShare(season.expectedObjective(), season.fixedRuleObjective())},
            {QStringLiteral("seconds"), seconds},
            {QStringLiteral("out"), parser.value(out)}};
        addWarnings(summary, warnings);
        if (userPlan) {
            summary[QStringLiteral("user_plan_objective")] = userPlan->total();
            summary[QStringLiteral("user_plan_items")] = userPlan->listedItems;
            summary[QStringLiteral("user_plan_unmatched_rows")] = userPlan->unmatchedRows;
            summary[QStringLiteral("user_plan_out_of_season_rows")] = userPlan->outOfSeasonRows;
            summary[QStringLiteral("plan_list_objective")] = userPlan->planListTotal();
            summary[QStringLiteral("gain_vs_user_plan")] =
                gainShare(userPlan->planListTotal(), userPlan->total());
        }
        run.finish(summary);
        printWarnings(warnings);
        if (parser.isSet(json)) {
            printJson(summary);
            return Success;
        }
        printLine(
            QStringLiteral("Markdown plan: %1 of %2 items, %3 weeks (%4 to %5), %6 s")
                .arg(season.plannedItems())
                .arg(season.items.size())
                .arg(season.weeks)
                .arg(season.firstWeek.toString(Qt::ISODate), season.exitWeek.toString(Qt::ISODate))
                .arg(seconds, 0, 'f', 2));
        printLine(
            QStringLiteral("  expected %1 %2 (+%3% vs no markdown, %4% vs best fixed rule "
                           "\"%5\")")
                .arg(summary[QStringLiteral("objective")].toString())
                .arg(season.expectedObjective(), 0, 'f', 2)
                .arg(100.0 * gainShare(season.expectedObjective(), season.noMarkdownObjective()), 0,
                     'f', 1)
                .arg(100.0 * gainShare(season.expectedObjective(), season.fixedRuleObjective()), 0,
                     'f', 1)
                .arg(season.fixedRule.name));
        if (userPlan)
            printLine(QStringLiteral("  your plan %1 (%2 items listed): the plan's price list %3 "
                                     "is %4% ahead, both as fixed weekly prices")
                          .arg(userPlan->total(), 0, 'f', 2)
                          .arg(userPlan->listedItems)
                          .arg(userPlan->planListTotal(), 0, 'f', 2)
                          .arg(100.0 * gainShare(userPlan->planListTotal(), userPlan->total()), 0,
                               'f', 1));
        printLine(QStringLiteral("  price changes written to %1").arg(parser.value(out)));
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "markdown",
    "markdown PROJECT --exit-week DATE [--rules RULES.json] [--products LIST] [--stores LIST] "
    "[--as-of DATE] --out PLAN.csv [--items ITEMS.csv] [--user-plan USER.csv] [--json]",
    markdownCommand};

}  // namespace mb::cli
