#include "markdown/UserPlan.h"

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

QString key(const QString& product, const QString& store) {
    return product + QChar(0x1f) + store;
}

}  // namespace

FixedSchedule userSchedule(const ItemPlan& item, const QDate& firstWeek,
                           const std::vector<const UserPriceChange*>& changes) {
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
            step = nearestStep(problem.ladder, multiplier);
        }
        step = std::min(step, static_cast<int>(problem.ladder.size()) - 1);
        std::fill(schedule.steps.begin() + week, schedule.steps.end(), step);
    }
    return schedule;
}

double UserPlanComparison::total() const {
    double sum = 0.0;
    for (double value : objective)
        if (!std::isnan(value))
            sum += value;
    return sum;
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
        out.listed.push_back(!mine.empty());
        if (!item.planned) {
            out.objective.push_back(std::numeric_limits<double>::quiet_NaN());
            continue;
        }
        out.listedItems += mine.empty() ? 0 : 1;
        const FixedSchedule schedule = userSchedule(item, season.firstWeek, mine);
        out.objective.push_back(planObjective(item.input, evaluateSchedule(item.input, schedule)));
    }
    for (const UserPriceChange& change : changes) {
        if (!used.contains(key(change.product, change.store)))
            ++out.unmatchedRows;
        else if (change.date >= exit)
            ++out.outOfSeasonRows;
    }
    return out;
}

}  // namespace mb::markdown
