#pragma once

#include <QString>
#include <stdexcept>

namespace mb {

// A failure the user can act on (a file that is not a project, a newer schema, a disk error).
// Problems inside an input file are not exceptions: importers collect them as ImportIssue.
class Error : public std::runtime_error {
public:
    explicit Error(const QString& message) : std::runtime_error(message.toStdString()) {}
    QString message() const { return QString::fromStdString(what()); }
};

// The project's storage itself failed (a full disk, an I/O error, a read-only or damaged file):
// nothing more may be written to it, not even a note that the run failed.
class StorageError : public Error {
public:
    using Error::Error;
};

}  // namespace mb
