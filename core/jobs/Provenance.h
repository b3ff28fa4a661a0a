#pragma once

#include <QJsonObject>
#include <QString>

namespace mb::jobs {

// What every result carries besides its answer: the request it answers (its toJson(), which
// replays it), the fingerprint of the data it was computed from (taken in the same read as the
// data) and the program that computed it. A page compares these with its controls and the
// project to tell a current result from an out-of-date one.
struct Provenance {
    QString analysis;
    QJsonObject request;
    QString inputFingerprint;
    QString programVersion = QStringLiteral(MERCHBENCH_VERSION);
    qint64 seed = 0;
    // A search bounded by time (layout and QAP --seconds) may find another answer on a replay.
    bool replayMayDiffer = false;
};

}  // namespace mb::jobs
