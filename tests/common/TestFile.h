// Writes a small input file for a test into its temporary folder.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>

namespace mbtest {

// The file's path; aborts the test program when the file cannot be written.
inline QString writeTestFile(const QTemporaryDir& dir, const QString& name,
                             const QByteArray& content) {
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(file.fileName()));
    return file.fileName();
}

}  // namespace mbtest
