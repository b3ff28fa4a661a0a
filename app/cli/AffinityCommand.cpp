#include "BasketInputOptions.h"
#include "Cli.h"
#include "MemoryLimitOption.h"
#include "Options.h"
#include "OutputCheck.h"

#include "common/Error.h"
#include "layout/AffinityJob.h"

namespace mb::cli {

static int affinityCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    addBasketInputOptions(parser);
    const QCommandLineOption minSupport(
        QStringLiteral("min-support"),
        QStringLiteral("Minimum share of baskets holding both items (default 0)."),
        QStringLiteral("S"), QStringLiteral("0"));
    const QCommandLineOption minBaskets(
        QStringLiteral("min-baskets"),
        QStringLiteral(
            "Minimum number of baskets holding both items (default, when neither this nor "
            "--min-support is given: the larger of %1 and %2% of the baskets; pairs seen "
            "together fewer times are chance co-occurrences, left out and counted; "
            "1 lists every pair bought together at least once).")
            .arg(layout::kDefaultAffinityMinBaskets)
            .arg(layout::kDefaultAffinityMinShare * 100.0),
        QStringLiteral("N"), QString::number(layout::kDefaultAffinityMinBaskets));
    parser.addOptions({minSupport, minBaskets});
    addOption(parser, "out", "Pairs CSV to write (required).", "PAIRS.csv");
    addMemoryLimitOption(parser);
    addOption(parser, "json", "Print a summary as one JSON object.");
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Item-pair affinity: support, confidence both ways, lift, leverage, "
                       "conviction, Jaccard, phi, Yule's Q, chi-squared and Fisher's exact test. "
                       "Lines with a negative or zero quantity are returns: a basket counts when "
                       "it has a line with a positive quantity, and only such lines are its "
                       "items."),
        1, 1);
    if (parsed >= 0)
        return parsed;

    if (!parser.isSet(QStringLiteral("out"))) {
        printError(QStringLiteral("affinity: --out is required."));
        return UsageError;
    }
    exporting::CommandFiles files;
    files.addProjectOrInput(QStringLiteral("the basket file"), parser.positionalArguments().at(0));
    files.addOutput(QStringLiteral("--out"), parser.value(QStringLiteral("out")));
    if (const int refused = refuseOverwrites(files); refused >= 0)
        return refused;
    layout::AffinityRequest request;
    try {
        request.minSupport = numberOption(parser, minSupport, 0, 1);
        // Neither floor given: 0 asks the job for the default floor, which grows with the file.
        request.minBaskets = parser.isSet(minBaskets) || parser.isSet(minSupport)
                                 ? wholeOption(parser, minBaskets, 1)
                                 : 0;
    } catch (const UsageProblem& problem) {
        printError(problem.message());
        return UsageError;
    }
    if (!readBasketInputOptions(parser, "affinity", request.input))
        return UsageError;
    const std::optional<qint64> memoryLimit = readMemoryLimitBytes(parser, "affinity");
    if (!memoryLimit)
        return UsageError;
    request.memoryLimit = *memoryLimit;

    try {
        const QString out = parser.value(QStringLiteral("out"));
        const jobs::JobOutcome outcome = runBasketJob(
            parser.positionalArguments().at(0), request.toJson(), layout::runAffinityJob, out);
        const QJsonObject& summary = outcome.summary;
        if (parser.isSet(QStringLiteral("json"))) {
            printJson(summary);
            return Success;
        }
        printLine(QStringLiteral("%1 baskets, %2 items, %3 pairs -> %4")
                      .arg(summary.value(QStringLiteral("transactions")).toInteger())
                      .arg(summary.value(QStringLiteral("items")).toInteger())
                      .arg(summary.value(QStringLiteral("pairs")).toInteger())
                      .arg(out));
        if (const qint64 below =
                summary.value(QStringLiteral("pairs_below_min_baskets")).toInteger();
            below > 0)
            printLine(QStringLiteral("%1 pairs seen together in fewer than %2 baskets left "
                                     "out (--min-baskets 1 lists them)")
                          .arg(below)
                          .arg(summary.value(QStringLiteral("min_baskets")).toInteger()));
        printReturns(summary);
    } catch (const MemoryBudgetExceeded& error) {
        printError(QStringLiteral("affinity: ") + error.message());
        return InputError;
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "affinity",
    "affinity INPUT --out PAIRS.csv [--min-support S] [--min-baskets N] [--format lines|long] "
    "[--level product|category] [--memory-limit SIZE] [--json]",
    affinityCommand};

}  // namespace mb::cli
