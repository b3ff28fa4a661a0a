#include "Cli.h"
#include "OutputCheck.h"

#include "common/Error.h"
#include "targeting/AllocationExport.h"

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
    bool ok = false;
    const double budgetValue = parser.value(budget).toDouble(&ok);
    if (!ok || std::isnan(budgetValue) || budgetValue < 0.0)
        return usage(
            QStringLiteral("--budget must be zero or more (%1).").arg(parser.value(budget)));
    const int cap = parser.value(maxOffers).toInt(&ok);
    if (!ok || cap < 1)
        return usage(QStringLiteral("--max-offers-per-customer must be 1 or more (%1).")
                         .arg(parser.value(maxOffers)));
    const double holdoutFraction = parser.value(holdout).toDouble(&ok);
    if (!ok || !(holdoutFraction >= 0.0 && holdoutFraction < 1.0))
        return usage(
            QStringLiteral("--holdout must be in [0, 1) (%1).").arg(parser.value(holdout)));
    const qulonglong seedValue = parser.value(seed).toULongLong(&ok);
    if (!ok)
        return usage(QStringLiteral("--seed must be a whole number (%1).").arg(parser.value(seed)));
    QHash<QString, double> capacities;
    for (const QString& text : parser.values(capacity)) {
        const auto equals = text.lastIndexOf(QLatin1Char('='));
        const double count = equals > 0 ? text.mid(equals + 1).toDouble(&ok) : -1.0;
        if (equals <= 0 || !ok || !(count >= 0.0))
            return usage(QStringLiteral("--capacity must be OFFER=N with N >= 0 (%1).").arg(text));
        capacities.insert(text.left(equals), std::floor(count));
    }

    try {
        targeting::OfferEffectsFile input =
            targeting::readOfferEffectsFile(parser.positionalArguments().at(0));
        targeting::AllocationProblem& problem = input.problem;
        problem.budget = budgetValue;
        problem.maxOffersPerCustomer = cap;
        problem.holdoutFraction = holdoutFraction;
        problem.seed = seedValue;
        if (!capacities.isEmpty()) {
            problem.capacity.assign(static_cast<std::size_t>(problem.offerCount),
                                    targeting::unlimited);
            for (auto it = capacities.constBegin(); it != capacities.constEnd(); ++it) {
                const auto offer = input.offers.indexOf(it.key());
                if (offer < 0)
                    printError(QStringLiteral("warning: --capacity names an offer not in the "
                                              "file (%1)")
                                   .arg(it.key()));
                else
                    problem.capacity[static_cast<std::size_t>(offer)] = it.value();
            }
        }
        const targeting::AllocationResult result = targeting::allocateOffers(problem);
        targeting::writeAllocation(parser.value(out), input, result);
        const QString method = result.method == targeting::AllocationMethod::ConvexHullGreedy
                                   ? QStringLiteral("convex-hull-greedy")
                                   : QStringLiteral("lagrangian");
        const QJsonObject report{
            {QStringLiteral("file"), parser.positionalArguments().at(0)},
            {QStringLiteral("out"), parser.value(out)},
            {QStringLiteral("method"), method},
            {QStringLiteral("budget"), budgetValue},
            {QStringLiteral("total_cost"), result.totalCost},
            {QStringLiteral("total_effect"), result.totalEffect},
            {QStringLiteral("assigned"), static_cast<qint64>(result.assignedCustomers)},
            {QStringLiteral("offers_given"), static_cast<qint64>(result.chosen.size())},
            {QStringLiteral("eligible_customers"), static_cast<qint64>(result.eligibleCustomers)},
            {QStringLiteral("held_out"), static_cast<qint64>(result.heldOutCustomers)},
            {QStringLiteral("lp_bound"), result.upperBound},
            {QStringLiteral("bound_kind"),
             result.method == targeting::AllocationMethod::ConvexHullGreedy
                 ? QStringLiteral("lp")
                 : QStringLiteral("lagrangian")},
            {QStringLiteral("gap"), result.gap},
        };
        if (parser.isSet(json)) {
            printJson(report);
            return Success;
        }
        printLine(QStringLiteral("%1 offers to %2 customers (%3 held out), cost %4 of %5, "
                                 "expected incremental value %6 (bound %7, gap %8, %9)")
                      .arg(result.chosen.size())
                      .arg(result.assignedCustomers)
                      .arg(result.heldOutCustomers)
                      .arg(result.totalCost)
                      .arg(budgetValue)
                      .arg(result.totalEffect)
                      .arg(result.upperBound)
                      .arg(result.gap)
                      .arg(method));
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
