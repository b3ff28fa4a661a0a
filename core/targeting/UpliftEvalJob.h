#pragma once

#include "jobs/Job.h"
#include "jobs/Provenance.h"
#include "targeting/UpliftBootstrap.h"
#include "targeting/UpliftMetrics.h"

#include <QJsonObject>
#include <QString>
#include <array>
#include <optional>

namespace mb::targeting {

// `uplift-eval`: an uplift model's scores against a campaign's results, from a file. The
// request holds the file's path and its options; there is no project (context.project is null)
// and nothing is recorded; the input fingerprint is the file's SHA-256.
struct UpliftEvalRequest {
    QString file;  // campaign results, one row per customer
    QString treatmentColumn;
    QString treatmentValue;
    QString controlValue;
    QString outcomeColumn;
    QString scoreColumn;
    double k = 0.3;  // a fraction in (0, 1) or a count
    TopKStrategy strategy = TopKStrategy::Overall;
    int bootstrap = 0;  // resamples for confidence intervals; 0 = none
    qint64 seed = 1;
    double level = 0.95;
    bool negativeEffect = true;
    bool curves = false;  // the curves' points in the result

    QJsonObject toJson() const;
    static UpliftEvalRequest fromJson(const QJsonObject& json);  // throws mb::Error
    bool operator==(const UpliftEvalRequest&) const = default;
};

struct UpliftEvalResult {
    jobs::Provenance provenance;
    std::int64_t ignoredRows = 0;  // rows in neither arm
    TreatmentEffect effect;
    double qiniAuc = 0.0;
    double upliftAuc = 0.0;
    double upliftAtK = 0.0;
    std::optional<BootstrapIntervals> intervals;
    // Qini, uplift, perfect Qini and perfect uplift curves, when the request asks for them.
    std::optional<std::array<UpliftCurve, 4>> curves;
};

// Reads the file and computes the metrics. Throws mb::Error for an unreadable file or an empty
// arm, RequestProblem for a k the file is too small for, jobs::Cancelled when cancelled.
UpliftEvalResult evaluateUplift(const UpliftEvalRequest& request, ProgressToken& progress);

// What `uplift-eval --json` prints.
QJsonObject upliftEvalSummary(const UpliftEvalResult& result);

jobs::JobOutcome runUpliftEvalJob(const QJsonObject& json, jobs::JobContext& context);

}  // namespace mb::targeting
