#include "layout/LayoutEffectInputs.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "jobs/ReadSnapshot.h"
#include "layout/FileOrProjectRun.h"
#include "layout/FloorPlan.h"
#include "layout/LayoutEffectRequest.h"
#include "layout/StorePlan.h"

#include <QDate>
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace mb::layout {

namespace {

// One store's plan and its placements, one per period.
struct StorePlacements {
    QString store;
    WalkingDistances distances;
    std::vector<int> periods;                    // into LayoutEffectInputs::periods
    std::vector<std::map<QString, int>> zoneOf;  // per period: category -> zone index
};

QStringList changeDates(const data::Project& project, const QString& store, const QString& asOf) {
    data::Statement dates(project.db(),
                          "SELECT DISTINCT valid_from FROM layout WHERE (store = ?1 OR store = '') "
                          "AND valid_from IS NOT NULL AND valid_from <> '' "
                          "AND (?2 = '' OR valid_from <= ?2) ORDER BY 1");
    dates.bind(1, store);
    dates.bind(2, asOf);
    QStringList list;
    while (dates.step())
        list.append(dates.text(0));
    return list;
}

StorePlacements readPlacements(const data::Project& project, const QString& store,
                               const QString& planStore, const QString& asOf,
                               LayoutEffectInputs& inputs) {
    StorePlacements placements;
    placements.store = store;
    const FloorPlan plan = readProjectFloorPlan(project, planStore);
    placements.distances = walkingDistances(plan);
    const QStringList dates = changeDates(project, planStore, asOf);
    for (qsizetype k = 0; k <= dates.size(); ++k) {
        PlacementPeriod period;
        period.store = store;
        period.from = k == 0 ? QString() : dates[k - 1];
        period.until = k < dates.size() ? dates[k] : QString();
        // The placement in force on the period's last day.
        const QString day =
            k < dates.size()
                ? QDate::fromString(dates[k], Qt::ISODate).addDays(-1).toString(Qt::ISODate)
                : asOf;
        std::map<QString, int> zoneOf;
        for (const auto& [category, zone] : readProjectLayout(project, planStore, day)) {
            const int index = plan.zoneIndex(zone);
            if (index >= 0)
                zoneOf[category] = index;
        }
        placements.periods.push_back(static_cast<int>(inputs.periods.size()));
        placements.zoneOf.push_back(std::move(zoneOf));
        inputs.periods.push_back(period);
    }
    return placements;
}

int periodOf(const StorePlacements& placements, const LayoutEffectInputs& inputs,
             const QString& day) {
    for (std::size_t k = placements.periods.size(); k-- > 0;) {
        const PlacementPeriod& period =
            inputs.periods[static_cast<std::size_t>(placements.periods[k])];
        if (period.from.isEmpty() || day >= period.from)
            return static_cast<int>(k);
    }
    return 0;
}

// Counts per period: baskets holding each category, and each ordered pair.
struct PeriodCounts {
    std::vector<double> withA;
    std::vector<double> withBoth;
};

void countBaskets(const data::Project& project, const StorePlacements& placements,
                  const QString& asOf, bool allLines, LayoutEffectInputs& inputs,
                  std::vector<PeriodCounts>& counts, qint64& undated) {
    const auto k = static_cast<std::size_t>(inputs.categories.size());
    std::map<QString, int> categoryIndex;
    for (qsizetype c = 0; c < inputs.categories.size(); ++c)
        categoryIndex[inputs.categories[c]] = static_cast<int>(c);
    data::Statement lines(
        project.db(),
        "SELECT b.basket, COALESCE(NULLIF(b.category, ''), p.category), substr(b.time, 1, 10) "
        "FROM basket_lines b LEFT JOIN products p ON p.product = b.product "
        "WHERE (?1 = 1 OR b.store = ?2) AND (?3 = '' OR substr(b.time, 1, 10) <= ?3) "
        "ORDER BY b.basket");
    lines.bind(1, static_cast<std::int64_t>(allLines ? 1 : 0));
    lines.bind(2, placements.store);
    lines.bind(3, asOf);
    const bool dated = placements.periods.size() > 1;
    QString basket;
    QString day;
    std::set<int> held;
    bool any = false;
    auto finish = [&] {
        if (!any)
            return;
        if (dated && day.isEmpty()) {
            ++undated;
            return;
        }
        const int local = periodOf(placements, inputs, day);
        const std::map<QString, int>& zoneOf = placements.zoneOf[static_cast<std::size_t>(local)];
        std::vector<int> placed;
        for (int c : held)
            if (zoneOf.contains(inputs.categories[c]))
                placed.push_back(c);
        if (placed.empty())
            return;
        const auto period =
            static_cast<std::size_t>(placements.periods[static_cast<std::size_t>(local)]);
        PeriodCounts& count = counts[period];
        if (count.withA.empty()) {
            count.withA.assign(k, 0.0);
            count.withBoth.assign(k * k, 0.0);
        }
        for (int a : placed) {
            count.withA[static_cast<std::size_t>(a)] += 1.0;
            for (int b : placed)
                if (b != a)
                    count.withBoth[static_cast<std::size_t>(a) * k + static_cast<std::size_t>(b)] +=
                        1.0;
        }
        ++inputs.periods[period].baskets;
        ++inputs.baskets;
    };
    while (lines.step()) {
        const QString id = lines.text(0);
        if (!any || id != basket) {
            finish();
            basket = id;
            day = lines.text(2);
            held.clear();
            any = true;
        }
        const QString lineDay = lines.text(2);
        if (!lineDay.isEmpty() && (day.isEmpty() || lineDay < day))
            day = lineDay;
        const auto found = categoryIndex.find(lines.text(1));
        if (found != categoryIndex.end())
            held.insert(found->second);
    }
    finish();
}

}  // namespace

QString LayoutEffectInputs::describe() const {
    if (stores.size() == 1 && periods.size() == 1) {
        return stores.front().isEmpty()
                   ? QStringLiteral("the baskets name no store and the layout never changes")
                   : QStringLiteral("one store (%1) and no layout change").arg(stores.front());
    }
    return QStringLiteral("%1 stores, %2 placement periods").arg(stores.size()).arg(periods.size());
}

LayoutEffectInputs loadLayoutEffect(data::Project& project, const LayoutEffectRequest& request) {
    LayoutEffectInputs inputs;
    const jobs::ReadSnapshot snapshot(project);
    inputs.fingerprint = snapshot.fingerprint();
    inputs.projectPath = project.path();
    const QString& where = inputs.projectPath;
    const QStringList named = basketStores(project);
    const bool allLines = named.isEmpty() && request.stores.isEmpty();
    if (allLines) {
        inputs.stores = QStringList{QString()};
    } else {
        inputs.stores = request.stores.isEmpty() ? named : request.stores;
        for (const QString& store : inputs.stores)
            if (!named.contains(store))
                throw Error(QStringLiteral("%1: no basket lines of store %2 (%3)")
                                .arg(where, store,
                                     named.isEmpty()
                                         ? QStringLiteral("no basket line names a store")
                                         : QStringLiteral("stores with basket lines: %1")
                                               .arg(named.join(QStringLiteral(", ")))));
    }
    if (data::queryInt(project.db(), "SELECT COUNT(*) FROM basket_lines") == 0)
        throw Error(QStringLiteral("%1: no basket lines to measure attach rates on").arg(where));

    std::vector<StorePlacements> stores;
    std::set<QString> placed;
    for (const QString& store : inputs.stores) {
        const QString planStore = allLines ? resolvePlanStore(project, {}) : store;
        stores.push_back(readPlacements(project, store, planStore, request.asOf, inputs));
        for (const auto& zoneOf : stores.back().zoneOf)
            for (const auto& [category, zone] : zoneOf)
                placed.insert(category);
    }
    if (placed.size() < 2)
        throw Error(QStringLiteral("%1: the layout places fewer than two categories in the stores "
                                   "read, so no pair has a walking distance")
                        .arg(where));
    inputs.categories = QStringList(placed.begin(), placed.end());

    // The counts are K x K per store and period: said and refused past the memory limit.
    const auto k = static_cast<std::uint64_t>(inputs.categories.size());
    MemoryBudget budget = requestedBudget(request.memoryLimit);
    budget.chargeTable(k * k * inputs.periods.size() * 2 * sizeof(double),
                       QStringLiteral("the co-purchase counts of %1 categories in %2 store "
                                      "placement periods")
                           .arg(k)
                           .arg(inputs.periods.size()),
                       QStringLiteral("read fewer stores (--store) or raise --memory-limit"));
    std::vector<PeriodCounts> counts(inputs.periods.size());
    qint64 undated = 0;
    for (const StorePlacements& store : stores)
        countBaskets(project, store, request.asOf, allLines, inputs, counts, undated);
    if (undated > 0)
        inputs.warnings.append(
            QStringLiteral("%1 baskets without a time were left out: their placement is not "
                           "known in a store whose layout changes")
                .arg(undated));

    bool unreachable = false;
    for (std::size_t s = 0; s < stores.size(); ++s) {
        const StorePlacements& store = stores[s];
        for (std::size_t local = 0; local < store.periods.size(); ++local) {
            const PeriodCounts& count = counts[static_cast<std::size_t>(store.periods[local])];
            if (count.withA.empty())
                continue;
            const std::map<QString, int>& zoneOf = store.zoneOf[local];
            for (std::size_t a = 0; a < k; ++a) {
                const auto zoneA = zoneOf.find(inputs.categories[static_cast<qsizetype>(a)]);
                if (zoneA == zoneOf.end() || count.withA[a] <= 0.0)
                    continue;
                for (std::size_t b = 0; b < k; ++b) {
                    const auto zoneB = zoneOf.find(inputs.categories[static_cast<qsizetype>(b)]);
                    if (b == a || zoneB == zoneOf.end())
                        continue;
                    const double metres = store.distances.at(zoneA->second, zoneB->second);
                    if (!std::isfinite(metres)) {
                        unreachable = true;
                        continue;
                    }
                    inputs.observations.push_back({static_cast<int>(a * k + b), static_cast<int>(s),
                                                   metres, count.withA[a],
                                                   count.withBoth[a * k + b]});
                }
            }
        }
    }
    if (unreachable)
        inputs.warnings.append(
            QStringLiteral("pairs placed in zones with no walk between them were left out"));
    if (inputs.observations.empty())
        throw Error(
            QStringLiteral("%1: no basket holds a placed category in the stores read").arg(where));
    return inputs;
}

}  // namespace mb::layout
