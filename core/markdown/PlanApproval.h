#pragma once

#include "jobs/Provenance.h"
#include "markdown/PriceChangeList.h"

#include <QJsonObject>
#include <vector>

namespace mb::data {
class Project;
}

namespace mb::markdown {

// Records a plan the merchandiser approved (the Markdown page's Approve): a markdown run with the
// request and the fingerprint of the data the plan was computed from, its price changes (with
// the user's edits) as approved decisions and its summary, in one transaction through the one
// recorder. A failed write is recorded as a failed run and rethrown (mb::Error), so no run is
// left running. Returns the run's id.
qint64 recordApprovedPlan(data::Project& project, const jobs::Provenance& provenance,
                          const std::vector<PriceChange>& changes, const QJsonObject& summary);

}  // namespace mb::markdown
