#include "targeting/AllocateJob.h"

#include "jobs/FileFingerprint.h"
#include "jobs/RecordedRun.h"
#include "jobs/RequestReader.h"
#include "targeting/AllocationExport.h"
#include "targeting/TargetRequest.h"

namespace mb::targeting {

namespace {

const QString kAnalysis = QStringLiteral("allocate");

}  // namespace

QJsonObject AllocateRequest::toJson() const {
    QJsonObject json = jobs::requestJson(kAnalysis);
    json.insert(QStringLiteral("effects"), effects);
    json.insert(QStringLiteral("budget"), budget);
    json.insert(QStringLiteral("capacity"), capacitiesJson(capacities));
    json.insert(QStringLiteral("max_offers_per_customer"), maxOffersPerCustomer);
    json.insert(QStringLiteral("holdout"), holdout);
    json.insert(QStringLiteral("seed"), seed);
    return json;
}

AllocateRequest AllocateRequest::fromJson(const QJsonObject& json) {
    jobs::RequestReader reader(json, kAnalysis);
    AllocateRequest request;
    request.effects = reader.text("effects");
    if (request.effects.isEmpty())
        reader.fail("effects", QStringLiteral("the effects file's path"));
    if (!reader.has("budget"))
        reader.fail("budget", QStringLiteral("a number >= 0"));
    request.budget = reader.number("budget", 0.0, 0.0);
    request.capacities = readCapacities(reader, "capacity");
    request.maxOffersPerCustomer =
        static_cast<int>(reader.whole("max_offers_per_customer", 1, 1, 1000000));
    request.holdout = reader.number("holdout", 0.0, 0.0, 1.0);
    if (request.holdout >= 1.0)
        reader.fail("holdout", QStringLiteral("a share in [0, 1)"));
    request.seed = reader.whole("seed", 1);
    reader.finish();
    return request;
}

AllocateResult allocateFromFile(const AllocateRequest& request) {
    AllocateResult result;
    result.provenance.analysis = kAnalysis;
    result.provenance.request = request.toJson();
    result.provenance.inputFingerprint = jobs::fileFingerprint(request.effects);
    result.provenance.seed = request.seed;
    result.input = readOfferEffectsFile(request.effects);
    AllocationProblem& problem = result.input.problem;
    problem.budget = request.budget;
    problem.maxOffersPerCustomer = request.maxOffersPerCustomer;
    problem.holdoutFraction = request.holdout;
    problem.seed = static_cast<std::uint64_t>(request.seed);
    if (!request.capacities.empty()) {
        problem.capacity.assign(static_cast<std::size_t>(problem.offerCount), unlimited);
        for (const auto& [id, count] : request.capacities) {
            const auto offer = result.input.offers.indexOf(id);
            if (offer < 0)
                result.warnings
                    << QStringLiteral("--capacity names an offer not in the file (%1)").arg(id);
            else
                problem.capacity[static_cast<std::size_t>(offer)] = count;
        }
    }
    result.allocation = allocateOffers(problem);
    return result;
}

QJsonObject allocateSummary(const AllocateResult& result) {
    const AllocationResult& allocation = result.allocation;
    const bool greedy = allocation.method == AllocationMethod::ConvexHullGreedy;
    return QJsonObject{
        {QStringLiteral("file"), result.provenance.request.value(QStringLiteral("effects"))},
        {QStringLiteral("method"),
         greedy ? QStringLiteral("convex-hull-greedy") : QStringLiteral("lagrangian")},
        {QStringLiteral("budget"), result.input.problem.budget},
        {QStringLiteral("total_cost"), allocation.totalCost},
        {QStringLiteral("total_effect"), allocation.totalEffect},
        {QStringLiteral("assigned"), static_cast<qint64>(allocation.assignedCustomers)},
        {QStringLiteral("offers_given"), static_cast<qint64>(allocation.chosen.size())},
        {QStringLiteral("eligible_customers"), static_cast<qint64>(allocation.eligibleCustomers)},
        {QStringLiteral("held_out"), static_cast<qint64>(allocation.heldOutCustomers)},
        {QStringLiteral("lp_bound"), allocation.upperBound},
        {QStringLiteral("bound_kind"),
         greedy ? QStringLiteral("lp") : QStringLiteral("lagrangian")},
        {QStringLiteral("gap"), allocation.gap},
    };
}

jobs::JobOutcome runAllocateJob(const QJsonObject& json, jobs::JobContext& context) {
    const AllocateResult result = allocateFromFile(AllocateRequest::fromJson(json));
    jobs::throwIfCancelled(context.progress);
    jobs::JobOutcome outcome;
    outcome.provenance = result.provenance;
    outcome.summary = allocateSummary(result);
    outcome.warnings = result.warnings;
    const QString out = context.outputs.value(QStringLiteral("out"));
    if (!out.isEmpty()) {
        writeAllocation(out, result.input, result.allocation);
        outcome.summary.insert(QStringLiteral("out"), out);
        outcome.files << out;
    }
    return outcome;
}

}  // namespace mb::targeting
