#include "markdown/UserPlan.h"

#include "common/Error.h"
#include "data/HeaderedCsv.h"
#include "data/ValueParser.h"

#include <QHash>
#include <algorithm>
#include <cmath>
#include <limits>

namespace mb::markdown {

namespace {

QString text(std::string_view field) {
    return QString::fromUtf8(field.data(), static_cast<qsizetype>(field.size())).trimmed();
}

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

std::vector<UserPriceChange> readUserPlan(const QString& path) {
    data::HeaderedCsv csv(path);
    const int product = csv.column(QStringLiteral("product"), true);
    const int store = csv.column(QStringLiteral("store"), true);
    int week = csv.column(QStringLiteral("week"), false);
    if (week < 0)
        week = csv.column(QStringLiteral("date"), true);
    const int step = csv.column(QStringLiteral("step"), false);
    const int discount = csv.column(QStringLiteral("discount"), false);
    int price = csv.column(QStringLiteral("new_price"), false);
    if (price < 0)
        price = csv.column(QStringLiteral("price"), false);
    if (step < 0 && discount < 0 && price < 0)
        throw Error(
            QStringLiteral("%1:1:1: missing column (step, discount or new_price)").arg(path));
    // The first of step, discount, price that the file has is the one read.
    std::vector<UserPriceChange> changes;
    qint64 row = 1;
    while (csv.next()) {
        ++row;
        UserPriceChange change;
        change.line = row;
        change.product = text(csv.field(product));
        change.store = text(csv.field(store));
        if (change.product.isEmpty())
            csv.fail(product, QStringLiteral("expected a product id"));
        if (change.store.isEmpty())
            csv.fail(store, QStringLiteral("expected a store id"));
        const auto date = data::parseDateTime(csv.field(week), data::DateOrder::Auto);
        if (!date)
            csv.fail(week, QStringLiteral("expected a date such as 2024-08-05"));
        change.date = QDate(1970, 1, 1).addDays(date->days);
        if (step >= 0) {
            const double value = csv.number(step, "step");
            if (value < 0 || value > 126 || value != std::floor(value))
                csv.fail(step, QStringLiteral("expected a ladder step 0, 1, 2, ..."));
            change.step = static_cast<int>(value);
        } else if (discount >= 0) {
            QString field = text(csv.field(discount));
            const bool percent = field.endsWith(QLatin1Char('%'));
            const std::string number = (percent ? field.chopped(1) : field).toStdString();
            const auto value = data::parseNumber(number, data::NumberFormat{});
            const double share = value ? *value / (percent ? 100.0 : 1.0) : -1.0;
            if (!value || !(share >= 0.0 && share < 1.0))
                csv.fail(discount, QStringLiteral("expected a discount from 0 to under 1 (or %)"));
            change.discount = share;
        } else {
            change.price = csv.number(price, "new_price");
            if (!(change.price > 0.0))
                csv.fail(price, QStringLiteral("expected a price above 0"));
        }
        changes.push_back(std::move(change));
    }
    return changes;
}

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
