#pragma once

#include "common/Error.h"
#include "pg/ShardSlices.h"

#include <QPair>
#include <QString>
#include <functional>
#include <memory>

namespace mb {
class ProgressToken;
}

namespace mb::pg {

class PgConnection;

// What the shards of a coupled run could not agree on or wait for.
class ShardExchangeError : public Error {
public:
    using Error::Error;
};

// The rounds the N shards of a coupled chain run take together through the sink, for what the
// whole chain shares (a markdown budget's price, the category-level elasticities' common mean).
// In a round each shard publishes its part with its row of merchbench.shard_rounds in one
// transaction, waits until all N shards' rows of the round are in (same request, same value),
// then reads everyone's part. A round published by an earlier run of this shard is not published
// again, so a shard run again catches up. The shards must run at the same time.
class ShardRounds {
public:
    // `exchange` names what is shared ("budget", "category_shrinkage"); `request`: the request
    // as the shards read it (compact JSON), the same for every shard; `waitSeconds`: how long a
    // round may wait for the other shards.
    ShardRounds(const QString& sink, QString runKey, ShardIndex index, QString exchange,
                QString request, double waitSeconds);
    ~ShardRounds();
    ShardRounds(const ShardRounds&) = delete;
    ShardRounds& operator=(const ShardRounds&) = delete;

    PgConnection& connection() { return *connection_; }
    const QString& runKey() const { return runKey_; }
    const ShardIndex& index() const { return index_; }

    // Whether this shard's part of the round is in already.
    bool published(int round);
    // In one transaction: the shard's row of the round, with `value` (which every shard must
    // give alike) and `units` (how many rows it adds), and the rows `copy` adds; nothing when
    // another run of this shard got there first. Throws Error with nothing written.
    void publish(int round, double value, long long units,
                 const std::function<void(PgConnection&)>& copy);
    // Returns once all N shards have published the round. Throws ShardExchangeError when a shard
    // published it with another request or value, or when some have not after the wait (naming
    // them), and jobs::Cancelled when cancelled through the token.
    void waitForAll(int round, double value, ProgressToken* progress);

    int roundsPublished() const { return publishedRounds_; }
    int roundsReused() const { return reusedRounds_; }
    void countReused() { ++reusedRounds_; }

private:
    std::unique_ptr<PgConnection> connection_;
    QString runKey_;
    ShardIndex index_;
    QString exchange_;
    QString request_;
    double waitSeconds_;
    int publishedRounds_ = 0;
    int reusedRounds_ = 0;
};

// The order a single run lists what it reads by product, then store (a unit's first store, a
// category model's first series): SQLite's order of the UTF-8 bytes.
bool chainOrder(const QPair<QString, QString>& a, const QPair<QString, QString>& b);

// A double as text that reads back to the same bits, and back (NaN and infinities included).
QString exactNumber(double value);
double readExactNumber(const QString& text, const QString& what);

}  // namespace mb::pg
