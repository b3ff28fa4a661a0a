#include "Cli.h"
#include "ProjectRun.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "targeting/Pseudonym.h"
#include "targeting/TargetingPlan.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>
#include <memory>
#include <optional>

namespace mb::cli {

namespace {

QJsonValue finiteOrNull(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

QJsonObject summaryJson(const targeting::OutcomeSummary& summary) {
    return QJsonObject{{QStringLiteral("mean"), finiteOrNull(summary.mean)},
                       {QStringLiteral("p10"), finiteOrNull(summary.p10)},
                       {QStringLiteral("p50"), finiteOrNull(summary.p50)},
                       {QStringLiteral("p90"), finiteOrNull(summary.p90)}};
}

QJsonObject forecastJson(const targeting::CampaignForecast& forecast) {
    return QJsonObject{
        {QStringLiteral("incremental_responses"), summaryJson(forecast.incrementalResponses)},
        {QStringLiteral("incremental_revenue"), summaryJson(forecast.incrementalRevenue)},
        {QStringLiteral("incremental_margin"), summaryJson(forecast.incrementalMargin)},
        {QStringLiteral("spend"), summaryJson(forecast.spend)},
        {QStringLiteral("return_on_spend"), summaryJson(forecast.returnOnSpend)},
        {QStringLiteral("offers_given"), static_cast<qint64>(forecast.offersGiven)},
        {QStringLiteral("replicates"), forecast.replicates}};
}

void recordOffers(data::Project& project, qint64 runId, const targeting::TargetingPlan& plan) {
    data::Transaction transaction(project.db());
    data::Statement insert(project.db(),
                           "INSERT INTO decisions(run_id, kind, subject, payload) "
                           "VALUES(?1, 'offer', ?2, ?3)");
    for (const targeting::OfferListRow& row : plan.rows) {
        if (row.control)
            continue;
        insert.reset();
        insert.bind(1, static_cast<std::int64_t>(runId));
        insert.bind(2, row.customer);
        insert.bind(3,
                    compactJson(QJsonObject{{QStringLiteral("customer"), row.customer},
                                            {QStringLiteral("offer"), row.offer},
                                            {QStringLiteral("expected_uplift"), row.expectedUplift},
                                            {QStringLiteral("expected_value"), row.expectedValue},
                                            {QStringLiteral("cost"), row.cost},
                                            {QStringLiteral("reason"), row.reason}}));
        insert.step();
    }
    transaction.commit();
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
        "Most contacts per customer counting the contact history (no period window).", "K");
    const auto historyOption = valueOption(
        "contact-history", "CSV of contacts already made: customer[, contacts].", "FILE");
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
                       "capacities and contact caps from a campaign test's uplift model, holds "
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
    if (parser.isSet(historyOption) && !parser.isSet(maxContactsOption))
        return usage(QStringLiteral("--contact-history needs --max-contacts."));
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
    try {
        project = data::Project::open(parser.positionalArguments().at(0),
                                      data::Project::OpenMode::MustExist);
        design = targeting::loadCampaign(*project, campaignName);
        customers = targeting::loadTargetingCustomers(*project, settings.reasonWindowDays);
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
        if (parser.isSet(historyOption)) {
            const QHash<QString, int> history =
                targeting::readContactHistory(parser.value(historyOption));
            for (targeting::TargetingCustomer& customer : customers)
                customer.priorContacts = history.value(customer.customer, 0);
        }
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }

    QJsonObject capacityJson;
    for (auto it = capacities.constBegin(); it != capacities.constEnd(); ++it)
        capacityJson.insert(it.key(), it.value());
    QJsonObject parameters{
        {QStringLiteral("campaign"), campaignName},
        {QStringLiteral("offers"), parser.isSet(offersFromProject) ? QStringLiteral("(project)")
                                                                   : parser.value(offersOption)},
        {QStringLiteral("budget"), settings.budget},
        {QStringLiteral("model"), targeting::methodName(settings.model.method)},
        {QStringLiteral("outcome"), settings.outcome},
        {QStringLiteral("value_outcome"), settings.valueOutcome},
        {QStringLiteral("value"), finiteOrNull(settings.fallbackValue)},
        {QStringLiteral("margin_rate"), marginRate ? QJsonValue(*marginRate) : QJsonValue()},
        {QStringLiteral("capacity"), capacityJson},
        {QStringLiteral("max_offers_per_customer"), settings.maxOffersPerCustomer},
        {QStringLiteral("max_contacts"),
         settings.maxContacts >= 0 ? QJsonValue(settings.maxContacts) : QJsonValue()},
        {QStringLiteral("contact_history"), parser.value(historyOption)},
        {QStringLiteral("holdout"), settings.holdoutFraction},
        {QStringLiteral("seed"), QString::number(settings.seed)},
        {QStringLiteral("simulations"), settings.simulations},
        {QStringLiteral("refits"), settings.uncertaintyReplicates},
        {QStringLiteral("pseudonymised"), pseudonyms != nullptr},
    };
    QElapsedTimer timer;
    timer.start();
    std::optional<ProjectRun> run;
    try {
        run.emplace(*project, QStringLiteral("target"), parameters,
                    static_cast<qint64>(settings.seed));
        parameters.insert(QStringLiteral("run_id"), run->id());
        const targeting::TargetingPlan plan =
            targeting::runTargeting(design, customers, offers, settings);

        parameters.insert(QStringLiteral("outcome"), plan.outcome);
        targeting::OfferListExport exportOptions;
        exportOptions.parameters = parameters;
        exportOptions.pseudonyms = pseudonyms.get();
        targeting::writeOfferListCsv(parser.value(outOption), plan.rows, exportOptions);
        if (parser.isSet(xlsxOption))
            targeting::writeOfferListXlsx(parser.value(xlsxOption), plan.rows, exportOptions);
        recordOffers(*project, run->id(), plan);

        std::int64_t consented = 0;
        for (const targeting::TargetingCustomer& customer : customers)
            consented += customer.consentOffers ? 1 : 0;
        QJsonArray offerJson;
        for (const targeting::ArmOffer& pair : plan.armOffers) {
            const targeting::TargetingOffer& offer = offers[static_cast<std::size_t>(pair.offer)];
            qint64 sent = 0;
            for (const targeting::OfferListRow& row : plan.rows)
                sent += !row.control && row.offer == offer.offer ? 1 : 0;
            offerJson.append(QJsonObject{
                {QStringLiteral("offer"), offer.offer},
                {QStringLiteral("category"), offer.category},
                {QStringLiteral("cost"), offer.cost},
                {QStringLiteral("capacity"), finiteOrNull(offer.capacity)},
                {QStringLiteral("margin_rate"), offer.marginRate},
                {QStringLiteral("value_per_response"), pair.valuePerResponse},
                {QStringLiteral("value_source"),
                 pair.valueFromCampaign ? QStringLiteral("campaign") : QStringLiteral("--value")},
                {QStringLiteral("assigned"), sent}});
        }
        QJsonArray strategies;
        for (const targeting::StrategyForecast& s : plan.strategies) {
            strategies.append(QJsonObject{
                {QStringLiteral("strategy"), targeting::strategyName(s.strategy)},
                {QStringLiteral("offers"), static_cast<qint64>(s.chosen.size())},
                {QStringLiteral("spend"), s.expected.spend},
                {QStringLiteral("incremental_responses"), s.expected.incrementalResponses},
                {QStringLiteral("incremental_revenue"), s.expected.incrementalRevenue},
                {QStringLiteral("incremental_margin"), s.expected.incrementalMargin},
                {QStringLiteral("net_value"), s.expected.incrementalMargin - s.expected.spend},
                {QStringLiteral("incremental_margin_p10"),
                 finiteOrNull(s.forecast.incrementalMargin.p10)},
                {QStringLiteral("incremental_margin_p90"),
                 finiteOrNull(s.forecast.incrementalMargin.p90)}});
        }
        QJsonArray curve;
        for (const targeting::BudgetPoint& point : plan.budgetCurve) {
            curve.append(
                QJsonObject{{QStringLiteral("budget"), point.budget},
                            {QStringLiteral("spend"), point.spend},
                            {QStringLiteral("net_value"), point.netValue},
                            {QStringLiteral("incremental_margin"), point.incrementalMargin},
                            {QStringLiteral("whole_offers_spend"), point.wholeOffersSpend},
                            {QStringLiteral("whole_offers_net_value"), point.wholeOffersNetValue}});
        }
        const targeting::AllocationResult& allocation = plan.allocation;
        QJsonObject result{
            {QStringLiteral("project"), project->path()},
            {QStringLiteral("campaign"), campaignName},
            {QStringLiteral("model"), targeting::methodName(settings.model.method)},
            {QStringLiteral("outcome"), plan.outcome},
            {QStringLiteral("offers"), offerJson},
            {QStringLiteral("customers"), static_cast<qint64>(customers.size())},
            {QStringLiteral("customers_consented"), static_cast<qint64>(consented)},
            {QStringLiteral("customers_scored"), static_cast<qint64>(plan.customersScored)},
            {QStringLiteral("customers_without_features"),
             static_cast<qint64>(plan.customersWithoutFeatures)},
            {QStringLiteral("at_contact_cap"), static_cast<qint64>(plan.customersAtContactCap)},
            {QStringLiteral("eligible"), static_cast<qint64>(allocation.eligibleCustomers)},
            {QStringLiteral("assigned"), static_cast<qint64>(allocation.assignedCustomers)},
            {QStringLiteral("offers_given"), static_cast<qint64>(allocation.chosen.size())},
            {QStringLiteral("held_out"), static_cast<qint64>(allocation.heldOutCustomers)},
            {QStringLiteral("budget"), settings.budget},
            {QStringLiteral("total_cost"), allocation.totalCost},
            {QStringLiteral("expected_net_value"), allocation.totalEffect},
            {QStringLiteral("allocation_method"),
             allocation.method == targeting::AllocationMethod::ConvexHullGreedy
                 ? QStringLiteral("convex-hull-greedy")
                 : QStringLiteral("lagrangian")},
            {QStringLiteral("upper_bound"), allocation.upperBound},
            {QStringLiteral("expected"),
             QJsonObject{
                 {QStringLiteral("incremental_responses"), plan.expected.incrementalResponses},
                 {QStringLiteral("incremental_revenue"), plan.expected.incrementalRevenue},
                 {QStringLiteral("incremental_margin"), plan.expected.incrementalMargin},
                 {QStringLiteral("spend"), plan.expected.spend}}},
            {QStringLiteral("forecast"), forecastJson(plan.forecast)},
            {QStringLiteral("return_on_spend"), finiteOrNull(plan.forecast.returnOnSpend.mean)},
            {QStringLiteral("strategies"), strategies},
            {QStringLiteral("budget_curve"), curve},
            {QStringLiteral("uncertainty"),
             QStringLiteral("bootstrap refits of the model (%1), customers resampled within arms")
                 .arg(settings.uncertaintyReplicates)},
            {QStringLiteral("notes"), QJsonArray::fromStringList(plan.notes)},
            {QStringLiteral("seed"), QString::number(settings.seed)},
            {QStringLiteral("out"), parser.value(outOption)},
            {QStringLiteral("run_id"), run->id()},
        };
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
        if (run)
            run->fail(error.message());
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
    "[--max-offers-per-customer N] [--max-contacts K [--contact-history FILE.csv]] "
    "[--holdout 0.1] [--seed N] [--pseudonymise-key KEY] [--simulations 1000] [--refits 20] "
    "--out OFFERLIST.csv [--xlsx OFFERLIST.xlsx] [--json]",
    targetCommand};

}  // namespace mb::cli
