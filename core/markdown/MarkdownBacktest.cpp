#include "markdown/MarkdownBacktest.h"

#include "common/Error.h"
#include "common/ParallelFor.h"
#include "common/Progress.h"
#include "demand/DemandEstimator.h"
#include "markdown/ItemDates.h"
#include "markdown/ItemProblems.h"
#include "markdown/SeasonPlanner.h"

#include <QHash>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>

namespace mb::markdown {

namespace {

// A clearance item leaves the range at the exit: it sells nothing in the weeks after it.
constexpr int kAfterExitWeeks = 4;

bool soldWithin(const demand::SalesSeries& series, std::int64_t from, std::int64_t to) {
    for (const demand::WeekSale& week : series.weeks)
        if (week.day >= from && week.day < to && week.units > 0.0)
            return true;
    return false;
}

}  // namespace

int SeasonBacktest::comparedItems() const {
    int count = 0;
    for (const BacktestItem& item : items)
        count += item.compared ? 1 : 0;
    return count;
}

double SeasonBacktest::actualObjective() const {
    double total = 0.0;
    for (const BacktestItem& item : items)
        total += item.compared ? item.actualObjective : 0.0;
    return total;
}

double SeasonBacktest::planObjective() const {
    double total = 0.0;
    for (const BacktestItem& item : items)
        total += item.compared ? item.plan.expectedObjective : 0.0;
    return total;
}

FixedSchedule actualSchedule(const demand::SalesSeries& series, const std::vector<double>& ladder,
                             const QDate& seasonStart, int weeks) {
    FixedSchedule schedule{QStringLiteral("actual"), std::vector<int>(size_t(weeks), 0)};
    const std::int64_t first = weekMonday(seasonStart).toJulianDay();
    std::vector<int> seen(size_t(weeks), -1);
    for (const demand::WeekSale& sale : series.weeks) {
        const std::int64_t offset = sale.day - first;
        if (offset < 0 || offset >= 7 * std::int64_t(weeks) || !(sale.regularPrice > 0.0) ||
            !(sale.price > 0.0))
            continue;
        const double ratio = sale.price / sale.regularPrice;
        int nearest = 0;
        for (int step = 1; step < int(ladder.size()); ++step)
            if (std::abs(ladder[size_t(step)] - ratio) < std::abs(ladder[size_t(nearest)] - ratio))
                nearest = step;
        seen[size_t(offset / 7)] = nearest;
    }
    int previous = 0;
    for (int week = 0; week < weeks; ++week) {
        previous = seen[size_t(week)] >= 0 ? seen[size_t(week)] : previous;
        schedule.steps[size_t(week)] = previous;
    }
    return schedule;
}

BacktestWindow backtestWindow(const QDate& seasonStart, const QDate& exitDate) {
    return {weekMonday(seasonStart).addDays(-1),
            weekMonday(exitDate).addDays(7 * (1 + kAfterExitWeeks) - 1)};
}

SeasonBacktest backtestSeason(const demand::SalesHistory& training,
                              const demand::SalesHistory& history,
                              const QHash<QString, double>& unitCosts, const PlanningRules& rules,
                              const QDate& seasonStart, const QDate& exitDate, int threads,
                              ProgressToken* progress) {
    SeasonBacktest backtest;
    backtest.seasonStart = weekMonday(seasonStart);
    backtest.exitWeek = weekMonday(exitDate);
    backtest.weeks = seasonWeeks(seasonStart, exitDate);
    backtest.stockRule =
        QStringLiteral("units sold in the season (the leftover is not in the data)");
    if (backtest.weeks <= 0)
        throw Error(QStringLiteral("the exit week %1 is before the season start %2")
                        .arg(exitDate.toString(Qt::ISODate), seasonStart.toString(Qt::ISODate)));
    const std::int64_t first = backtest.seasonStart.toJulianDay();
    const std::int64_t end = first + 7 * std::int64_t(backtest.weeks);
    for (const demand::SalesSeries& series : training.series)
        if (!series.weeks.empty() && series.weeks.back().day >= first)
            throw Error(QStringLiteral("internal error: the backtest's training sales reach into "
                                       "the season (%1 in store %2)")
                            .arg(series.product, series.store));
    if (training.series.empty())
        throw Error(QStringLiteral("no sales before the season start %1 to fit demand from")
                        .arg(backtest.seasonStart.toString(Qt::ISODate)));
    demand::DemandOptions options;
    options.threads = threads;
    const demand::DemandFit fit = demand::fitDemand(training, options);

    std::vector<const demand::SalesSeries*> sold;
    for (const demand::SalesSeries& series : history.series) {
        double units = 0.0;
        for (const demand::WeekSale& week : series.weeks)
            if (week.day >= first && week.day < end)
                units += week.units;
        if (units > 0.0)
            sold.push_back(&series);
    }
    // Whether the data reaches past the exit, so that leaving the range can be seen at all.
    bool historyGoesOn = false;
    for (const demand::SalesSeries& series : history.series)
        historyGoesOn = historyGoesOn || (!series.weeks.empty() && series.weeks.back().day >= end);
    backtest.items.resize(sold.size());
    std::atomic<int> done{0};
    std::mutex reportMutex;
    const int count = static_cast<int>(sold.size());
    parallelFor(count, threads, [&](int i) {
        const demand::SalesSeries& series = *sold[size_t(i)];
        BacktestItem& item = backtest.items[size_t(i)];
        item.product = series.product;
        item.store = series.store;
        if (progress && progress->isCancelled())
            return;
        for (const demand::WeekSale& week : series.weeks) {
            if (week.day >= first && week.day < end) {
                item.unitsSold += week.units;
                item.revenueSold += week.units * week.price;
            }
        }
        item.stock = static_cast<int>(std::lround(item.unitsSold));
        SeasonItem season;
        season.product = series.product;
        season.store = series.store;
        season.category = series.category;
        season.onHand = item.stock;
        season.unitCostKnown = unitCosts.contains(series.product);
        season.unitCost = unitCosts.value(series.product, 0.0);
        // No regular price here: buildItemProblem takes the last one before the season from the
        // training series, never one filled in from the season's own weeks.
        try {
            MarkdownProblem problem;
            if (!buildItemProblem(season, training, fit, rules, backtest.seasonStart,
                                  backtest.weeks, problem, item.problem))
                return;
            item.actual =
                actualSchedule(series, rules.ladder, backtest.seasonStart, backtest.weeks);
            if (item.actual.steps.back() == 0) {
                // Full price at the exit: promotions perhaps, but no clearance to compare.
                item.problem = QStringLiteral("not marked down by the exit week");
                return;
            }
            if (historyGoesOn && soldWithin(series, end, end + 7 * kAfterExitWeeks)) {
                item.problem = QStringLiteral("still sold after the exit week (not a clearance)");
                return;
            }
            const MarkdownPlan actual = evaluateSchedule(problem, item.actual);
            item.actualObjective = actual.expectedObjective;
            item.actualRevenue = actual.expectedRevenue;
            item.actualSellThrough = actual.expectedSellThrough;
            item.plan = optimiseMarkdown(problem);
            item.compared = true;
        } catch (const Error& error) {
            item.problem = error.message();
        }
        const int finished = ++done;
        if (progress) {
            const std::lock_guard lock(reportMutex);
            progress->report(double(finished) / count);
        }
    });
    backtest.cancelled = progress && progress->isCancelled();
    return backtest;
}

QString nothingComparedMessage(const SeasonBacktest& backtest, std::int64_t skippedSalesRows) {
    const QString season = QStringLiteral("%1 to %2")
                               .arg(backtest.seasonStart.toString(Qt::ISODate),
                                    backtest.exitWeek.toString(Qt::ISODate));
    if (backtest.items.empty()) {
        QString message = QStringLiteral(
                              "no sales in the season %1 to compare with: import weekly sales "
                              "(kind sales) that cover it, or choose a season the sales cover")
                              .arg(season);
        if (skippedSalesRows > 0)
            message += QStringLiteral(
                           "; %1 sales rows were left out for a missing or zero price "
                           "(give the sales a price or revenue column)")
                           .arg(skippedSalesRows);
        return message;
    }
    QStringList problems;
    for (const BacktestItem& item : backtest.items)
        problems << item.problem;
    const QString reasons = countedReasons(problems, QStringLiteral("not compared"));
    QString message = QStringLiteral(
                          "none of the %1 items sold in the season %2 could be compared: "
                          "%3")
                          .arg(backtest.items.size())
                          .arg(season, reasons);
    if (problems.contains(QString::fromUtf8(kNoUnitCost)))
        message += QStringLiteral(
            " (import a products file with a unit_cost column, or use "
            "\"objective\": \"revenue\" in the rules)");
    return message;
}

QStringList backtestWarnings(const SeasonBacktest& backtest) {
    QStringList withoutCost;
    for (const BacktestItem& item : backtest.items)
        if (item.problem == QString::fromUtf8(kNoUnitCost) && !withoutCost.contains(item.product))
            withoutCost << item.product;
    if (withoutCost.isEmpty())
        return {};
    return {missingUnitCostMessage(withoutCost, false)};
}

}  // namespace mb::markdown
