#pragma once

#include "markdown/SeasonPlanner.h"
#include "markdown/UserPlanFile.h"

#include <QDate>
#include <vector>

namespace mb::markdown {

// The user's plan of one season item as ladder steps: each change from its week on, the price or
// discount put on the nearest ladder step at the store's regular price. Changes dated after the
// exit week are not part of the season. A cluster item follows its first store that has changes.
// A discount or price between steps is moved to the nearest one, and listed in `offLadder` (when
// given) so the planner hears which row was read as what.
struct OffLadderChange {
    qint64 line = 0;
    bool isPrice = false;  // else a discount
    double given = 0.0;
    double stepMultiplier = 1.0;  // the ladder step used, as a share of the regular price
};
FixedSchedule userSchedule(const ItemPlan& item, const QDate& firstWeek,
                           const std::vector<const UserPriceChange*>& changes,
                           std::vector<OffLadderChange>* offLadder = nullptr);

// The user's plan judged exactly like the optimiser's, item by item. A price-change list is a
// fixed schedule, while the optimiser's own value re-decides each week on the stock left; so the
// user's list is compared with the optimiser's list (--out, its steps on the expected path)
// valued the same way, and reading --out back as a user plan values it exactly as the plan.
struct UserPlanComparison {
    std::vector<double> objective;          // per season item; NaN when the item was not planned
    std::vector<double> planListObjective;  // the optimiser's price list as a fixed schedule
    std::vector<bool> listed;               // the file has a change for the item before the exit
    int listedItems = 0;
    std::vector<OffLadderChange> offLadder;  // rows moved to the nearest ladder step
    int unmatchedRows = 0;                   // rows whose product and store have no planned item
    std::vector<qint64> unmatchedLines;      // their lines in the file, in file order
    int outOfSeasonRows = 0;
    double total() const;  // over planned items: those not listed keep the regular price
    double planListTotal() const;
};

UserPlanComparison judgeUserPlan(const SeasonPlan& season,
                                 const std::vector<UserPriceChange>& changes);

// What the planner must hear about a comparison with the plan file at `path`: throws mb::Error
// when the file changes no planned item (there is nothing of theirs to compare, and a total of
// regular prices would pass for their plan); otherwise warnings for the rows that name no item
// and the rows after the exit week, which the comparison leaves out, and for the rows between
// ladder steps.
QStringList checkUserPlan(const UserPlanComparison& comparison,
                          const std::vector<UserPriceChange>& changes, const QString& path);

}  // namespace mb::markdown
