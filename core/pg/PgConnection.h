#pragma once

#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

struct pg_conn;
struct pg_result;

namespace mb::pg {

// One libpq connection. Settings come from libpq's usual places: the URI or "key=value" string
// given, then the PG* environment, the service file and ~/.pgpass. Errors are mb::Error and
// never quote the connection string (it may hold a password).
class PgConnection {
public:
    // Connects with client encoding UTF-8, ISO dates and UTC, so the text read back is the same
    // whatever the server's or the role's defaults. Throws Error when it cannot.
    explicit PgConnection(const QString& connectionString);
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    pg_conn* handle() const { return conn_; }
    // Where this connection went, without the password: postgresql://USER@HOST:PORT/DB, or
    // postgresql://USER@/DB?host=DIR&port=PORT for a unix socket. What gets printed and stored.
    QString displayName() const;
    // Runs SQL that returns no rows (or whose rows are not needed); throws Error with the
    // server's message, prefixed by what was being done.
    void exec(const QString& sql, const QString& what);
    // Runs SQL with text parameters ($1, $2, ...) and returns the first column of every row.
    QStringList column(const QString& sql, const QStringList& parameters, const QString& what);
    // Runs SQL with text parameters and returns every row, each column as text (a null QString
    // for SQL NULL; numbers as the server prints them, exactly).
    std::vector<QStringList> rows(const QString& sql, const QStringList& parameters,
                                  const QString& what);
    // Runs SQL with text parameters; returns the number of rows it affected.
    long long execParams(const QString& sql, const QStringList& parameters, const QString& what);
    // Waits up to timeoutMs for a notification of a channel this connection LISTENs to (outside
    // a transaction); true when one or more came (they are consumed). Throws Error when the
    // connection is lost.
    bool waitForNotification(int timeoutMs);
    // "name" quoted as an identifier, each part of schema.table on its own.
    QString quotedName(const QString& dottedName) const;
    // 'value' quoted as a string literal, for SQL that cannot take parameters (COPY's query).
    QString quotedLiteral(const QString& value) const;
    // The server's last message, one line.
    QString lastError() const;

private:
    pg_result* run(const QString& sql, const QStringList& parameters, const QString& what,
                   int expected);
    pg_conn* conn_ = nullptr;
};

// Whether text names a PostgreSQL source or sink: a postgresql:// or postgres:// URI.
bool isPostgresUri(const QString& text);

}  // namespace mb::pg
