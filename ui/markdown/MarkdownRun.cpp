#include "MarkdownRun.h"

#include "ProjectConnection.h"
#include "ScopePicker.h"
#include "common/Error.h"
#include "common/Progress.h"
#include "common/ProgressSpan.h"
#include "data/Project.h"
#include "jobs/RecordedRun.h"
#include "markdown/MarkdownDefaults.h"
#include "markdown/MarkdownPlanJob.h"

namespace mb::ui {

namespace {

MarkdownScenario planScenario(const markdown::MarkdownPlanInputs& inputs,
                              const demand::DemandFit& fit,
                              const markdown::MarkdownPlanRequest& request, int threads,
                              ProgressToken& parent, double from, double to) {
    ProgressSpan span(parent, from, to);
    markdown::MarkdownPlanResult result =
        markdown::planMarkdowns(inputs, fit, request, *span.token(), threads);
    MarkdownScenario scenario;
    scenario.rules = request.rules;
    scenario.season = std::move(result.season);
    scenario.leftoverRisk = std::move(result.leftoverRisk);
    scenario.provenance = std::move(result.provenance);
    scenario.warnings = std::move(result.warnings);
    return scenario;
}

}  // namespace

markdown::MarkdownPlanRequest MarkdownRunRequest::planRequest(
    const markdown::PlanningRules& rules) const {
    markdown::MarkdownPlanRequest request;
    request.exitWeek = exitDate;
    request.rules = rules;
    request.products = products;
    request.stores = stores;
    return request;
}

MarkdownRunResultPtr runMarkdownPlan(const MarkdownRunRequest& request, ProgressToken& token) {
    auto run = std::make_shared<MarkdownRunResult>();
    run->projectPath = request.projectPath;
    run->exitDate = request.exitDate;
    run->products = request.products;
    run->stores = request.stores;
    const markdown::MarkdownPlanRequest planA = request.planRequest(request.rulesA);
    markdown::MarkdownPlanInputs inputs;
    {
        const auto project =
            data::Project::open(request.projectPath, data::Project::OpenMode::MustExist);
        inputs = markdown::loadMarkdownPlan(*project, planA);
        // Rules B without a cost for any item are refused here too, before any work.
        if (request.rulesB)
            markdown::checkUnitCosts(inputs.season.items, *request.rulesB);
    }
    token.report(0.05);
    try {
        {
            ProgressSpan span(token, 0.05, 0.3);
            run->fit = markdown::fitMarkdownDemand(inputs, *span.token(), request.threads);
        }
        const double split = request.rulesB ? 0.65 : 1.0;
        run->a = planScenario(inputs, run->fit, planA, request.threads, token, 0.3, split);
        if (request.rulesB)
            run->b = planScenario(inputs, run->fit, request.planRequest(*request.rulesB),
                                  request.threads, token, split, 1.0);
    } catch (const jobs::Cancelled&) {
        return nullptr;
    }
    run->inputs = std::move(inputs.season);
    run->history = std::move(inputs.history);
    token.report(1.0);
    return run;
}

RestoredPlanPtr restoreMarkdownPlan(const MarkdownRunRequest& request,
                                    const markdown::PlanEdits& edits, ProgressToken& token) {
    auto restored = std::make_shared<RestoredPlan>();
    {
        ProgressSpan span(token, 0.0, edits.items.empty() ? 1.0 : 0.8);
        restored->run = runMarkdownPlan(request, *span.token());
    }
    if (!restored->run)
        return nullptr;
    ProgressSpan span(token, 0.8, 1.0);
    try {
        restored->edits = markdown::applyPlanEdits(restored->run->a.season, edits, span.token());
    } catch (const Error&) {
        if (token.isCancelled())
            return nullptr;
        throw;
    }
    return restored;
}

MarkdownPageDefaults markdownPageDefaults(const ProjectConnection& connection) {
    MarkdownPageDefaults defaults;
    try {
        const auto project =
            data::Project::open(connection.projectPath(), data::Project::OpenMode::MustExist);
        const markdown::MarkdownDefaults found =
            markdown::markdownDefaults(project->db(), QDate::currentDate());
        defaults.exitDate = found.exitWeek;
        defaults.rules = found.rules.value_or(markdown::PlanningRules());
        for (const auto& [entries, choices] :
             {std::pair{markdown::productScope(project->db()), &defaults.products},
              std::pair{markdown::storeScope(project->db()), &defaults.stores}})
            for (const markdown::ScopeEntry& entry : entries)
                choices->append({entry.id, entry.description});
    } catch (const Error&) {
        // A project that cannot be read here says so when it is planned; propose a season.
        defaults.exitDate = QDate::currentDate().addDays(7 * 8);
    }
    return defaults;
}

}  // namespace mb::ui
