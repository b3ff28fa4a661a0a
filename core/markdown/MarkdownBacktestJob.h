#pragma once

#include "demand/SalesHistory.h"
#include "jobs/Job.h"
#include "markdown/MarkdownBacktest.h"
#include "markdown/PlanningRules.h"

#include <QDate>
#include <QHash>
#include <QJsonObject>
#include <QStringList>

namespace mb::data {
class Project;
}

namespace mb::markdown {

// A past season replayed (`merchbench-cli markdown-backtest`): the plan under the rules against
// the retailer's own prices, both under the model fitted before the season.
struct MarkdownBacktestRequest {
    QDate seasonStart;  // a date in the season's first week: the backtest's as-of date
    QDate exitWeek;     // a date in its last week
    PlanningRules rules;
    QStringList products, stores;  // empty: all

    QJsonObject toJson() const;
    // Throws mb::Error naming the field ("markdown-backtest request: season_start: ...").
    static MarkdownBacktestRequest fromJson(const QJsonObject& json);
    bool operator==(const MarkdownBacktestRequest&) const = default;
};

// The sales before the season (the model's) and through its end (to judge the plan), read
// separately so the model knows nothing of the season, with the products' unit costs.
struct MarkdownBacktestInputs {
    demand::SalesHistory training, history;
    QHash<QString, double> unitCosts;
    QString fingerprint;
};

MarkdownBacktestInputs loadMarkdownBacktest(data::Project& project,
                                            const MarkdownBacktestRequest& request);

struct MarkdownBacktestResult {
    jobs::Provenance provenance;
    SeasonBacktest backtest;
    QStringList warnings;
};

// Pure. Throws mb::Error saying why when nothing could be compared, jobs::Cancelled.
MarkdownBacktestResult computeMarkdownBacktest(const MarkdownBacktestInputs& inputs,
                                               const MarkdownBacktestRequest& request,
                                               ProgressToken& progress, int threads = 0);

// The job `markdown-backtest`: output "out" (the report). The run is provenance only, so a
// read-only project still gets its report when the context allows it (WhenWritable).
jobs::JobOutcome runMarkdownBacktestJob(const QJsonObject& json, jobs::JobContext& context);

}  // namespace mb::markdown
