#pragma once

#include "common/Error.h"
#include "jobs/Provenance.h"

#include <QJsonObject>
#include <QString>
#include <memory>
#include <vector>

namespace mb::data {
class Project;
class Transaction;
}  // namespace mb::data

namespace mb::jobs {

// Thrown by a job whose progress token was cancelled: the run is recorded as cancelled.
class Cancelled : public Error {
public:
    Cancelled() : Error(QStringLiteral("cancelled before it finished; nothing was changed")) {}
};

// One decision of a run, as the decisions table keeps it: what kind (price_change, offer,
// layout_move), about what (product|store|week, a customer's key, a category) and the payload a
// store system or an export reads (prices in the currency's minor unit).
struct Decision {
    QString kind;
    QString subject;
    QJsonObject payload;
    // proposed (an analysis' answer) or approved (a plan a merchandiser approved in the GUI).
    QString status = QStringLiteral("proposed");
};

// The one recorder of analysis runs. A finished run, its decisions and every other write the
// job makes in the project between begin() and finish() land in one transaction, or not at all.
// A run that fails or is cancelled once its inputs were read is recorded as such by
// recordFailure() (status "failed" or "cancelled", the reason, no decisions); a request or an
// input the job refused before reading records nothing. No run is ever left "running".
class RunRecorder {
public:
    // Required: the job's point is what it records (markdown's decisions, the offer list), so a
    // read-only project is an error at once. WhenWritable: the run is provenance only; on a
    // read-only project the analysis still runs and notRecordedWarning() says so.
    enum class Recording { Required, WhenWritable };

    RunRecorder(data::Project& project, Provenance provenance,
                Recording recording = Recording::Required);
    ~RunRecorder();  // an unfinished run's transaction rolls back
    RunRecorder(const RunRecorder&) = delete;
    RunRecorder& operator=(const RunRecorder&) = delete;

    // Opens the transaction and records the run as running in it; returns the run's id (-1
    // when the project is read-only and recording was WhenWritable).
    qint64 begin();
    qint64 id() const { return id_; }
    bool isRecorded() const { return recorded_; }
    // The id for a JSON summary: null when the run is not recorded.
    QJsonValue idJson() const;
    // Empty, or "the project P is read-only (...); this demand run is not recorded in it".
    QString notRecordedWarning() const;

    void addDecisions(const std::vector<Decision>& decisions);
    // Marks the run finished with its summary and commits. Paths under "out", "xlsx" and
    // "files" are recorded absolute, so `erase` finds them from any folder.
    void finish(const QJsonObject& summary);
    // Rolls back whatever this run wrote, then records it with `status` ("failed" or
    // "cancelled") and the reason, in a transaction of its own. Never throws: when the project
    // cannot be written, nothing is recorded.
    void recordFailure(const QString& status, const QString& reason) noexcept;
    // The same for the error that stopped the run: a Cancelled run is recorded as cancelled,
    // a StorageError (a full disk) only rolls back, anything else is recorded as failed.
    void recordFailure(const Error& error) noexcept;

private:
    data::Project& project_;
    Provenance provenance_;
    bool recorded_ = true;
    bool done_ = false;
    qint64 id_ = -1;
    std::unique_ptr<data::Transaction> transaction_;
};

}  // namespace mb::jobs
