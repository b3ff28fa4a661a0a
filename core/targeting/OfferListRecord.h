#pragma once

#include "targeting/TargetingPlan.h"

#include <QDate>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace mb::data {
class Project;
}

namespace mb::targeting {

// What a `target` run was asked for beyond TargetingSettings, so the CLI and the workbench
// record the same parameters and either can be re-run from them.
struct TargetRunRequest {
    QString campaign;
    QString offers = QStringLiteral("(project)");  // the offers file, or the project's table
    QHash<QString, double> capacities;             // per offer id; infinite = no limit
    std::optional<double> marginRate;              // one rate for every offer when set
    QString contactHistory;                        // file path; empty = none
    int contactPeriodDays = -1;                    // -1 = every contact counts
    QDate contactAsOf;                             // the window's end used
    bool countProjectContacts = false;
    QStringList eligible;   // eligibility rules as --eligible takes them, in the order given
    QString exclude;        // exclusion list file; empty = none
    qint64 excludeIds = 0;  // customer ids the exclusion list holds
    bool pseudonymised = false;
    QString source = QStringLiteral("cli");  // cli or gui
};

QJsonObject targetRunParameters(const TargetingSettings& settings, const TargetRunRequest& request);

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
