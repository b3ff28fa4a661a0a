#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace mb::pg {

class PgConnection;

// Rows sent to a table with `COPY table (columns) FROM STDIN` in text format: the fast way to
// add many rows, and it needs only the INSERT privilege. Rows are sent in chunks as they are
// added, so memory stays flat however many there are. finish() ends the COPY; an error from the
// server (a duplicate key, a missing table) throws Error and leaves the transaction aborted.
class PgCopyIn {
public:
    PgCopyIn(PgConnection& connection, const QString& table, const QStringList& columns);
    ~PgCopyIn();
    PgCopyIn(const PgCopyIn&) = delete;
    PgCopyIn& operator=(const PgCopyIn&) = delete;

    // One row; a null QString is SQL NULL. There must be one value per column.
    void addRow(const QStringList& values);
    // Ends the COPY; returns the number of rows the server took.
    long long finish();

private:
    void flush();
    PgConnection& connection_;
    QString table_;
    QByteArray pending_;
    bool open_ = false;
    long long rows_ = 0;
};

}  // namespace mb::pg
