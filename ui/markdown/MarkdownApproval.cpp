#include "MarkdownApproval.h"

#include "data/Project.h"
#include "markdown/MarkdownPlanJob.h"
#include "markdown/PlanApproval.h"
#include "markdown/PriceChangeList.h"

namespace mb::ui {

QJsonObject markdownParameters(const MarkdownRunResult& run) {
    QJsonObject parameters = run.a.provenance.request;
    parameters[QStringLiteral("input_fingerprint")] = run.a.provenance.inputFingerprint;
    parameters[QStringLiteral("stock_date")] = run.inputs.stockDate.toString(Qt::ISODate);
    parameters[QStringLiteral("project")] = run.projectPath;
    return parameters;
}

qint64 approveMarkdownPlan(const MarkdownRunResult& run,
                           const std::map<int, markdown::ItemEditPtr>& edits) {
    const markdown::SeasonPlan& season = run.a.season;
    const std::vector<markdown::PriceChange> changes =
        markdown::seasonPriceChanges(season, run.a.rules.schedulePerCluster, &edits);
    int lockedItems = 0;
    for (const auto& [item, edit] : edits)
        lockedItems += edit && edit->lockCount() > 0 ? 1 : 0;
    QJsonObject summary = markdown::seasonPlanFigures(season);
    summary[QStringLiteral("edited_items")] = static_cast<qint64>(edits.size());
    summary[QStringLiteral("items_with_locked_weeks")] = lockedItems;
    summary[QStringLiteral("approved_decisions")] = static_cast<qint64>(changes.size());
    summary[QStringLiteral("source")] = QStringLiteral("workbench");
    const auto project = data::Project::open(run.projectPath, data::Project::OpenMode::MustExist);
    return markdown::recordApprovedPlan(*project, run.a.provenance, changes, summary);
}

}  // namespace mb::ui
