#pragma once

#include <QString>
#include <memory>

struct sqlite3;

namespace mb::data {

struct KindSpec;

// A Merchbench project: one SQLite database (*.merchbench) holding every imported input, every
// analysis run with its provenance, and the decisions it produced. Opening applies forward
// migrations; a file written by a newer Merchbench is refused rather than damaged.
class Project {
public:
    static constexpr int kSchemaVersion = 6;
    enum class OpenMode { CreateIfMissing, MustExist };

    // Throws mb::Error with a message meant for the user.
    static std::unique_ptr<Project> open(const QString& path,
                                         OpenMode mode = OpenMode::CreateIfMissing);
    // For migration tests: creates a new file at an older schema version.
    static void createAtVersion(const QString& path, int version);
    ~Project();

    sqlite3* db() const { return db_; }
    const QString& path() const { return path_; }
    // A project on a read-only file system, or a read-only file, opens for reading only:
    // analyses run, writes fail. The reason says which ("read-only file system", ...).
    bool isReadOnly() const { return !readOnlyReason_.isEmpty(); }
    const QString& readOnlyReason() const { return readOnlyReason_; }
    int schemaVersion() const;

    qint64 rowCount(const KindSpec& kind) const;
    bool hasRow(const QString& table, const QString& keyColumn, const QString& key) const;

    // SHA-256 over every input table's contents in a fixed order: what a run was computed from.
    QString inputFingerprint() const;

    // Records an analysis run; returns its id. Parameters are JSON text. The fingerprint of the
    // inputs the run read is taken now unless given (taken when the run started reading).
    qint64 beginRun(const QString& analysis, const QString& parametersJson, qint64 seed,
                    const QString& fingerprint = QString());
    void finishRun(qint64 runId, const QString& status, const QString& summaryJson);

private:
    Project(sqlite3* db, QString path);
    sqlite3* db_ = nullptr;
    QString path_;
    QString readOnlyReason_;
};

}  // namespace mb::data
