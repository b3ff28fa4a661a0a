#include "data/health/RepeatedRows.h"

#include "data/Sqlite.h"
#include "data/health/WorstCases.h"

#include <sqlite3.h>
#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

namespace mb::data::health {

namespace {

// Appends a column's value with its type, so 1 (a number) and "1" (text) stay different.
void appendValue(std::string& values, const Statement& rows, int column) {
    switch (sqlite3_column_type(rows.handle(), column)) {
        case SQLITE_NULL:
            values += 'N';
            return;
        case SQLITE_INTEGER: {
            const std::int64_t number = rows.int64(column);
            values += 'I';
            values.append(reinterpret_cast<const char*>(&number), sizeof number);
            return;
        }
        case SQLITE_FLOAT: {
            const double number = rows.real(column);
            values += 'F';
            values.append(reinterpret_cast<const char*>(&number), sizeof number);
            return;
        }
        default: {
            const std::string_view text = rows.textView(column);
            const auto length = static_cast<std::uint32_t>(text.size());
            values += 'T';
            values.append(reinterpret_cast<const char*>(&length), sizeof length);
            values.append(text);
            return;
        }
    }
}

}  // namespace

// Hashing each row once and sorting the hashes is several times faster than letting SQLite sort
// whole rows. Two different rows share a 64-bit hash with negligible probability (about
// rows^2 / 2^65).
RepeatedRows findRepeatedRows(sqlite3* db, const char* table, const char* columns) {
    Statement rows(db, std::string("SELECT rowid, ") + columns + " FROM " + table);
    std::vector<std::pair<std::uint64_t, qint64>> hashes;  // row hash, rowid
    std::string values;
    while (rows.step()) {
        values.clear();
        for (int i = 1; i < sqlite3_column_count(rows.handle()); ++i) {
            appendValue(values, rows, i);
        }
        hashes.emplace_back(std::hash<std::string>{}(values), rows.int64(0));
    }
    std::sort(hashes.begin(), hashes.end());
    RepeatedRows repeated;
    WorstCases<RepeatedGroup> worst;
    for (size_t first = 0; first < hashes.size();) {
        size_t end = first + 1;
        while (end < hashes.size() && hashes[end].first == hashes[first].first)
            ++end;
        const auto size = static_cast<qint64>(end - first);
        if (size > 1) {
            repeated.extraRows += size - 1;
            worst.add({static_cast<double>(size), hashes[first].second, size});
        }
        first = end;
    }
    repeated.worstGroups = worst.take();
    return repeated;
}

}  // namespace mb::data::health
