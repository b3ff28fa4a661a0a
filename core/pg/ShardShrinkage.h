#pragma once

#include "demand/CategoryEstimates.h"
#include "pg/ShardRounds.h"

namespace mb::pg {

// The category-level elasticities of a chain's demand run shared by its N shards through the sink
// (ShardRounds, exchange "category_shrinkage"; the estimates in
// merchbench.demand_category_estimates): each shard publishes its category models' estimates
// before shrinkage, waits for the others and reads every category's, so each shrinks its own
// toward the mean over the chain's categories exactly as one fit would. The N shards run at the
// same time; a shard run again finds its estimates published.
class ShardShrinkage final : public demand::CategoryEstimateGathering {
public:
    ShardShrinkage(const QString& sink, const QString& runKey, ShardIndex index,
                   const QString& request, double waitSeconds);

    std::vector<demand::CategoryEstimate> gather(const std::vector<demand::CategoryEstimate>& mine,
                                                 ProgressToken* progress) override;

    int roundsPublished() const { return rounds_.roundsPublished(); }
    int roundsReused() const { return rounds_.roundsReused(); }

private:
    ShardRounds rounds_;
};

}  // namespace mb::pg
