#include "data/Sqlite.h"

#include "common/Error.h"

#include <sqlite3.h>
#include <QFileInfo>
#include <QStorageInfo>
#include <algorithm>
#include <cerrno>
#include <cstring>

namespace mb::data {

namespace {

QString databaseFile(sqlite3* db) {
    const char* name = sqlite3_db_filename(db, "main");
    return name && *name ? QString::fromUtf8(name) : QStringLiteral("(a database in memory)");
}

QString systemReason(int systemError, sqlite3* db) {
    return systemError != 0 ? QString::fromLocal8Bit(std::strerror(systemError)) : lastError(db);
}

[[noreturn]] void throwFailure(sqlite3* db, int resultCode) {
    if (isFatal(resultCode))
        throw StorageError(databaseFailure(db, resultCode));
    throw Error(databaseFailure(db, resultCode));
}

}  // namespace

QString lastError(sqlite3* db) {
    return QString::fromUtf8(sqlite3_errmsg(db));
}

bool isFatal(int resultCode) {
    switch (resultCode & 0xff) {
        case SQLITE_FULL:
        case SQLITE_IOERR:
        case SQLITE_NOMEM:
        case SQLITE_READONLY:
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
        case SQLITE_CANTOPEN:
        case SQLITE_PROTOCOL:
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_INTERRUPT:
        case SQLITE_ABORT:
        case SQLITE_PERM:
            return true;
        default:
            return false;
    }
}

QString databaseFailure(sqlite3* db, int resultCode) {
    const QString file = databaseFile(db);
    const int primary = resultCode & 0xff;
    // The operating system's reason tells a full disk or a read-only file system apart from
    // other I/O errors (SQLite reports a full -shm file as an I/O error, for one). SQLite keeps
    // it for these two codes only; for others it may be left over from an earlier error.
    const int systemError =
        primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN ? sqlite3_system_errno(db) : 0;
    if (primary == SQLITE_FULL || systemError == ENOSPC || systemError == EDQUOT) {
        const QString folder = QFileInfo(file).absolutePath();
        const QStorageInfo storage(folder);
        return QStringLiteral(
                   "the disk is full: the project %1 cannot be written (%2 MB free in "
                   "the folder %3); make room there and run the command again")
            .arg(file)
            .arg(static_cast<double>(std::max<qint64>(0, storage.bytesAvailable())) / 1e6, 0, 'f',
                 1)
            .arg(folder);
    }
    if (primary == SQLITE_READONLY || systemError == EROFS) {
        return QStringLiteral("the project %1 is read-only (%2): nothing can be written to it")
            .arg(file,
                 systemError == EROFS ? QStringLiteral("read-only file system") : lastError(db));
    }
    switch (primary) {
        case SQLITE_IOERR:
            return QStringLiteral("cannot write the project %1: disk I/O error (%2)")
                .arg(file, systemReason(systemError, db));
        case SQLITE_NOMEM:
            return QStringLiteral("out of memory while using the project %1").arg(file);
        case SQLITE_CORRUPT:
            return QStringLiteral("the project %1 is damaged (%2)").arg(file, lastError(db));
        case SQLITE_CANTOPEN:
            return QStringLiteral("cannot open the files of the project %1 (%2)")
                .arg(file, systemReason(systemError, db));
        default:
            return QStringLiteral("database error: %1").arg(lastError(db));
    }
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
        SQLITE_OK) {
        throw Error(QStringLiteral("SQL error: %1 in: %2")
                        .arg(lastError(db), QString::fromUtf8(sql.data(), sql.size())));
    }
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

void Statement::bindNull(int index) {
    sqlite3_bind_null(stmt_, index);
}
void Statement::bind(int index, double value) {
    sqlite3_bind_double(stmt_, index, value);
}
void Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
}
void Statement::bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}
void Statement::bindStatic(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}
void Statement::bind(int index, const QString& text) {
    const QByteArray utf8 = text.toUtf8();
    sqlite3_bind_text(stmt_, index, utf8.constData(), static_cast<int>(utf8.size()),
                      SQLITE_TRANSIENT);
}

int Statement::stepCode() {
    const int rc = sqlite3_step(stmt_);
    if (isFatal(rc))
        throwFailure(db_, rc);
    return rc;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    throwFailure(db_, rc);
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

void Statement::resetForRebind() {
    sqlite3_reset(stmt_);
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}
double Statement::real(int column) const {
    return sqlite3_column_double(stmt_, column);
}
std::string_view Statement::textView(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (!text)
        return {};
    return {text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
}
QString Statement::text(int column) const {
    const std::string_view view = textView(column);
    return QString::fromUtf8(view.data(), static_cast<qsizetype>(view.size()));
}

void exec(sqlite3* db, std::string_view sql) {
    char* message = nullptr;
    const std::string copy(sql);
    const int rc = sqlite3_exec(db, copy.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        const QString text = QString::fromUtf8(message ? message : "unknown error");
        sqlite3_free(message);
        if (isFatal(rc))
            throwFailure(db, rc);
        throw Error(QStringLiteral("database error: %1").arg(text));
    }
}

std::int64_t queryInt(sqlite3* db, std::string_view sql, std::int64_t fallback) {
    Statement statement(db, sql);
    if (statement.step() && !statement.isNull(0))
        return statement.int64(0);
    return fallback;
}

Transaction::Transaction(sqlite3* db) : db_(db), nested_(sqlite3_get_autocommit(db) == 0) {
    exec(db_, nested_ ? "SAVEPOINT mb_step" : "BEGIN IMMEDIATE");
    open_ = true;
}

Transaction::~Transaction() {
    // After a full disk or an I/O error SQLite may have rolled everything back already.
    if (!open_ || sqlite3_get_autocommit(db_) != 0)
        return;
    if (nested_) {
        sqlite3_exec(db_, "ROLLBACK TO mb_step; RELEASE mb_step", nullptr, nullptr, nullptr);
    } else {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    if (sqlite3_get_autocommit(db_) != 0) {
        // Rolled back under us (SQLite does so on some failures): what was written since is
        // not part of this transaction, so committing would be a lie.
        open_ = false;
        throw StorageError(
            QStringLiteral("the changes to the project %1 were rolled back by SQLite; "
                           "nothing was written")
                .arg(databaseFile(db_)));
    }
    exec(db_, nested_ ? "RELEASE mb_step" : "COMMIT");
    open_ = false;
}

}  // namespace mb::data
