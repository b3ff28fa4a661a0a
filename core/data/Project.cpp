#include "data/Project.h"

#include "common/Error.h"
#include "data/InputFile.h"
#include "data/Kind.h"
#include "data/Schema.h"
#include "data/Sqlite.h"

#include <sqlite3.h>
#include <QCryptographicHash>
#include <QDateTime>
#include <QFileInfo>
#include <QStorageInfo>
#include <QUrl>

namespace mb::data {

namespace {

// "MBNC": tells a Merchbench project from any other SQLite file.
constexpr int kApplicationId = 0x4D424E43;

QString nowIso() {
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
}

// Why the project at path can only be read, or "" when it can be written: SQLite needs to write
// the file and, for its -wal and -shm files, the folder.
QString readOnlyReasonOf(const QString& path) {
    const QFileInfo file(path);
    const QString folder = file.absolutePath();
    if (!QFileInfo::exists(folder))
        return {};  // SQLite says it cannot open the file
    if (QStorageInfo(folder).isReadOnly())
        return QStringLiteral("read-only file system");
    if (file.exists() && !file.isWritable())
        return QStringLiteral("the file is read-only");
    if (!QFileInfo(folder).isWritable())
        return QStringLiteral("its folder %1 is read-only").arg(folder);
    return {};
}

enum class Access { ReadWrite, ReadOnly, Immutable };

sqlite3* openDatabase(const QString& path, bool create, Access access = Access::ReadWrite) {
    // Memory statistics take a global mutex on every allocation; Merchbench never reads them.
    // This only works before SQLite initialises (if the GUI's Qt SQL driver came first it
    // quietly stays on).
    static const int memoryStatistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    Q_UNUSED(memoryStatistics);
    sqlite3* db = nullptr;
    // A connection belongs to one thread (workers open their own), so SQLite's mutexes are not
    // needed.
    int flags = SQLITE_OPEN_NOMUTEX;
    QByteArray name = path.toUtf8();
    if (access == Access::ReadWrite) {
        flags |= SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    } else {
        flags |= SQLITE_OPEN_READONLY;
    }
    if (access == Access::Immutable) {
        flags |= SQLITE_OPEN_URI;
        name = QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()).toEncoded() + "?immutable=1";
    }
    if (sqlite3_open_v2(name.constData(), &db, flags, nullptr) != SQLITE_OK) {
        const QString reason = db ? lastError(db) : QStringLiteral("out of memory");
        sqlite3_close(db);
        throw Error(QStringLiteral("Cannot open project %1: %2").arg(path, reason));
    }
    sqlite3_busy_timeout(db, 5000);
    sqlite3_extended_result_codes(db, 1);
    return db;
}

void migrate(sqlite3* db, int from, int to) {
    const auto& migrations = schemaMigrations();
    for (int version = from; version < to; ++version) {
        Transaction transaction(db);
        exec(db, migrations[static_cast<size_t>(version)]);
        exec(db, QStringLiteral("PRAGMA user_version = %1").arg(version + 1).toStdString());
        exec(db, QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId).toStdString());
        transaction.commit();
    }
}

}  // namespace

Project::Project(sqlite3* db, QString path) : db_(db), path_(std::move(path)) {}

Project::~Project() {
    sqlite3_close(db_);
}

