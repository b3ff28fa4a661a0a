#pragma once

#include "MarkdownRun.h"

#include <QJsonObject>

namespace mb::ui {

class ScheduleEdits;

// What produced the page's plan, for exports and chart sidecars: scenario A's request (as
// `merchbench-cli request` prints it), the fingerprint of the data it read and the stock date.
QJsonObject markdownParameters(const MarkdownRunResult& run);

// Records the page's plan through the markdown job's recorder (markdown::recordApprovedPlan):
// a markdown run with scenario A's request and the fingerprint taken when its data was read,
// its price changes (the user's schedule where an item was edited) as approved decisions.
// Opens its own connection; returns the run id. Throws mb::Error (a failed write is recorded as
// a failed run).
qint64 approveMarkdownPlan(const MarkdownRunResult& run, const ScheduleEdits& edits);

}  // namespace mb::ui
