#include "Cli.h"
#include "Options.h"
#include "OutputCheck.h"
#include "Warnings.h"

#include "common/Error.h"
#include "common/Progress.h"
#include "data/Project.h"
#include "markdown/MarkdownBacktestJob.h"

namespace mb::cli {

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
        markdown::MarkdownBacktestRequest request;
        request.seasonStart = startDate;
        request.exitWeek = exitDate;
        if (parser.isSet(rulesFile))
            request.rules = markdown::readPlanningRulesFile(parser.value(rulesFile));
        request.products = commaList(parser, products);
        request.stores = commaList(parser, stores);
        const std::unique_ptr<data::Project> project = data::Project::open(
            parser.positionalArguments().at(0), data::Project::OpenMode::MustExist);
        ProgressToken progress;
        jobs::JobContext context{
            project.get(), progress, {}, jobs::RunRecorder::Recording::WhenWritable};
        context.outputs.insert(QStringLiteral("out"), parser.value(out));
        const jobs::JobOutcome outcome =
            markdown::runMarkdownBacktestJob(request.toJson(), context);
        const QJsonObject& summary = outcome.summary;
        const QStringList& warnings = outcome.warnings;
        printWarnings(warnings);
        if (parser.isSet(json)) {
            printJson(summary);
            return Success;
        }
        const double actual = summary[QStringLiteral("actual_objective")].toDouble();
        const double plan = summary[QStringLiteral("plan_objective")].toDouble();
        printLine(QStringLiteral("Backtest of %1 to %2 (%3 weeks): %4 of %5 items compared")
                      .arg(summary[QStringLiteral("season_start")].toString(),
                           summary[QStringLiteral("exit_week")].toString())
                      .arg(summary[QStringLiteral("weeks")].toInt())
                      .arg(summary[QStringLiteral("items_compared")].toInt())
                      .arg(summary[QStringLiteral("items")].toInt()));
        printLine(QStringLiteral("  under the model fitted before the season: the retailer's "
                                 "prices %1, the plan %2 (%3%4%)")
                      .arg(actual, 0, 'f', 2)
                      .arg(plan, 0, 'f', 2)
                      .arg(plan >= actual ? QStringLiteral("+") : QString())
                      .arg(100.0 * summary[QStringLiteral("gain_share")].toDouble(), 0, 'f', 1));
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
