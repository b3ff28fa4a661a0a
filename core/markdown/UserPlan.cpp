#include "markdown/UserPlan.h"

#include "common/Error.h"

#include <QHash>
#include <algorithm>
#include <cmath>
#include <limits>

namespace mb::markdown {

namespace {

int nearestStep(const std::vector<double>& ladder, double multiplier) {
    int nearest = 0;
    for (int step = 1; step < static_cast<int>(ladder.size()); ++step)
        if (std::abs(ladder[size_t(step)] - multiplier) <
            std::abs(ladder[size_t(nearest)] - multiplier))
            nearest = step;
    return nearest;
}

// "2, 5, 9 and 4 more": the first few lines, enough to find the rest.
QString someLines(const std::vector<qint64>& lines) {
    constexpr size_t kShown = 5;
    QStringList shown;
    for (size_t i = 0; i < lines.size() && i < kShown; ++i)
        shown << QString::number(lines[i]);
    QString text = shown.join(QStringLiteral(", "));
    if (lines.size() > kShown)
        text += QStringLiteral(" and %1 more").arg(lines.size() - kShown);
    return text;
}

double plannedSum(const std::vector<double>& values) {
    double sum = 0.0;
    for (double value : values)
        if (!std::isnan(value))
            sum += value;
    return sum;
}

QString key(const QString& product, const QString& store) {
    return product + QChar(0x1f) + store;
}

}  // namespace

FixedSchedule userSchedule(const ItemPlan& item, const QDate& firstWeek,
                           const std::vector<const UserPriceChange*>& changes,
                           std::vector<OffLadderChange>* offLadder) {
    const MarkdownProblem& problem = item.input;
    FixedSchedule schedule{QStringLiteral("your plan"),
                           std::vector<int>(size_t(problem.weeks), problem.rules.startStep)};
    std::vector<const UserPriceChange*> ordered = changes;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto* a, const auto* b) { return a->date < b->date; });
    for (const UserPriceChange* change : ordered) {
        const qint64 week = std::max<qint64>(0, firstWeek.daysTo(change->date) / 7);
        if (week >= problem.weeks)
            continue;
        int step = change->step;
        if (step < 0) {
            const qsizetype store = std::max<qsizetype>(0, item.stores.indexOf(change->store));
            const double regular = size_t(store) < item.storeRegularPrices.size()
                                       ? item.storeRegularPrices[size_t(store)]
                                       : problem.regularPrice;
            const double multiplier =
                change->price > 0.0 ? change->price / regular : 1.0 - change->discount;
            // The store's shelf prices as shares of its regular price (on price points if set).
            std::vector<double> shelf(problem.ladder.size());
            for (std::size_t k = 0; k < shelf.size(); ++k)
                shelf[k] = item.storePrice(store, int(k)) / regular;
            step = nearestStep(shelf, multiplier);
            const double onStep = shelf[size_t(step)];
            // A price within half a cent of the step's price is that step, written rounded.
            const bool between = change->price > 0.0
                                     ? std::abs(onStep * regular - change->price) > 0.005 + 1e-9
                                     : std::abs(onStep - multiplier) > 1e-9;
            if (between && offLadder)
                offLadder->push_back({change->line, change->price > 0.0,
                                      change->price > 0.0 ? change->price : change->discount,
                                      onStep});
        }
        step = std::min(step, static_cast<int>(problem.ladder.size()) - 1);
        std::fill(schedule.steps.begin() + week, schedule.steps.end(), step);
    }
    return schedule;
}

double UserPlanComparison::total() const {
    return plannedSum(objective);
}

double UserPlanComparison::planListTotal() const {
    return plannedSum(planListObjective);
}

