#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <memory>

namespace mb::data {
class Project;
struct TextSearch;
}  // namespace mb::data

namespace mb::ui {

// One window's own connections to the open project file: the core's (data::Project), which
// every read of the schema goes through (data/ProjectTables.h and the jobs' loaders), and a
// QtSql one that only feeds Qt's table models. The QtSql connection name is unique so that two
// windows (or a window and a test) never share a handle; it is removed on destruction, so every
// model using it must be gone first.
class ProjectConnection {
public:
    explicit ProjectConnection(const QString& projectPath);
    ~ProjectConnection();
    ProjectConnection(const ProjectConnection&) = delete;
    ProjectConnection& operator=(const ProjectConnection&) = delete;

    bool isOpen() const;
    QString errorText() const { return errorText_; }
    QString projectPath() const { return projectPath_; }
    // For Qt's table models only; queries on the schema belong in core.
    QSqlDatabase database() const;
    // The core's connection, for the GUI thread's reads (isOpen() must be true). Background work
    // opens its own.
    data::Project& project() const { return *project_; }

    // The project's input fingerprint now (data::Project::inputFingerprint), to compare with a
    // result's provenance; "" when it cannot be read.
    QString inputFingerprint() const noexcept;
    // The project's currency code ("" when none is set), read when the connection opened or was
    // last changed through setCurrency.
    QString currency() const { return currency_; }
    void setCurrency(const QString& code);  // throws mb::Error

    // The data browser's reads (data/ProjectTables.h) for slots of the GUI thread, which must
    // not throw: a table that cannot be read counts -1 rows and has no columns, and the page
    // shows it as not there.
    qint64 countRows(const QString& table, const data::TextSearch& search) const noexcept;
    qint64 countRows(const QString& table) const noexcept;
    QStringList columns(const QString& table) const noexcept;
    QStringList textColumns(const QString& table) const noexcept;

private:
    QString projectPath_;
    QString connectionName_;
    QString errorText_;
    QString currency_;
    // The last fingerprint, and the commit counters it was taken at.
    mutable QString fingerprint_;
    mutable qint64 fingerprintVersion_ = -1;
    mutable qint64 fingerprintChanges_ = -1;
    std::unique_ptr<data::Project> project_;
};

}  // namespace mb::ui
