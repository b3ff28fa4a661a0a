#include "ProjectConnection.h"

#include <QAtomicInt>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace mb::ui {

namespace {
QAtomicInt connectionCounter;
}

ProjectConnection::ProjectConnection(const QString& projectPath)
    : projectPath_(projectPath),
      connectionName_(
          QStringLiteral("merchbench-ui-%1").arg(connectionCounter.fetchAndAddRelaxed(1))) {
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName_);
    db.setDatabaseName(projectPath);
    // An import commits from another connection; wait briefly rather than fail a read.
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=2000"));
    if (!db.open())
        errorText_ = db.lastError().text();
}

ProjectConnection::~ProjectConnection() {
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(connectionName_);
}

bool ProjectConnection::isOpen() const {
    return database().isOpen();
}

QSqlDatabase ProjectConnection::database() const {
    return QSqlDatabase::database(connectionName_, false);
}

bool ProjectConnection::hasTable(const QString& table) const {
    return database().tables().contains(table);
}

qint64 ProjectConnection::countRows(const QString& table, const QString& condition) const {
    if (!hasTable(table))
        return -1;
    QString sql = QStringLiteral("SELECT COUNT(*) FROM %1").arg(quoted(table));
    if (!condition.isEmpty())
        sql += QStringLiteral(" WHERE ") + condition;
    QSqlQuery query(database());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

QStringList ProjectConnection::columns(const QString& table) const {
    QStringList names;
    const QSqlRecord record = database().record(table);
    for (int i = 0; i < record.count(); ++i)
        names << record.fieldName(i);
    return names;
}

QStringList ProjectConnection::textColumns(const QString& table) const {
    QStringList names;
    QSqlQuery query(database());
    if (!query.exec(QStringLiteral("PRAGMA table_info(%1)").arg(quoted(table))))
        return names;
    while (query.next()) {
        const QString type = query.value(2).toString().toUpper();
        if (type.isEmpty() || type.contains(QStringLiteral("TEXT")) ||
            type.contains(QStringLiteral("CHAR"))) {
            names << query.value(1).toString();
        }
    }
    return names;
}

QString ProjectConnection::quoted(const QString& identifier) const {
    return database().driver()->escapeIdentifier(identifier, QSqlDriver::TableName);
}

}  // namespace mb::ui
