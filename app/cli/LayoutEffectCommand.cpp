#include "Cli.h"
#include "MemoryLimitOption.h"
#include "RecordedJob.h"
#include "Warnings.h"

#include "common/Error.h"
#include "common/MemoryBudget.h"
#include "data/Project.h"
#include "layout/LayoutEffectJob.h"

#include <QDate>

namespace mb::cli {

// How attach rates change with the walking distance between categories, measured across the
// chain's stores and layout changes.
static int layoutEffectCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("Project file."));
    const QCommandLineOption store(
        QStringLiteral("store"),
        QStringLiteral("Read only these stores' baskets and placements (repeat, or S1,S2; "
                       "default: every store the basket lines name)."),
        QStringLiteral("S"));
    const QCommandLineOption asOf(
        QStringLiteral("as-of"),
        QStringLiteral("Read the basket lines and layout changes up to the end of this day."),
        QStringLiteral("YYYY-MM-DD"));
    const QCommandLineOption out(
        QStringLiteral("out"),
        QStringLiteral("Write the per-pair figures (attach rates, distances, fitted) to this CSV."),
        QStringLiteral("FILE.csv"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the estimate as one JSON object."));
    for (const QCommandLineOption& option : {store, asOf, out, json})
        parser.addOption(option);
    addMemoryLimitOption(parser);
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("The effect of walking distance on attach rates: a Poisson model of "
                       "co-purchases with pair and store effects, from variation across stores "
                       "and over time, with store-clustered intervals."),
        1, 1);
    if (parsed >= 0)
        return parsed;

    layout::LayoutEffectRequest request;
    for (const QString& value : parser.values(store))
        for (const QString& id : value.split(u',', Qt::SkipEmptyParts))
            if (!request.stores.contains(id.trimmed()))
                request.stores.append(id.trimmed());
    if (parser.isSet(asOf)) {
        request.asOf = parser.value(asOf).trimmed();
        if (request.asOf.size() != 10 || !QDate::fromString(request.asOf, Qt::ISODate).isValid()) {
            printError(QStringLiteral("layout-effect: --as-of: expected a date YYYY-MM-DD (%1)")
                           .arg(request.asOf));
            return UsageError;
        }
    }
    const std::optional<qint64> memoryLimit = readMemoryLimitBytes(parser, "layout-effect");
    if (!memoryLimit)
        return UsageError;
    request.memoryLimit = *memoryLimit;
    if (const int refused = refuseProjectOut(parser, out); refused >= 0)
        return refused;

    try {
        const auto project = data::Project::open(parser.positionalArguments().at(0),
                                                 data::Project::OpenMode::MustExist);
        jobs::OutputFiles outputs;
        if (parser.isSet(out))
            outputs.insert(QStringLiteral("out"), parser.value(out));
        RecordedJob job =
            runRecordedJob(*project, layout::runLayoutEffectJob, request.toJson(), outputs);
        QJsonObject& summary = job.summary;
        addWarnings(summary, job.outcome.warnings);
        if (parser.isSet(json)) {
            printJson(summary);
        } else {
            printLine(
                QStringLiteral("attach rates x%1 per 10 m closer (95% interval %2 to %3), "
                               "from %4 stores, %5 category pairs, %6 observations")
                    .arg(summary.value(QStringLiteral("rate_ratio_per_10m")).toDouble(), 0, 'f', 3)
                    .arg(summary.value(QStringLiteral("ci_low")).toDouble(), 0, 'f', 3)
                    .arg(summary.value(QStringLiteral("ci_high")).toDouble(), 0, 'f', 3)
                    .arg(summary.value(QStringLiteral("stores")).toInteger())
                    .arg(summary.value(QStringLiteral("pairs")).toInteger())
                    .arg(summary.value(QStringLiteral("observations")).toInteger()));
            printLine(QStringLiteral("model: ") + layout::layoutEffectModelStatement());
        }
    } catch (const MemoryBudgetExceeded& error) {
        printError(QStringLiteral("layout-effect: ") + error.message());
        return InputError;
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "layout-effect",
    "layout-effect PROJECT [--store S]... [--as-of YYYY-MM-DD] [--out FILE.csv] "
    "[--memory-limit SIZE] [--json]",
    layoutEffectCommand};

}  // namespace mb::cli
