#pragma once

#include <QJsonObject>
#include <QString>

namespace mb::data {
class Project;
}

namespace mb::jobs {

// The request a run recorded, ready to replay: its parameters plus "analysis" (added for runs
// recorded before requests were kept whole), "input_fingerprint", "run_id" and
// "program_version". `status` is the run's status ("finished", "failed", ...).
struct RecordedRequest {
    QJsonObject request;
    QString status;
};

// Throws mb::Error when the project has no such run or its parameters are not a JSON object.
RecordedRequest recordedRequest(data::Project& project, qint64 runId);

}  // namespace mb::jobs
