#include "targeting/TargetJob.h"

#include "common/Error.h"
#include "data/Project.h"
#include "jobs/ReadSnapshot.h"
#include "jobs/RecordedRun.h"
#include "targeting/EligibilityRules.h"
#include "targeting/OfferListRecord.h"
#include "targeting/Pseudonym.h"

#include <QDate>
#include <QJsonArray>
#include <QSet>
#include <memory>

namespace mb::targeting {

namespace {

const QString kAnalysis = QStringLiteral("target");

// The offers the plan may send: the request's rows (or the project's table), with margin
// rates from the products and the request's capacities and margin rate over them.
std::vector<TargetingOffer> planOffers(data::Project& project, TargetInputs& inputs) {
    TargetRequest& request = inputs.request;
    std::vector<TargetingOffer> offers;
    if (request.offers.empty()) {
        offers = loadProjectOffers(project);
        if (offers.empty())
            throw Error(
                QStringLiteral("the project has no offers; import some or use --offers FILE"));
        // The request keeps the rows as read, so a replay plans the same offers.
        for (TargetingOffer offer : offers) {
            offer.marginRate = TargetingOffer().marginRate;
            request.offers.push_back(offer);
        }
    } else {
        offers = request.offers;
        applyProductMargins(project, offers);
    }
    for (const auto& capacity : request.capacities) {
        const QString& id = capacity.first;
        const auto it = std::find_if(offers.begin(), offers.end(),
                                     [&](const TargetingOffer& o) { return o.offer == id; });
        if (it == offers.end()) {
            QStringList ids;
            for (const TargetingOffer& offer : offers)
                ids << offer.offer;
            throw Error(QStringLiteral("--capacity names an unknown offer %1 (there are: %2)")
                            .arg(id, ids.join(u", ")));
        }
        it->capacity = capacity.second;
    }
    if (request.marginRate) {
        for (TargetingOffer& offer : offers)
            offer.marginRate = *request.marginRate;
    }
    return offers;
}

// Eligibility rules, the exclusion list and the contacts already made, on the customers.
void applyLimits(data::Project& project, const QDate& asOf, TargetInputs& inputs) {
    const TargetRequest& request = inputs.request;
    std::vector<EligibilityRule> rules;
    for (const QString& text : request.eligibilityRules)
        rules.push_back(parseEligibilityRule(text));
    const QSet<QString> excluded(request.excludedCustomers.begin(),
                                 request.excludedCustomers.end());
    if (!rules.empty() || !excluded.isEmpty()) {
        CustomerFacts facts;
        if (rulesTestFeatures(rules))
            facts = loadCustomerFacts(project, inputs.customers, asOf);
        applyEligibility(rules, excluded, inputs.offers, facts, inputs.customers);
    }
    if (request.contactHistory.isEmpty() && !request.countProjectContacts)
        return;
    std::vector<ContactRecord> history;
    if (!request.contactHistory.isEmpty())
        history = readContactRecords(request.contactHistory, request.contactPeriodDays >= 0);
    std::vector<ContactRecord> recorded;
    if (request.countProjectContacts)
        recorded = readProjectContacts(project);
    const QDate end = asOf.isValid() ? asOf : QDate::fromString(request.contactAsOf, Qt::ISODate);
    inputs.contacts =
        countContacts(history, recorded, ContactWindow{request.contactPeriodDays, end});
    if (!asOf.isValid() && request.contactPeriodDays >= 0 && inputs.contacts.asOf.isValid())
        inputs.request.contactAsOf = inputs.contacts.asOf.toString(Qt::ISODate);
    for (TargetingCustomer& customer : inputs.customers)
        customer.priorContacts = inputs.contacts.perCustomer.value(customer.customer, 0);
}

QJsonObject sidecarParameters(const TargetResult& result, qint64 runId, bool pseudonymised) {
    QJsonObject parameters = result.provenance.request;
    // What this file is: the page may export one plan with pseudonyms or without.
    parameters.insert(QStringLiteral("pseudonymised"), pseudonymised);
    if (runId >= 0)
        parameters.insert(QStringLiteral("run_id"), runId);
    // The outcome the plan raised (the request may leave it to the campaign).
    parameters.insert(QStringLiteral("outcome"), result.plan.outcome);
    parameters.insert(QStringLiteral("input_fingerprint"), result.provenance.inputFingerprint);
    return parameters;
}

std::unique_ptr<Pseudonymiser> keyFromEnvironment() {
    const QByteArray key = qgetenv("MERCHBENCH_PSEUDONYMISE_KEY");
    if (key.isEmpty())
        throw Error(QStringLiteral(
            "the request's offer list is pseudonymised; set MERCHBENCH_PSEUDONYMISE_KEY to its "
            "key (a key is a secret and never kept in a request)"));
    return std::make_unique<Pseudonymiser>(key);
}

}  // namespace

TargetInputs loadTarget(data::Project& project, const TargetRequest& request) {
    const jobs::ReadSnapshot snapshot(project);
    TargetInputs inputs;
    inputs.request = request;
    inputs.fingerprint = snapshot.fingerprint();
    const QDate asOf = QDate::fromString(request.asOf, Qt::ISODate);
    inputs.design = loadCampaign(project, request.campaign);
    inputs.customers = loadTargetingCustomers(project, TargetingSettings().reasonWindowDays, asOf);
    checkTargetableCustomers(inputs.design, inputs.customers);
    inputs.offers = planOffers(project, inputs);
    // A campaign whose arms pair with no offer, or whose outcome is unusable, is an input error
    // found here, before a run is recorded (the plan checks the same again).
    const TargetingSettings settings = inputs.request.settings();
    mapArmsToOffers(inputs.design, inputs.offers, settings,
                    responseOutcome(inputs.design, settings.outcome));
    applyLimits(project, asOf, inputs);
    return inputs;
}

std::shared_ptr<const UpliftModel> trainTargetModel(const TargetInputs& inputs,
                                                    ProgressToken& progress) {
    const TargetingSettings settings = inputs.request.settings();
    UpliftTraining trained = trainUpliftModel(
        campaignTrainingSet(inputs.design, responseOutcome(inputs.design, settings.outcome)),
        settings.model, &progress);
    if (trained.cancelled || !trained.model)
        throw jobs::Cancelled();
    return std::shared_ptr<const UpliftModel>(std::move(trained.model));
}

TargetResult computeTargetWithModel(const TargetInputs& inputs, const UpliftModel& model,
                                    ProgressToken& progress) {
    TargetResult result;
    result.provenance.analysis = kAnalysis;
    result.provenance.request = inputs.request.toJson();
    result.provenance.inputFingerprint = inputs.fingerprint;
    result.provenance.seed = inputs.request.seed;
    result.plan = planTargeting(inputs.design, model, inputs.customers, inputs.offers,
                                inputs.request.settings(), &progress);
    if (result.plan.cancelled)
        throw jobs::Cancelled();
    jobs::throwIfCancelled(progress);
    result.plan.notes << model.notes();
    result.offers = inputs.offers;
    result.customers = static_cast<std::int64_t>(inputs.customers.size());
    for (const TargetingCustomer& customer : inputs.customers)
        result.consented += customer.consentOffers ? 1 : 0;
    result.contacts = inputs.contacts;
    result.contacts.perCustomer.clear();  // counted into the customers; not part of the answer
    return result;
}

TargetResult computeTarget(const TargetInputs& inputs, ProgressToken& progress) {
    const std::shared_ptr<const UpliftModel> model = trainTargetModel(inputs, progress);
    return computeTargetWithModel(inputs, *model, progress);
}

QJsonObject targetSummary(const TargetResult& result) {
    const TargetRequest request = result.request();
    QJsonObject summary = targetRunSummary(result.plan, result.customers, result.consented,
                                           result.offers, request.settings());
    summary.insert(QStringLiteral("campaign"), request.campaign);
    const QJsonValue asOf =
        result.contacts.asOf.isValid()
            ? QJsonValue(result.contacts.asOf.toString(Qt::ISODate))
            : (request.asOf.isEmpty() ? QJsonValue() : QJsonValue(request.asOf));
    summary.insert(
        QStringLiteral("contacts"),
        QJsonObject{
            {QStringLiteral("max_contacts"),
             request.maxContacts >= 0 ? QJsonValue(request.maxContacts) : QJsonValue()},
            {QStringLiteral("period_days"),
             request.contactPeriodDays >= 0 ? QJsonValue(request.contactPeriodDays) : QJsonValue()},
            {QStringLiteral("as_of"), asOf},
            {QStringLiteral("from_history"), static_cast<qint64>(result.contacts.fromHistory)},
            {QStringLiteral("from_project"), static_cast<qint64>(result.contacts.fromProject)}});
    summary.insert(
        QStringLiteral("eligibility"),
        QJsonObject{{QStringLiteral("rules"), QJsonArray::fromStringList(request.eligibilityRules)},
                    {QStringLiteral("exclude"), request.excludeSource},
                    {QStringLiteral("exclude_ids"),
                     static_cast<qint64>(request.excludedCustomers.size())}});
    return summary;
}

std::vector<jobs::Decision> offerDecisions(const std::vector<OfferListRow>& rows) {
    std::vector<jobs::Decision> decisions;
    for (const OfferListRow& row : rows) {
        if (row.control)
            continue;
        decisions.push_back(
            jobs::Decision{QStringLiteral("offer"), row.customer,
                           QJsonObject{{QStringLiteral("customer"), row.customer},
                                       {QStringLiteral("offer"), row.offer},
                                       {QStringLiteral("expected_uplift"), row.expectedUplift},
                                       {QStringLiteral("expected_value"), row.expectedValue},
                                       {QStringLiteral("cost"), row.cost},
                                       {QStringLiteral("reason"), row.reason}}});
    }
    return decisions;
}

void writeOfferListFiles(const TargetResult& result, const OfferListFiles& files,
                         const Pseudonymiser* pseudonyms, qint64 runId) {
    OfferListExport options;
    options.parameters = sidecarParameters(result, runId, pseudonyms != nullptr);
    options.pseudonyms = pseudonyms;
    if (!files.csv.isEmpty())
        writeOfferListCsv(files.csv, result.plan.rows, options);
    if (!files.xlsx.isEmpty())
        writeOfferListXlsx(files.xlsx, result.plan.rows, options);
}

qint64 recordTargetResult(data::Project& project, const TargetResult& result) {
    jobs::RunRecorder recorder(project, result.provenance);
    try {
        recorder.begin();
        recorder.addDecisions(offerDecisions(result.plan.rows));
        QJsonObject summary = targetSummary(result);
        summary.insert(QStringLiteral("run_id"), recorder.id());
        recorder.finish(summary);
    } catch (const Error& error) {
        recorder.recordFailure(error);
        throw;
    }
    return recorder.id();
}

jobs::JobOutcome runTargetJob(const QJsonObject& json, jobs::JobContext& context,
                              const Pseudonymiser* pseudonyms) {
    if (!context.project)
        throw Error(QStringLiteral("a target request needs a project (--project)"));
    const TargetRequest request = TargetRequest::fromJson(json);
    std::unique_ptr<Pseudonymiser> fromEnvironment;
    if (request.pseudonymised && !pseudonyms) {
        fromEnvironment = keyFromEnvironment();
        pseudonyms = fromEnvironment.get();
    }
    const TargetInputs inputs = loadTarget(*context.project, request);
    jobs::Provenance provenance;
    provenance.analysis = kAnalysis;
    provenance.request = inputs.request.toJson();
    provenance.inputFingerprint = inputs.fingerprint;
    provenance.seed = request.seed;
    const OfferListFiles files{context.outputs.value(QStringLiteral("out")),
                               context.outputs.value(QStringLiteral("xlsx"))};
    return jobs::computeAndRecord(
        context, provenance,
        [&](ProgressToken& progress) { return computeTarget(inputs, progress); },
        [&](const TargetResult& result, jobs::RunRecorder& recorder, jobs::JobOutcome& outcome) {
            recorder.addDecisions(offerDecisions(result.plan.rows));
            writeOfferListFiles(result, files, pseudonyms, recorder.id());
            outcome.summary = targetSummary(result);
            outcome.summary.insert(QStringLiteral("project"), context.project->path());
            if (!files.csv.isEmpty()) {
                outcome.summary.insert(QStringLiteral("out"), files.csv);
                outcome.files << files.csv;
            }
            if (!files.xlsx.isEmpty()) {
                outcome.summary.insert(QStringLiteral("xlsx"), files.xlsx);
                outcome.files << files.xlsx;
            }
            outcome.summary.insert(QStringLiteral("run_id"), recorder.idJson());
        });
}

}  // namespace mb::targeting
