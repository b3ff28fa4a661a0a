#include "markdown/PlanEdits.h"

#include "common/Error.h"
#include "common/Progress.h"
#include "common/ProgressSpan.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>

namespace mb::markdown {

namespace {

QJsonArray stepsToJson(const std::vector<int>& steps) {
    QJsonArray array;
    for (int step : steps)
        array.append(step);
    return array;
}

[[noreturn]] void fail(const QString& field, const QString& problem) {
    throw Error(QStringLiteral("markdown edits: %1: %2").arg(field, problem));
}

std::vector<int> stepsFromJson(const QJsonValue& value, const QString& field, int lowest) {
    if (value.isUndefined())
        return {};
    if (!value.isArray())
        fail(field, QStringLiteral("not a list of steps"));
    std::vector<int> steps;
    for (const auto& step : value.toArray()) {
        const double number = step.toDouble(-2.0);
        // A ladder has a handful of steps: anything past a million is not one (and would not
        // fit an int).
        if (!step.isDouble() || number < lowest || number > 1e6 || number != std::trunc(number))
            fail(field, QStringLiteral("%1 is not a step").arg(step.toVariant().toString()));
        steps.push_back(int(number));
    }
    return steps;
}

QString text(const QJsonObject& json, const QString& key, const QString& field, bool required) {
    const QJsonValue value = json.value(key);
    if (value.isUndefined() && !required)
        return {};
    if (!value.isString())
        fail(field + QLatin1Char('.') + key, QStringLiteral("missing or not text"));
    return value.toString();
}

QString itemName(const SavedItemEdit& item) {
    return item.store.isEmpty() ? item.product + QStringLiteral(" in cluster ") + item.cluster
                                : item.product + QStringLiteral(" @ ") + item.store;
}

}  // namespace

QJsonObject PlanEdits::toJson() const {
    QJsonArray array;
    for (const SavedItemEdit& item : items) {
        QJsonObject entry{{QStringLiteral("product"), item.product},
                          {QStringLiteral("store"), item.store},
                          {QStringLiteral("cluster"), item.cluster}};
        if (std::any_of(item.locks.begin(), item.locks.end(), [](int s) { return s >= 0; }))
            entry[QStringLiteral("locks")] = stepsToJson(item.locks);
        if (!item.fixedSteps.empty())
            entry[QStringLiteral("fixed_steps")] = stepsToJson(item.fixedSteps);
        array.append(entry);
    }
    return QJsonObject{{QStringLiteral("items"), array}};
}

PlanEdits PlanEdits::fromJson(const QJsonObject& json) {
    PlanEdits edits;
    const QJsonValue items = json.value(QStringLiteral("items"));
    if (items.isUndefined())
        return edits;
    if (!items.isArray())
        fail(QStringLiteral("items"), QStringLiteral("not a list"));
    int index = 0;
    for (const auto& value : items.toArray()) {
        const QString field = QStringLiteral("items[%1]").arg(index++);
        if (!value.isObject())
            fail(field, QStringLiteral("not an object"));
        const QJsonObject entry = value.toObject();
        SavedItemEdit item;
        item.product = text(entry, QStringLiteral("product"), field, true);
        item.store = text(entry, QStringLiteral("store"), field, false);
        item.cluster = text(entry, QStringLiteral("cluster"), field, false);
        item.locks = stepsFromJson(entry.value(QStringLiteral("locks")), field + ".locks", -1);
        item.fixedSteps =
            stepsFromJson(entry.value(QStringLiteral("fixed_steps")), field + ".fixed_steps", 0);
        if (item.locks.empty() && item.fixedSteps.empty())
            fail(field, QStringLiteral("neither locks nor fixed_steps: nothing was edited"));
        if (!item.locks.empty() && !item.fixedSteps.empty() &&
            item.locks.size() != item.fixedSteps.size())
            fail(field, QStringLiteral("locks and fixed_steps cover different weeks"));
        edits.items.push_back(std::move(item));
    }
    return edits;
}

PlanEdits planEdits(const SeasonPlan& season, const std::map<int, ItemEditPtr>& edits) {
    PlanEdits saved;
    for (const auto& [index, edit] : edits) {
        if (!edit || index < 0 || index >= static_cast<int>(season.items.size()))
            continue;
        const SeasonItem& item = season.items[size_t(index)].item;
        SavedItemEdit entry{item.product, item.store, item.cluster, edit->locks, edit->fixedSteps};
        if (std::none_of(entry.locks.begin(), entry.locks.end(), [](int s) { return s >= 0; }))
            entry.locks.clear();
        saved.items.push_back(std::move(entry));
    }
    return saved;
}

std::map<int, ItemEditPtr> applyPlanEdits(const SeasonPlan& season, const PlanEdits& edits,
                                          ProgressToken* progress) {
    std::map<int, ItemEditPtr> applied;
    int done = 0;
    for (const SavedItemEdit& saved : edits.items) {
        const auto found =
            std::find_if(season.items.begin(), season.items.end(), [&](const ItemPlan& plan) {
                return plan.item.product == saved.product && plan.item.store == saved.store &&
                       plan.item.cluster == saved.cluster;
            });
        if (found == season.items.end())
            throw Error(QStringLiteral("The plan has no item %1 any more.").arg(itemName(saved)));
        if (!found->planned)
            throw Error(QStringLiteral("%1 is not planned any more: %2")
                            .arg(itemName(saved), found->problem));
        const size_t weeks = found->plan.schedule.size();
        if ((!saved.locks.empty() && saved.locks.size() != weeks) ||
            (!saved.fixedSteps.empty() && saved.fixedSteps.size() != weeks))
            throw Error(QStringLiteral("The edit of %1 covers another number of weeks than the "
                                       "plan's %2.")
                            .arg(itemName(saved))
                            .arg(weeks));
        const int steps = static_cast<int>(found->input.ladder.size());
        for (const std::vector<int>* list : {&saved.locks, &saved.fixedSteps})
            for (int step : *list)
                if (step >= steps)
                    throw Error(QStringLiteral("The edit of %1 charges step %2 of a ladder of %3.")
                                    .arg(itemName(saved))
                                    .arg(step)
                                    .arg(steps));
        std::vector<int> locks = saved.locks;
        locks.resize(weeks, -1);
        const int index = static_cast<int>(found - season.items.begin());
        if (!saved.fixedSteps.empty()) {
            applied[index] = fixedScheduleEdit(found->input, std::move(locks), saved.fixedSteps);
        } else {
            try {
                if (progress) {
                    const double share = 1.0 / double(edits.items.size());
                    ProgressSpan span(*progress, done * share, (done + 1) * share);
                    applied[index] = lockedPolicyEdit(found->input, std::move(locks), span.token());
                } else {
                    applied[index] = lockedPolicyEdit(found->input, std::move(locks));
                }
            } catch (const Error& error) {
                if (progress && progress->isCancelled())
                    throw;
                throw Error(QStringLiteral("The locks of %1 cannot be kept: %2")
                                .arg(itemName(saved), error.message()));
            }
        }
        if (progress)
            progress->report(double(++done) / double(edits.items.size()));
    }
    return applied;
}

EditCounts editCounts(const SeasonPlan& season, const std::map<int, ItemEditPtr>& edits) {
    EditCounts counts;
    for (const auto& [index, edit] : edits) {
        if (!edit || index < 0 || index >= static_cast<int>(season.items.size()))
            continue;
        const std::vector<int> planned = planSteps(season.items[size_t(index)]);
        if (edit->isFixed())
            for (size_t w = 0; w < planned.size() && w < edit->steps.size(); ++w)
                counts.weeks += edit->steps[w] != planned[w] ? 1 : 0;
        counts.locks += edit->lockCount();
    }
    return counts;
}

}  // namespace mb::markdown
