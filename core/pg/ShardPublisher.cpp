#include "pg/ShardPublisher.h"

#include "common/Error.h"
#include "pg/PgConnection.h"

#include <QJsonDocument>

namespace mb::pg {

namespace {

QString compactJson(const QJsonObject& object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString anotherRun(const QString& runKey) {
    return QStringLiteral(
               "run key %1 already holds another run (another analysis or request): "
               "choose another --run-key")
        .arg(runKey);
}

QStringList shardKey(const ShardRecord& record) {
    return {record.runKey, QString::number(record.index.shard),
            QString::number(record.index.shards)};
}

}  // namespace

bool shardPublished(const QString& sink, const ShardRecord& record) {
    PgConnection connection(sink);
    const QStringList table =
        connection.column(QStringLiteral("SELECT to_regclass('merchbench.run_shards') IS NOT NULL"),
                          {}, QStringLiteral("looking for merchbench.run_shards"));
    if (table.value(0) != QStringLiteral("t"))
        return false;
    // A key that holds another run is refused before the slice is computed, not after.
    const QStringList same = connection.column(
        QStringLiteral("SELECT (analysis = $2 AND request = $3::jsonb)::text FROM "
                       "merchbench.runs WHERE run_key = $1"),
        {record.runKey, record.analysis, compactJson(record.request)},
        QStringLiteral("reading the run key"));
    if (same.value(0) == QStringLiteral("false"))
        throw Error(anotherRun(record.runKey));
    return !connection
                .column(QStringLiteral("SELECT 1 FROM merchbench.run_shards WHERE run_key = $1 "
                                       "AND shard = $2 AND shards = $3"),
                        shardKey(record), QStringLiteral("looking for the shard"))
                .isEmpty();
}

bool publishShard(const QString& sink, const ShardRecord& record, const ShardRows& rows,
                  PublishReport& report) {
    report.runKey = record.runKey;
    PgConnection connection(sink);
    report.sink = connection.displayName();
    connection.exec(QStringLiteral("BEGIN"), QStringLiteral("starting the transaction"));
    ensurePublishTables(connection, SinkTables::Shards);
    const QString request = compactJson(record.request);
    // A sharded run has no one project run nor one fingerprint: run_shards holds each shard's.
    connection.execParams(
        QStringLiteral("INSERT INTO merchbench.runs (run_key, analysis, project_run_id, request, "
                       "input_fingerprint, program_version, finished_at, decisions) "
                       "VALUES ($1, $2, 0, $3::jsonb, '', $4, NULL, 0) "
                       "ON CONFLICT (run_key) DO NOTHING"),
        {record.runKey, record.analysis, request, QStringLiteral(MERCHBENCH_VERSION)},
        QStringLiteral("recording the run"));
    const QStringList same = connection.column(
        QStringLiteral("SELECT (analysis = $2 AND request = $3::jsonb)::text FROM "
                       "merchbench.runs WHERE run_key = $1"),
        {record.runKey, record.analysis, request}, QStringLiteral("reading the run key"));
    if (same.value(0) != QStringLiteral("true")) {
        connection.exec(QStringLiteral("ROLLBACK"), QStringLiteral("ending the transaction"));
        throw Error(anotherRun(record.runKey));
    }
    const long long inserted = connection.execParams(
        QStringLiteral(
            "INSERT INTO merchbench.run_shards (run_key, shard, shards, analysis, items, "
            "price_changes, seconds, request, fingerprint, version) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
            "ON CONFLICT (run_key, shard, shards) DO NOTHING"),
        shardKey(record) +
            QStringList{record.analysis, QString::number(record.items),
                        QString::number(record.priceChanges),
                        QString::number(record.seconds, 'g', 17), request,
                        // An empty slice read no data: '', not null.
                        record.fingerprint.isNull() ? QStringLiteral("") : record.fingerprint,
                        QStringLiteral(MERCHBENCH_VERSION)},
        QStringLiteral("recording the shard"));
    if (inserted == 0) {
        // Another run of this shard got there first: its rows stand, these are not added.
        connection.exec(QStringLiteral("ROLLBACK"), QStringLiteral("ending the transaction"));
        report.alreadyPublished = true;
        return false;
    }
    if (rows)
        rows(connection, report);
    if (report.priceChanges != record.priceChanges) {
        connection.exec(QStringLiteral("ROLLBACK"), QStringLiteral("ending the transaction"));
        throw Error(QStringLiteral("shard %1 counted %2 price changes but copied %3")
                        .arg(record.index.text())
                        .arg(record.priceChanges)
                        .arg(report.priceChanges));
    }
    connection.exec(QStringLiteral("COMMIT"), QStringLiteral("committing the shard's decisions"));
    return true;
}

}  // namespace mb::pg
