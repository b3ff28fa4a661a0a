#include "export/OutputPaths.h"

#include "export/CsvExport.h"

#include <sys/stat.h>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStorageInfo>

namespace mb::exporting {

namespace {

// How the file system identifies a path: device and inode when the file exists, else the
// absolute path with every symbolic link resolved (a dangling link counts as its target, since
// QSaveFile writes there).
struct FileIdentity {
    bool exists = false;
    dev_t device = 0;
    ino_t inode = 0;
    QString path;

    bool operator==(const FileIdentity& other) const {
        if (exists != other.exists)
            return false;
        return exists ? device == other.device && inode == other.inode : path == other.path;
    }
};

FileIdentity identify(const QString& path) {
    FileIdentity identity;
    struct stat status {};
    if (::stat(QFile::encodeName(path).constData(), &status) == 0) {
        identity.exists = true;
        identity.device = status.st_dev;
        identity.inode = status.st_ino;
        return identity;
    }
    QString absolute = QFileInfo(path).absoluteFilePath();
    for (int hops = 0; hops < 16 && QFileInfo(absolute).isSymLink(); ++hops)
        absolute = QFileInfo(absolute).symLinkTarget();
    const QFileInfo info(absolute);
    const QString folder = QFileInfo(info.absolutePath()).canonicalFilePath();
    identity.path =
        folder.isEmpty() ? QDir::cleanPath(absolute) : QDir(folder).filePath(info.fileName());
    return identity;
}

}  // namespace

QString PathClash::message() const {
    return QStringLiteral("%1 %2 would overwrite %3 %4; choose another path. Nothing was written.")
        .arg(output.role, output.path, other.role, other.path);
}

void CommandFiles::addProject(const QString& path) {
    if (path.isEmpty())
        return;
    reads_.push_back({QStringLiteral("the project"), path});
    // SQLite's companions hold committed pages (WAL) or the rollback copy: losing them loses data.
    reads_.push_back(
        {QStringLiteral("the project's write-ahead log"), path + QStringLiteral("-wal")});
    reads_.push_back(
        {QStringLiteral("the project's shared-memory index"), path + QStringLiteral("-shm")});
    reads_.push_back(
        {QStringLiteral("the project's rollback journal"), path + QStringLiteral("-journal")});
}

void CommandFiles::addInput(const QString& role, const QString& path) {
    if (!path.isEmpty())
        reads_.push_back({role, path});
}

void CommandFiles::addProjectOrInput(const QString& role, const QString& path) {
    // Only a regular file is opened: opening a FIFO would wait for a writer that never comes.
    QFile file(path);
    if (QFileInfo(path).isFile() && file.open(QIODevice::ReadOnly) &&
        file.read(16) == QByteArray("SQLite format 3", 16))
        addProject(path);
    else
        addInput(role, path);
}

void CommandFiles::addOutput(const QString& role, const QString& path) {
    if (!path.isEmpty())
        writes_.push_back({role, path});
}

void CommandFiles::addOutputMakingFolder(const QString& role, const QString& path) {
    if (!path.isEmpty())
        writes_.push_back({role, path, true});
}

void CommandFiles::addOutputWithParameters(const QString& role, const QString& csvPath) {
    if (csvPath.isEmpty())
        return;
    addOutput(role, csvPath);
    // Named by its CSV: "--out plan.csv's parameters file plan.params.json".
    addOutput(QStringLiteral("%1 %2's parameters file").arg(role, csvPath),
              parametersSidecarPath(csvPath));
}

std::optional<PathClash> CommandFiles::firstClash() const {
    std::vector<FileIdentity> readIds;
    readIds.reserve(reads_.size());
    for (const CommandPath& read : reads_)
        readIds.push_back(identify(read.path));
    std::vector<FileIdentity> writeIds;
    for (const CommandPath& write : writes_) {
        const FileIdentity id = identify(write.path);
        for (std::size_t i = 0; i < reads_.size(); ++i)
            if (id == readIds[i])
                return PathClash{write, reads_[i]};
        for (std::size_t i = 0; i < writeIds.size(); ++i)
            if (id == writeIds[i])
                return PathClash{write, writes_[i]};
        writeIds.push_back(id);
    }
    return std::nullopt;
}

std::optional<QString> CommandFiles::firstUnwritableFolder() const {
    for (const CommandPath& write : writes_) {
        QFileInfo folder(QFileInfo(write.path).absolutePath());
        while (write.makesFolder && !folder.exists() && !folder.isRoot())
            folder = QFileInfo(folder.absolutePath());
        QString reason;
        if (!folder.exists())
            reason = QStringLiteral("does not exist");
        else if (!folder.isDir())
            reason = QStringLiteral("is not a folder");
        else if (!folder.isWritable())
            reason = QStringLiteral("cannot be written (permission denied or read-only)");
        if (!reason.isEmpty())
            return QStringLiteral("%1 %2: the folder %3 %4. Nothing was written.")
                .arg(write.role, write.path, folder.filePath(), reason);
    }
    return std::nullopt;
}

QString writeFailureReason(const QString& path, const QString& why) {
    const QString folder = QFileInfo(path).absolutePath();
    const QStorageInfo disk(folder);
    // Under a megabyte free is full for any output; "No space left" is the system's own word.
    const bool full = (disk.isValid() && disk.bytesAvailable() >= 0 &&
                       disk.bytesAvailable() < (qint64(1) << 20)) ||
                      why.contains(QLatin1String("No space left"), Qt::CaseInsensitive);
    return full ? QStringLiteral("the disk is full: %1").arg(folder) : why;
}

bool sameFile(const QString& a, const QString& b) {
    return identify(a) == identify(b);
}

}  // namespace mb::exporting
