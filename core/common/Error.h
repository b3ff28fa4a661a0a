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

}  // namespace mb
