#include "BasketInputOptions.h"
#include "Cli.h"
#include "OutputCheck.h"

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
    option("min-support",
           "Minimum share of baskets holding both items (default 0: every pair bought together "
           "at least once).",
           "S");
    option("out", "Pairs CSV to write (required).", "PAIRS.csv");
    option("json", "Print a summary as one JSON object.");
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Item-pair affinity: support, confidence both ways, lift, leverage, "
                       "conviction, Jaccard, phi, Yule's Q, chi-squared and Fisher's exact test."),
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
    double minSupport = 0;
    if (parser.isSet(QStringLiteral("min-support"))) {
        bool ok = false;
        minSupport = parser.value(QStringLiteral("min-support")).toDouble(&ok);
        if (!ok || !std::isfinite(minSupport) || minSupport < 0 || minSupport > 1) {
            printError(QStringLiteral("--min-support: expected a number from 0 to 1 (%1)")
                           .arg(parser.value(QStringLiteral("min-support"))));
            return UsageError;
        }
    }
    layout::BasketFileOptions input;
    if (!readBasketInputOptions(parser, "affinity", input))
        return UsageError;

    try {
        QElapsedTimer timer;
        timer.start();
        const QString path = parser.positionalArguments().at(0);
        layout::BasketFileSummary summary;
        const layout::BasketSet baskets = layout::readBaskets(path, input, &summary);
        requireCategoryBaskets(baskets, input, path);
        const qint64 readMs = timer.restart();
        const layout::AffinityResult result = layout::findAffinityPairs(baskets, minSupport);
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
            printJson(
                QJsonObject{{QStringLiteral("input"), path},
                            {QStringLiteral("format"), summary.format == layout::BasketFormat::Long
                                                           ? QStringLiteral("long")
                                                           : QStringLiteral("lines")},
                            {QStringLiteral("level"), input.level == layout::BasketLevel::Category
                                                          ? QStringLiteral("category")
                                                          : QStringLiteral("product")},
                            {QStringLiteral("transactions"), qint64(baskets.basketCount())},
                            {QStringLiteral("items"), qint64(baskets.itemCount())},
                            {QStringLiteral("skipped_lines"), summary.skippedRecords},
                            {QStringLiteral("pairs"), qint64(result.pairs.size())},
                            {QStringLiteral("min_support"), minSupport},
                            {QStringLiteral("out"), out},
                            {QStringLiteral("read_ms"), readMs},
                            {QStringLiteral("pairs_ms"), pairMs},
                            {QStringLiteral("top_pairs"), top}});
        } else {
            printLine(QStringLiteral("%1 baskets, %2 items, %3 pairs -> %4")
                          .arg(baskets.basketCount())
                          .arg(baskets.itemCount())
                          .arg(result.pairs.size())
                          .arg(out));
        }
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "affinity",
    "affinity INPUT --out PAIRS.csv [--min-support S] [--format lines|long] "
    "[--level product|category] [--json]",
    affinityCommand};

}  // namespace mb::cli
