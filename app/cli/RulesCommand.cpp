#include "BasketInputOptions.h"
#include "Cli.h"
#include "MemoryLimitOption.h"
#include "Options.h"
#include "OutputCheck.h"

#include "common/Error.h"
#include "layout/RulesJob.h"

namespace mb::cli {

static int rulesCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    addBasketInputOptions(parser);
    const auto option = [&](const char* name, const char* help, const char* valueName,
                            const char* defaultValue) {
        QCommandLineOption result(QString::fromLatin1(name), QString::fromLatin1(help),
                                  QString::fromLatin1(valueName),
                                  QString::fromLatin1(defaultValue));
        parser.addOption(result);
        return result;
    };
    const QCommandLineOption minSupport = option(
        "min-support", "Minimum support of a rule, a fraction of baskets (required).", "S", "");
    const QCommandLineOption minConfidence =
        option("min-confidence", "Minimum confidence (required).", "C", "");
    const QCommandLineOption minLift =
        option("min-lift", "Minimum lift (default: none).", "L", "0");
    const QCommandLineOption minLength =
        option("min-len", "Minimum items in a rule; 1 (default) allows {} => {item}, as arules.",
               "K", "1");
    const QCommandLineOption maxLength = option(
        "max-len", "Maximum items in a rule, antecedent plus consequent (default 10).", "K", "10");
    addOption(parser, "out", "Rules CSV to write (required).", "RULES.csv");
    addMemoryLimitOption(parser);
    addOption(parser, "json", "Print a summary as one JSON object.");
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Association rules (antecedent => one consequent) with support, "
                       "confidence and lift as R's arules computes them. Lines with a negative "
                       "or zero quantity are returns: a basket counts when it has a line with a "
                       "positive quantity, and only such lines are its items."),
        1, 1);
    if (parsed >= 0)
        return parsed;

    if (!parser.isSet(minSupport) || !parser.isSet(minConfidence) ||
        !parser.isSet(QStringLiteral("out"))) {
        printError(
            QStringLiteral("rules: --min-support, --min-confidence and --out are required."));
        return UsageError;
    }
    exporting::CommandFiles files;
    files.addProjectOrInput(QStringLiteral("the basket file"), parser.positionalArguments().at(0));
    files.addOutput(QStringLiteral("--out"), parser.value(QStringLiteral("out")));
    if (const int refused = refuseOverwrites(files); refused >= 0)
        return refused;
    layout::RulesRequest request;
    try {
        request.rules.minSupport = numberOption(parser, minSupport, 0, 1);
        request.rules.minConfidence = numberOption(parser, minConfidence, 0, 1);
        request.rules.minLift = numberOption(parser, minLift, 0, 1e300);
        request.rules.minLength = static_cast<int>(wholeOption(parser, minLength, 1, 100));
        request.rules.maxLength = static_cast<int>(wholeOption(parser, maxLength, 1, 100));
    } catch (const UsageProblem& problem) {
        printError(problem.message());
        return UsageError;
    }
    if (request.rules.minLength > request.rules.maxLength) {
        printError(
            QStringLiteral("rules: --min-len and --max-len must be whole numbers, "
                           "min <= max."));
        return UsageError;
    }
    if (!readBasketInputOptions(parser, "rules", request.input))
        return UsageError;
    const std::optional<qint64> memoryLimit = readMemoryLimitBytes(parser, "rules");
    if (!memoryLimit)
        return UsageError;
    request.memoryLimit = *memoryLimit;

    try {
        const QString out = parser.value(QStringLiteral("out"));
        const jobs::JobOutcome outcome = runBasketJob(parser.positionalArguments().at(0),
                                                      request.toJson(), layout::runRulesJob, out);
        const QJsonObject& summary = outcome.summary;
        if (parser.isSet(QStringLiteral("json"))) {
            printJson(summary);
            return Success;
        }
        printLine(QStringLiteral("%1 baskets, %2 items, %3 frequent itemsets, %4 rules -> %5")
                      .arg(summary.value(QStringLiteral("transactions")).toInteger())
                      .arg(summary.value(QStringLiteral("items")).toInteger())
                      .arg(summary.value(QStringLiteral("itemsets")).toInteger())
                      .arg(summary.value(QStringLiteral("rules")).toInteger())
                      .arg(out));
        printReturns(summary);
    } catch (const MemoryBudgetExceeded& error) {
        printError(QStringLiteral("rules: ") + error.message());
        return InputError;
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "rules",
    "rules INPUT --min-support S --min-confidence C --out RULES.csv [--min-lift L] "
    "[--max-len K] [--format lines|long] [--level product|category] [--memory-limit SIZE] "
    "[--json]",
    rulesCommand};

}  // namespace mb::cli
