#pragma once

#include "MarkdownRun.h"

#include <QJsonObject>
#include <map>

namespace mb::ui {

// What produced the page's plan, for exports and chart sidecars: scenario A's request (as
// `merchbench-cli request` prints it), the fingerprint of the data it read and the stock date.
QJsonObject markdownParameters(const MarkdownRunResult& run);

// Records the run's scenario A (the page passes the scenario it shows in A's place) through the
// markdown job's recorder (markdown::recordApprovedPlan): a markdown run with its request and the
// fingerprint taken when its data was read, its price changes (the user's schedule where `edits`
// has one, by item) as approved decisions. Opens its own connection; returns the run id. Throws
// mb::Error (a failed write is recorded as a failed run).
qint64 approveMarkdownPlan(const MarkdownRunResult& run,
                           const std::map<int, markdown::ItemEditPtr>& edits);

}  // namespace mb::ui
