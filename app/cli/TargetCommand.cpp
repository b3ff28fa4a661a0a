#include "Cli.h"
#include "Options.h"
#include "OutputCheck.h"
#include "TargetingOptions.h"

#include "common/Error.h"
#include "data/Project.h"
#include "targeting/EligibilityRules.h"
#include "targeting/Pseudonym.h"
#include "targeting/TargetJob.h"

#include <QDate>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QSet>
#include <cmath>
#include <memory>

namespace mb::cli {

namespace {

// The day given to --as-of, strictly yyyy-mm-dd.
QDate isoDay(const QString& text) {
    return text.size() == 10 ? QDate::fromString(text, Qt::ISODate) : QDate();
}

// The plan in a few lines, from the job's summary.
void printSummary(const QJsonObject& result) {
    const auto number = [&](const QJsonObject& object, const char* key) {
        return object.value(QLatin1String(key)).toDouble();
    };
    printLine(QStringLiteral("%1 customers scored, %2 eligible, %3 offers to %4 customers, "
                             "%5 held out; cost %6 of %7")
                  .arg(result.value(QStringLiteral("customers_scored")).toInteger())
                  .arg(result.value(QStringLiteral("eligible")).toInteger())
                  .arg(result.value(QStringLiteral("offers_given")).toInteger())
                  .arg(result.value(QStringLiteral("assigned")).toInteger())
                  .arg(result.value(QStringLiteral("held_out")).toInteger())
                  .arg(number(result, "total_cost"), 0, 'f', 2)
                  .arg(number(result, "budget"), 0, 'f', 2));
    const QJsonObject forecast = result.value(QStringLiteral("forecast")).toObject();
    const QJsonObject responses =
        forecast.value(QStringLiteral("incremental_responses")).toObject();
    const QJsonObject margin = forecast.value(QStringLiteral("incremental_margin")).toObject();
    const QJsonObject returns = forecast.value(QStringLiteral("return_on_spend")).toObject();
    printLine(QStringLiteral("expected incremental responses %1 (P10 %2, P90 %3), margin %4 "
                             "(P10 %5, P90 %6), return on spend %7")
                  .arg(number(responses, "mean"), 0, 'f', 1)
                  .arg(number(responses, "p10"), 0, 'f', 1)
                  .arg(number(responses, "p90"), 0, 'f', 1)
                  .arg(number(margin, "mean"), 0, 'f', 2)
                  .arg(number(margin, "p10"), 0, 'f', 2)
                  .arg(number(margin, "p90"), 0, 'f', 2)
                  .arg(number(returns, "mean"), 0, 'f', 2));
    for (const auto& value : result.value(QStringLiteral("strategies")).toArray()) {
        const QJsonObject strategy = value.toObject();
        printLine(QStringLiteral("  %1 net value %2")
                      .arg(strategy.value(QStringLiteral("strategy")).toString(), -16)
                      .arg(number(strategy, "net_value"), 0, 'f', 2));
    }
    for (const auto& note : result.value(QStringLiteral("notes")).toArray())
        printLine(QStringLiteral("note: ") + note.toString());
}

}  // namespace

static int targetCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("Project file."));
    auto valueOption = [&](const char* name, const char* help, const char* value,
                           const QString& fallback = QString()) {
        QCommandLineOption option(QString::fromLatin1(name), QString::fromLatin1(help),
                                  QString::fromLatin1(value), fallback);
        parser.addOption(option);
        return option;
    };
    const auto campaignOption =
        valueOption("campaign", "Campaign test whose arms are the offers (required).", "NAME");
    const auto offersOption =
        valueOption("offers", "Offers CSV: offer, cost[, category, product, capacity].", "FILE");
    const QCommandLineOption offersFromProject(QStringLiteral("offers-from-project"),
                                               QStringLiteral("Use the project's offers table."));
    parser.addOption(offersFromProject);
    const auto budgetOption = valueOption("budget", "Total offer cost allowed (required).", "B");
    const auto outcomeOption = valueOption(
        "outcome", "0/1 response to raise (default: purchase, else the first 0/1 outcome).", "COL");
    const auto valueOutcomeOption =
        valueOption("value-outcome",
                    "Outcome whose mean among an arm's responders is the value per response "
                    "(default spend).",
                    "COL", QStringLiteral("spend"));
    const auto fallbackValueOption =
        valueOption("value", "Value per response when the campaign has no value outcome.", "V");
    const auto marginOption = valueOption(
        "margin-rate",
        "Margin share of a response's value for every offer (default: from the products' cost "
        "and regular price, by the offer's product, else category, else all products).",
        "R");
    const auto modelOption = valueOption("model", "tlearner (default), classtransform or forest.",
                                         "M", QStringLiteral("tlearner"));
    const auto capacityOption = valueOption(
        "capacity", "Most customers an offer may go to; repeat per offer (overrides the table).",
        "OFFER=N");
    const auto maxOffersOption =
        valueOption("max-offers-per-customer", "Offers per customer in this campaign (default 1).",
                    "N", QStringLiteral("1"));
    const auto maxContactsOption = valueOption(
        "max-contacts",
        "Most contacts per customer, counting the contacts already made (--contact-history, "
        "--count-project-contacts) within the period.",
        "K");
    const auto historyOption = valueOption(
        "contact-history",
        "CSV of contacts already made: customer[, contacts][, date] (the day column may be "
        "named date, contacted_at or time: yyyy-mm-dd or an ISO datetime).",
        "FILE");
    const QCommandLineOption projectContactsOption(
        QStringLiteral("count-project-contacts"),
        QStringLiteral("Also count the offers earlier target runs recorded in this project "
                       "(dated by the day each run started; control group rows are not "
                       "contacts)."));
    parser.addOption(projectContactsOption);
    const auto periodOption = valueOption(
        "contact-period-days",
        "Count only contacts in the D days up to --as-of (as_of - D < day <= as_of); the "
        "history then needs a day column. Default: every contact counts.",
        "D");
    const auto asOfOption = valueOption(
        "as-of",
        "Last day of the contact period (default: the latest day across --contact-history and, "
        "with --count-project-contacts, the project's recorded offers; never today's date, so "
        "runs repeat) and the planning day, yyyy-mm-dd: only customers signed up, baskets dated "
        "and contacts made on or before it are read, purchase features and reasons as of its "
        "end (default: no cut).",
        "DATE");
    const auto eligibleOption = valueOption(
        "eligible",
        "Who an offer may go to; repeat for more rules, all of which must hold. "
        "OFFER:segment=A,B (the customers table's segments), OFFER:FEATURE>=X or "
        "OFFER:FEATURE<=X on a purchase feature as of --as-of (else the day after the last basket) "
        "(recency_days, frequency, monetary_mean, monetary_total, discount_share, tenure_days, "
        "share_<category>; a customer without the value is not eligible). OFFER * means every "
        "offer. E.g. offer_d:segment=premium,regular or '*:recency_days<=90'.",
        "RULE");
    const auto excludeOption = valueOption(
        "exclude", "CSV of customers never to be targeted (a customer column), e.g. complaints.",
        "FILE");
    const auto holdoutOption =
        valueOption("holdout", "Share of eligible customers held out as a control group (0.1).",
                    "S", QStringLiteral("0.1"));
    const auto seedOption =
        valueOption("seed", "Seed of the control group, refits and simulation (default 1).", "N",
                    QStringLiteral("1"));
    const auto keyOption = valueOption(
        "pseudonymise-key", "Replace customer ids in the exports by keyed pseudonyms.", "KEY");
    const auto simulationsOption =
        valueOption("simulations", "Monte Carlo replicates of the forecast (1000).", "N",
                    QStringLiteral("1000"));
    const auto refitsOption =
        valueOption("refits", "Bootstrap refits for the uplift standard errors (20; 0 = none).",
                    "N", QStringLiteral("20"));
    const auto outOption = valueOption("out", "Offer list CSV (required).", "FILE");
    const auto xlsxOption = valueOption("xlsx", "Also write the offer list as XLSX.", "FILE");
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the result as one JSON object."));
    parser.addOption(json);
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Chooses which consented customers get which offer under a budget, "
                       "capacities, contact caps and eligibility rules from a campaign test's "
                       "uplift model, holds "
                       "out a control group, forecasts the result and writes the offer list."),
        1, 1);
    if (parsed >= 0)
        return parsed;

    auto usage = [&](const QString& message) {
        printError(QStringLiteral("%1: %2").arg(arguments.first(), message));
        return UsageError;
    };
    if (!parser.isSet(campaignOption) || !parser.isSet(budgetOption) || !parser.isSet(outOption))
        return usage(QStringLiteral("--campaign, --budget and --out are required."));
    if (parser.isSet(offersOption) == parser.isSet(offersFromProject))
        return usage(
            QStringLiteral("give exactly one of --offers FILE and --offers-from-project."));
    exporting::CommandFiles files;
    files.addProject(parser.positionalArguments().at(0));
    files.addInput(QStringLiteral("--offers"), parser.value(offersOption));
    files.addInput(QStringLiteral("--contact-history"), parser.value(historyOption));
    files.addInput(QStringLiteral("--exclude"), parser.value(excludeOption));
    files.addOutputWithParameters(QStringLiteral("--out"), parser.value(outOption));
    files.addOutput(QStringLiteral("--xlsx"), parser.value(xlsxOption));
    if (const int refused = refuseOverwrites(files); refused >= 0)
        return refused;
    targeting::TargetRequest request;
    std::unique_ptr<targeting::Pseudonymiser> pseudonyms;
    try {
        request.campaign = parser.value(campaignOption);
        request.budget = numberOption(parser, budgetOption, 0.0);
        request.model = upliftModelOption(parser, modelOption);
        request.outcome = parser.value(outcomeOption);
        request.valueOutcome = parser.value(valueOutcomeOption);
        if (parser.isSet(fallbackValueOption))
            request.fallbackValue = numberOption(parser, fallbackValueOption, 0.0);
        if (parser.isSet(marginOption))
            request.marginRate = numberOption(parser, marginOption, 0.0, 1.0);
        request.maxOffersPerCustomer =
            static_cast<int>(wholeOption(parser, maxOffersOption, 1, 1000000));
        if (parser.isSet(maxContactsOption))
            request.maxContacts =
                static_cast<int>(wholeOption(parser, maxContactsOption, 0, 1000000));
        request.contactHistory = parser.value(historyOption);
        request.countProjectContacts = parser.isSet(projectContactsOption);
        if ((parser.isSet(historyOption) || request.countProjectContacts) &&
            !parser.isSet(maxContactsOption))
            throw UsageProblem(QStringLiteral(
                "--contact-history and --count-project-contacts need --max-contacts."));
        if (parser.isSet(periodOption)) {
            request.contactPeriodDays =
                static_cast<int>(wholeOption(parser, periodOption, 1, 1000000));
            if (!parser.isSet(historyOption) && !request.countProjectContacts)
                throw UsageProblem(
                    QStringLiteral("--contact-period-days needs --contact-history or "
                                   "--count-project-contacts."));
        }
        if (parser.isSet(asOfOption)) {
            if (!isoDay(parser.value(asOfOption)).isValid())
                throw UsageProblem(QStringLiteral("--as-of must be a date yyyy-mm-dd (%1).")
                                       .arg(parser.value(asOfOption)));
            request.asOf = parser.value(asOfOption);
        }
        request.holdout = numberOption(parser, holdoutOption, 0.0, 1.0);
        if (request.holdout >= 1.0)
            throw UsageProblem(QStringLiteral("--holdout must be in [0, 1) (%1).")
                                   .arg(parser.value(holdoutOption)));
        request.seed = wholeOption(parser, seedOption);
        request.simulations = static_cast<int>(wholeOption(parser, simulationsOption, 1, 1000000));
        request.refits = static_cast<int>(wholeOption(parser, refitsOption, 0, 1000));
        request.capacities = capacityOptions(parser, capacityOption);
        for (const QString& text : parser.values(eligibleOption))
            request.eligibilityRules << targeting::parseEligibilityRule(text).text();
        if (parser.isSet(keyOption)) {
            try {
                pseudonyms =
                    std::make_unique<targeting::Pseudonymiser>(parser.value(keyOption).toUtf8());
            } catch (const Error& error) {
                throw UsageProblem(QStringLiteral("--pseudonymise-key: %1").arg(error.message()));
            }
            request.pseudonymised = true;
        }
    } catch (const Error& error) {
        return usage(error.message());
    }

    // The small input files are read into the request, so a replay plans from what was read.
    try {
        if (parser.isSet(offersOption)) {
            request.offersSource = parser.value(offersOption);
            request.offers = targeting::readOffersCsv(request.offersSource);
            if (request.offers.empty())
                throw Error(QStringLiteral("%1 lists no offers").arg(request.offersSource));
        }
        if (parser.isSet(excludeOption)) {
            request.excludeSource = parser.value(excludeOption);
            const QSet<QString> excluded = targeting::readExclusionList(request.excludeSource);
            request.excludedCustomers = QStringList(excluded.begin(), excluded.end());
            request.excludedCustomers.sort();
        }
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }

    QElapsedTimer timer;
    timer.start();
    try {
        const auto project = data::Project::open(parser.positionalArguments().at(0),
                                                 data::Project::OpenMode::MustExist);
        ProgressToken progress;
        jobs::JobContext context{project.get(), progress, {}};
        context.outputs.insert(QStringLiteral("out"), parser.value(outOption));
        if (parser.isSet(xlsxOption))
            context.outputs.insert(QStringLiteral("xlsx"), parser.value(xlsxOption));
        const jobs::JobOutcome outcome =
            targeting::runTargetJob(request.toJson(), context, pseudonyms.get());
        QJsonObject result = outcome.summary;
        result.insert(QStringLiteral("seconds"), static_cast<double>(timer.elapsed()) / 1000.0);
        if (parser.isSet(json)) {
            printJson(result);
            return Success;
        }
        printSummary(result);
        printLine(QStringLiteral("offer list written to %1").arg(parser.value(outOption)));
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "target",
    "target PROJECT --campaign NAME (--offers OFFERS.csv | --offers-from-project) --budget B "
    "[--outcome COL] [--value-outcome COL] [--value V] [--margin-rate R] "
    "[--model tlearner|classtransform|forest] [--capacity OFFER=N]... "
    "[--max-offers-per-customer N] [--max-contacts K [--contact-history FILE.csv] "
    "[--count-project-contacts] [--contact-period-days D [--as-of yyyy-mm-dd]]] "
    "[--eligible OFFER:segment=A,B|OFFER:FEATURE>=X|OFFER:FEATURE<=X]... [--exclude FILE.csv] "
    "[--holdout 0.1] [--seed N] [--pseudonymise-key KEY] [--simulations 1000] [--refits 20] "
    "--out OFFERLIST.csv [--xlsx OFFERLIST.xlsx] [--json]",
    targetCommand};

}  // namespace mb::cli
