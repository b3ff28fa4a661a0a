#include "data/ProjectTables.h"

#include "data/Project.h"
#include "data/Sqlite.h"

namespace mb::data {

namespace {

// Escapes text for a LIKE pattern with '\' as the escape character, inside an SQL string literal.
QString likePattern(const QString& text) {
    QString escaped = text;
    escaped.replace(u'\\', QStringLiteral("\\\\"));
    escaped.replace(u'%', QStringLiteral("\\%"));
    escaped.replace(u'_', QStringLiteral("\\_"));
    escaped.replace(u'\'', QStringLiteral("''"));
    return QStringLiteral("'%") + escaped + QStringLiteral("%'");
}

struct ColumnInfo {
    QString name;
    QString type;
};

std::vector<ColumnInfo> columnsOf(const Project& project, const QString& table) {
    std::vector<ColumnInfo> columns;
    Statement info(project.db(), "SELECT name, type FROM pragma_table_info(?1)");
    info.bind(1, table);
    while (info.step())
        columns.push_back({info.text(0), info.text(1).toUpper()});
    return columns;
}

}  // namespace

QString quotedIdentifier(const QString& identifier) {
    QString quoted = identifier;
    quoted.replace(u'"', QStringLiteral("\"\""));
    return QStringLiteral("\"") + quoted + QStringLiteral("\"");
}

bool hasTable(const Project& project, const QString& table) {
    Statement find(project.db(),
                   "SELECT 1 FROM sqlite_schema WHERE type IN ('table', 'view') AND name = ?1");
    find.bind(1, table);
    return find.step();
}

qint64 countRows(const Project& project, const QString& table, const TextSearch& search) {
    if (!hasTable(project, table))
        return -1;
    QString sql = QStringLiteral("SELECT count(*) FROM %1").arg(quotedIdentifier(table));
    if (const QString condition = searchCondition(search); !condition.isEmpty())
        sql += QStringLiteral(" WHERE ") + condition;
    Statement count(project.db(), sql.toStdString());
    count.step();
    return count.int64(0);
}

QStringList columnNames(const Project& project, const QString& table) {
    QStringList names;
    for (const ColumnInfo& column : columnsOf(project, table))
        names << column.name;
    return names;
}

QStringList textColumnNames(const Project& project, const QString& table) {
    QStringList names;
    for (const ColumnInfo& column : columnsOf(project, table)) {
        if (column.type.isEmpty() || column.type.contains(QStringLiteral("TEXT")) ||
            column.type.contains(QStringLiteral("CHAR")))
            names << column.name;
    }
    return names;
}

QString searchCondition(const TextSearch& search) {
    const QString text = search.text.trimmed();
    if (text.isEmpty())
        return {};
    QStringList terms;
    const QString pattern = likePattern(text);
    for (const QString& column : search.columns)
        terms << QStringLiteral("%1 LIKE %2 ESCAPE '\\'").arg(quotedIdentifier(column), pattern);
    return terms.isEmpty() ? QStringLiteral("0") : terms.join(QStringLiteral(" OR "));
}

}  // namespace mb::data
