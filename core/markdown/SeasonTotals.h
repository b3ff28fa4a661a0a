#pragma once

#include "markdown/ItemEdit.h"
#include "markdown/PriceChangeList.h"
#include "markdown/SeasonPlanner.h"

#include <QDate>
#include <map>
#include <vector>

namespace mb::markdown {

// A season's expected totals on measures that mean the same under either objective, so two
// scenarios planned for revenue and for margin can be compared line by line: revenue and margin
// exclude salvage, margin + salvage adds what the leftover stock fetches at the exit.
struct SeasonTotals {
    int plannedItems = 0;
    double onHand = 0.0;  // units on hand at the start, over the planned items
    double revenue = 0.0, margin = 0.0, salvage = 0.0, units = 0.0, leftover = 0.0;
    double objective = 0.0;  // what the scenario's own rules maximise

    double marginWithSalvage() const { return margin + salvage; }
    // Units sold over units on hand (0 with nothing on hand).
    double sellThrough() const { return onHand > 0.0 ? units / onHand : 0.0; }
};

// Sums over the planned items, each edited item (by index, when `edits` has it) counted with its
// edit's figures instead of the plan's.
SeasonTotals seasonTotals(const SeasonPlan& season,
                          const std::map<int, ItemEditPtr>* edits = nullptr);

// What an approval of a price-change list records: its changes, the distinct items (product and
// store) and stores they touch, and the first and last week a price changes.
struct PriceChangeSpan {
    int changes = 0, items = 0, stores = 0;
    QDate firstWeek, lastWeek;  // invalid when there is no change
};
PriceChangeSpan priceChangeSpan(const std::vector<PriceChange>& changes);

}  // namespace mb::markdown
