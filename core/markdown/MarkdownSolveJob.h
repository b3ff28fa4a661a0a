#pragma once

#include "jobs/Job.h"
#include "markdown/MarkdownJson.h"
#include "markdown/MarkdownPortfolio.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace mb::markdown {

// One item's exact markdown problem (`merchbench-cli markdown-solve INSTANCE.json`), or a
// portfolio of them under a markdown budget ({"items": [...], "markdown_budget": B}). The
// instance is held by value, as its JSON, so a replay solves the instance that was solved.
struct MarkdownSolveRequest {
    QJsonObject instance;  // the instance file's object, as documented in markdown-solve --help
    QString instanceName;  // the file it came from, for messages

    QJsonObject toJson() const;
    // Throws mb::Error naming the field ("markdown-solve request: instance: ...").
    static MarkdownSolveRequest fromJson(const QJsonObject& json);
    // The request for an instance file's bytes; throws mb::Error naming the file, its line and
    // column, or the key that is wrong.
    static MarkdownSolveRequest fromInstanceFile(const QByteArray& bytes, const QString& name);
    bool operator==(const MarkdownSolveRequest&) const = default;
};

struct MarkdownSolveResult {
    jobs::Provenance provenance;
    MarkdownInstance instance;
    MarkdownPlan plan;
    MarkdownSimulation simulation;
    qint64 solveMs = 0;
    // Set for a portfolio, which leaves instance, plan and simulation empty.
    std::optional<PortfolioSolve> portfolio;
};

// Solves and simulates the instance. Pure; throws mb::Error (an instance the rules cannot
// satisfy, named by the file) or jobs::Cancelled.
MarkdownSolveResult computeMarkdownSolve(const MarkdownSolveRequest& request,
                                         ProgressToken& progress);

// The summary `markdown-solve --json` prints: the plan, its simulation, instance and solve_ms
// (for a portfolio: portfolioToJson, instance and solve_ms).
QJsonObject markdownSolveSummary(const MarkdownSolveResult& result);

// The job `markdown-solve`: an analysis of a file, so context.project is not used and nothing
// is recorded; it writes no files.
jobs::JobOutcome runMarkdownSolveJob(const QJsonObject& request, jobs::JobContext& context);

}  // namespace mb::markdown
