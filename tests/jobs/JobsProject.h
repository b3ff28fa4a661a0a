// The demo project built by the CLI for the job-layer tests, and reads of its runs table.
#pragma once

#include "CliRun.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

namespace mbtest {

// `merchbench-cli demo DIR/demo`; the project's path, or empty when the demo failed.
inline QString buildDemo(const QTemporaryDir& dir) {
    const QString folder = dir.filePath(QStringLiteral("demo"));
    const CliRun demo = runCli({QStringLiteral("demo"), folder}, 600000);
    if (demo.exitCode != 0) {
        qWarning("merchbench-cli demo failed: %s", demo.err.constData());
        return {};
    }
    const QStringList found = QDir(folder).entryList({QStringLiteral("*.merchbench")});
    return found.isEmpty() ? QString() : QDir(folder).filePath(found.first());
}

inline QByteArray fileBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline qint64 runCount(const QString& project) {
    const auto opened = mb::data::Project::open(project, mb::data::Project::OpenMode::MustExist);
    mb::data::Statement count(opened->db(), "SELECT count(*) FROM runs");
    count.step();
    return count.int64(0);
}

// A run's row: its analysis, request (parameters), fingerprint and status.
struct RunRow {
    QString analysis;
    QJsonObject parameters;
    QString inputFingerprint;
    QString status;
};

inline RunRow runRow(const QString& project, qint64 id) {
    const auto opened = mb::data::Project::open(project, mb::data::Project::OpenMode::MustExist);
    mb::data::Statement select(opened->db(),
                               "SELECT analysis, parameters, input_fingerprint, status FROM runs "
                               "WHERE id = ?1");
    select.bind(1, static_cast<std::int64_t>(id));
    if (!select.step())
        return {};
    return {select.text(0), QJsonDocument::fromJson(select.text(1).toUtf8()).object(),
            select.text(2), select.text(3)};
}

}  // namespace mbtest
