#include "jobs/Job.h"

#include "targeting/AllocateJob.h"
#include "targeting/CustomerFeaturesJob.h"
#include "targeting/TargetJob.h"
#include "targeting/UpliftEvalJob.h"
#include "targeting/UpliftTrainJob.h"

#include <algorithm>

namespace mb::jobs {

// Adding an analysis: write its request, load, compute and runner (see docs/architecture.md),
// then add one line here.
const std::vector<JobEntry>& allJobs() {
    static const std::vector<JobEntry> jobs{
        {QStringLiteral("target"),
         [](const QJsonObject& request, JobContext& context) {
             return targeting::runTargetJob(request, context);
         },
         {{QStringLiteral("out"), QStringLiteral("offer-list.csv")},
          {QStringLiteral("xlsx"), QStringLiteral("offer-list.xlsx")}}},
        {QStringLiteral("uplift-train"),
         targeting::runUpliftTrainJob,
         {{QStringLiteral("out"), QStringLiteral("uplift-scores.csv")}}},
    };
    return jobs;
}

const JobEntry* findJob(const QString& analysis) {
    const auto& jobs = allJobs();
    const auto it = std::find_if(jobs.begin(), jobs.end(),
                                 [&](const JobEntry& job) { return job.analysis == analysis; });
    return it == jobs.end() ? nullptr : &*it;
}

}  // namespace mb::jobs
