#include "Cli.h"
#include "OutputCheck.h"
#include "ProjectRun.h"

#include "common/Error.h"
#include "data/Project.h"
#include "targeting/ContactHistory.h"
#include "targeting/EligibilityRules.h"
#include "targeting/OfferListRecord.h"
#include "targeting/Pseudonym.h"
#include "targeting/TargetingPlan.h"

#include <QDate>
#include <QElapsedTimer>
#include <QSet>
#include <cmath>
#include <memory>
#include <optional>

namespace mb::cli {

namespace {

// The day given to --as-of, strictly yyyy-mm-dd.
QDate isoDay(const QString& text) {
    return text.size() == 10 ? QDate::fromString(text, Qt::ISODate) : QDate();
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
    targeting::TargetingSettings settings;
    bool ok = false;
    settings.budget = parser.value(budgetOption).toDouble(&ok);
    if (!ok || !std::isfinite(settings.budget) || settings.budget < 0.0)
        return usage(
            QStringLiteral("--budget must be zero or more (%1).").arg(parser.value(budgetOption)));
    const QString modelText = parser.value(modelOption);
    if (modelText == QLatin1String("tlearner"))
        settings.model.method = targeting::UpliftMethod::TLearner;
    else if (modelText == QLatin1String("classtransform"))
        settings.model.method = targeting::UpliftMethod::ClassTransformation;
    else if (modelText == QLatin1String("forest"))
        settings.model.method = targeting::UpliftMethod::Forest;
    else
        return usage(QStringLiteral("--model must be tlearner, classtransform or forest (%1).")
                         .arg(modelText));
    settings.outcome = parser.value(outcomeOption);
    settings.valueOutcome = parser.value(valueOutcomeOption);
    if (parser.isSet(fallbackValueOption)) {
        settings.fallbackValue = parser.value(fallbackValueOption).toDouble(&ok);
        if (!ok || !std::isfinite(settings.fallbackValue) || settings.fallbackValue < 0.0)
            return usage(QStringLiteral("--value must be zero or more (%1).")
                             .arg(parser.value(fallbackValueOption)));
    }
    std::optional<double> marginRate;
    if (parser.isSet(marginOption)) {
        marginRate = parser.value(marginOption).toDouble(&ok);
        if (!ok || !(*marginRate >= 0.0 && *marginRate <= 1.0))
            return usage(QStringLiteral("--margin-rate must be in [0, 1] (%1).")
                             .arg(parser.value(marginOption)));
    }
    settings.maxOffersPerCustomer = parser.value(maxOffersOption).toInt(&ok);
    if (!ok || settings.maxOffersPerCustomer < 1)
        return usage(QStringLiteral("--max-offers-per-customer must be 1 or more (%1).")
                         .arg(parser.value(maxOffersOption)));
    if (parser.isSet(maxContactsOption)) {
        settings.maxContacts = parser.value(maxContactsOption).toInt(&ok);
        if (!ok || settings.maxContacts < 0)
            return usage(QStringLiteral("--max-contacts must be 0 or more (%1).")
                             .arg(parser.value(maxContactsOption)));
    }
    if ((parser.isSet(historyOption) || parser.isSet(projectContactsOption)) &&
        !parser.isSet(maxContactsOption))
        return usage(
            QStringLiteral("--contact-history and --count-project-contacts need --max-contacts."));
    targeting::ContactWindow contactWindow;
    if (parser.isSet(periodOption)) {
        contactWindow.periodDays = parser.value(periodOption).toInt(&ok);
        if (!ok || contactWindow.periodDays < 1)
            return usage(QStringLiteral("--contact-period-days must be 1 or more (%1).")
                             .arg(parser.value(periodOption)));
        if (!parser.isSet(historyOption) && !parser.isSet(projectContactsOption))
            return usage(
                QStringLiteral("--contact-period-days needs --contact-history or "
                               "--count-project-contacts."));
    }
    if (parser.isSet(asOfOption)) {
        contactWindow.asOf = isoDay(parser.value(asOfOption));
        if (!contactWindow.asOf.isValid())
            return usage(QStringLiteral("--as-of must be a date yyyy-mm-dd (%1).")
                             .arg(parser.value(asOfOption)));
    }
    settings.holdoutFraction = parser.value(holdoutOption).toDouble(&ok);
    if (!ok || !(settings.holdoutFraction >= 0.0 && settings.holdoutFraction < 1.0))
        return usage(
            QStringLiteral("--holdout must be in [0, 1) (%1).").arg(parser.value(holdoutOption)));
    settings.seed = parser.value(seedOption).toULongLong(&ok);
    if (!ok)
        return usage(
            QStringLiteral("--seed must be a whole number (%1).").arg(parser.value(seedOption)));
    settings.model.seed = settings.seed;
    settings.simulations = parser.value(simulationsOption).toInt(&ok);
    if (!ok || settings.simulations < 1 || settings.simulations > 1000000)
        return usage(QStringLiteral("--simulations must be from 1 to 1000000 (%1).")
                         .arg(parser.value(simulationsOption)));
    settings.uncertaintyReplicates = parser.value(refitsOption).toInt(&ok);
    if (!ok || settings.uncertaintyReplicates < 0 || settings.uncertaintyReplicates > 1000)
        return usage(QStringLiteral("--refits must be from 0 to 1000 (%1).")
                         .arg(parser.value(refitsOption)));
    QHash<QString, double> capacities;
    for (const QString& text : parser.values(capacityOption)) {
        const auto equals = text.lastIndexOf(QLatin1Char('='));
        const double count = equals > 0 ? text.mid(equals + 1).toDouble(&ok) : -1.0;
        if (equals <= 0 || !ok || !(count >= 0.0))
            return usage(QStringLiteral("--capacity must be OFFER=N with N >= 0 (%1).").arg(text));
        capacities.insert(text.left(equals), std::floor(count));
    }
    std::vector<targeting::EligibilityRule> rules;
    QStringList ruleTexts;
    for (const QString& text : parser.values(eligibleOption)) {
        try {
            rules.push_back(targeting::parseEligibilityRule(text));
        } catch (const Error& error) {
            return usage(error.message());
        }
        ruleTexts << rules.back().text();
    }
    std::unique_ptr<targeting::Pseudonymiser> pseudonyms;
    if (parser.isSet(keyOption)) {
        try {
            pseudonyms =
                std::make_unique<targeting::Pseudonymiser>(parser.value(keyOption).toUtf8());
        } catch (const Error& error) {
            return usage(QStringLiteral("--pseudonymise-key: %1").arg(error.message()));
        }
    }

    const QString campaignName = parser.value(campaignOption);
    std::unique_ptr<data::Project> project;
    targeting::CampaignDesign design;
    std::vector<targeting::TargetingCustomer> customers;
    std::vector<targeting::TargetingOffer> offers;
    targeting::ContactCount contacts;
    QSet<QString> excluded;
    try {
        project = data::Project::open(parser.positionalArguments().at(0),
                                      data::Project::OpenMode::MustExist);
        design = targeting::loadCampaign(*project, campaignName);
        customers = targeting::loadTargetingCustomers(*project, settings.reasonWindowDays,
                                                      contactWindow.asOf);
        targeting::checkTargetableCustomers(design, customers);
        if (parser.isSet(offersFromProject)) {
            offers = targeting::loadProjectOffers(*project);
        } else {
            offers = targeting::readOffersCsv(parser.value(offersOption));
            targeting::applyProductMargins(*project, offers);
        }
        if (offers.empty())
            throw Error(parser.isSet(offersFromProject)
                            ? QStringLiteral("the project has no offers; import some or use "
                                             "--offers FILE")
                            : QStringLiteral("%1 lists no offers").arg(parser.value(offersOption)));
        QStringList offerIds;
        for (const targeting::TargetingOffer& offer : offers)
            offerIds << offer.offer;
        for (auto it = capacities.constBegin(); it != capacities.constEnd(); ++it) {
            const auto index = offerIds.indexOf(it.key());
            if (index < 0)
                throw Error(QStringLiteral("--capacity names an unknown offer %1 (there are: %2)")
                                .arg(it.key(), offerIds.join(u", ")));
            offers[static_cast<std::size_t>(index)].capacity = it.value();
        }
        if (marginRate) {
            for (targeting::TargetingOffer& offer : offers)
                offer.marginRate = *marginRate;
        }
        if (parser.isSet(excludeOption))
            excluded = targeting::readExclusionList(parser.value(excludeOption));
        if (!rules.empty() || !excluded.isEmpty()) {
            targeting::CustomerFacts facts;
            if (targeting::rulesTestFeatures(rules))
                facts = targeting::loadCustomerFacts(*project, customers, contactWindow.asOf);
            targeting::applyEligibility(rules, excluded, offers, facts, customers);
        }
        if (parser.isSet(historyOption) || parser.isSet(projectContactsOption)) {
            std::vector<targeting::ContactRecord> history;
            if (parser.isSet(historyOption))
                history = targeting::readContactRecords(parser.value(historyOption),
                                                        contactWindow.periodDays >= 0);
            std::vector<targeting::ContactRecord> recorded;
            if (parser.isSet(projectContactsOption))
                recorded = targeting::readProjectContacts(*project);
            contacts = targeting::countContacts(history, recorded, contactWindow);
            for (targeting::TargetingCustomer& customer : customers)
                customer.priorContacts = contacts.perCustomer.value(customer.customer, 0);
        }
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }

    targeting::TargetRunRequest request;
    request.campaign = campaignName;
    if (!parser.isSet(offersFromProject))
        request.offers = parser.value(offersOption);
    request.capacities = capacities;
    request.marginRate = marginRate;
    request.contactHistory = parser.value(historyOption);
    request.contactPeriodDays = contactWindow.periodDays;
    request.contactAsOf = contacts.asOf.isValid() ? contacts.asOf : contactWindow.asOf;
    request.countProjectContacts = parser.isSet(projectContactsOption);
    request.eligible = ruleTexts;
    request.exclude = parser.value(excludeOption);
    request.excludeIds = excluded.size();
    request.pseudonymised = pseudonyms != nullptr;
    QJsonObject parameters = targeting::targetRunParameters(settings, request);
    QElapsedTimer timer;
    timer.start();
    std::optional<ProjectRun> run;
    try {
        run.emplace(*project, QStringLiteral("target"), parameters,
                    static_cast<qint64>(settings.seed));
        const targeting::TargetingPlan plan =
            targeting::runTargeting(design, customers, offers, settings);
        // From here the run, its offer list and the exports land together or not at all.
        parameters.insert(QStringLiteral("run_id"), run->begin());

        parameters.insert(QStringLiteral("outcome"), plan.outcome);
        targeting::OfferListExport exportOptions;
        exportOptions.parameters = parameters;
        exportOptions.pseudonyms = pseudonyms.get();
        targeting::writeOfferListCsv(parser.value(outOption), plan.rows, exportOptions);
        if (parser.isSet(xlsxOption))
            targeting::writeOfferListXlsx(parser.value(xlsxOption), plan.rows, exportOptions);
        targeting::recordOfferDecisions(*project, run->id(), plan.rows);

        const targeting::AllocationResult& allocation = plan.allocation;
        QJsonObject result = targeting::targetRunSummary(plan, customers, offers, settings);
        result.insert(QStringLiteral("project"), project->path());
        result.insert(QStringLiteral("campaign"), campaignName);
        result.insert(
            QStringLiteral("contacts"),
            QJsonObject{
                {QStringLiteral("max_contacts"), parameters.value(QStringLiteral("max_contacts"))},
                {QStringLiteral("period_days"),
                 parameters.value(QStringLiteral("contact_period_days"))},
                {QStringLiteral("as_of"), parameters.value(QStringLiteral("as_of"))},
                {QStringLiteral("from_history"), static_cast<qint64>(contacts.fromHistory)},
                {QStringLiteral("from_project"), static_cast<qint64>(contacts.fromProject)}});
        result.insert(QStringLiteral("eligibility"),
                      QJsonObject{{QStringLiteral("rules"),
                                   parameters.value(QStringLiteral("eligibility_rules"))},
                                  {QStringLiteral("exclude"), request.exclude},
                                  {QStringLiteral("exclude_ids"), request.excludeIds}});
        result.insert(QStringLiteral("out"), parser.value(outOption));
        result.insert(QStringLiteral("run_id"), run->id());
        if (parser.isSet(xlsxOption))
            result.insert(QStringLiteral("xlsx"), parser.value(xlsxOption));
        run->finish(result);
        result.insert(QStringLiteral("seconds"), static_cast<double>(timer.elapsed()) / 1000.0);
        if (parser.isSet(json)) {
            printJson(result);
            return Success;
        }
        printLine(QStringLiteral("%1 customers scored, %2 eligible, %3 offers to %4 customers, "
                                 "%5 held out; cost %6 of %7")
                      .arg(plan.customersScored)
                      .arg(allocation.eligibleCustomers)
                      .arg(allocation.chosen.size())
                      .arg(allocation.assignedCustomers)
                      .arg(allocation.heldOutCustomers)
                      .arg(allocation.totalCost, 0, 'f', 2)
                      .arg(settings.budget, 0, 'f', 2));
        const targeting::CampaignForecast& f = plan.forecast;
        printLine(QStringLiteral("expected incremental responses %1 (P10 %2, P90 %3), margin %4 "
                                 "(P10 %5, P90 %6), return on spend %7")
                      .arg(f.incrementalResponses.mean, 0, 'f', 1)
                      .arg(f.incrementalResponses.p10, 0, 'f', 1)
                      .arg(f.incrementalResponses.p90, 0, 'f', 1)
                      .arg(f.incrementalMargin.mean, 0, 'f', 2)
                      .arg(f.incrementalMargin.p10, 0, 'f', 2)
                      .arg(f.incrementalMargin.p90, 0, 'f', 2)
                      .arg(f.returnOnSpend.mean, 0, 'f', 2));
        for (const targeting::StrategyForecast& s : plan.strategies)
            printLine(QStringLiteral("  %1 net value %2")
                          .arg(targeting::strategyName(s.strategy), -16)
                          .arg(s.expected.incrementalMargin - s.expected.spend, 0, 'f', 2));
        for (const QString& note : plan.notes)
            printLine(QStringLiteral("note: ") + note);
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
