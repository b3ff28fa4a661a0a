#pragma once

#include "markdown/MarkdownBudget.h"
#include "markdown/MarkdownJson.h"

#include <QJsonObject>
#include <QString>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::markdown {

// A markdown-solve portfolio file: items planned together under one markdown budget,
//   {"items": [instance, ...], "markdown_budget": 5000.0}
// each instance as markdown-solve takes one alone.
struct MarkdownPortfolio {
    std::vector<MarkdownInstance> items;
    double budget = 0.0;
};

// Is this instance file's object a portfolio (it has "items")?
bool isMarkdownPortfolio(const QJsonObject& top);

// Throws mb::Error naming the file, the key and, inside an item, its index ("items[2].weeks").
MarkdownPortfolio readMarkdownPortfolio(const QJsonObject& top, const QString& fileName);

struct PortfolioSolve {
    MarkdownPortfolio portfolio;
    BudgetAllocation allocation;
    std::vector<MarkdownPlan> plans;  // each item's plan at its spend price
    std::vector<MarkdownSimulation> simulations;
    double expectedObjective = 0.0;  // sums of the plans'
    double markdownSpend = 0.0;
    double gapBound = 0.0;  // allocation.dualBound - expectedObjective, at least 0
};

// Plans the items under the budget (allocateMarkdownBudget) and simulates each item's plan with
// its own seed. Throws mb::Error naming the file and item, or jobs::Cancelled.
PortfolioSolve solveMarkdownPortfolio(const MarkdownPortfolio& portfolio, const QString& fileName,
                                      ProgressToken& progress);

// The portfolio's totals, budget figures and each item's result as markdown-solve gives one.
QJsonObject portfolioToJson(const PortfolioSolve& solved);

}  // namespace mb::markdown
