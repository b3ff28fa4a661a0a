#pragma once

#include "demand/SalesHistory.h"
#include "markdown/MarkdownBaselines.h"
#include "markdown/PlanningRules.h"

#include <QDate>
#include <QHash>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::markdown {

// One item of a past season: what the retailer did and what the plan would have done, both
// judged under the demand model fitted on the weeks before the season.
struct BacktestItem {
    QString product;
    QString store;
    bool compared = false;
    QString problem;         // why the item could not be compared
    int stock = 0;           // units the season started with (see SeasonBacktest::stockRule)
    double unitsSold = 0.0;  // what the sales history shows for the season
    double revenueSold = 0.0;
    FixedSchedule actual;  // the retailer's prices, each week on the nearest ladder step
    double actualObjective = 0.0;
    double actualRevenue = 0.0;
    double actualSellThrough = 0.0;
    MarkdownPlan plan;
};

struct SeasonBacktest {
    QDate seasonStart;  // Monday of the first week
    QDate exitWeek;     // Monday of the last week
    int weeks = 0;
    QString stockRule;
    std::vector<BacktestItem> items;
    bool cancelled = false;

    int comparedItems() const;
    double actualObjective() const;
    double planObjective() const;
};

// The season's weeks as ladder steps: each week's price / regular price is put on the nearest
// step; a week without a sale keeps the previous step (the first step 0).
FixedSchedule actualSchedule(const demand::SalesSeries& series, const std::vector<double>& ladder,
                             const QDate& seasonStart, int weeks);

// The days the backtest may read. The season start is its as-of date: the model learns from the
// weeks before the season's first Monday only (trainingThrough); the season's own weeks and the
// weeks after the exit that tell a clearance from a promotion are read up to lastDay.
struct BacktestWindow {
    QDate trainingThrough;
    QDate lastDay;
};
BacktestWindow backtestWindow(const QDate& seasonStart, const QDate& exitDate);

// Fits demand on `training` (loaded through window.trainingThrough, so even a filled-in regular
// price knows nothing of the season), then for every product in a store that sold during the
// season in `history` (loaded through window.lastDay), was marked down by its exit week and (when
// the data goes on) sold nothing in the four weeks after it — a clearance, not a promotion —
// compares the retailer's own prices with the optimal plan under the rules. The starting stock is
// the units sold in the season (the leftover is not in a sales history), so the plan is judged on
// clearing the same stock. Unit costs are per product; under the margin objective a product
// without one is not compared (its reason says so).
SeasonBacktest backtestSeason(const demand::SalesHistory& training,
                              const demand::SalesHistory& history,
                              const QHash<QString, double>& unitCosts, const PlanningRules& rules,
                              const QDate& seasonStart, const QDate& exitDate, int threads = 0,
                              ProgressToken* progress = nullptr);

// Why a backtest compared nothing, with what to change: no sales in the season (and how many
// sales rows the loader left out for want of a price), or each reason items were not compared,
// with its count.
QString nothingComparedMessage(const SeasonBacktest& backtest, std::int64_t skippedSalesRows);

// What a backtest that compared some items left out and the planner can fix: products without a
// unit cost under the margin objective.
QStringList backtestWarnings(const SeasonBacktest& backtest);

}  // namespace mb::markdown
