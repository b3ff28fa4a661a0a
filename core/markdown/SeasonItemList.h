#pragma once

#include "markdown/SeasonPlanner.h"
#include "markdown/UserPlan.h"

#include <QJsonObject>
#include <QString>

namespace mb::markdown {

// The season's items (`markdown --items`): one row per item with its figures against the
// baselines (and the user's plan when one was compared), planned or not, with `parameters` in
// the .params.json sidecar. Throws mb::Error when it cannot be written.
void writeSeasonItems(const QString& path, const SeasonPlan& season,
                      const UserPlanComparison* userPlan, const QJsonObject& parameters);

}  // namespace mb::markdown
