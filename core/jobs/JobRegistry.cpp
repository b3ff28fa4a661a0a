#include "jobs/Job.h"

#include "demand/DemandJob.h"

#include <algorithm>

namespace mb::jobs {

// Adding an analysis: write its request, load, compute and runner (see docs/architecture.md),
// then add one line here.
const std::vector<JobEntry>& allJobs() {
    static const std::vector<JobEntry> jobs{
        {QStringLiteral("demand"),
         demand::runDemandJob,
         {{QStringLiteral("out"), QStringLiteral("demand.csv")}}},
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
