#pragma once

#include "layout/LayoutTestRequest.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace mb::data {
class Project;
}

namespace mb::layout {

// One store's baskets in one week of the test window, as the three measures need them.
struct StoreWeekBaskets {
    qint64 baskets = 0;
    qint64 crossCategory = 0;  // baskets with products from two or more categories
    qint64 pricedBaskets = 0;  // baskets every line of which has a value (or quantity x price)
    double pricedValue = 0.0;  // the value of those baskets
    double movedSales = 0.0;   // the value of the moved categories' lines
};

// What a layout test reads: per store (the changed ones first) and week (2 x weeks of them, the
// change's date starting week `weeks`), the baskets; and which categories moved.
struct LayoutTestInputs {
    QStringList stores;
    int changedStores = 0;  // stores[0, changedStores) changed; the rest are the controls
    int weeks = 0;          // on each side of the date
    QString date;
    QString firstDay;  // the window: [firstDay, endDay)
    QString endDay;
    // Categories whose zone in a changed store differs between the day before the date and the
    // window's last day, each once, sorted; and the same per changed store ("S1: bakery, dairy").
    QStringList movedCategories;
    QStringList movedByStore;
    std::vector<StoreWeekBaskets> cells;  // store-major: cells[store * 2 * weeks + week]
    qint64 unpricedLines = 0;             // lines without a value or quantity x price
    qint64 uncategorisedLines = 0;        // lines whose product has no category
    QString fingerprint;
    QStringList warnings;

    const StoreWeekBaskets& cell(int store, int week) const {
        return cells[static_cast<std::size_t>(store * 2 * weeks + week)];
    }
};

// The latest dated layout change of any store: its date and the stores whose placement changed
// on it (empty when no store's layout row has a valid_from). What a layout test starts from.
struct LayoutChange {
    QString date;
    QStringList stores;
};
LayoutChange latestLayoutChange(const data::Project& project);

// Reads the window's baskets of the request's stores in one read snapshot. Throws mb::Error for
// an unknown store, a date outside the baskets' dates, a changed or named control store
// without baskets before or after the date, and no control store.
LayoutTestInputs loadLayoutTest(data::Project& project, const LayoutTestRequest& request);

}  // namespace mb::layout
