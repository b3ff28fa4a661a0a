#include "markdown/ClusterSchedule.h"

#include "markdown/ItemEdit.h"
#include "markdown/SeasonPlanner.h"

namespace mb::markdown {

MarkdownPlan sharedSchedulePlan(const MarkdownProblem& pooled,
                                const std::vector<MarkdownProblem>& stores,
                                const FixedSchedule& shared) {
    MarkdownPlan plan = evaluateSchedule(pooled, shared);
    plan.expectedObjective = plan.expectedRevenue = plan.expectedMargin = 0.0;
    plan.expectedUnits = plan.expectedLeftover = plan.expectedSalvage = 0.0;
    plan.expectedShortfall = plan.expectedPenalty = 0.0;
    for (PlannedWeek& week : plan.schedule)
        week.pathStock = week.pathUnits = 0, week.expectedStock = week.expectedUnits = 0.0;
    int stock = 0;
    for (const MarkdownProblem& store : stores) {
        const MarkdownPlan own = evaluateSchedule(store, shared);
        stock += store.inventory;
        plan.expectedObjective += own.expectedObjective;
        plan.expectedRevenue += own.expectedRevenue;
        plan.expectedMargin += own.expectedMargin;
        plan.expectedUnits += own.expectedUnits;
        plan.expectedLeftover += own.expectedLeftover;
        plan.expectedSalvage += own.expectedSalvage;
        plan.expectedShortfall += own.expectedShortfall;
        plan.expectedPenalty += own.expectedPenalty;
        for (std::size_t w = 0; w < plan.schedule.size(); ++w) {
            plan.schedule[w].pathStock += own.schedule[w].pathStock;
            plan.schedule[w].pathUnits += own.schedule[w].pathUnits;
            plan.schedule[w].expectedStock += own.schedule[w].expectedStock;
            plan.schedule[w].expectedUnits += own.schedule[w].expectedUnits;
        }
    }
    plan.expectedSellThrough = stock > 0 ? plan.expectedUnits / stock : 0.0;
    return plan;
}

double sharedScheduleObjective(const std::vector<MarkdownProblem>& stores,
                               const FixedSchedule& schedule) {
    double total = 0.0;
    for (const MarkdownProblem& store : stores)
        total += evaluateSchedule(store, schedule).expectedObjective;
    return total;
}

void shareAcrossStores(ItemPlan& item, std::vector<MarkdownProblem> stores) {
    const FixedSchedule shared{QStringLiteral("cluster schedule"), planSteps(item)};
    item.plan = sharedSchedulePlan(item.input, stores, shared);
    const FixedSchedule none = noMarkdownSchedule(item.input);
    item.noMarkdown = 0.0;
    item.noMarkdownLeftover = 0.0;
    for (const MarkdownProblem& store : stores) {
        const MarkdownPlan own = evaluateSchedule(store, none);
        item.noMarkdown += own.expectedObjective;
        item.noMarkdownLeftover += own.expectedLeftover;
    }
    item.simulation = MarkdownSimulation();
    item.storeProblems = std::move(stores);
}

}  // namespace mb::markdown
