// Runs merchbench-cli as a user would and keeps what it said, for the CLI test programs.
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>

namespace mbtest {

struct CliRun {
    int exitCode = -1;  // -1: still running at the timeout; -2: crashed.
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

// workingDirectory: the folder the user runs it from (relative paths are read against it).
inline CliRun runCli(const QStringList& arguments, int timeoutMs = 120000,
                     const QString& workingDirectory = QString()) {
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(QStringLiteral(MERCHBENCH_CLI_PATH), arguments);
    CliRun run;
    if (!process.waitForFinished(timeoutMs))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

}  // namespace mbtest
