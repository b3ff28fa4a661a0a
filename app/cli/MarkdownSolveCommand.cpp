#include "Cli.h"

#include "common/Error.h"
#include "common/Progress.h"
#include "data/InputFile.h"
#include "markdown/MarkdownSolveJob.h"

namespace mb::cli {

namespace {

const char* const instanceHelp = R"(
INSTANCE.json (every rule optional; unknown keys are errors):
  {"weeks": 13, "inventory": 200, "regular_price": 40.0, "unit_cost": 18.0,
   "salvage_value": 5.0, "ladder": [1.0, 0.9, 0.8, 0.7, 0.6, 0.5],
   "demand": {"distribution": "poisson" | "negbin" | "deterministic",
              "mean": [[week 1 mean at each ladder step], ..., [week T ...]],
              "dispersion": 2.0},
   "rules": {"monotone": true, "max_markdowns": 3, "min_weeks_between": 2,
             "earliest_week": 1, "margin_floor": 0.0, "start_step": 0, "deepest_step": 5,
             "target_sell_through": 0.9, "sell_through_penalty": 3.0, "min_on_hand": 0},
   "objective": "revenue" | "margin", "simulations": 2000, "seed": 7}
A portfolio plans several instances under one cap on their expected markdown spend, sum
over items of (regular price - price paid) x units sold:
  {"items": [INSTANCE, ...], "markdown_budget": 5000.0}
It prints expected_objective, markdown_spend, lambda (the budget's price per unit of spend),
gap_bound (how far the result may be from the best plan within the budget) and each item.
Negbin variance is mean + mean^2 / dispersion; deterministic demand is the mean rounded to
whole units. A markdown is any change of ladder step; none comes in a week that starts
with fewer units on hand than min_on_hand (a locked week keeps its lock). A target without a penalty is hard
(deterministic demand only). The objective adds salvage per unit left and subtracts the
penalty per unit short of the target. The schedule is the policy's path when each week's
demand equals its mean rounded to whole units; expected_* figures are exact expectations.
)";

// One item's schedule and expected figures with their simulated P10/P90; the solve time when
// it is the item's own (solveMs >= 0).
void printPlan(const QString& title, const markdown::MarkdownPlan& plan,
               const markdown::MarkdownSimulation& simulation,
               const markdown::MarkdownInstance& instance, qint64 solveMs) {
    const markdown::MarkdownProblem& problem = instance.problem;
    const bool revenue = problem.objective == markdown::MarkdownObjective::Revenue;
    printLine(
        QStringLiteral("Markdown plan for %1: %2 weeks, %3 units, objective %4%5")
            .arg(title)
            .arg(problem.weeks)
            .arg(problem.inventory)
            .arg(revenue ? QStringLiteral("revenue") : QStringLiteral("margin"))
            .arg(solveMs >= 0 ? QStringLiteral(" (solved in %1 ms)").arg(solveMs) : QString()));
    printLine(QStringLiteral("\n%1 %2 %3 %4 %5 %6 %7")
                  .arg(QStringLiteral("week"), 4)
                  .arg(QStringLiteral("step"), 4)
                  .arg(QStringLiteral("price"), 10)
                  .arg(QStringLiteral("stock"), 6)
                  .arg(QStringLiteral("units"), 6)
                  .arg(QStringLiteral("E[stock]"), 9)
                  .arg(QStringLiteral("E[units]"), 9));
    for (const markdown::PlannedWeek& week : plan.schedule)
        printLine(QStringLiteral("%1 %2 %3 %4 %5 %6 %7")
                      .arg(week.week, 4)
                      .arg(week.step, 4)
                      .arg(week.price, 10, 'f', 2)
                      .arg(week.pathStock, 6)
                      .arg(week.pathUnits, 6)
                      .arg(week.expectedStock, 9, 'f', 1)
                      .arg(week.expectedUnits, 9, 'f', 1));
    printLine(
        QStringLiteral("(step, price, stock and units follow the path where each "
                       "week's demand equals its mean)\n"));
    const auto row = [&](const QString& name, double expected,
                         const markdown::SimulatedFigure& figure, int decimals) {
        printLine(QStringLiteral("%1 %2 %3 %4")
                      .arg(name, -18)
                      .arg(expected, 12, 'f', decimals)
                      .arg(figure.p10, 12, 'f', decimals)
                      .arg(figure.p90, 12, 'f', decimals));
    };
    printLine(QStringLiteral("%1 %2 %3 %4")
                  .arg(QString(), -18)
                  .arg(QStringLiteral("expected"), 12)
                  .arg(QStringLiteral("P10"), 12)
                  .arg(QStringLiteral("P90"), 12));
    row(QStringLiteral("objective"), plan.expectedObjective, simulation.objective, 2);
    row(QStringLiteral("revenue"), plan.expectedRevenue, simulation.revenue, 2);
    row(QStringLiteral("margin"), plan.expectedMargin, simulation.margin, 2);
    row(QStringLiteral("units sold"), plan.expectedUnits, simulation.units, 1);
    row(QStringLiteral("leftover"), plan.expectedLeftover, simulation.leftover, 1);
    row(QStringLiteral("sell-through"), plan.expectedSellThrough, simulation.sellThrough, 3);
    printLine(QStringLiteral("\nSimulated objective over %1 seasons (seed %2): %3 +- %4")
                  .arg(simulation.seasons)
                  .arg(instance.seed)
                  .arg(simulation.objective.mean, 0, 'f', 2)
                  .arg(simulation.objective.standardError, 0, 'f', 2));
}

// A portfolio's totals under its budget, then each item as markdown-solve prints one.
void printPortfolio(const QString& path, const markdown::PortfolioSolve& solved, qint64 solveMs) {
    const markdown::BudgetAllocation& allocation = solved.allocation;
    printLine(QStringLiteral("Markdown portfolio %1: %2 items under a markdown budget of %3 "
                             "(expected spend; solved in %4 ms)")
                  .arg(path)
                  .arg(solved.plans.size())
                  .arg(allocation.budget, 0, 'f', 2)
                  .arg(solveMs));
    printLine(QStringLiteral("expected_objective %1\nmarkdown_spend     %2 (%3)\n"
                             "lambda             %4 (spend prices tried: %5)\n"
                             "gap_bound          %6 (the best plan within the budget is at most "
                             "this much better)")
                  .arg(solved.expectedObjective, 0, 'f', 2)
                  .arg(solved.markdownSpend, 0, 'f', 2)
                  .arg(allocation.binds ? QStringLiteral("the budget binds")
                                        : QStringLiteral("the budget does not bind"))
                  .arg(allocation.lambda, 0, 'g', 6)
                  .arg(allocation.lambdasTried)
                  .arg(solved.gapBound, 0, 'f', 4));
    for (size_t i = 0; i < solved.plans.size(); ++i) {
        printLine(QStringLiteral("\n== items[%1]: markdown spend %2 at spend price %3 ==")
                      .arg(i)
                      .arg(markdown::expectedMarkdownSpend(solved.plans[i]), 0, 'f', 2)
                      .arg(allocation.spendPrices[i], 0, 'g', 6));
        printPlan(QStringLiteral("%1 items[%2]").arg(path).arg(i), solved.plans[i],
                  solved.simulations[i], solved.portfolio.items[i], -1);
    }
}

}  // namespace

static int markdownSolveCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("INSTANCE"),
                                 QStringLiteral("Markdown instance (JSON, format below)."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the result as one JSON object."));
    parser.addOption(json);
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Optimal markdown policy for one item (exact stochastic dynamic "
                       "programme) and its expected schedule, or for a portfolio of items "
                       "under a markdown budget.") +
            QString::fromLatin1(instanceHelp),
        1, 1);
    if (parsed >= 0)
        return parsed;

    const QString path = parser.positionalArguments().at(0);
    try {
        // An instance is one item's JSON; 64 MiB is far more than any real one.
        const markdown::MarkdownSolveRequest request =
            markdown::MarkdownSolveRequest::fromInstanceFile(
                data::InputFile::readSmall(path, qint64(64) << 20), path);
        // The job's compute and summary (runMarkdownSolveJob is these two, for `run`); the table
        // below reads the same result.
        ProgressToken progress;
        const markdown::MarkdownSolveResult solved =
            markdown::computeMarkdownSolve(request, progress);
        if (parser.isSet(json)) {
            printJson(markdown::markdownSolveSummary(solved));
            return Success;
        }
        if (solved.portfolio)
            printPortfolio(path, *solved.portfolio, solved.solveMs);
        else
            printPlan(path, solved.plan, solved.simulation, solved.instance, solved.solveMs);
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "markdown-solve", "markdown-solve INSTANCE|PORTFOLIO [--json]", markdownSolveCommand};

}  // namespace mb::cli
