#pragma once

#include "markdown/PlanningRules.h"
#include "markdown/UserPlanFile.h"

#include <QDate>
#include <QJsonObject>
#include <QStringList>
#include <optional>
#include <vector>

namespace mb::markdown {

// Everything a season's markdown plan depends on (`merchbench-cli markdown`, the Markdown page,
// `run` of a recorded request). The merchandiser's own plan is carried by value, row by row, so
// a replay compares with the plan that was compared, not with a file that may have changed.
// Worker threads are not part of it: they change how fast the plan comes, never the plan.
struct MarkdownPlanRequest {
    QDate exitWeek;  // a date in the last week on sale
    PlanningRules rules;
    QStringList products, stores;  // ids to plan; empty: all
    QDate asOf;                    // invalid: no cut
    // The merchandiser's plan to compare with; an empty one is an error, no plan is nullopt.
    std::optional<std::vector<UserPriceChange>> userPlan;
    QString userPlanName;  // the file the rows came from, for the warnings that name it

    QJsonObject toJson() const;
    // Throws mb::Error naming the field and the value ("markdown request: exit_week: ...").
    static MarkdownPlanRequest fromJson(const QJsonObject& json);
    bool operator==(const MarkdownPlanRequest&) const = default;
};

}  // namespace mb::markdown
