#pragma once

#include "pg/ShardSlices.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace mb {
class ProgressToken;
}

namespace mb::pg {

// One shard of a chain-wide run: `run REQUEST.json --source URI --shard I/N --sink URI
// --run-key K`.
struct ShardRunOptions {
    QJsonObject request;  // a recorded markdown or demand request
    QString source;       // the retailer's database with the merchbench_<kind> views
    QString sink;         // where merchbench.price_changes and merchbench.run_shards are
    QString runKey;
    ShardIndex index;
    int threads = 0;  // worker threads; the speed, never the answer
    // A coupled run with N > 1 (a markdown budget, category-level demand): how long each round
    // may wait for the other shards (ShardRounds.h) before this shard fails.
    double roundWaitSeconds = 1800.0;
};

struct ShardReport {
    QString runKey;
    QString analysis;
    QString sink;  // without its password
    ShardIndex index;
    bool alreadyPublished = false;  // then nothing was computed or written
    QStringList categories;         // the slice (a null name: products without a category)
    long long importedRows = 0;     // the slice's rows read from the source
    long long items = 0;            // items planned (markdown) or models fitted (demand)
    long long priceChanges = 0;
    // Markdown: the expected markdown spend of the slice's plan (for N = 1 the chain's, what a
    // markdown_budget caps); not printed for a shard already published.
    double markdownSpend = 0.0;
    double seconds = 0.0;  // wall time, from the first query to the commit
    QStringList warnings;
    // A coupled run (a markdown budget, category-level demand) with N > 1: the rounds this shard
    // published, and those it found published by an earlier run of it (-1: not coupled).
    int roundsPublished = -1;
    int roundsReused = -1;
    QJsonObject toJson() const;
};

// Computes shard I of N and publishes it under the run key in one transaction: the slice's
// categories (shardCategories) are imported from the source into a temporary project (on disk,
// removed afterwards) through the importer's validation, the same job runs on it with the same
// request and every chain-wide quantity taken from the whole source, and its decisions plus the
// shard's row of merchbench.run_shards go to the sink. A shard already in the sink is not
// computed again. A markdown budget is the chain's, and so is the mean category-level elasticities
// shrink toward: the shards find them together, round by round through the sink (ShardBudget,
// ShardShrinkage), so such a run's N shards run at the same time. Throws Error (nothing of the
// shard's decisions in the sink).
ShardReport runShard(const ShardRunOptions& options, ProgressToken& progress);

}  // namespace mb::pg
