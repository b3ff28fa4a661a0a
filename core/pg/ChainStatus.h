#pragma once

#include <QJsonObject>
#include <QString>
#include <vector>

namespace mb::pg {

// One shard of a chain run as the sink recorded it (merchbench.run_shards).
struct PublishedShard {
    int shard = 0;  // 1-based
    QString analysis;
    long long items = 0;
    long long priceChanges = 0;
    double seconds = 0;
    QString fingerprint;
    QString version;
    QString publishedAt;
};

// The latest round of what a coupled run's shards share (merchbench.shard_rounds): a markdown
// budget's search or the category-level shrinkage, and which shards have published it.
struct SharedRound {
    QString exchange;  // "budget", "category_shrinkage"
    int round = 0;
    std::vector<int> in;       // 1-based, ascending
    std::vector<int> waiting;  // the shards the others wait for in this round
};

// Which shards of a chain run are in the sink, which are missing, and the run's totals: what
// scripts/chain-run.sh checks before it reruns the missing shards and prints its summary.
struct ChainStatus {
    QString runKey;
    QString sink;  // the connection, without its password
    int shards = 0;
    std::vector<PublishedShard> published;  // by shard
    std::vector<int> missing;               // 1-based, ascending
    // Shard counts other than `shards` that rows under this run key were published with: a
    // chain rerun with another N, which this status does not count.
    std::vector<int> otherShardCounts;
    // The shards' requests differ: they are not one chain run, and their union means nothing.
    bool requestsDiffer = false;
    // A coupled run's shared rounds, one per exchange, the latest of each.
    std::vector<SharedRound> rounds;
    bool complete() const { return missing.empty() && !requestsDiffer; }
    long long items() const;
    long long priceChanges() const;
    double secondsSum() const;
    double secondsMax() const;
    QJsonObject toJson() const;
};

// Reads merchbench.run_shards at `sink` for `runKey` split `shards` ways (1 <= shards <= 100000).
// A sink without that table has no shard in. Throws Error when it cannot read.
ChainStatus readChainStatus(const QString& sink, const QString& runKey, int shards);

}  // namespace mb::pg
