#include "pg/ShardShrinkage.h"

#include "pg/PgConnection.h"
#include "pg/PgCopyIn.h"

#include <algorithm>

namespace mb::pg {

ShardShrinkage::ShardShrinkage(const QString& sink, const QString& runKey, ShardIndex index,
                               const QString& request, double waitSeconds)
    : rounds_(sink, runKey, index, QStringLiteral("category_shrinkage"), request, waitSeconds) {}

std::vector<demand::CategoryEstimate> ShardShrinkage::gather(
    const std::vector<demand::CategoryEstimate>& mine, ProgressToken* progress) {
    const QString shards = QString::number(rounds_.index().shards);
    // One round: the estimates do not depend on one another.
    if (rounds_.published(0)) {
        rounds_.countReused();
    } else {
        rounds_.publish(0, 0.0, static_cast<long long>(mine.size()), [&](PgConnection& sink) {
            PgCopyIn copy(
                sink, QStringLiteral("merchbench.demand_category_estimates"),
                {QStringLiteral("run_key"), QStringLiteral("shards"), QStringLiteral("product"),
                 QStringLiteral("store"), QStringLiteral("shard"), QStringLiteral("category"),
                 QStringLiteral("elasticity"), QStringLiteral("elasticity_se")});
            for (const demand::CategoryEstimate& estimate : mine)
                copy.addRow({rounds_.runKey(), shards, estimate.product, estimate.store,
                             QString::number(rounds_.index().shard), estimate.category,
                             exactNumber(estimate.value), exactNumber(estimate.standardError)});
            copy.finish();
        });
    }
    rounds_.waitForAll(0, 0.0, progress);
    std::vector<demand::CategoryEstimate> all;
    for (const QStringList& row : rounds_.connection().rows(
             QStringLiteral("SELECT product, store, category, elasticity::text, "
                            "elasticity_se::text FROM merchbench.demand_category_estimates "
                            "WHERE run_key = $1 AND shards = $2"),
             {rounds_.runKey(), shards}, QStringLiteral("reading the chain's category estimates")))
        all.push_back({row[0], row[1], row[2],
                       readExactNumber(row[3], QStringLiteral("an elasticity")),
                       readExactNumber(row[4], QStringLiteral("a standard error"))});
    // One fit lists its category models by their first series: product, then store.
    std::sort(all.begin(), all.end(),
              [](const demand::CategoryEstimate& a, const demand::CategoryEstimate& b) {
                  return chainOrder({a.product, a.store}, {b.product, b.store});
              });
    return all;
}

}  // namespace mb::pg
