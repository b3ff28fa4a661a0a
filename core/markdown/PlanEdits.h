#pragma once

#include "markdown/ItemEdit.h"

#include <QJsonObject>
#include <QString>
#include <map>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::markdown {

// One item's edit as a saved scenario keeps it: the item by its names (an index would not
// survive a plan whose items come in another order), its locks and, for a schedule fixed week by
// week, that schedule. The computed figures are not kept: they are recomputed from the plan.
struct SavedItemEdit {
    QString product, store, cluster;  // store is empty for a cluster's shared schedule
    std::vector<int> locks;           // one per 0-based week: the locked step, or -1
    std::vector<int> fixedSteps;      // empty: the policy re-solved around the locks
    bool operator==(const SavedItemEdit&) const = default;
};

// Every edit of a markdown plan, in the plan's item order.
struct PlanEdits {
    std::vector<SavedItemEdit> items;

    // {"items":[{"product":"P1","store":"S1","cluster":"","locks":[-1,2,-1],
    //   "fixed_steps":[0,1,2]}]}; locks are written only when some week is locked, fixed_steps
    // only for a fixed schedule.
    QJsonObject toJson() const;
    // Throws mb::Error naming the field ("markdown edits: items[2].locks: ...").
    static PlanEdits fromJson(const QJsonObject& json);
    bool operator==(const PlanEdits&) const = default;
};

// The page's edits (by item index of `season`) as saved.
PlanEdits planEdits(const SeasonPlan& season, const std::map<int, ItemEditPtr>& edits);

// The saved edits applied to a plan of the same request: each fixed schedule evaluated, each
// locked policy re-solved, by item index. Throws mb::Error when an item is not in the plan or
// not planned, when a schedule's length is not the season's, or when the rules cannot keep the
// locks (the data changed since it was saved); a cancel through the token throws too.
std::map<int, ItemEditPtr> applyPlanEdits(const SeasonPlan& season, const PlanEdits& edits,
                                          ProgressToken* progress = nullptr);

// How many weeks the user changed (weeks whose step differs from the plan's) and locked.
struct EditCounts {
    int weeks = 0;
    int locks = 0;
};
EditCounts editCounts(const SeasonPlan& season, const std::map<int, ItemEditPtr>& edits);

}  // namespace mb::markdown
