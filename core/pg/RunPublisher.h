#pragma once

#include <QJsonObject>
#include <QString>

namespace mb::data {
class Project;
}

namespace mb::pg {

class PgConnection;

// What publish did: the run key, whether the run was there already (then nothing was written)
// and how many rows each table received.
struct PublishReport {
    QString runKey;
    QString sink;  // the connection, without its password
    bool alreadyPublished = false;
    long long priceChanges = 0;
    long long offers = 0;
    long long layoutMoves = 0;
    QJsonObject toJson() const;
};

// The statements that create schema merchbench and its tables (IF NOT EXISTS), and grant a
// publishing role what it needs; what a DBA runs once when publishers may not create tables.
QString publishSchemaSql(const QString& publisherRole = QStringLiteral("merchbench_publisher"));

// Writes a finished run's decisions to the merchbench tables of the database at `sink`, under
// `runKey` (empty: analysis-RUN_ID-HASH, the hash of the request and the input fingerprint), in
// one transaction: merchbench.runs (the provenance) and, by the run's decision kinds,
// merchbench.price_changes, merchbench.offers and merchbench.layout_moves. Creates the schema
// and tables when they are absent. A run key published before with the same run changes nothing;
// with another run it is refused. Throws Error, with nothing written.
PublishReport publishRun(data::Project& project, qint64 runId, const QString& sink,
                         const QString& runKey = QString());

// Which of the sink's tables a writer needs.
enum class SinkTables {
    WholeRun,  // runs and the decision tables (publish)
    Shards,    // also run_shards, demand_models and the shard columns (run --shard)
    Rounds     // also the coupled runs' shard_rounds, budget_sums, budget_moves and
               // demand_category_estimates
};

// Creates schema merchbench and its tables when any of `tables` is absent (publishSchemaSql's
// statements); throws Error saying what a DBA runs when this role may not.
void ensurePublishTables(PgConnection& connection, SinkTables tables = SinkTables::WholeRun);

// Copies a recorded run's decisions into the merchbench tables under report.runKey, inside the
// caller's transaction, counting them in `report`; shard > 0 fills each row's shard column.
void copyRunDecisions(PgConnection& connection, data::Project& project, qint64 runId,
                      PublishReport& report, int shard = 0);

}  // namespace mb::pg
