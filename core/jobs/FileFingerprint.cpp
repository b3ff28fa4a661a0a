#include "jobs/FileFingerprint.h"

#include "common/Error.h"

#include <QCryptographicHash>
#include <QFile>

namespace mb::jobs {

QString fileFingerprint(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("%1: cannot be read (%2)").arg(path, file.errorString()));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        throw Error(QStringLiteral("%1: cannot be read (%2)").arg(path, file.errorString()));
    return QStringLiteral("sha256:") + QString::fromLatin1(hash.result().toHex());
}

}  // namespace mb::jobs
