#include "pg/ChainStatus.h"

#include "common/Error.h"
#include "pg/PgConnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>

namespace mb::pg {

long long ChainStatus::items() const {
    long long sum = 0;
    for (const PublishedShard& shard : published)
        sum += shard.items;
    return sum;
}

long long ChainStatus::priceChanges() const {
    long long sum = 0;
    for (const PublishedShard& shard : published)
        sum += shard.priceChanges;
    return sum;
}

double ChainStatus::secondsSum() const {
    double sum = 0;
    for (const PublishedShard& shard : published)
        sum += shard.seconds;
    return sum;
}

double ChainStatus::secondsMax() const {
    double most = 0;
    for (const PublishedShard& shard : published)
        most = std::max(most, shard.seconds);
    return most;
}

QJsonObject ChainStatus::toJson() const {
    QJsonArray shardRows;
    for (const PublishedShard& shard : published)
        shardRows.append(QJsonObject{{QStringLiteral("shard"), shard.shard},
                                     {QStringLiteral("analysis"), shard.analysis},
                                     {QStringLiteral("items"), shard.items},
                                     {QStringLiteral("price_changes"), shard.priceChanges},
                                     {QStringLiteral("seconds"), shard.seconds},
                                     {QStringLiteral("fingerprint"), shard.fingerprint},
                                     {QStringLiteral("version"), shard.version},
                                     {QStringLiteral("published_at"), shard.publishedAt}});
    QJsonArray missingShards;
    for (const int shard : missing)
        missingShards.append(shard);
    QJsonArray others;
    for (const int count : otherShardCounts)
        others.append(count);
    QJsonArray shared;
    for (const SharedRound& round : rounds) {
        QJsonArray in, waiting;
        for (const int shard : round.in)
            in.append(shard);
        for (const int shard : round.waiting)
            waiting.append(shard);
        shared.append(QJsonObject{{QStringLiteral("exchange"), round.exchange},
                                  {QStringLiteral("round"), round.round},
                                  {QStringLiteral("shards_in"), in},
                                  {QStringLiteral("waiting_for"), waiting}});
    }
    return QJsonObject{{QStringLiteral("run_key"), runKey},
                       {QStringLiteral("rounds"), shared},
                       {QStringLiteral("sink"), sink},
                       {QStringLiteral("shards"), shards},
                       {QStringLiteral("complete"), complete()},
                       {QStringLiteral("published"), shardRows},
                       {QStringLiteral("missing"), missingShards},
                       {QStringLiteral("other_shard_counts"), others},
                       {QStringLiteral("requests_differ"), requestsDiffer},
                       {QStringLiteral("items"), items()},
                       {QStringLiteral("price_changes"), priceChanges()},
                       {QStringLiteral("seconds_sum"), secondsSum()},
                       {QStringLiteral("seconds_max"), secondsMax()}};
}

ChainStatus readChainStatus(const QString& sink, const QString& runKey, int shards) {
    if (shards < 1 || shards > 100000)
        throw Error(
            QStringLiteral("the number of shards must lie in 1..100000, not %1").arg(shards));
    PgConnection connection(sink);
    ChainStatus status;
    status.runKey = runKey;
    status.sink = connection.displayName();
    status.shards = shards;
    const QString what = QStringLiteral("reading merchbench.run_shards");
    const QStringList keyAndCount{runKey, QString::number(shards)};
    const bool hasTable = connection
                              .column(QStringLiteral("SELECT (to_regclass('merchbench.run_shards') "
                                                     "IS NOT NULL)::text"),
                                      {}, what)
                              .value(0) == QStringLiteral("true");
    if (hasTable) {
        // One JSON object a row, so that a single text column carries every field.
        const QStringList rows = connection.column(
            QStringLiteral(
                "SELECT json_build_object('shard', shard, 'analysis', analysis, 'items', items, "
                "'price_changes', price_changes, 'seconds', seconds, 'fingerprint', fingerprint, "
                "'version', version, 'published_at', to_char(published_at AT TIME ZONE 'UTC', "
                "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))::text FROM merchbench.run_shards "
                "WHERE run_key = $1 AND shards = $2::int AND shard BETWEEN 1 AND $2::int "
                "ORDER BY shard"),
            keyAndCount, what);
        for (const QString& row : rows) {
            const QJsonObject object = QJsonDocument::fromJson(row.toUtf8()).object();
            PublishedShard shard;
            shard.shard = object.value(QStringLiteral("shard")).toInt();
            shard.analysis = object.value(QStringLiteral("analysis")).toString();
            shard.items = object.value(QStringLiteral("items")).toInteger();
            shard.priceChanges = object.value(QStringLiteral("price_changes")).toInteger();
            shard.seconds = object.value(QStringLiteral("seconds")).toDouble();
            shard.fingerprint = object.value(QStringLiteral("fingerprint")).toString();
            shard.version = object.value(QStringLiteral("version")).toString();
            shard.publishedAt = object.value(QStringLiteral("published_at")).toString();
            status.published.push_back(shard);
        }
        for (const QString& count :
             connection.column(QStringLiteral("SELECT shards::text FROM merchbench.run_shards "
                                              "WHERE run_key = $1 AND shards <> $2::int "
                                              "GROUP BY shards ORDER BY shards"),
                               keyAndCount, what))
            status.otherShardCounts.push_back(count.toInt());
        status.requestsDiffer =
            connection
                .column(QStringLiteral("SELECT (count(DISTINCT request) > 1)::text FROM "
                                       "merchbench.run_shards WHERE run_key = $1 AND "
                                       "shards = $2::int"),
                        keyAndCount, what)
                .value(0) == QStringLiteral("true");
    }
    const bool hasRounds =
        connection
            .column(QStringLiteral("SELECT (to_regclass('merchbench.shard_rounds') IS NOT "
                                   "NULL)::text"),
                    {}, what)
            .value(0) == QStringLiteral("true");
    if (hasRounds) {
        for (const QStringList& row : connection.rows(
                 QStringLiteral("SELECT r.exchange, r.round::text, string_agg(r.shard::text, ',' "
                                "ORDER BY r.shard) FROM merchbench.shard_rounds AS r JOIN "
                                "(SELECT exchange, max(round) AS round FROM "
                                "merchbench.shard_rounds WHERE run_key = $1 AND shards = $2::int "
                                "GROUP BY exchange) AS latest USING (exchange, round) WHERE "
                                "r.run_key = $1 AND r.shards = $2::int GROUP BY r.exchange, "
                                "r.round ORDER BY r.exchange"),
                 keyAndCount, QStringLiteral("reading merchbench.shard_rounds"))) {
            SharedRound round;
            round.exchange = row[0];
            round.round = row[1].toInt();
            for (const QString& shard : row[2].split(QLatin1Char(',')))
                round.in.push_back(shard.toInt());
            for (int shard = 1; shard <= shards; ++shard)
                if (std::find(round.in.begin(), round.in.end(), shard) == round.in.end())
                    round.waiting.push_back(shard);
            status.rounds.push_back(std::move(round));
        }
    }
    std::size_t next = 0;
    for (int shard = 1; shard <= shards; ++shard) {
        if (next < status.published.size() && status.published[next].shard == shard)
            ++next;
        else
            status.missing.push_back(shard);
    }
    return status;
}

}  // namespace mb::pg
