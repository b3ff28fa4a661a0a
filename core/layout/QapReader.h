#pragma once

#include "QapProblem.h"
#include "common/Error.h"

#include <QByteArray>
#include <QString>

namespace mb::layout {

// Largest instance the reader accepts; the solver's tables grow with n^2 (about 100 MB here).
inline constexpr int maximumQapSize = 2000;

// A problem inside a QAPLIB file, with where it is. message() reads "file:line:column: ...".
class QapFormatError : public Error {
public:
    QapFormatError(const QString& message, int line, int column)
        : Error(message), line_(line), column_(column) {}
    int line() const { return line_; }
    int column() const { return column_; }

private:
    int line_;
    int column_;
};

// Reads QAPLIB's .dat layout: n, then the n x n flow matrix, then the n x n distance matrix,
// numbers separated by any whitespace (QAPLIB: Burkard, Karisch and Rendl 1997). Throws
// QapFormatError for anything else: a bad or absurd n, a word where a number belongs, numbers
// too large to sum safely (|x| > 1e12), too few numbers or extra ones after the matrices.
QapProblem readQapProblem(const QByteArray& text, const QString& fileName);

// Reads a file from disk; throws Error when it cannot be read, QapFormatError for its content.
QapProblem readQapFile(const QString& path);

}  // namespace mb::layout
