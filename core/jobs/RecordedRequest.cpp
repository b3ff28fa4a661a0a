#include "RecordedRequest.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <QJsonDocument>

namespace mb::jobs {

RecordedRequest recordedRequest(data::Project& project, qint64 runId) {
    data::Statement select(project.db(),
                           "SELECT analysis, parameters, input_fingerprint, program_version, "
                           "status FROM runs WHERE id = ?1");
    select.bind(1, static_cast<std::int64_t>(runId));
    if (!select.step())
        throw Error(QStringLiteral("%1 has no run %2").arg(project.path()).arg(runId));
    QJsonParseError error{};
    const QJsonDocument parameters = QJsonDocument::fromJson(select.text(1).toUtf8(), &error);
    if (!parameters.isObject())
        throw Error(QStringLiteral("run %1 of %2 has no readable request (%3)")
                        .arg(runId)
                        .arg(project.path(), error.errorString()));
    RecordedRequest recorded{parameters.object(), select.text(4)};
    if (!recorded.request.contains(QStringLiteral("analysis")))
        recorded.request.insert(QStringLiteral("analysis"), select.text(0));
    recorded.request.insert(QStringLiteral("input_fingerprint"), select.text(2));
    recorded.request.insert(QStringLiteral("run_id"), runId);
    recorded.request.insert(QStringLiteral("program_version"), select.text(3));
    return recorded;
}

}  // namespace mb::jobs
