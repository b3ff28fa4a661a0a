#pragma once

#include "jobs/RunRecorder.h"
#include "layout/LayoutScore.h"

#include <QString>
#include <vector>

namespace mb::layout {

// One category of a layout scenario, in the form the store planner executes: where it is now,
// where it goes, and its part of the adjacency and exposure terms before and after.
struct LayoutScenarioRow {
    QString category;
    QString currentZone;  // empty: not on the floor
    QString proposedZone;
    bool moved = false;
    double adjacencyCurrent = 0.0;
    double adjacencyProposed = 0.0;
    double exposureCurrent = 0.0;
    double exposureProposed = 0.0;
};

// The scenario's rows: every category placed now or in the proposal, in model order.
std::vector<LayoutScenarioRow> layoutScenario(const LayoutModel& model,
                                              const std::vector<int>& current,
                                              const std::vector<int>& proposed);

// The one writer of the layout scenario CSV (the CLI's --out, `run --out`, the Layout page's
// export): category, current_zone, proposed_zone, moved, adjacency_current, adjacency_proposed,
// exposure_current, exposure_proposed. Written atomically; throws mb::Error naming the path.
void writeLayoutScenario(const QString& path, const std::vector<LayoutScenarioRow>& rows);

// The scenario as the decisions table keeps it: one layout_move per row, with the file's values.
std::vector<jobs::Decision> layoutDecisions(const std::vector<LayoutScenarioRow>& rows);

}  // namespace mb::layout
