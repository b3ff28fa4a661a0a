#pragma once

#include "layout/LayoutEffectModel.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace mb::data {
class Project;
}

namespace mb::layout {

struct LayoutEffectRequest;

// One store while one placement held there: from `from` (ISO date, '' = since always) to the
// day before `until` ('' = the last basket read).
struct PlacementPeriod {
    QString store;
    QString from;
    QString until;
    qint64 baskets = 0;
};

// What layout-effect reads, in one jobs::ReadSnapshot: per store and placement period, the
// baskets holding each category and each ordered pair of categories, and the walk between the
// pair's zones in that store then.
struct LayoutEffectInputs {
    QString projectPath;
    QString fingerprint;
    QStringList categories;  // sorted; pair index = a * categories.size() + b
    QStringList stores;      // store index -> id ('' = the project's baskets naming no store)
    std::vector<PlacementPeriod> periods;
    std::vector<AttachObservation> observations;
    qint64 baskets = 0;  // baskets read (holding at least one placed category)
    QStringList warnings;

    int pairCount() const { return static_cast<int>(categories.size() * categories.size()); }
    // "one store (S0001) and no layout change", "10 stores, 13 placement periods", ...
    QString describe() const;
};

// Throws mb::Error naming what is missing: an unknown store, no basket lines, no layout, a
// floor plan without walks between placed zones, a category table past the memory limit.
LayoutEffectInputs loadLayoutEffect(data::Project& project, const LayoutEffectRequest& request);

}  // namespace mb::layout
