#pragma once

#include "pg/RunPublisher.h"
#include "pg/ShardSlices.h"

#include <QJsonObject>
#include <QString>
#include <functional>

namespace mb::pg {

class PgConnection;

// What a shard publishes about itself: its row of merchbench.run_shards.
struct ShardRecord {
    QString runKey;
    ShardIndex index;
    QString analysis;
    QJsonObject request;  // the request as the job reads it (its toJson())
    QString fingerprint;  // of the slice's data; empty when the slice had nothing to plan
    long long items = 0;
    long long priceChanges = 0;  // what the shard's run decided; checked against the rows copied
    double seconds = 0.0;
};

// Whether the shard (record's run key and index) is in the sink already. Throws Error when the
// run key holds another analysis or request.
bool shardPublished(const QString& sink, const ShardRecord& record);

// Copies a shard's decision rows inside its transaction, counting them in the report.
using ShardRows = std::function<void(PgConnection&, PublishReport&)>;

// In one transaction: the run key's row of merchbench.runs (the first shard writes it; a key
// holding another analysis or request is refused), the shard's row of merchbench.run_shards and
// its decision rows (`rows`; none when empty). False, with nothing written, when the shard was
// in already. Throws Error, nothing written.
bool publishShard(const QString& sink, const ShardRecord& record, const ShardRows& rows,
                  PublishReport& report);

}  // namespace mb::pg
