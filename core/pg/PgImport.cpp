#include "pg/PgImport.h"

#include "common/Error.h"
#include "pg/PgConnection.h"
#include "pg/PgCopySource.h"

namespace mb::pg {

namespace {

data::ImportReport refused(const QString& kind, const QString& source, const QString& message) {
    data::ImportReport report;
    report.file = source;
    report.kind = kind;
    report.failure = message;
    report.errorCount = 1;
    report.errors.push_back(data::ImportIssue{0, 0, QString(), message, QString()});
    return report;
}

// The query without what would end it early inside COPY ( ... ).
QString trimmedQuery(QString query) {
    query = query.trimmed();
    while (query.endsWith(QLatin1Char(';')))
        query = query.chopped(1).trimmed();
    return query;
}

}  // namespace

data::ImportReport importFromPostgres(data::Project& project, const PostgresSource& source,
                                      const data::ImportOptions& options, ProgressToken* progress) {
    QString label = QStringLiteral("postgresql");
    try {
        PgConnection connection(source.connection);
        const QString select =
            source.table.isEmpty()
                ? trimmedQuery(source.query)
                : QStringLiteral("SELECT * FROM %1").arg(connection.quotedName(source.table));
        label = connection.displayName() + (source.table.isEmpty()
                                                ? QStringLiteral(" query: ") + select
                                                : QStringLiteral(" table ") + source.table);
        if (select.isEmpty())
            return refused(options.kind, label, QStringLiteral("the query is empty"));
        PgCopySource rows(connection, select);
        data::ImportReport report = data::Importer(project).run(rows, label, options, progress);
        for (data::ImportIssue& issue : report.errors) {
            if (issue.line > 0)
                issue.line = rows.rowOfLine(issue.line);
            issue.column = 0;  // a character column means nothing in a database's row
        }
        return report;
    } catch (const Error& error) {
        return refused(options.kind, label, error.message());
    }
}

QString formatSourceIssue(const data::ImportIssue& issue, const QString& source) {
    QString text = source;
    if (issue.line > 0)
        text += QStringLiteral(": row %1").arg(issue.line);
    if (!issue.field.isEmpty())
        text += QStringLiteral(", column %1").arg(issue.field);
    text += QStringLiteral(": ") + issue.message;
    if (!issue.value.isNull())
        text += QStringLiteral(" (%1)").arg(issue.value);
    return text;
}

}  // namespace mb::pg
