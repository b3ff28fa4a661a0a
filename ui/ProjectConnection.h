#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace mb::ui {

// One window's own QtSql connection to the open project file. The connection name is unique so
// that two windows (or a window and a test) never share a handle; it is removed on destruction,
// so every model using it must be gone first.
class ProjectConnection {
public:
    explicit ProjectConnection(const QString& projectPath);
    ~ProjectConnection();
    ProjectConnection(const ProjectConnection&) = delete;
    ProjectConnection& operator=(const ProjectConnection&) = delete;

    bool isOpen() const;
    QString errorText() const { return errorText_; }
    QString projectPath() const { return projectPath_; }
    QSqlDatabase database() const;

    bool hasTable(const QString& table) const;
    // Rows of a table, optionally restricted by an SQL condition; -1 when the table is missing.
    qint64 countRows(const QString& table, const QString& condition = {}) const;
    QStringList columns(const QString& table) const;
    // Columns declared TEXT (or without a type), the ones a text filter searches.
    QStringList textColumns(const QString& table) const;
    QString quoted(const QString& identifier) const;

private:
    QString projectPath_;
    QString connectionName_;
    QString errorText_;
};

}  // namespace mb::ui
