#include "pg/PgCopyIn.h"

#include "common/Error.h"
#include "pg/PgConnection.h"

#include <libpq-fe.h>

namespace mb::pg {

namespace {

constexpr int kFlushBytes = 1 << 20;

// COPY's text format: \N is NULL; backslash, tab, line feed and carriage return are escaped.
void appendValue(QByteArray& out, const QString& value) {
    if (value.isNull()) {
        out += "\\N";
        return;
    }
    for (const char c : value.toUtf8()) {
        const char* escaped = c == '\\'   ? "\\\\"
                              : c == '\t' ? "\\t"
                              : c == '\n' ? "\\n"
                              : c == '\r' ? "\\r"
                                          : nullptr;
        if (escaped)
            out += escaped;
        else
            out += c;
    }
}

}  // namespace

PgCopyIn::PgCopyIn(PgConnection& connection, const QString& table, const QStringList& columns)
    : connection_(connection), table_(table) {
    QStringList quoted;
    for (const QString& column : columns)
        quoted.append(connection.quotedName(column));
    const QString sql = QStringLiteral("COPY %1 (%2) FROM STDIN")
                            .arg(connection.quotedName(table), quoted.join(QStringLiteral(", ")));
    PGresult* result = PQexec(connection.handle(), sql.toUtf8().constData());
    const bool started = PQresultStatus(result) == PGRES_COPY_IN;
    const QString reason =
        started ? QString() : QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
    PQclear(result);
    if (!started)
        throw Error(QStringLiteral("PostgreSQL: cannot add rows to %1: %2").arg(table, reason));
    open_ = true;
}

PgCopyIn::~PgCopyIn() {
    if (!open_)
        return;
    // Abandoned (an exception): end the COPY as failed, so the transaction aborts.
    PQputCopyEnd(connection_.handle(), "abandoned");
    while (PGresult* result = PQgetResult(connection_.handle()))
        PQclear(result);
}

void PgCopyIn::addRow(const QStringList& values) {
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i > 0)
            pending_ += '\t';
        appendValue(pending_, values[i]);
    }
    pending_ += '\n';
    ++rows_;
    if (pending_.size() >= kFlushBytes)
        flush();
}

void PgCopyIn::flush() {
    if (pending_.isEmpty())
        return;
    if (PQputCopyData(connection_.handle(), pending_.constData(),
                      static_cast<int>(pending_.size())) != 1)
        throw Error(QStringLiteral("PostgreSQL: sending rows to %1 failed: %2")
                        .arg(table_, connection_.lastError()));
    pending_.clear();
}

long long PgCopyIn::finish() {
    flush();
    open_ = false;
    if (PQputCopyEnd(connection_.handle(), nullptr) != 1)
        throw Error(QStringLiteral("PostgreSQL: ending the rows of %1 failed: %2")
                        .arg(table_, connection_.lastError()));
    QString failure;
    while (PGresult* result = PQgetResult(connection_.handle())) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK && failure.isEmpty())
            failure = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
        PQclear(result);
    }
    if (!failure.isEmpty())
        throw Error(QStringLiteral("PostgreSQL: adding rows to %1 failed: %2")
                        .arg(table_, failure.replace(QLatin1Char('\n'), QStringLiteral("; "))));
    return rows_;
}

}  // namespace mb::pg
