#include "PriceChanges.h"

#include "ScheduleEdits.h"

namespace mb::ui {

std::vector<PriceChange> seasonPriceChanges(const MarkdownRunResult& run,
                                            const ScheduleEdits* edits) {
    std::vector<PriceChange> changes;
    const markdown::SeasonPlan& season = run.a.season;
    for (int i = 0; i < static_cast<int>(season.items.size()); ++i) {
        const markdown::ItemPlan& item = season.items[size_t(i)];
        if (!item.planned)
            continue;
        const ItemEdit* edit = edits ? edits->edit(i) : nullptr;
        const markdown::MarkdownPlan& plan = edit ? edit->plan : item.plan;
        const std::vector<int> steps = edit ? edit->steps : planSteps(item);
        int previous = item.input.rules.startStep;
        for (int week = 0; week < static_cast<int>(steps.size()); ++week) {
            const int step = steps[size_t(week)];
            if (step == previous)
                continue;
            previous = step;
            PriceChange change;
            change.product = item.item.product;
            change.store = item.item.store;
            change.category = item.item.category;
            change.week = season.firstWeek.addDays(7 * week);
            change.step = step;
            change.price = item.input.price(step);
            change.discount = 1.0 - item.input.ladder[size_t(step)];
            change.units = plan.expectedUnits;
            change.revenue = plan.expectedRevenue;
            change.margin = plan.expectedMargin;
            change.sellThrough = plan.expectedSellThrough;
            change.source = !edit                      ? QStringLiteral("plan")
                            : edit->isLocked(week + 1) ? QStringLiteral("locked")
                                                       : QStringLiteral("edited");
            changes.push_back(std::move(change));
        }
    }
    return changes;
}

}  // namespace mb::ui
