#pragma once

#include <QtGlobal>
#include <vector>

struct sqlite3;

namespace mb::data::health {

// Identical rows: how many, and the first row (smallest rowid) standing for them.
struct RepeatedGroup {
    double rank = 0;
    qint64 firstRow = 0;
    qint64 rows = 0;
    auto tieOrder() const { return firstRow; }
};

struct RepeatedRows {
    qint64 extraRows = 0;                    // rows beyond the first of each group
    std::vector<RepeatedGroup> worstGroups;  // the largest groups, largest first
};

// Rows of `table` equal in every one of `columns` (a comma-separated list; NULL equals NULL).
RepeatedRows findRepeatedRows(sqlite3* db, const char* table, const char* columns);

}  // namespace mb::data::health
