#pragma once

#include "markdown/MarkdownBacktest.h"
#include "markdown/PlanningRules.h"

#include <QJsonObject>
#include <QString>

namespace mb::markdown {

// The backtest report (`markdown-backtest --out`): per item, the retailer's prices and the
// plan's, each judged under the model fitted before the season, with `parameters` in the
// .params.json sidecar. Throws mb::Error when it cannot be written.
void writeBacktestReport(const QString& path, const SeasonBacktest& backtest,
                         const PlanningRules& rules, const QJsonObject& parameters);

}  // namespace mb::markdown
