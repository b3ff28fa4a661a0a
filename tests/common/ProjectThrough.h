// A copy of a project as it stood at the end of a day, for the tests that check an as-of run
// reads nothing after its date: the same run on the copy must give the same output.
#pragma once

#include "CliRun.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <QFile>
#include <QJsonObject>
#include <QString>

namespace mbtest {

// Copies `from` to `to` (VACUUM INTO: one consistent file) and deletes every dated row after
// `day` (yyyy-mm-dd): sales weeks, stock counts, basket lines, customers who signed up later,
// and the runs started later with their decisions (offers recorded then are contacts made then).
inline void copyProjectThrough(const QString& from, const QString& to, const QString& day) {
    QFile::remove(to);
    {
        const auto source = mb::data::Project::open(from);
        mb::data::Statement vacuum(source->db(), "VACUUM INTO ?1");
        vacuum.bind(1, to);
        vacuum.step();
    }
    const auto copy = mb::data::Project::open(to);
    for (const char* sql : {"DELETE FROM sales WHERE substr(week, 1, 10) > ?1",
                            "DELETE FROM inventory WHERE substr(date, 1, 10) > ?1",
                            "DELETE FROM basket_lines WHERE substr(time, 1, 10) > ?1",
                            "DELETE FROM customers WHERE substr(signup_date, 1, 10) > ?1",
                            "DELETE FROM decisions WHERE run_id IN "
                            "(SELECT id FROM runs WHERE substr(started_at, 1, 10) > ?1)",
                            "DELETE FROM runs WHERE substr(started_at, 1, 10) > ?1"}) {
        mb::data::Statement remove(copy->db(), sql);
        remove.bind(1, day);
        remove.step();
    }
}

// Builds the demo retailer in `folder` as a user does (merchbench-cli demo); its project's path,
// or empty with what the command said in *error.
inline QString buildDemo(const QString& folder, QByteArray* error) {
    const CliRun demo = runCli({QStringLiteral("demo"), folder});
    *error = demo.err;
    return demo.exitCode == 0 ? folder + QStringLiteral("/demo.merchbench") : QString();
}

inline QByteArray fileBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A --json summary without what names the run rather than its result.
inline QJsonObject runResult(QJsonObject summary) {
    for (const char* key : {"run_id", "seconds", "project", "out", "files"})
        summary.remove(QLatin1String(key));
    return summary;
}

}  // namespace mbtest