std::unique_ptr<Project> Project::open(const QString& path, OpenMode mode) {
    const bool exists = QFileInfo::exists(path);
    // A folder, FIFO or device is refused before SQLite sees it ("disk I/O error" says nothing).
    if (exists && !QFileInfo(path).isFile())
        throw Error(QStringLiteral("Project %1 %2.").arg(path, InputFile::problem(path)));
    if (!exists && mode == OpenMode::MustExist) {
        throw Error(QStringLiteral("Project %1 does not exist.").arg(path));
    }
    const QString readOnly = readOnlyReasonOf(path);
    if (!exists && !readOnly.isEmpty()) {
        throw Error(QStringLiteral("Cannot create the project %1: %2.").arg(path, readOnly));
    }
    // A read-only project whose changes are all in its main file (no -wal, or an empty one) is
    // read as a file nothing changes: no -shm to make (impossible on a read-only file system)
    // and none left behind. With a -wal to read, SQLite reads it as it can.
    const QFileInfo wal(path + QStringLiteral("-wal"));
    const Access access = readOnly.isEmpty()                 ? Access::ReadWrite
                          : !wal.exists() || wal.size() == 0 ? Access::Immutable
                                                             : Access::ReadOnly;
    sqlite3* db = openDatabase(path, !exists, access);
    std::unique_ptr<Project> project(new Project(db, QFileInfo(path).absoluteFilePath()));
    project->readOnlyReason_ = readOnly;
    try {
        const int version = static_cast<int>(queryInt(db, "PRAGMA user_version"));
        const int applicationId = static_cast<int>(queryInt(db, "PRAGMA application_id"));
        const qint64 tables = queryInt(db, "SELECT count(*) FROM sqlite_schema");
        if ((version > 0 && applicationId != kApplicationId) || (version == 0 && tables > 0)) {
            throw Error(
                QStringLiteral("%1 is an SQLite database but not a Merchbench project.").arg(path));
        }
        if (version > kSchemaVersion) {
            throw Error(
                QStringLiteral("%1 was written by a newer Merchbench (project format %2; "
                               "this program reads up to %3). Update Merchbench to open it; "
                               "the file was not changed.")
                    .arg(path)
                    .arg(version)
                    .arg(kSchemaVersion));
        }
        if (!readOnly.isEmpty() && version < kSchemaVersion) {
            throw Error(QStringLiteral("%1 is in an older project format (%2) and must be "
                                       "upgraded, but it is read-only (%3); copy it where it "
                                       "can be written")
                            .arg(path)
                            .arg(version)
                            .arg(readOnly));
        }
        if (readOnly.isEmpty())
            exec(db, "PRAGMA journal_mode = WAL");
        exec(db, "PRAGMA synchronous = NORMAL");
        exec(db, "PRAGMA cache_size = -32768");  // 32 MiB: a bounded cache keeps memory flat
        exec(db, "PRAGMA temp_store = MEMORY");
        exec(db, "PRAGMA foreign_keys = ON");
        migrate(db, version, kSchemaVersion);
    } catch (const Error& error) {
        if (!exists) {
            project.reset();
            QFile::remove(path);
        }
        if (error.message().startsWith(QStringLiteral("database error: file is not a database"))) {
            throw Error(QStringLiteral("%1 is not a Merchbench project (not an SQLite database).")
                            .arg(path));
        }
        throw;
    }
    return project;
}

void Project::createAtVersion(const QString& path, int version) {
    sqlite3* db = openDatabase(path, true);
    try {
        migrate(db, 0, version);
    } catch (...) {
        sqlite3_close(db);
        throw;
    }
    sqlite3_close(db);
}

int Project::schemaVersion() const {
    return static_cast<int>(queryInt(db_, "PRAGMA user_version"));
}

qint64 Project::rowCount(const KindSpec& kind) const {
    return queryInt(db_, QStringLiteral("SELECT count(*) FROM %1").arg(kind.table).toStdString());
}

bool Project::hasRow(const QString& table, const QString& keyColumn, const QString& key) const {
    Statement statement(
        db_, QStringLiteral("SELECT 1 FROM %1 WHERE %2 = ?1").arg(table, keyColumn).toStdString());
    statement.bind(1, key);
    return statement.step();
}

QString Project::inputFingerprint() const {
    // Every input row arrives through an import, so the list of imports (with each file's hash)
    // plus the current row counts identifies the inputs without reading every row.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    Statement imports(db_, "SELECT id, kind, file_sha256, rows_imported FROM imports ORDER BY id");
    while (imports.step()) {
        hash.addData(QStringLiteral("%1|%2|%3|%4;")
                         .arg(imports.int64(0))
                         .arg(imports.text(1), imports.text(2))
                         .arg(imports.int64(3))
                         .toUtf8());
    }
    for (const KindSpec& kind : allKinds()) {
        hash.addData(QStringLiteral("%1=%2;").arg(kind.table).arg(rowCount(kind)).toUtf8());
    }
    return QString::fromLatin1(hash.result().toHex());
}

qint64 Project::beginRun(const QString& analysis, const QString& parametersJson, qint64 seed,
                         const QString& fingerprint) {
    Statement insert(db_,
                     "INSERT INTO runs(analysis, parameters, seed, input_fingerprint, "
                     "program_version, started_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    insert.bind(1, analysis);
    insert.bind(2, parametersJson);
    insert.bind(3, static_cast<std::int64_t>(seed));
    insert.bind(4, fingerprint.isEmpty() ? inputFingerprint() : fingerprint);
    insert.bind(5, QStringLiteral(MERCHBENCH_VERSION));
    insert.bind(6, nowIso());
    insert.step();
    return sqlite3_last_insert_rowid(db_);
}

void Project::finishRun(qint64 runId, const QString& status, const QString& summaryJson) {
    Statement update(db_,
                     "UPDATE runs SET finished_at = ?1, status = ?2, summary = ?3 WHERE id = ?4");
    update.bind(1, nowIso());
    update.bind(2, status);
    update.bind(3, summaryJson);
    update.bind(4, static_cast<std::int64_t>(runId));
    update.step();
}

}  // namespace mb::data
