#include "ProjectConnection.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/ProjectTables.h"
#include "data/SavedScenarios.h"

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
        return project_ ? project_->inputFingerprint() : QString();
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
