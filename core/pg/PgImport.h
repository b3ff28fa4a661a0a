#pragma once

#include "common/Progress.h"
#include "data/Importer.h"

#include <QString>

namespace mb::data {
class Project;
}

namespace mb::pg {

// Rows to import from PostgreSQL: a table (or view) or a query, on a connection given as libpq
// takes it (a postgresql:// URI; the rest from the PG* environment, service file and pgpass).
struct PostgresSource {
    QString connection;
    QString table;  // schema.table or table
    QString query;  // a SELECT; used when table is empty
};

// Imports the source's rows as one kind through the same validation, mapping and all-or-nothing
// transaction as a CSV file. The source is recorded in the project as the connection without its
// password plus the table or query. The issues' `line` is the source row (1 = the first row).
data::ImportReport importFromPostgres(data::Project& project, const PostgresSource& source,
                                      const data::ImportOptions& options,
                                      ProgressToken* progress = nullptr);

// "SOURCE: row N, column C: message (value)", the form a CSV issue has as file:line:column.
QString formatSourceIssue(const data::ImportIssue& issue, const QString& source);

}  // namespace mb::pg
