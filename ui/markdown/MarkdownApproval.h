#pragma once

#include "MarkdownRun.h"

#include <QJsonObject>

namespace mb::ui {

class ScheduleEdits;

// The parameters that produced the page's plan, as `merchbench-cli markdown` records them
// (exit week, stock date, rules A and B, demand), for runs, exports and chart sidecars.
QJsonObject markdownParameters(const MarkdownRunResult& run);

// Records the page's plan as a finished markdown run and its price changes as decisions of kind
// 'price_change' with status 'approved' (the user's schedule where an item was edited), in one
// transaction. Opens its own connection; returns the run id. Throws mb::Error.
qint64 approveMarkdownPlan(const MarkdownRunResult& run, const ScheduleEdits& edits);

}  // namespace mb::ui
