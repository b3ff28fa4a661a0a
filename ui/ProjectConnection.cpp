#include "ProjectConnection.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/ProjectTables.h"
#include "data/SavedScenarios.h"
#include "data/Sqlite.h"

#include <sqlite3.h>
#include <QAtomicInt>
#include <QSqlError>

namespace mb::ui {

namespace {
QAtomicInt connectionCounter;
}

ProjectConnection::ProjectConnection(const QString& projectPath)
    : projectPath_(projectPath),
      connectionName_(
          QStringLiteral("merchbench-ui-%1").arg(connectionCounter.fetchAndAddRelaxed(1))) {
    try {
        project_ = data::Project::open(projectPath, data::Project::OpenMode::MustExist);
        currency_ = data::projectCurrency(*project_);
    } catch (const Error& error) {
        errorText_ = error.message();
        return;
    }
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
    return project_ && database().isOpen();
}

QSqlDatabase ProjectConnection::database() const {
    return QSqlDatabase::database(connectionName_, false);
}

qint64 ProjectConnection::countRows(const QString& table,
                                    const data::TextSearch& search) const noexcept {
    try {
        return project_ ? data::countRows(*project_, table, search) : -1;
    } catch (...) {
        return -1;
    }
}

QString ProjectConnection::inputFingerprint() const noexcept {
    try {
        if (!project_)
            return {};
        // The fingerprint counts the rows of every input table, which takes long on a chain's
        // project; pages ask for it on every show and control change. It is recomputed only when
        // a commit happened since: data_version moves on another connection's commits,
        // total_changes on this one's.
        sqlite3* db = project_->db();
        const qint64 version = data::queryInt(db, "PRAGMA data_version");
        const qint64 changes = sqlite3_total_changes64(db);
        if (fingerprint_.isEmpty() || version != fingerprintVersion_ ||
            changes != fingerprintChanges_) {
            fingerprint_ = project_->inputFingerprint();
            fingerprintVersion_ = version;
            fingerprintChanges_ = changes;
        }
        return fingerprint_;
    } catch (...) {
        return {};
    }
}

void ProjectConnection::setCurrency(const QString& code) {
    data::setProjectCurrency(*project_, code);
    currency_ = code;
}

qint64 ProjectConnection::countRows(const QString& table) const noexcept {
    return countRows(table, data::TextSearch{});
}

QStringList ProjectConnection::columns(const QString& table) const noexcept {
    try {
        return project_ ? data::columnNames(*project_, table) : QStringList();
    } catch (...) {
        return {};
    }
}

QStringList ProjectConnection::textColumns(const QString& table) const noexcept {
    try {
        return project_ ? data::textColumnNames(*project_, table) : QStringList();
    } catch (...) {
        return {};
    }
}

}  // namespace mb::ui
