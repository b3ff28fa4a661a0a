// A demo project built once per test program, fresh copies of it per case, small input files
// beside them, and `merchbench-cli target` arguments for it, for the targeting CLI tests.
#pragma once

#include "CliRun.h"

#include <QFile>
#include <QTemporaryDir>

namespace mbtest {

class DemoTargetRuns {
public:
    // Builds the demo project (datasets/demo unless MERCHBENCH_DEMO_DIR says otherwise); the
    // CLI's error output when it cannot.
    QByteArray build() {
        if (!dir_.isValid())
            return "no temporary folder";
        if (qEnvironmentVariableIsEmpty("MERCHBENCH_DEMO_DIR"))
            qputenv("MERCHBENCH_DEMO_DIR", MERCHBENCH_SOURCE_DIR "/datasets/demo");
        const QString folder = dir_.filePath(QStringLiteral("demo"));
        const CliRun built = runCli({QStringLiteral("demo"), folder});
        if (built.exitCode != 0)
            return built.err.isEmpty() ? QByteArray("demo failed") : built.err;
        demo_ = folder + QStringLiteral("/demo.merchbench");
        return {};
    }

    QString path(const QString& name) const { return dir_.filePath(name); }

    QString write(const QString& name, const QByteArray& content) {
        QFile file(dir_.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(name));
        file.write(content);
        return file.fileName();
    }

    // A fresh copy of the demo project; empty when it cannot be made.
    QString copyDemo(const QString& name) {
        const QString copy = dir_.filePath(name);
        QFile::remove(copy);
        return QFile::copy(demo_, copy) ? copy : QString();
    }

    // A quick plan of the demo campaign from the project's offers (no refits, 50 simulations).
    static QStringList targetArguments(const QString& project, const QString& out,
                                       const QString& budget) {
        return {QStringLiteral("target"),
                project,
                QStringLiteral("--campaign"),
                QStringLiteral("demo_campaign"),
                QStringLiteral("--offers-from-project"),
                QStringLiteral("--budget"),
                budget,
                QStringLiteral("--refits"),
                QStringLiteral("0"),
                QStringLiteral("--simulations"),
                QStringLiteral("50"),
                QStringLiteral("--out"),
                out,
                QStringLiteral("--json")};
    }

private:
    QTemporaryDir dir_;
    QString demo_;
};

}  // namespace mbtest
