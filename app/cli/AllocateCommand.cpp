#include "Cli.h"
#include "Options.h"
#include "OutputCheck.h"
#include "TargetingOptions.h"
#include "Warnings.h"

#include "common/Error.h"
#include "targeting/AllocateJob.h"

#include <cmath>

namespace mb::cli {

static int allocateCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(
        QStringLiteral("EFFECTS"),
        QStringLiteral("CSV with customer, offer, effect, cost[, consent][, eligible]."));
    const QCommandLineOption budget(QStringLiteral("budget"),
                                    QStringLiteral("Total cost allowed (required)."),
                                    QStringLiteral("B"));
    const QCommandLineOption capacity(QStringLiteral("capacity"),
                                      QStringLiteral("Most customers an offer may go to; repeat "
                                                     "per offer."),
                                      QStringLiteral("OFFER=N"));
    const QCommandLineOption maxOffers(QStringLiteral("max-offers-per-customer"),
                                       QStringLiteral("Contact cap per customer (default 1)."),
                                       QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption holdout(QStringLiteral("holdout"),
                                     QStringLiteral("Fraction of eligible customers held out as "
                                                    "a random control group (default 0)."),
                                     QStringLiteral("F"), QStringLiteral("0"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("Seed of the control group draw (default 1)."),
                                  QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption out(QStringLiteral("out"),
                                 QStringLiteral("Where to write the offer list (required)."),
                                 QStringLiteral("ALLOCATION.csv"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the totals as one JSON object."));
    for (const QCommandLineOption& option : {budget, capacity, maxOffers, holdout, seed, out, json})
        parser.addOption(option);
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Gives each customer the offer(s) with the most expected incremental value "
                       "under a budget, offer capacities and a contact cap; customers without "
                       "consent are never offered anything."),
        1, 1);
    if (parsed >= 0)
        return parsed;
    auto usage = [&](const QString& message) {
        printError(QStringLiteral("%1: %2").arg(arguments.first(), message));
        return UsageError;
    };
    if (!parser.isSet(budget) || !parser.isSet(out))
        return usage(QStringLiteral("--budget and --out are required."));
    exporting::CommandFiles files;
    files.addInput(QStringLiteral("the effects file"), parser.positionalArguments().at(0));
    files.addOutput(QStringLiteral("--out"), parser.value(out));
    if (const int refused = refuseOverwrites(files); refused >= 0)
        return refused;
    targeting::AllocateRequest request;
    request.effects = parser.positionalArguments().at(0);
    try {
        request.budget = numberOption(parser, budget, 0.0);
        request.maxOffersPerCustomer = static_cast<int>(wholeOption(parser, maxOffers, 1, 1000000));
        request.holdout = numberOption(parser, holdout, 0.0, 1.0);
        if (request.holdout >= 1.0)
            throw UsageProblem(
                QStringLiteral("--holdout must be in [0, 1) (%1).").arg(parser.value(holdout)));
        request.seed = wholeOption(parser, seed);
        request.capacities = capacityOptions(parser, capacity);
    } catch (const Error& error) {
        return usage(error.message());
    }

    try {
        ProgressToken progress;
        jobs::JobContext context{nullptr, progress, {}};
        context.outputs.insert(QStringLiteral("out"), parser.value(out));
        const jobs::JobOutcome outcome = targeting::runAllocateJob(request.toJson(), context);
        printWarnings(outcome.warnings);
        const QJsonObject& report = outcome.summary;
        if (parser.isSet(json)) {
            printJson(report);
            return Success;
        }
        const auto number = [&](const char* key) {
            return report.value(QLatin1String(key)).toDouble();
        };
        printLine(QStringLiteral("%1 offers to %2 customers (%3 held out), cost %4 of %5, "
                                 "expected incremental value %6 (bound %7, gap %8, %9)")
                      .arg(report.value(QStringLiteral("offers_given")).toInteger())
                      .arg(report.value(QStringLiteral("assigned")).toInteger())
                      .arg(report.value(QStringLiteral("held_out")).toInteger())
                      .arg(number("total_cost"))
                      .arg(number("budget"))
                      .arg(number("total_effect"))
                      .arg(number("lp_bound"))
                      .arg(number("gap"))
                      .arg(report.value(QStringLiteral("method")).toString()));
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "allocate",
    "allocate EFFECTS.csv --budget B [--capacity OFFER=N]... [--max-offers-per-customer N] "
    "[--holdout F --seed S] --out ALLOCATION.csv [--json]",
    allocateCommand};

}  // namespace mb::cli
