#pragma once

#include "jobs/Job.h"
#include "jobs/Provenance.h"
#include "jobs/RunRecorder.h"
#include "targeting/TargetRequest.h"
#include "targeting/TargetingPlan.h"

#include <QJsonObject>
#include <memory>
#include <vector>

namespace mb::data {
class Project;
}

namespace mb::targeting {

class Pseudonymiser;

// What a `target` plan reads from the project, read once inside one snapshot.
struct TargetInputs {
    TargetRequest request;  // as asked, with the project's offer rows when it named none
    QString fingerprint;    // of the data read
    CampaignDesign design;
    // The customers table as of the request's day, with eligibility, exclusions and the
    // contacts already made applied.
    std::vector<TargetingCustomer> customers;
    // The request's offers with their margin rates (the products') and capacities.
    std::vector<TargetingOffer> offers;
    ContactCount contacts;  // what the contact cap counted
};

// Reads what the request needs inside a jobs::ReadSnapshot. Throws mb::Error for an unknown
// campaign, no targetable customer, no offers, an unknown offer in a capacity, an unreadable
// contact history or a rule that names what does not exist.
TargetInputs loadTarget(data::Project& project, const TargetRequest& request);

// The answer: the plan (its rows are the offer list in its final form, read by the offer-list
// writer and recorded as the run's decisions) and what produced it.
struct TargetResult {
    jobs::Provenance provenance;  // provenance.request is what this result answers
    TargetingPlan plan;
    std::vector<TargetingOffer> offers;
    std::int64_t customers = 0;  // rows of the customers table read
    std::int64_t consented = 0;  // of which with consent to offers
    ContactCount contacts;

    TargetRequest request() const { return TargetRequest::fromJson(provenance.request); }
};

// Trains the uplift model and plans: pure, throws jobs::Cancelled when cancelled.
TargetResult computeTarget(const TargetInputs& inputs, ProgressToken& progress);

// The two steps of computeTarget, for the Targeting page, which re-plans other budgets and
// limits with the model it trained once (same campaign, outcome and model settings).
std::shared_ptr<const UpliftModel> trainTargetModel(const TargetInputs& inputs,
                                                    ProgressToken& progress);
TargetResult computeTargetWithModel(const TargetInputs& inputs, const UpliftModel& model,
                                    ProgressToken& progress);

// The run's summary: counts, offers, allocation, forecast, strategies, budget curve, contacts
// and eligibility (what `target --json` prints, less the paths, run id and time).
QJsonObject targetSummary(const TargetResult& result);

// One 'offer' decision per row sent (control rows are not decisions), with the file's values.
std::vector<jobs::Decision> offerDecisions(const std::vector<OfferListRow>& rows);

// The offer list's files: "out" (CSV, with FILE.params.json beside it) and "xlsx", either may
// be absent. The one writer the CLI, `run` and the Targeting page call. `runId` (-1: none) goes
// into the parameters beside the list. Throws mb::Error.
struct OfferListFiles {
    QString csv;
    QString xlsx;
};
void writeOfferListFiles(const TargetResult& result, const OfferListFiles& files,
                         const Pseudonymiser* pseudonyms, qint64 runId);

// Records a result computed earlier (the Targeting page's Record) through the one recorder, as
// the `target` job does; returns the run's id. Throws mb::Error (the failure is recorded).
qint64 recordTargetResult(data::Project& project, const TargetResult& result);

// The `target` job: fromJson, load, compute, record (offer decisions), write context.outputs
// ("out", "xlsx"). A pseudonymised request needs the key: `pseudonyms`, else the
// MERCHBENCH_PSEUDONYMISE_KEY environment variable (the key is never kept in a request).
jobs::JobOutcome runTargetJob(const QJsonObject& json, jobs::JobContext& context,
                              const Pseudonymiser* pseudonyms = nullptr);

}  // namespace mb::targeting
