#pragma once

#include "markdown/SeasonPlanner.h"
#include "markdown/UserPlanFile.h"

#include <QDate>
#include <vector>

namespace mb::markdown {

// The user's plan of one season item as ladder steps: each change from its week on, the price or
// discount put on the nearest ladder step at the store's regular price. Changes dated after the
// exit week are not part of the season. A cluster item follows its first store that has changes.
FixedSchedule userSchedule(const ItemPlan& item, const QDate& firstWeek,
                           const std::vector<const UserPriceChange*>& changes);

// The user's plan judged exactly like the optimiser's, item by item.
struct UserPlanComparison {
    std::vector<double> objective;  // per season item; NaN when the item was not planned
    std::vector<bool> listed;       // the file has a change for the item
    int listedItems = 0;
    int unmatchedRows = 0;  // rows whose product and store have no planned item
    int outOfSeasonRows = 0;
    double total() const;  // over planned items: those not listed keep the regular price
};

UserPlanComparison judgeUserPlan(const SeasonPlan& season,
                                 const std::vector<UserPriceChange>& changes);

}  // namespace mb::markdown
