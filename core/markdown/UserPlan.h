#pragma once

#include "markdown/SeasonPlanner.h"

#include <QDate>
#include <QString>
#include <vector>

namespace mb::markdown {

// One row of the merchandiser's own plan: from `date` on, the item charges this step, discount
// or price (exactly one is given).
struct UserPriceChange {
    QString product;
    QString store;
    QDate date;
    int step = -1;
    double discount = -1.0;  // share off the regular price, 0 to 1
    double price = -1.0;
    qint64 line = 0;
};

// Reads a price-change list in the shape `markdown --out` writes: product, store, week (a date
// in the week of the change) and one of step, discount (0.3 or 30%) or new_price. Throws
// mb::Error with file:line:column on the first bad field.
std::vector<UserPriceChange> readUserPlan(const QString& path);

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
