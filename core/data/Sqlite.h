#pragma once

#include <QString>
#include <cstdint>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace mb::data {

// Thin RAII over the SQLite C API: the importer binds millions of values, so no QtSql here.
class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);  // throws mb::Error
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bindNull(int index);
    void bind(int index, double value);
    void bind(int index, std::int64_t value);
    void bind(int index, std::string_view text);
    // The text must stay alive and unchanged until the next step() or reset().
    void bindStatic(int index, std::string_view text);
    void bind(int index, const QString& text);
    void bindInt(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }

    bool step();  // true while a row is available; throws mb::Error on failure
    // The result code of a step that a caller handles per row (SQLITE_DONE, SQLITE_CONSTRAINT,
    // ...). A failure of the whole database (isFatal) still throws: it is never a row's problem.
    int stepCode();
    void reset();  // also clears bindings
    // For a statement whose every parameter is bound again before the next step (bulk inserts).
    void resetForRebind();

    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    QString text(int column) const;
    std::string_view textView(int column) const;

    sqlite3_stmt* handle() const { return stmt_; }

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

void exec(sqlite3* db, std::string_view sql);  // throws mb::Error
std::int64_t queryInt(sqlite3* db, std::string_view sql, std::int64_t fallback = 0);
QString lastError(sqlite3* db);

// A full disk, an I/O error, no memory, a read-only or damaged file: SQLite may already have
// rolled the whole transaction back, so the operation must stop, never go on row by row.
bool isFatal(int resultCode);
// What the user is told about a failed database operation, naming the project file and, for a
// full disk, its folder and the space left there ("the disk is full: ...").
QString databaseFailure(sqlite3* db, int resultCode);

// BEGIN IMMEDIATE ... COMMIT, rolled back by the destructor unless committed. Inside another
// transaction it is a savepoint, so a step that writes atomically can be part of a larger one.
class Transaction {
public:
    explicit Transaction(sqlite3* db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    sqlite3* db_;
    bool open_ = false;
    bool nested_ = false;
};

}  // namespace mb::data
