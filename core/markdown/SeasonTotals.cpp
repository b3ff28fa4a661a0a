#include "markdown/SeasonTotals.h"

#include <QSet>

namespace mb::markdown {

SeasonTotals seasonTotals(const SeasonPlan& season, const std::map<int, ItemEditPtr>* edits) {
    SeasonTotals totals;
    for (size_t i = 0; i < season.items.size(); ++i) {
        const ItemPlan& item = season.items[i];
        if (!item.planned)
            continue;
        const MarkdownPlan* plan = &item.plan;
        if (edits) {
            const auto found = edits->find(static_cast<int>(i));
            if (found != edits->end() && found->second)
                plan = &found->second->plan;
        }
        ++totals.plannedItems;
        totals.onHand += item.item.onHand;
        totals.revenue += plan->expectedRevenue;
        totals.margin += plan->expectedMargin;
        totals.salvage += plan->expectedSalvage;
        totals.units += plan->expectedUnits;
        totals.leftover += plan->expectedLeftover;
        totals.objective += plan->expectedObjective;
    }
    return totals;
}

PriceChangeSpan priceChangeSpan(const std::vector<PriceChange>& changes) {
    PriceChangeSpan span;
    QSet<QString> items, stores;
    for (const PriceChange& change : changes) {
        ++span.changes;
        items.insert(change.product + QLatin1Char('@') + change.store);
        stores.insert(change.store);
        if (!span.firstWeek.isValid() || change.week < span.firstWeek)
            span.firstWeek = change.week;
        if (!span.lastWeek.isValid() || change.week > span.lastWeek)
            span.lastWeek = change.week;
    }
    span.items = static_cast<int>(items.size());
    span.stores = static_cast<int>(stores.size());
    return span;
}

}  // namespace mb::markdown
