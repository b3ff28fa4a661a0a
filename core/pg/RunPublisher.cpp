#include "pg/RunPublisher.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "jobs/RecordedRequest.h"
#include "markdown/PriceChangeList.h"
#include "pg/PgConnection.h"
#include "pg/PgCopyIn.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <functional>

namespace mb::pg {

namespace {

// The tables store systems read, one row per decision; `details` keeps the decision's whole
// payload, so a figure added to a decision later reaches them without a new column.
const char* kTables = R"sql(
CREATE SCHEMA IF NOT EXISTS merchbench;
CREATE TABLE IF NOT EXISTS merchbench.runs (
    run_key text PRIMARY KEY,
    analysis text NOT NULL,
    project_run_id bigint NOT NULL,
    request jsonb NOT NULL,
    input_fingerprint text NOT NULL,
    program_version text NOT NULL,
    finished_at text,
    decisions bigint NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS merchbench.price_changes (
    run_key text NOT NULL REFERENCES merchbench.runs(run_key),
    product text NOT NULL,
    store text NOT NULL,
    week date NOT NULL,
    new_price numeric NOT NULL,
    new_price_minor bigint NOT NULL,
    step integer,
    category text,
    discount double precision,
    expected_units double precision,
    expected_revenue double precision,
    expected_margin double precision,
    expected_sell_through double precision,
    cluster text,
    status text NOT NULL,
    details jsonb NOT NULL,
    PRIMARY KEY (run_key, product, store, week)
);
CREATE TABLE IF NOT EXISTS merchbench.offer_list (
    run_key text NOT NULL REFERENCES merchbench.runs(run_key),
    customer text NOT NULL,
    offer text NOT NULL,
    cost double precision,
    expected_uplift double precision,
    expected_value double precision,
    reason text,
    status text NOT NULL,
    details jsonb NOT NULL,
    PRIMARY KEY (run_key, customer, offer)
);
CREATE TABLE IF NOT EXISTS merchbench.layout_scenario (
    run_key text NOT NULL REFERENCES merchbench.runs(run_key),
    store text NOT NULL,
    category text NOT NULL,
    current_zone text,
    proposed_zone text,
    moved boolean,
    status text NOT NULL,
    details jsonb NOT NULL,
    PRIMARY KEY (run_key, store, category)
);
-- Sharded runs (run --shard I/N): each shard's decision rows carry its number, and one row per
-- shard says it is in, written in the same transaction as its decisions.
ALTER TABLE merchbench.price_changes ADD COLUMN IF NOT EXISTS shard integer;
ALTER TABLE merchbench.offer_list ADD COLUMN IF NOT EXISTS shard integer;
ALTER TABLE merchbench.layout_scenario ADD COLUMN IF NOT EXISTS shard integer;
CREATE TABLE IF NOT EXISTS merchbench.run_shards (
    run_key text NOT NULL REFERENCES merchbench.runs(run_key),
    shard integer NOT NULL,
    shards integer NOT NULL,
    analysis text NOT NULL,
    items bigint NOT NULL,
    price_changes bigint NOT NULL,
    seconds double precision NOT NULL,
    request text NOT NULL,
    fingerprint text NOT NULL,
    version text NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_key, shard, shards)
);
-- A sharded demand run's models, one row per model of `demand --out` (details: that row, column
-- by column as text); '' where a level has no product or store.
CREATE TABLE IF NOT EXISTS merchbench.demand_models (
    run_key text NOT NULL REFERENCES merchbench.runs(run_key),
    shard integer,
    category text NOT NULL,
    product text NOT NULL,
    store text NOT NULL,
    elasticity double precision,
    elasticity_se double precision,
    elasticity_shrunk double precision,
    wape_holdout double precision,
    problem text,
    details jsonb NOT NULL,
    PRIMARY KEY (run_key, category, product, store)
);
-- The rounds of a coupled sharded run: what the whole chain shares (the markdown budget's price,
-- the category-level elasticities' common mean) is found by the N shards together. In each round
-- every shard publishes its part and its row here in one transaction, and goes on once all N
-- rows of the round are in. `value`: the round's spend price (budget), which all must agree on.
CREATE TABLE IF NOT EXISTS merchbench.shard_rounds (
    run_key text NOT NULL,
    shards integer NOT NULL,
    exchange text NOT NULL,
    round integer NOT NULL,
    shard integer NOT NULL,
    value double precision NOT NULL,
    units bigint NOT NULL,
    request text NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_key, shards, exchange, round, shard)
);
-- A budgeted run's steps: the sums the budget's search needs, a few numbers per category and
-- step (each shard's own categories'), and at its last step the units that may move to their
-- richer plan (a unit: a product in a store, or a product's cluster named by its first store).
CREATE TABLE IF NOT EXISTS merchbench.budget_sums (
    run_key text NOT NULL,
    shards integer NOT NULL,
    round integer NOT NULL,
    category text NOT NULL,
    shard integer NOT NULL,
    sums double precision[] NOT NULL,
    PRIMARY KEY (run_key, shards, round, category)
);
CREATE TABLE IF NOT EXISTS merchbench.budget_moves (
    run_key text NOT NULL,
    shards integer NOT NULL,
    product text NOT NULL,
    store text NOT NULL,
    shard integer NOT NULL,
    gain double precision NOT NULL,
    extra double precision NOT NULL,
    PRIMARY KEY (run_key, shards, product, store)
);
-- A category-level demand run's elasticities before shrinkage, one row per category model
-- (named by its first series: product and store), for the common mean they shrink toward.
CREATE TABLE IF NOT EXISTS merchbench.demand_category_estimates (
    run_key text NOT NULL,
    shards integer NOT NULL,
    product text NOT NULL,
    store text NOT NULL,
    shard integer NOT NULL,
    category text,
    elasticity double precision NOT NULL,
    elasticity_se double precision NOT NULL,
    PRIMARY KEY (run_key, shards, product, store)
);
)sql";

const QStringList kTableNames{QStringLiteral("merchbench.runs"),
                              QStringLiteral("merchbench.price_changes"),
                              QStringLiteral("merchbench.offer_list"),
                              QStringLiteral("merchbench.layout_scenario"),
                              QStringLiteral("merchbench.run_shards"),
                              QStringLiteral("merchbench.demand_models"),
                              QStringLiteral("merchbench.shard_rounds"),
                              QStringLiteral("merchbench.budget_sums"),
                              QStringLiteral("merchbench.budget_moves"),
                              QStringLiteral("merchbench.demand_category_estimates")};

// A payload value as COPY text: null when absent or null, JSON's own text otherwise.
QString cell(const QJsonObject& payload, const QString& key) {
    const QJsonValue value = payload.value(key);
    switch (value.type()) {
        case QJsonValue::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Double:
            return QString::number(value.toDouble(), 'g', 17);
        case QJsonValue::String:
            return value.toString();
        default:
            return {};
    }
}

QString compact(const QJsonObject& object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

struct DecisionTable {
    QString kind;  // the decisions table's kind
    QString table;
    QStringList columns;  // after run_key; status and details are added last
    std::function<QStringList(const QJsonObject&, const QString& subject)> row;
    long long PublishReport::*count;
};

std::vector<DecisionTable> decisionTables() {
    const auto fields = [](const QStringList& keys) {
        return [keys](const QJsonObject& payload, const QString&) {
            QStringList values;
            for (const QString& key : keys)
                values.append(cell(payload, key));
            return values;
        };
    };
    const auto priceChange = [](const QJsonObject& payload, const QString&) {
        const qint64 minor = payload.value(QStringLiteral("price_cents")).toInteger();
        QStringList values{cell(payload, QStringLiteral("product")),
                           cell(payload, QStringLiteral("store")),
                           cell(payload, QStringLiteral("week")), markdown::minorUnitsText(minor),
                           QString::number(minor)};
        for (const char* key :
             {"step", "category", "discount", "expected_units", "expected_revenue",
              "expected_margin", "expected_sell_through", "cluster"})
            values.append(cell(payload, QLatin1String(key)));
        return values;
    };
    const auto layoutMove = [](const QJsonObject& payload, const QString&) {
        // A layout scenario for the shared plan has no store: '' keeps the key whole.
        QString store = cell(payload, QStringLiteral("store"));
        return QStringList{
            store.isNull() ? QStringLiteral("") : store, cell(payload, QStringLiteral("category")),
            cell(payload, QStringLiteral("current_zone")),
            cell(payload, QStringLiteral("proposed_zone")), cell(payload, QStringLiteral("moved"))};
    };
    return {
        {QStringLiteral("price_change"), QStringLiteral("merchbench.price_changes"),
         QStringList{QStringLiteral("product"), QStringLiteral("store"), QStringLiteral("week"),
                     QStringLiteral("new_price"), QStringLiteral("new_price_minor"),
                     QStringLiteral("step"), QStringLiteral("category"), QStringLiteral("discount"),
                     QStringLiteral("expected_units"), QStringLiteral("expected_revenue"),
                     QStringLiteral("expected_margin"), QStringLiteral("expected_sell_through"),
                     QStringLiteral("cluster")},
         priceChange, &PublishReport::priceChanges},
        {QStringLiteral("offer"), QStringLiteral("merchbench.offer_list"),
         QStringList{QStringLiteral("customer"), QStringLiteral("offer"), QStringLiteral("cost"),
                     QStringLiteral("expected_uplift"), QStringLiteral("expected_value"),
                     QStringLiteral("reason")},
         fields({QStringLiteral("customer"), QStringLiteral("offer"), QStringLiteral("cost"),
                 QStringLiteral("expected_uplift"), QStringLiteral("expected_value"),
                 QStringLiteral("reason")}),
         &PublishReport::offers},
        {QStringLiteral("layout_move"), QStringLiteral("merchbench.layout_scenario"),
         QStringList{QStringLiteral("store"), QStringLiteral("category"),
                     QStringLiteral("current_zone"), QStringLiteral("proposed_zone"),
                     QStringLiteral("moved")},
         layoutMove, &PublishReport::layoutMoves},
    };
}

struct RecordedRunInfo {
    QString analysis, fingerprint, version, finishedAt;
    QJsonObject request;
    long long decisions = 0;
};

RecordedRunInfo readRun(data::Project& project, qint64 runId) {
    RecordedRunInfo run;
    data::Statement statement(project.db(),
                              "SELECT analysis, status, input_fingerprint, program_version, "
                              "finished_at FROM runs WHERE id = ?1");
    statement.bind(1, static_cast<std::int64_t>(runId));
    if (!statement.step())
        throw Error(QStringLiteral("the project has no run %1 (`runs` in the GUI's history, or "
                                   "the run_id a command printed)")
                        .arg(runId));
    run.analysis = statement.text(0);
    if (statement.text(1) != QStringLiteral("finished"))
        throw Error(QStringLiteral("run %1 is %2, not finished: only a finished run's decisions "
                                   "are published")
                        .arg(runId)
                        .arg(statement.text(1)));
    run.fingerprint = statement.text(2);
    run.version = statement.text(3);
    run.finishedAt = statement.text(4);
    run.request = jobs::recordedRequest(project, runId).request;
    data::Statement count(project.db(), "SELECT count(*) FROM decisions WHERE run_id = ?1");
    count.bind(1, static_cast<std::int64_t>(runId));
    count.step();
    run.decisions = count.int64(0);
    return run;
}

}  // namespace

void ensurePublishTables(PgConnection& connection, SinkTables tables) {
    // A sink made before sharded runs (or budgeted ones) existed still takes what it took then.
    constexpr qsizetype kWholeRunTables = 4, kShardTables = 6;
    const QStringList needed = kTableNames.mid(0, tables == SinkTables::WholeRun ? kWholeRunTables
                                                  : tables == SinkTables::Shards ? kShardTables
                                                                                 : -1);
    const auto allPresent = [&] {
        const QStringList present = connection.column(
            QStringLiteral(
                "SELECT n FROM unnest($1::text[]) AS n WHERE to_regclass(n) IS NOT NULL"),
            {QLatin1Char('{') + needed.join(QLatin1Char(',')) + QLatin1Char('}')},
            QStringLiteral("looking for the merchbench tables"));
        return present.size() == needed.size();
    };
    if (allPresent())
        return;
    // Shards starting together on a fresh sink would each run CREATE TABLE IF NOT EXISTS, and
    // concurrent creations of one table fail on the catalogue's unique index. One at a time: the
    // lock lasts until this transaction ends, and whoever waited looks again before creating.
    connection.column(
        QStringLiteral("SELECT pg_advisory_xact_lock(hashtext('merchbench.tables'))"), {},
        QStringLiteral("waiting for another publisher creating the merchbench tables"));
    if (allPresent())
        return;
    try {
        connection.exec(QString::fromUtf8(kTables),
                        QStringLiteral("creating the merchbench tables"));
    } catch (const Error& error) {
        throw Error(error.message() +
                    QStringLiteral(". The tables are missing and this role may not create them: a "
                                   "DBA creates them once with the statements "
                                   "`merchbench-cli publish --schema-sql` prints"));
    }
}

void copyRunDecisions(PgConnection& connection, data::Project& project, qint64 runId,
                      PublishReport& report, int shard) {
    // A shard's rows say which shard wrote them; a whole run's leave the column out.
    const QStringList shardColumn =
        shard > 0 ? QStringList{QStringLiteral("shard")} : QStringList();
    const QStringList shardValue = shard > 0 ? QStringList{QString::number(shard)} : QStringList();
    for (const DecisionTable& table : decisionTables()) {
        data::Statement decisions(project.db(),
                                  "SELECT subject, payload, status FROM decisions "
                                  "WHERE run_id = ?1 AND kind = ?2 ORDER BY id");
        decisions.bind(1, static_cast<std::int64_t>(runId));
        decisions.bind(2, table.kind);
        PgCopyIn copy(connection, table.table,
                      QStringList{QStringLiteral("run_key")} + table.columns +
                          QStringList{QStringLiteral("status"), QStringLiteral("details")} +
                          shardColumn);
        while (decisions.step()) {
            const QString details = decisions.text(1);
            const QJsonObject payload = QJsonDocument::fromJson(details.toUtf8()).object();
            copy.addRow(QStringList{report.runKey} + table.row(payload, decisions.text(0)) +
                        QStringList{decisions.text(2), details} + shardValue);
        }
        report.*table.count = copy.finish();
    }
}

QJsonObject PublishReport::toJson() const {
    return QJsonObject{{QStringLiteral("run_key"), runKey},
                       {QStringLiteral("sink"), sink},
                       {QStringLiteral("already_published"), alreadyPublished},
                       {QStringLiteral("price_changes"), priceChanges},
                       {QStringLiteral("offer_list"), offers},
                       {QStringLiteral("layout_scenario"), layoutMoves}};
}

QString publishSchemaSql(const QString& publisherRole) {
    return QString::fromUtf8(kTables).trimmed() +
           QStringLiteral(
               "\n-- The publishing role needs nothing more than this:\n"
               "GRANT USAGE ON SCHEMA merchbench TO %1;\n"
               "GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA merchbench TO %1;\n")
               .arg(publisherRole);
}

PublishReport publishRun(data::Project& project, qint64 runId, const QString& sink,
                         const QString& runKey) {
    const RecordedRunInfo run = readRun(project, runId);
    const QString request = compact(run.request);
    PublishReport report;
    report.runKey = runKey;
    if (report.runKey.isEmpty()) {
        const QByteArray hash = QCryptographicHash::hash(
            (request + QLatin1Char('\n') + run.fingerprint).toUtf8(), QCryptographicHash::Sha256);
        report.runKey = QStringLiteral("%1-%2-%3")
                            .arg(run.analysis)
                            .arg(runId)
                            .arg(QString::fromLatin1(hash.toHex().left(12)));
    }
    PgConnection connection(sink);
    report.sink = connection.displayName();
    connection.exec(QStringLiteral("BEGIN"), QStringLiteral("starting the transaction"));
    ensurePublishTables(connection);
    const long long inserted = connection.execParams(
        QStringLiteral("INSERT INTO merchbench.runs (run_key, analysis, project_run_id, request, "
                       "input_fingerprint, program_version, finished_at, decisions) "
                       "VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8) "
                       "ON CONFLICT (run_key) DO NOTHING"),
        {report.runKey, run.analysis, QString::number(runId), request, run.fingerprint, run.version,
         run.finishedAt, QString::number(run.decisions)},
        QStringLiteral("recording the run"));
    if (inserted == 0) {
        // Published before: the same run changes nothing, another run is not mixed in.
        const QStringList same = connection.column(
            QStringLiteral("SELECT (request = $2::jsonb AND input_fingerprint = $3)::text FROM "
                           "merchbench.runs WHERE run_key = $1"),
            {report.runKey, request, run.fingerprint}, QStringLiteral("reading the run key"));
        connection.exec(QStringLiteral("ROLLBACK"), QStringLiteral("ending the transaction"));
        if (same.value(0) != QStringLiteral("true"))
            throw Error(QStringLiteral("run key %1 already holds another run (another request or "
                                       "other data); nothing was written: choose another "
                                       "--run-key")
                            .arg(report.runKey));
        report.alreadyPublished = true;
        return report;
    }
    copyRunDecisions(connection, project, runId, report);
    connection.exec(QStringLiteral("COMMIT"), QStringLiteral("committing the run's decisions"));
    return report;
}

}  // namespace mb::pg
