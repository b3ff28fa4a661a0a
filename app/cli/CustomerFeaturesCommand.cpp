#include "Cli.h"
#include "MemoryLimitOption.h"
#include "OutputCheck.h"
#include "Warnings.h"

#include "common/Error.h"
#include "common/MemoryBudget.h"
#include "data/Project.h"
#include "data/ValueParser.h"
#include "targeting/CustomerFeaturesJob.h"

#include <QElapsedTimer>

namespace mb::cli {

static int customerFeaturesCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("Project file."));
    const QCommandLineOption asOf(
        QStringLiteral("as-of"),
        QStringLiteral("Features as of this date (YYYY-MM-DD): only baskets before it count "
                       "(default: the day after the last basket)."),
        QStringLiteral("DATE"));
    const QCommandLineOption out(QStringLiteral("out"),
                                 QStringLiteral("Feature CSV to write (required)."),
                                 QStringLiteral("FILE.csv"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print a summary as one JSON object."));
    for (const QCommandLineOption& option : {asOf, out, json}) {
        parser.addOption(option);
    }
    addMemoryLimitOption(parser);
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral(
            "Customer features from basket lines: recency, frequency, monetary, category "
            "shares, share bought on discount and tenure. Lines with a negative or zero "
            "quantity are returns: frequency counts purchase occasions (baskets with at least "
            "one purchased line), monetary_total and monetary_mean are net of returns, and "
            "the shares are of the value purchased. A customer with only returns gets no row."),
        1, 1);
    if (parsed >= 0)
        return parsed;
    if (!parser.isSet(out)) {
        printError(QStringLiteral("customer-features: --out is required."));
        return UsageError;
    }
    exporting::CommandFiles files;
    files.addProject(parser.positionalArguments().at(0));
    files.addOutput(QStringLiteral("--out"), parser.value(out));
    if (const int refused = refuseOverwrites(files); refused >= 0)
        return refused;
    targeting::CustomerFeaturesRequest request;
    if (parser.isSet(asOf)) {
        const auto date =
            data::parseDateTime(parser.value(asOf).toStdString(), data::DateOrder::Iso);
        if (!date) {
            printError(QStringLiteral("--as-of: expected a date such as 2024-07-29 (%1)")
                           .arg(parser.value(asOf)));
            return UsageError;
        }
        request.asOf = data::formatIsoDate(date->days);
    }
    std::optional<MemoryBudget> budget = readMemoryLimit(parser, "customer-features");
    if (!budget)
        return UsageError;

    try {
        QElapsedTimer timer;
        timer.start();
        const auto project = data::Project::open(parser.positionalArguments().at(0),
                                                 data::Project::OpenMode::MustExist);
        ProgressToken progress;
        jobs::JobContext context{project.get(), progress, {}};
        context.outputs.insert(QStringLiteral("out"), parser.value(out));
        const jobs::JobOutcome outcome =
            targeting::runCustomerFeaturesJob(request.toJson(), context, &*budget);
        printWarnings(outcome.warnings);
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        QJsonObject summary = outcome.summary;
        if (parser.isSet(json)) {
            summary.remove(QStringLiteral("run_id"));
            summary.insert(QStringLiteral("seconds"), seconds);
            printJson(summary);
        } else {
            printLine(
                QStringLiteral("%1 customers x %2 features as of %3 -> %4")
                    .arg(summary.value(QStringLiteral("customers")).toInteger())
                    .arg(summary.value(QStringLiteral("columns")).toInteger())
                    .arg(summary.value(QStringLiteral("as_of")).toString(), parser.value(out)));
            printLine(
                QStringLiteral("%1 purchase occasions; monetary is net of %2 return lines; "
                               "%3 customers with only returns have no row")
                    .arg(summary.value(QStringLiteral("purchase_baskets")).toInteger())
                    .arg(summary.value(QStringLiteral("return_lines")).toInteger())
                    .arg(summary.value(QStringLiteral("customers_with_only_returns")).toInteger()));
        }
    } catch (const MemoryBudgetExceeded& error) {
        printError(QStringLiteral("customer-features: ") + error.message());
        return InputError;
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "customer-features",
    "customer-features PROJECT [--as-of DATE] --out FILE.csv [--memory-limit SIZE] [--json]",
    customerFeaturesCommand};

}  // namespace mb::cli
