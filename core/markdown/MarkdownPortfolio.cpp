#include "markdown/MarkdownPortfolio.h"

#include "common/Error.h"
#include "jobs/RecordedRun.h"
#include "markdown/MarkdownJsonReader.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace mb::markdown {

namespace {

// A portfolio is for checking the budget's solver on instances one can enumerate or read; this
// many items is far beyond that and bounds the plans kept in memory.
constexpr qsizetype kMaxItems = 10000;

QString itemName(const QString& fileName, qsizetype index) {
    return QStringLiteral("%1: items[%2]").arg(fileName).arg(index);
}

}  // namespace

bool isMarkdownPortfolio(const QJsonObject& top) {
    return top.contains(QLatin1String("items"));
}

MarkdownPortfolio readMarkdownPortfolio(const QJsonObject& top, const QString& fileName) {
    const json::Reader read(fileName);
    read.onlyKeys(top, QString(), {QStringLiteral("items"), QStringLiteral("markdown_budget")});
    read.require(top, QString(), {QStringLiteral("items"), QStringLiteral("markdown_budget")});
    MarkdownPortfolio portfolio;
    portfolio.budget = read.number(top[QLatin1String("markdown_budget")],
                                   QStringLiteral("markdown_budget"), 0.0, 1e15);
    const QJsonValue items = top[QLatin1String("items")];
    if (!items.isArray() || items.toArray().isEmpty() || items.toArray().size() > kMaxItems)
        read.fail(QStringLiteral("items"),
                  QStringLiteral("an array of 1 to %1 instances (objects as markdown-solve takes "
                                 "one alone)")
                      .arg(kMaxItems),
                  items);
    for (qsizetype i = 0; i < items.toArray().size(); ++i) {
        const QJsonObject item =
            read.object(items.toArray()[i], QStringLiteral("items[%1]").arg(i));
        portfolio.items.push_back(readMarkdownInstance(
            QJsonDocument(item).toJson(QJsonDocument::Compact), itemName(fileName, i)));
    }
    return portfolio;
}

PortfolioSolve solveMarkdownPortfolio(const MarkdownPortfolio& portfolio, const QString& fileName,
                                      ProgressToken& progress) {
    const auto plan = [&](int i, double spendPrice) {
        try {
            return optimiseAtSpendPrice(portfolio.items[size_t(i)].problem, spendPrice);
        } catch (const Error& error) {
            throw Error(QStringLiteral("%1: %2").arg(itemName(fileName, i), error.message()));
        }
    };
    PortfolioSolve solved;
    solved.portfolio = portfolio;
    const int count = static_cast<int>(portfolio.items.size());
    solved.allocation = allocateMarkdownBudget(
        count, portfolio.budget,
        [&](int i, double spendPrice) -> std::optional<BudgetOutcome> {
            const MarkdownPlan at = plan(i, spendPrice);
            return BudgetOutcome{at.expectedObjective, expectedMarkdownSpend(at)};
        },
        0, &progress);
    jobs::throwIfCancelled(progress);
    for (int i = 0; i < count; ++i) {
        const MarkdownInstance& instance = portfolio.items[size_t(i)];
        // The spend price the item's outcome was found at, so this is the plan the budget counted.
        solved.plans.push_back(plan(i, solved.allocation.spendPrices[size_t(i)]));
        solved.simulations.push_back(
            simulatePolicy(solved.plans.back().policy, instance.simulations, instance.seed));
        solved.expectedObjective += solved.plans.back().expectedObjective;
        solved.markdownSpend += expectedMarkdownSpend(solved.plans.back());
        jobs::throwIfCancelled(progress);
    }
    solved.gapBound = std::max(0.0, solved.allocation.dualBound - solved.expectedObjective);
    return solved;
}

QJsonObject portfolioToJson(const PortfolioSolve& solved) {
    const BudgetAllocation& allocation = solved.allocation;
    QJsonArray items;
    for (size_t i = 0; i < solved.plans.size(); ++i) {
        QJsonObject item = markdownResultToJson(solved.plans[i], solved.simulations[i]);
        item[QStringLiteral("markdown_spend")] = expectedMarkdownSpend(solved.plans[i]);
        item[QStringLiteral("spend_price")] = allocation.spendPrices[i];
        items.append(item);
    }
    return QJsonObject{
        {QStringLiteral("expected_objective"), solved.expectedObjective},
        {QStringLiteral("markdown_spend"), solved.markdownSpend},
        {QStringLiteral("markdown_budget"), allocation.budget},
        {QStringLiteral("budget_binds"), allocation.binds},
        {QStringLiteral("lambda"), allocation.lambda},
        {QStringLiteral("dual_bound"), allocation.dualBound},
        {QStringLiteral("gap_bound"), solved.gapBound},
        {QStringLiteral("lambdas_tried"), allocation.lambdasTried},
        {QStringLiteral("budget_rule"),
         QStringLiteral("the budget caps the expected markdown spend, sum over items of (regular "
                        "price - price paid) x expected units sold")},
        {QStringLiteral("items"), items}};
}

}  // namespace mb::markdown
