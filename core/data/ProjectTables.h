#pragma once

#include <QString>
#include <QStringList>

namespace mb::data {

class Project;

// A search of one table's rows for a piece of text in some of its columns, as the data browser
// offers it: a row matches when any of the columns contains the text (case-insensitive for
// ASCII, as SQLite's LIKE). No column: nothing matches.
struct TextSearch {
    QStringList columns;
    QString text;
};

// The tables of a project as the data browser shows them. Table and column names are quoted,
// and a search's text is escaped, so no name or text can change the SQL.
bool hasTable(const Project& project, const QString& table);
// Rows of the table, or of those matching the search when its text is not empty; -1 when the
// project has no such table (an older project).
qint64 countRows(const Project& project, const QString& table, const TextSearch& search = {});
QStringList columnNames(const Project& project, const QString& table);
// Columns declared TEXT or CHAR, or without a type: the ones a text search looks in.
QStringList textColumnNames(const Project& project, const QString& table);

// The search as an SQL condition ("name" LIKE '%a\_b%' ESCAPE '\' OR ...), for a table model's
// filter; empty when the text is empty (every row), "0" when there is no column.
QString searchCondition(const TextSearch& search);
// "name" with inner quotes doubled: an identifier SQLite reads as written.
QString quotedIdentifier(const QString& identifier);

}  // namespace mb::data
