// A project's logical contents as text, for "exactly as before" checks after a failed command.
#pragma once

#include "data/Sqlite.h"

#include <sqlite3.h>
#include <QStringList>

namespace mbtest {

// Every table's rows (sorted, so the order of pages does not matter), read through a separate
// read-only connection. Without times, columns named *_at are left out: a retried import or run
// differs from the reference only in when it happened.
inline QString dumpProject(const QString& path, bool withTimes = true) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) !=
        SQLITE_OK) {
        sqlite3_close(db);
        return QStringLiteral("cannot open %1").arg(path);
    }
    QStringList out;
    {
        QStringList tables;
        mb::data::Statement list(
            db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
        while (list.step())
            tables.append(list.text(0));
        for (const QString& table : tables) {
            mb::data::Statement rows(
                db, QStringLiteral("SELECT * FROM \"%1\"").arg(table).toStdString());
            QStringList lines;
            while (rows.step()) {
                QStringList cells;
                for (int c = 0; c < sqlite3_column_count(rows.handle()); ++c) {
                    const QString name = QString::fromUtf8(sqlite3_column_name(rows.handle(), c));
                    // Import times, and consent statements dated by them (as_of).
                    if (!withTimes && (name.endsWith(QStringLiteral("_at")) ||
                                       name.endsWith(QStringLiteral("as_of"))))
                        continue;
                    cells.append(rows.isNull(c) ? QStringLiteral("NULL") : rows.text(c));
                }
                lines.append(cells.join(u'|'));
            }
            lines.sort();
            out.append(QStringLiteral("== %1 (%2 rows)").arg(table).arg(lines.size()));
            out.append(lines);
        }
    }
    sqlite3_close(db);
    return out.join(u'\n');
}

// Rows of one table, through a separate read-only connection.
inline qint64 countRows(const QString& path, const QString& sql) {
    sqlite3* db = nullptr;
    qint64 count = -1;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) ==
        SQLITE_OK) {
        count = mb::data::queryInt(db, sql.toStdString(), -1);
    }
    sqlite3_close(db);
    return count;
}

}  // namespace mbtest
