#include "BasketInputOptions.h"
#include "Cli.h"
#include "MemoryLimitOption.h"
#include "OutputCheck.h"
#include "Warnings.h"

#include "common/Error.h"
#include "layout/AffinityCsv.h"
#include "layout/AffinityPairs.h"
#include "layout/BasketReader.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <cmath>

namespace mb::cli {

namespace {

QJsonValue jsonNumber(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

}  // namespace

static int affinityCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    addBasketInputOptions(parser);
    const auto option = [&](const char* name, const char* help, const char* valueName = nullptr) {
        addOption(parser, name, help, valueName);
    };
    option("min-support", "Minimum share of baskets holding both items (default 0).", "S");
    const QByteArray minBasketsHelp =
        QStringLiteral(
            "Minimum number of baskets holding both items (default, when neither this nor "
            "--min-support is given: the larger of %1 and %2% of the baskets; pairs seen "
            "together fewer times are chance co-occurrences, left out and counted; "
            "1 lists every pair bought together at least once).")
            .arg(layout::kDefaultAffinityMinBaskets)
            .arg(layout::kDefaultAffinityMinShare * 100.0)
            .toUtf8();
    option("min-baskets", minBasketsHelp.constData(), "N");
    option("out", "Pairs CSV to write (required).", "PAIRS.csv");
    addMemoryLimitOption(parser);
    option("json", "Print a summary as one JSON object.");
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
    layout::AffinityOptions pairOptions;
    pairOptions.minBaskets = layout::kDefaultAffinityMinBaskets;
    double& minSupport = pairOptions.minSupport;
    if (parser.isSet(QStringLiteral("min-support"))) {
        bool ok = false;
        minSupport = parser.value(QStringLiteral("min-support")).toDouble(&ok);
        if (!ok || !std::isfinite(minSupport) || minSupport < 0 || minSupport > 1) {
            printError(QStringLiteral("--min-support: expected a number from 0 to 1 (%1)")
                           .arg(parser.value(QStringLiteral("min-support"))));
            return UsageError;
        }
    }
    if (parser.isSet(QStringLiteral("min-baskets"))) {
        bool ok = false;
        pairOptions.minBaskets = parser.value(QStringLiteral("min-baskets")).toULongLong(&ok);
        if (!ok || pairOptions.minBaskets < 1) {
            printError(QStringLiteral("--min-baskets: expected a whole number of at least 1 (%1)")
                           .arg(parser.value(QStringLiteral("min-baskets"))));
            return UsageError;
        }
    }
    layout::BasketFileOptions input;
    if (!readBasketInputOptions(parser, "affinity", input))
        return UsageError;
    std::optional<MemoryBudget> budget = readMemoryLimit(parser, "affinity");
    if (!budget)
        return UsageError;

    try {
        QElapsedTimer timer;
        timer.start();
        const QString path = parser.positionalArguments().at(0);
        layout::BasketFileSummary summary;
        const layout::BasketSet baskets = layout::readBaskets(path, input, &summary);
        requireCategoryBaskets(baskets, input, path);
        printWarnings(leftOutLineWarnings(summary, input, path));
        // The default floor grows with the file, so a large one still gives a usable list.
        if (!parser.isSet(QStringLiteral("min-baskets")) &&
            !parser.isSet(QStringLiteral("min-support")))
            pairOptions.minBaskets = layout::defaultAffinityMinBaskets(baskets.basketCount());
        const qint64 readMs = timer.restart();
        const layout::AffinityResult result =
            layout::findAffinityPairs(baskets, pairOptions, nullptr, &*budget);
        const qint64 pairMs = timer.restart();
        const QString out = parser.value(QStringLiteral("out"));
        layout::writeAffinityCsv(out, result.pairs, baskets.itemNames);
        if (parser.isSet(QStringLiteral("json"))) {
            QJsonArray top;
            for (std::size_t i = 0; i < std::min<std::size_t>(10, result.pairs.size()); ++i) {
                const layout::AffinityPair& pair = result.pairs[i];
                top.append(
                    QJsonObject{{QStringLiteral("item_a"),
                                 QString::fromStdString(baskets.itemNames[pair.itemA])},
                                {QStringLiteral("item_b"),
                                 QString::fromStdString(baskets.itemNames[pair.itemB])},
                                {QStringLiteral("baskets_both"), qint64(pair.counts.withBoth)},
                                {QStringLiteral("support"), jsonNumber(pair.measures.support)},
                                {QStringLiteral("lift"), jsonNumber(pair.measures.lift)},
                                {QStringLiteral("phi"), jsonNumber(pair.measures.phi)},
                                {QStringLiteral("fisher_p"), jsonNumber(pair.measures.fisherP)}});
            }
            printJson(basketSummaryJson(
                path, input, summary, baskets,
                QJsonObject{
                    {QStringLiteral("pairs"), qint64(result.pairs.size())},
                    {QStringLiteral("pairs_below_min_baskets"), qint64(result.pairsBelowFloor)},
                    {QStringLiteral("min_support"), minSupport},
                    {QStringLiteral("min_baskets"), qint64(pairOptions.minBaskets)},
                    {QStringLiteral("memory_limit"), qint64(budget->limit())},
                    {QStringLiteral("memory_peak"), qint64(budget->peak())},
                    {QStringLiteral("out"), out},
                    {QStringLiteral("read_ms"), readMs},
                    {QStringLiteral("pairs_ms"), pairMs},
                    {QStringLiteral("top_pairs"), top}}));
        } else {
            printLine(QStringLiteral("%1 baskets, %2 items, %3 pairs -> %4")
                          .arg(baskets.basketCount())
                          .arg(baskets.itemCount())
                          .arg(result.pairs.size())
                          .arg(out));
            if (result.pairsBelowFloor > 0)
                printLine(QStringLiteral("%1 pairs seen together in fewer than %2 baskets left "
                                         "out (--min-baskets 1 lists them)")
                              .arg(result.pairsBelowFloor)
                              .arg(pairOptions.minBaskets));
            printReturns(summary);
        }
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
