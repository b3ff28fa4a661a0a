#include "Cli.h"
#include "Options.h"
#include "OutputCheck.h"
#include "Warnings.h"

#include "common/Error.h"
#include "common/Progress.h"
#include "data/Project.h"
#include "markdown/MarkdownPlanJob.h"

namespace mb::cli {

static int markdownCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("Project file."));
    const QCommandLineOption exitWeek(
        QStringLiteral("exit-week"),
        QStringLiteral("A date in the last week the items are on sale (required)."),
        QStringLiteral("DATE"));
    const QCommandLineOption rulesFile(
        QStringLiteral("rules"),
        QStringLiteral(
            "Planning rules (JSON): ladder, objective, salvage, distribution, rules, "
            "markdown_budget, simulations, seed. Default: ladder 100/90/80/70/60/50%, margin, "
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

    try {
        markdown::MarkdownPlanRequest request;
        request.exitWeek = exitDate;
        request.asOf = asOfDate;
        request.products = commaList(parser, products);
        request.stores = commaList(parser, stores);
        const int threadCount = static_cast<int>(wholeOption(parser, threads, 0, 4096));
        if (parser.isSet(rulesFile))
            request.rules = markdown::readPlanningRulesFile(parser.value(rulesFile));
        if (parser.isSet(userPlanFile)) {
            request.userPlan = markdown::readUserPlan(parser.value(userPlanFile));
            request.userPlanName = parser.value(userPlanFile);
        }
        const std::unique_ptr<data::Project> project = data::Project::open(
            parser.positionalArguments().at(0), data::Project::OpenMode::MustExist);
        ProgressToken progress;
        jobs::JobContext context{project.get(), progress, {}};
        context.outputs.insert(QStringLiteral("out"), parser.value(out));
        if (parser.isSet(items))
            context.outputs.insert(QStringLiteral("items"), parser.value(items));
        const jobs::JobOutcome outcome =
            markdown::runMarkdownPlanJob(request.toJson(), context, threadCount);
        const QJsonObject& summary = outcome.summary;
        printWarnings(outcome.warnings);
        if (parser.isSet(json)) {
            printJson(summary);
            return Success;
        }
        const auto figure = [&summary](const char* key) {
            return summary.value(QLatin1String(key)).toDouble();
        };
        printLine(QStringLiteral("Markdown plan: %1 of %2 items, %3 weeks (%4 to %5), %6 s")
                      .arg(summary[QStringLiteral("items_planned")].toInt())
                      .arg(summary[QStringLiteral("items")].toInt())
                      .arg(summary[QStringLiteral("weeks")].toInt())
                      .arg(summary[QStringLiteral("first_week")].toString(),
                           summary[QStringLiteral("exit_week")].toString())
                      .arg(figure("seconds"), 0, 'f', 2));
        printLine(QStringLiteral("  expected %1 %2 (+%3% vs no markdown, %4% vs best fixed rule "
                                 "\"%5\")")
                      .arg(summary[QStringLiteral("objective")].toString())
                      .arg(figure("expected_objective"), 0, 'f', 2)
                      .arg(100.0 * figure("gain_vs_no_markdown"), 0, 'f', 1)
                      .arg(100.0 * figure("gain_vs_fixed_rule"), 0, 'f', 1)
                      .arg(summary[QStringLiteral("fixed_rule")].toString()));
        if (summary.contains(QStringLiteral("markdown_budget")))
            printLine(QStringLiteral("  expected markdown spend %1 of a budget of %2 (lambda %3, "
                                     "gap_bound %4)")
                          .arg(figure("markdown_spend"), 0, 'f', 2)
                          .arg(figure("markdown_budget"), 0, 'f', 2)
                          .arg(figure("lambda"), 0, 'g', 4)
                          .arg(figure("gap_bound"), 0, 'f', 2));
        else
            printLine(QStringLiteral("  expected markdown spend %1 (no budget)")
                          .arg(figure("markdown_spend"), 0, 'f', 2));
        if (summary.contains(QStringLiteral("user_plan_objective")))
            printLine(QStringLiteral("  your plan %1 (%2 items listed): the plan's price list %3 "
                                     "is %4% ahead, both as fixed weekly prices")
                          .arg(figure("user_plan_objective"), 0, 'f', 2)
                          .arg(summary[QStringLiteral("user_plan_items")].toInt())
                          .arg(figure("plan_list_objective"), 0, 'f', 2)
                          .arg(100.0 * figure("gain_vs_user_plan"), 0, 'f', 1));
        printLine(QStringLiteral("  price changes written to %1").arg(parser.value(out)));
    } catch (const UsageProblem& problem) {
        printError(problem.message());
        return UsageError;
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
