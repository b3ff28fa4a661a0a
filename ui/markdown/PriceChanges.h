#pragma once

#include "MarkdownRun.h"

#include <QDate>
#include <QString>
#include <vector>

namespace mb::ui {

class ScheduleEdits;

// One change of price along an item's schedule: what a store applies, with the item's expected
// figures under that schedule.
struct PriceChange {
    QString product, store, category;
    QDate week;
    int step = 0;
    double price = 0.0, discount = 0.0, units = 0.0, revenue = 0.0, margin = 0.0, sellThrough = 0.0;
    QString source;  // plan, edited (the user's schedule) or locked (a week the user locked)
};

// Every price change of scenario A: the user's edit where there is one (a fixed schedule, or the
// policy re-solved around locked weeks, on its expected path), else the plan's expected path.
// The page's table, its exports and the approval all read this one list.
std::vector<PriceChange> seasonPriceChanges(const MarkdownRunResult& run,
                                            const ScheduleEdits* edits);

}  // namespace mb::ui
