#include "data/Sqlite.h"

#include "common/Error.h"

#include <sqlite3.h>

namespace mb::data {

QString lastError(sqlite3* db) {
    return QString::fromUtf8(sqlite3_errmsg(db));
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
    return sqlite3_step(stmt_);
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    throw Error(QStringLiteral("database error: %1").arg(lastError(db_)));
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
    if (sqlite3_exec(db, copy.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        const QString text = QString::fromUtf8(message ? message : "unknown error");
        sqlite3_free(message);
        throw Error(QStringLiteral("database error: %1").arg(text));
    }
}

std::int64_t queryInt(sqlite3* db, std::string_view sql, std::int64_t fallback) {
    Statement statement(db, sql);
    if (statement.step() && !statement.isNull(0))
        return statement.int64(0);
    return fallback;
}

Transaction::Transaction(sqlite3* db) : db_(db) {
    exec(db_, "BEGIN IMMEDIATE");
    open_ = true;
}

Transaction::~Transaction() {
    if (open_)
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    exec(db_, "COMMIT");
    open_ = false;
}

}  // namespace mb::data
