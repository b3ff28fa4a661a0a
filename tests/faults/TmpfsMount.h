// A small real file system (tmpfs) for tests of a full or read-only disk; needs root (CI runs
// as root), so callers skip with the reason when mounting is refused.
#pragma once

#include <QDir>
#include <QProcess>
#include <QStorageInfo>
#include <QString>

namespace mbtest {

class TmpfsMount {
public:
    TmpfsMount(const QString& dir, const QString& size) : dir_(dir) {
        QDir().mkpath(dir);
        mounted_ = run({QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                        QStringLiteral("size=") + size, QStringLiteral("tmpfs"), dir});
    }
    ~TmpfsMount() {
        if (mounted_)
            QProcess::execute(QStringLiteral("umount"), {QStringLiteral("-l"), dir_});
    }
    TmpfsMount(const TmpfsMount&) = delete;
    TmpfsMount& operator=(const TmpfsMount&) = delete;

    bool mounted() const { return mounted_; }
    QString why() const { return QStringLiteral("mount -t tmpfs %1: %2").arg(dir_, error_); }
    // Remounts with new options ("size=256m", "ro", "rw").
    bool remount(const QString& options) {
        return run({QStringLiteral("-o"), QStringLiteral("remount,") + options, dir_});
    }
    qint64 bytesFree() const { return QStorageInfo(dir_).bytesAvailable(); }

private:
    bool run(const QStringList& arguments) {
        QProcess process;
        process.start(QStringLiteral("mount"), arguments);
        if (!process.waitForFinished(20000) || process.exitStatus() != QProcess::NormalExit ||
            process.exitCode() != 0) {
            error_ = QString::fromLocal8Bit(process.readAllStandardError()).trimmed();
            if (error_.isEmpty())
                error_ = process.errorString();
            return false;
        }
        return true;
    }

    QString dir_;
    QString error_;
    bool mounted_ = false;
};

}  // namespace mbtest
