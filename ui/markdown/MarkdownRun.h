#pragma once

#include "ScopePicker.h"
#include "demand/DemandEstimator.h"
#include "demand/SalesHistory.h"
#include "jobs/Provenance.h"
#include "markdown/ItemEdit.h"
#include "markdown/MarkdownPlanRequest.h"
#include "markdown/PlanEdits.h"
#include "markdown/SeasonPlanner.h"

#include <QDate>
#include <QMetaType>
#include <map>
#include <memory>
#include <optional>

namespace mb {
class ProgressToken;
}

namespace mb::ui {

class ProjectConnection;

// One rule set's season plan (computed by the markdown job's planMarkdowns), with each item's
// expected leftover share under no markdown (the picker's "risk of leftover"; NaN for items that
// were not planned) and what produced it: its request, the fingerprint of the data read.
struct MarkdownScenario {
    markdown::PlanningRules rules;
    markdown::SeasonPlan season;
    std::vector<double> leftoverRisk;
    jobs::Provenance provenance;
    QStringList warnings;
};

// Everything the page shows after "Plan season": the inputs, the fitted demand (for the
// forecast band and the history chart) and scenario A, plus B when the user compares two.
struct MarkdownRunResult {
    QString projectPath;
    QDate exitDate;
    QStringList products, stores;  // the plan's scope, as `markdown --products/--stores`
    markdown::SeasonInputs inputs;
    demand::SalesHistory history;
    demand::DemandFit fit;
    MarkdownScenario a;
    std::optional<MarkdownScenario> b;
};
using MarkdownRunResultPtr = std::shared_ptr<const MarkdownRunResult>;

struct MarkdownRunRequest {
    QString projectPath;
    QDate exitDate;
    // Product and store ids to plan, as `merchbench-cli markdown --products/--stores`; empty: all.
    QStringList products, stores;
    markdown::PlanningRules rulesA;
    std::optional<markdown::PlanningRules> rulesB;
    int threads = 0;

    // The markdown job's request for one rule set: what `merchbench-cli run` replays.
    markdown::MarkdownPlanRequest planRequest(const markdown::PlanningRules& rules) const;
};

// A saved scenario planned again: the run, and its edits re-applied to scenario A (by item).
struct RestoredPlan {
    MarkdownRunResultPtr run;
    std::map<int, markdown::ItemEditPtr> edits;
};
using RestoredPlanPtr = std::shared_ptr<const RestoredPlan>;

// Opens its own connection to the project (it runs on a worker thread) and runs the markdown
// job's load and compute: one demand fit, then each scenario's plan. Throws mb::Error; returns
// nullptr when cancelled through the token.
MarkdownRunResultPtr runMarkdownPlan(const MarkdownRunRequest& request, ProgressToken& token);
// runMarkdownPlan, then the saved edits re-applied (markdown::applyPlanEdits). Throws mb::Error
// when an edit no longer fits the plan; nullptr when cancelled.
RestoredPlanPtr restoreMarkdownPlan(const MarkdownRunRequest& request,
                                    const markdown::PlanEdits& edits, ProgressToken& token);

// What the page proposes when a project opens (markdown::markdownDefaults): the exit week and
// rules of the last markdown run, else an exit eight weeks after the latest stock count, and the
// project's products and stores for the scope pickers.
struct MarkdownPageDefaults {
    QDate exitDate;
    markdown::PlanningRules rules;
    QList<ScopeChoice> products, stores;
};
MarkdownPageDefaults markdownPageDefaults(const ProjectConnection& connection);

}  // namespace mb::ui

Q_DECLARE_METATYPE(mb::ui::MarkdownRunResultPtr)
Q_DECLARE_METATYPE(mb::ui::RestoredPlanPtr)
