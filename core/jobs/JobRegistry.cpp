#include "jobs/Job.h"
#include "markdown/MarkdownBacktestJob.h"
#include "markdown/MarkdownPlanJob.h"
#include "markdown/MarkdownSolveJob.h"

#include <algorithm>

namespace mb::jobs {

// Adding an analysis: write its request, load, compute and runner (see docs/architecture.md),
// then add one line here.
const std::vector<JobEntry>& allJobs() {
    static const std::vector<JobEntry> jobs{
        {QStringLiteral("markdown"),
         [](const QJsonObject& request, JobContext& context) {
             return markdown::runMarkdownPlanJob(request, context);
         },
         {{QStringLiteral("out"), QStringLiteral("markdown-price-changes.csv")},
          {QStringLiteral("items"), QStringLiteral("markdown-items.csv")}}},
        {QStringLiteral("markdown-backtest"),
         markdown::runMarkdownBacktestJob,
         {{QStringLiteral("out"), QStringLiteral("markdown-backtest.csv")}}},
        {QStringLiteral("markdown-solve"), markdown::runMarkdownSolveJob, {}},
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
