#include "pg/ShardFolder.h"

#include "common/Error.h"

#include <QFile>
#include <QSysInfo>

#include <unistd.h>
#include <cerrno>
#include <csignal>

namespace mb::pg {

namespace {

const QString kPattern = QStringLiteral("merchbench-shard-");
const QString kOwner = QStringLiteral("owner");

// Whether process `pid` of this host is gone (a process we may not signal still exists).
bool processGone(qint64 pid) {
    if (pid <= 0)
        return false;
    return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

}  // namespace

int ShardFolder::removeStale(const QDir& temp) {
    int removed = 0;
    const QStringList folders =
        temp.entryList({kPattern + QLatin1Char('*')}, QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& name : folders) {
        QFile owner(temp.filePath(name + QLatin1Char('/') + kOwner));
        if (!owner.open(QIODevice::ReadOnly))
            continue;  // being made, or not a shard's
        // "host pid": only this host's processes can be asked whether they live.
        const QStringList fields = QString::fromUtf8(owner.readAll()).split(QLatin1Char(' '));
        owner.close();
        bool ok = false;
        const qint64 pid = fields.value(1).toLongLong(&ok);
        if (fields.size() != 2 || !ok || fields[0] != QSysInfo::machineHostName() ||
            !processGone(pid))
            continue;
        if (QDir(temp.filePath(name)).removeRecursively())
            ++removed;
    }
    return removed;
}

ShardFolder::ShardFolder(const QDir& temp)
    : removedStale_(removeStale(temp)),
      folder_(temp.filePath(kPattern + QStringLiteral("XXXXXX"))) {
    if (!folder_.isValid())
        throw Error(QStringLiteral("no temporary folder for the slice's project in %1: %2")
                        .arg(temp.path(), folder_.errorString()));
    QFile owner(folder_.filePath(kOwner));
    if (!owner.open(QIODevice::WriteOnly) ||
        owner.write(QStringLiteral("%1 %2")
                        .arg(QSysInfo::machineHostName())
                        .arg(static_cast<qint64>(::getpid()))
                        .toUtf8()) < 0 ||
        !owner.flush())
        throw Error(
            QStringLiteral("cannot write %1: %2").arg(owner.fileName(), owner.errorString()));
}

}  // namespace mb::pg
