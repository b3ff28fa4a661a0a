#include "jobs/Job.h"
#include "markdown/MarkdownBacktestJob.h"
#include "markdown/MarkdownPlanJob.h"
#include "markdown/MarkdownSolveJob.h"

#include "demand/DemandJob.h"
#include "layout/AffinityJob.h"
#include "layout/LayoutEffectJob.h"
#include "layout/LayoutJob.h"
#include "layout/LayoutTestJob.h"
#include "layout/QapJob.h"
#include "layout/RulesJob.h"
#include "markdown/MarkdownBacktestJob.h"
#include "markdown/MarkdownPlanJob.h"
#include "markdown/MarkdownSolveJob.h"
#include "targeting/AllocateJob.h"
#include "targeting/CustomerFeaturesJob.h"
#include "targeting/TargetJob.h"
#include "targeting/UpliftEvalJob.h"
#include "targeting/UpliftTrainJob.h"
#include "traffic/TrafficJob.h"

#include <algorithm>

namespace mb::jobs {

// Adding an analysis: write its request, load, compute and runner (see docs/architecture.md),
// then add one line here.
const std::vector<JobEntry>& allJobs() {
    static const std::vector<JobEntry> jobs{
        {QStringLiteral("demand"),
         demand::runDemandJob,
         {{QStringLiteral("out"), QStringLiteral("demand.csv")}}},
        {QStringLiteral("affinity"),
         layout::runAffinityJob,
         {{QStringLiteral("out"), QStringLiteral("category-affinity.csv")}}},
        {QStringLiteral("rules"),
         layout::runRulesJob,
         {{QStringLiteral("out"), QStringLiteral("category-rules.csv")}}},
        {QStringLiteral("traffic"),
         traffic::runTrafficJob,
         {{QStringLiteral("zones"), QStringLiteral("zones.csv")},
          {QStringLiteral("hours"), QStringLiteral("hours.csv")},
          {QStringLiteral("transitions"), QStringLiteral("transitions.csv")},
          {QStringLiteral("paths"), QStringLiteral("paths.csv")}}},
        {QStringLiteral("layout"),
         layout::runLayoutJob,
         {{QStringLiteral("out"), QStringLiteral("layout-scenario.csv")}}},
        {QStringLiteral("layout-effect"),
         layout::runLayoutEffectJob,
         {{QStringLiteral("out"), QStringLiteral("layout-effect.csv")}}},
        {QStringLiteral("qap"), layout::runQapJob, {}},
        {QStringLiteral("layout-test"),
         layout::runLayoutTestJob,
         {{QStringLiteral("out"), QStringLiteral("layout-test.csv")}}},
        {QStringLiteral("target"),
         [](const QJsonObject& request, JobContext& context) {
             return targeting::runTargetJob(request, context);
         },
         {{QStringLiteral("out"), QStringLiteral("offer-list.csv")},
          {QStringLiteral("xlsx"), QStringLiteral("offer-list.xlsx")}}},
        {QStringLiteral("uplift-train"),
         targeting::runUpliftTrainJob,
         {{QStringLiteral("out"), QStringLiteral("uplift-scores.csv")}}},
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
