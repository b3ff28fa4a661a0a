#include "markdown/Reachability.h"

#include "common/Error.h"
#include "common/Progress.h"

#include <QStringList>
#include <algorithm>
#include <cmath>
#include <limits>

namespace mb::markdown {

namespace {

constexpr int kNoLimit = std::numeric_limits<int>::max();

// Most expected units under the problem's rules: every allowed step pays one per unit sold.
// The margin floor and deepest step allow a prefix of the ladder (prices fall with the step),
// so they become one deepest step before the prices are flattened.
double mostUnits(const MarkdownProblem& problem) {
    MarkdownProblem units = problem;
    int deepest = 0;
    while (deepest + 1 < static_cast<int>(problem.ladder.size()) &&
           problem.stepAllowed(deepest + 1))
        ++deepest;
    units.rules.deepestStep = deepest;
    units.rules.marginFloor = -1.0;
    units.rules.targetSellThrough = 0.0;
    units.rules.sellThroughPenalty = -1.0;
    units.prices.assign(problem.ladder.size(), 1.0);
    units.objective = MarkdownObjective::Revenue;
    units.unitCost = 0.0;
    units.salvageValue = 0.0;
    return optimiseMarkdown(units).expectedUnits;
}

QString percent(double share) {
    // Cut, not rounded, so "at most 72.4%" is never above what is reachable.
    return QString::number(std::floor(share * 1000.0 + 1e-9) / 10.0, 'f', 1) + QLatin1Char('%');
}

}  // namespace

Reachability reachableSellThrough(const MarkdownProblem& problem) {
    Reachability reach;
    const double stock = std::max(problem.inventory, 1);
    reach.units = mostUnits(problem);
    reach.sellThrough = reach.units / stock;
    const MarkdownRules& rules = problem.rules;
    const int steps = static_cast<int>(problem.ladder.size());
    MarkdownProblem none = problem;
    const auto relax = [&](bool applies, const QString& rule, auto change) {
        if (!applies)
            return;
        MarkdownProblem relaxed = problem;
        change(relaxed.rules);
        change(none.rules);
        const double share = mostUnits(relaxed) / stock;
        if (share > reach.sellThrough + 1e-9)
            reach.without.push_back({rule, share});
    };
    int floorStep = 0;
    while (floorStep + 1 < steps && problem.stepAllowed(floorStep + 1))
        ++floorStep;
    relax(rules.marginFloor > -1.0,
          QStringLiteral("rules.margin_floor (deepest step it allows: %1 at %2)")
              .arg(floorStep)
              .arg(problem.price(floorStep), 0, 'f', 2),
          [](MarkdownRules& r) { r.marginFloor = -1.0; });
    relax(rules.deepestStep < steps - 1,
          QStringLiteral("rules.deepest_step (%1)").arg(rules.deepestStep),
          [](MarkdownRules& r) { r.deepestStep = kNoLimit; });
    relax(rules.hasLocks(), QStringLiteral("rules.locks"),
          [](MarkdownRules& r) { r.lockedSteps.clear(); });
    relax(rules.maxMarkdowns < kNoLimit,
          QStringLiteral("rules.max_markdowns (%1)").arg(rules.maxMarkdowns),
          [](MarkdownRules& r) { r.maxMarkdowns = kNoLimit; });
    relax(rules.minWeeksBetween > 1,
          QStringLiteral("rules.min_weeks_between (%1)").arg(rules.minWeeksBetween),
          [](MarkdownRules& r) { r.minWeeksBetween = 0; });
    relax(rules.earliestWeek > 1,
          QStringLiteral("rules.earliest_week / rules.no_change_weeks (first change in week %1)")
              .arg(rules.earliestWeek),
          [](MarkdownRules& r) { r.earliestWeek = 1; });
    relax(rules.monotone, QStringLiteral("rules.monotone"),
          [](MarkdownRules& r) { r.monotone = false; });
    reach.withoutAny = mostUnits(none) / stock;
    return reach;
}

QString unreachableTargetMessage(const MarkdownProblem& problem, const Reachability& reach) {
    QStringList without;
    for (const RelaxedRule& relaxed : reach.without)
        without << QStringLiteral("without %1: %2").arg(relaxed.rule, percent(relaxed.sellThrough));
    const QString limits = without.isEmpty()
                               ? QStringLiteral(
                                     "no single rule limits it (with every rule relaxed: %1; the "
                                     "forecast demand by the exit week is the limit)")
                                     .arg(percent(reach.withoutAny))
                               : without.join(QStringLiteral("; "));
    return QStringLiteral(
               "no price schedule sells %1% of the inventory by week %2, its exit, under these "
               "rules: at most %3 can be sold (%4 of %5 units); %6; lower "
               "rules.target_sell_through to at most %3 or relax a rule")
        .arg(problem.rules.targetSellThrough * 100.0)
        .arg(problem.weeks)
        .arg(percent(reach.sellThrough))
        .arg(reach.units, 0, 'f', 1)
        .arg(problem.inventory)
        .arg(limits);
}

MarkdownPlan optimiseOrExplain(const MarkdownProblem& problem, ProgressToken* progress) {
    try {
        return optimiseMarkdown(problem, progress);
    } catch (const Error&) {
        // Only an unmet hard target has numbers to add; every other error stands as it is.
        if (!problem.hardTarget() || !problem.problems().isEmpty() ||
            (progress && progress->isCancelled()))
            throw;
        const Reachability reach = reachableSellThrough(problem);
        if (reach.sellThrough + 1e-9 >= problem.rules.targetSellThrough)
            throw;  // reachable, so the locks or another rule conflict: the optimiser's words
        throw Error(unreachableTargetMessage(problem, reach));
    }
}

}  // namespace mb::markdown
