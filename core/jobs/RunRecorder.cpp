#include "RunRecorder.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace mb::jobs {

namespace {

QString compact(const QJsonObject& object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonValue absolutePath(const QJsonValue& path) {
    return path.isString() && !path.toString().isEmpty()
               ? QJsonValue(QFileInfo(path.toString()).absoluteFilePath())
               : path;
}

}  // namespace

RunRecorder::RunRecorder(data::Project& project, Provenance provenance, Recording recording)
    : project_(project), provenance_(std::move(provenance)), recorded_(!project.isReadOnly()) {
    if (!recorded_ && recording == Recording::Required) {
        throw Error(QStringLiteral("the project %1 is read-only (%2): the %3 run and its results "
                                   "cannot be recorded in it; nothing was written")
                        .arg(project.path(), project.readOnlyReason(), provenance_.analysis));
    }
}

RunRecorder::~RunRecorder() = default;

qint64 RunRecorder::begin() {
    if (!recorded_ || transaction_)
        return id_;
    transaction_ = std::make_unique<data::Transaction>(project_.db());
    id_ = project_.beginRun(provenance_.analysis, compact(provenance_.request), provenance_.seed,
                            provenance_.inputFingerprint);
    return id_;
}

QJsonValue RunRecorder::idJson() const {
    return recorded_ ? QJsonValue(id_) : QJsonValue();
}

QString RunRecorder::notRecordedWarning() const {
    if (recorded_)
        return {};
    return QStringLiteral("the project %1 is read-only (%2); this %3 run is not recorded in it")
        .arg(project_.path(), project_.readOnlyReason(), provenance_.analysis);
}

void RunRecorder::addDecisions(const std::vector<Decision>& decisions) {
    if (!recorded_)
        return;
    begin();
    data::Statement insert(project_.db(),
                           "INSERT INTO decisions(run_id, kind, subject, payload, status) "
                           "VALUES(?1, ?2, ?3, ?4, ?5)");
    for (const Decision& decision : decisions) {
        insert.reset();
        insert.bind(1, static_cast<std::int64_t>(id_));
        insert.bind(2, decision.kind);
        insert.bind(3, decision.subject);
        insert.bind(4, compact(decision.payload));
        insert.bind(5, decision.status);
        insert.step();
    }
}

void RunRecorder::finish(const QJsonObject& summary) {
    if (!recorded_)
        return;
    begin();
    QJsonObject recorded = summary;
    for (const char* key : {"out", "xlsx"})
        if (recorded.contains(QLatin1String(key)))
            recorded[QLatin1String(key)] = absolutePath(recorded.value(QLatin1String(key)));
    if (recorded.value(QStringLiteral("files")).isArray()) {
        QJsonArray files;
        for (const auto& file : recorded.value(QStringLiteral("files")).toArray())
            files.append(absolutePath(file));
        recorded[QStringLiteral("files")] = files;
    }
    project_.finishRun(id_, QStringLiteral("finished"), compact(recorded));
    transaction_->commit();
    done_ = true;
}

void RunRecorder::recordFailure(const QString& status, const QString& reason) noexcept {
    if (!recorded_ || done_)
        return;
    done_ = true;
    transaction_.reset();  // rolls back the decisions and writes of the failed run
    try {
        data::Transaction transaction(project_.db());
        id_ = project_.beginRun(provenance_.analysis, compact(provenance_.request),
                                provenance_.seed, provenance_.inputFingerprint);
        project_.finishRun(id_, status, compact(QJsonObject{{QStringLiteral("error"), reason}}));
        transaction.commit();
    } catch (...) {
        id_ = -1;  // the project cannot be written now; the failure itself is what the user sees
    }
}

void RunRecorder::recordFailure(const Error& error) noexcept {
    if (dynamic_cast<const StorageError*>(&error)) {
        // The project's storage refused a write (a full disk): a failed run written now could
        // take the little room left, and the project must stay exactly as it was.
        done_ = true;
        transaction_.reset();
        id_ = -1;
        return;
    }
    const bool cancelled = dynamic_cast<const Cancelled*>(&error) != nullptr;
    recordFailure(cancelled ? QStringLiteral("cancelled") : QStringLiteral("failed"),
                  error.message());
}

}  // namespace mb::jobs