UserPlanComparison judgeUserPlan(const SeasonPlan& season,
                                 const std::vector<UserPriceChange>& changes) {
    QHash<QString, std::vector<const UserPriceChange*>> byItem;
    for (const UserPriceChange& change : changes)
        byItem[key(change.product, change.store)].push_back(&change);
    UserPlanComparison out;
    QHash<QString, bool> used;
    const QDate exit = season.firstWeek.addDays(7 * season.weeks);
    for (const ItemPlan& item : season.items) {
        std::vector<const UserPriceChange*> mine;
        for (const QString& store : item.stores) {
            const auto found = byItem.constFind(key(item.item.product, store));
            if (found == byItem.constEnd())
                continue;
            used.insert(found.key(), true);
            if (mine.empty())
                mine = found.value();  // a cluster follows its first store with changes
        }
        // Changes dated after the exit change nothing in the season.
        const bool inSeason = std::any_of(mine.begin(), mine.end(),
                                          [&](const auto* change) { return change->date < exit; });
        out.listed.push_back(inSeason);
        if (!item.planned) {
            out.objective.push_back(std::numeric_limits<double>::quiet_NaN());
            out.planListObjective.push_back(std::numeric_limits<double>::quiet_NaN());
            continue;
        }
        out.listedItems += inSeason ? 1 : 0;
        const FixedSchedule schedule = userSchedule(item, season.firstWeek, mine, &out.offLadder);
        out.objective.push_back(planObjective(item.input, evaluateSchedule(item.input, schedule)));
        FixedSchedule planList{QStringLiteral("the plan's price list"), {}};
        for (const PlannedWeek& week : item.plan.schedule)
            planList.steps.push_back(week.step);
        out.planListObjective.push_back(
            planObjective(item.input, evaluateSchedule(item.input, planList)));
    }
    for (const UserPriceChange& change : changes) {
        if (!used.contains(key(change.product, change.store))) {
            ++out.unmatchedRows;
            out.unmatchedLines.push_back(change.line);
        } else if (change.date >= exit)
            ++out.outOfSeasonRows;
    }
    return out;
}

QStringList checkUserPlan(const UserPlanComparison& comparison,
                          const std::vector<UserPriceChange>& changes, const QString& path) {
    if (changes.empty())
        throw Error(QStringLiteral("%1 lists no price change: nothing to compare with the plan "
                                   "(rows of product, store, week and step, discount or "
                                   "new_price, as --out writes them)")
                        .arg(path));
    if (comparison.listedItems == 0)
        throw Error(
            QStringLiteral("%1 changes no planned item: %2 of its %3 rows name no item "
                           "with stock%4, the others items that were not planned or weeks "
                           "after the exit; compare its product and store ids with the "
                           "plan's --items file")
                .arg(path)
                .arg(comparison.unmatchedRows)
                .arg(changes.size())
                .arg(
                    comparison.unmatchedLines.empty()
                        ? QString()
                        : QStringLiteral(" (lines %1)").arg(someLines(comparison.unmatchedLines))));
    QStringList warnings;
    if (comparison.unmatchedRows > 0)
        warnings << QStringLiteral(
                        "%1: %2 rows name no item with stock and are left out (lines "
                        "%3)")
                        .arg(path)
                        .arg(comparison.unmatchedRows)
                        .arg(someLines(comparison.unmatchedLines));
    if (comparison.outOfSeasonRows > 0)
        warnings << QStringLiteral("%1: %2 rows are dated after the exit week and are left out")
                        .arg(path)
                        .arg(comparison.outOfSeasonRows);
    std::vector<OffLadderChange> offLadder = comparison.offLadder;
    std::sort(offLadder.begin(), offLadder.end(),
              [](const auto& a, const auto& b) { return a.line < b.line; });
    // Each row named up to a few, so a plan written in prices does not bury the other warnings.
    constexpr size_t kNamed = 10;
    for (size_t i = 0; i < offLadder.size() && i < kNamed; ++i) {
        const OffLadderChange& change = offLadder[i];
        warnings << QStringLiteral(
                        "%1 line %2: %3 %4 is not on the price ladder; the nearest "
                        "step, %5% off the regular price, is used")
                        .arg(path)
                        .arg(change.line)
                        .arg(change.isPrice ? QStringLiteral("new_price")
                                            : QStringLiteral("discount"))
                        .arg(change.given)
                        .arg(std::round((1.0 - change.stepMultiplier) * 1000.0) / 10.0);
    }
    if (offLadder.size() > kNamed)
        warnings << QStringLiteral(
                        "%1: %2 more rows are between ladder steps and are moved to the "
                        "nearest step")
                        .arg(path)
                        .arg(offLadder.size() - kNamed);
    return warnings;
}

}  // namespace mb::markdown
