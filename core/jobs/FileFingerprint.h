#pragma once

#include <QString>

namespace mb::jobs {

// The input fingerprint of an analysis of a file (no project): "sha256:" and the hex SHA-256
// of the file's bytes, so a replay can tell that the file changed. Throws mb::Error when the
// file cannot be read.
QString fileFingerprint(const QString& path);

}  // namespace mb::jobs
