#pragma once

#include "targeting/TargetingPlan.h"

#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <vector>

namespace mb::data {
class Project;
}

namespace mb::targeting {

// What a plan chose and forecast: counts, offers, the allocation, the forecast, the strategies
// and the budget curve, as a run's summary (and the CLI's --json) carry them.
QJsonObject targetRunSummary(const TargetingPlan& plan, std::int64_t customers,
                             std::int64_t consented, const std::vector<TargetingOffer>& offers,
                             const TargetingSettings& settings);

// A whole `target` run at once through the one recorder (jobs::RunRecorder): begun, its offer
// decisions (offerDecisions), finished with the summary, in one transaction; a failure records
// nothing and throws mb::Error. The input fingerprint is taken now.
qint64 recordOfferList(data::Project& project, const QJsonObject& parameters, std::uint64_t seed,
                       const std::vector<OfferListRow>& rows, const QJsonObject& summary);

// A file the workbench wrote from a plan (recorded or not), kept as a run of its own
// ('offer-list-export', its summary holding the absolute path as "out") so that erasing a
// customer can list the file. Throws mb::Error.
qint64 recordOfferListExport(data::Project& project, const QJsonObject& parameters,
                             const QString& path);

}  // namespace mb::targeting
