#include "pg/PgCopySource.h"

#include "common/Error.h"
#include "pg/PgConnection.h"

#include <libpq-fe.h>
#include <algorithm>
#include <cstring>

namespace mb::pg {

PgCopySource::PgCopySource(PgConnection& connection, const QString& select) : device_(connection) {
    const QString copy =
        QStringLiteral("COPY (%1) TO STDOUT WITH (FORMAT csv, HEADER true)").arg(select);
    PGresult* result = PQexec(connection.handle(), copy.toUtf8().constData());
    const bool started = PQresultStatus(result) == PGRES_COPY_OUT;
    const QString reason = started ? QString()
                                   : QString::fromUtf8(PQresultErrorMessage(result))
                                         .trimmed()
                                         .replace(QLatin1Char('\n'), QStringLiteral("; "));
    PQclear(result);
    if (!started)
        throw Error(QStringLiteral("PostgreSQL refused the rows' query: %1").arg(reason));
    device_.open(QIODevice::ReadOnly | QIODevice::Unbuffered);
}

// A reader that stopped early (a cancel, a syntax error) leaves the COPY going; the connection is
// closed after it, which ends the COPY on the server without reading the rest.
PgCopySource::~PgCopySource() = default;

PgCopySource::CopyDevice::~CopyDevice() {
    if (row_)
        PQfreemem(row_);
}

bool PgCopySource::CopyDevice::fetchRow() {
    if (row_) {
        PQfreemem(row_);
        row_ = nullptr;
    }
    rowSize_ = PQgetCopyData(connection_.handle(), &row_, 0);
    offset_ = 0;
    if (rowSize_ > 0) {
        noteLines(row_, rowSize_);
        return true;
    }
    row_ = nullptr;
    finished_ = true;
    if (rowSize_ == -2) {
        failure_ =
            QStringLiteral("PostgreSQL stopped sending rows: %1").arg(connection_.lastError());
        return false;
    }
    // The end of the COPY: the server's verdict on the whole statement comes after the rows.
    while (PGresult* result = PQgetResult(connection_.handle())) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK && failure_.isEmpty()) {
            failure_ = QStringLiteral("PostgreSQL stopped sending rows: %1")
                           .arg(QString::fromUtf8(PQresultErrorMessage(result))
                                    .trimmed()
                                    .replace(QLatin1Char('\n'), QStringLiteral("; ")));
        }
        PQclear(result);
    }
    return false;
}

void PgCopySource::CopyDevice::noteLines(const char* row, int size) {
    // libpq hands out one row per message, ending in its line feed; quoted values may hold more.
    std::int64_t lines = 0;
    for (int i = 0; i < size; ++i) {
        if (row[i] == '\n' || (row[i] == '\r' && (i + 1 == size || row[i + 1] != '\n')))
            ++lines;
    }
    lines = std::max<std::int64_t>(lines, 1);
    if (lines > 1)
        spans_.push_back(Span{nextLine_, messages_, lines});
    nextLine_ += lines;
    ++messages_;
}

std::int64_t PgCopySource::CopyDevice::rowOfLine(std::int64_t line) const {
    // The header is line 1 and message 0, so a line after every span is its own message number.
    const auto after = std::upper_bound(
        spans_.begin(), spans_.end(), line,
        [](std::int64_t wanted, const Span& span) { return wanted < span.firstLine; });
    if (after == spans_.begin())
        return line - 1;
    const Span& span = *(after - 1);
    if (line < span.firstLine + span.lines)
        return span.message;
    return span.message + 1 + (line - (span.firstLine + span.lines));
}

qint64 PgCopySource::CopyDevice::readData(char* data, qint64 maxSize) {
    qint64 copied = 0;
    while (copied < maxSize) {
        if (!row_ || offset_ == rowSize_) {
            if (finished_ || !fetchRow())
                break;
        }
        const qint64 count = std::min<qint64>(maxSize - copied, rowSize_ - offset_);
        std::memcpy(data + copied, row_ + offset_, static_cast<std::size_t>(count));
        offset_ += static_cast<int>(count);
        copied += count;
    }
    bytesRead_ += copied;
    if (copied == 0 && !failure_.isEmpty()) {
        setErrorString(failure_);
        return -1;
    }
    return copied;
}

}  // namespace mb::pg
