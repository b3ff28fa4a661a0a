#pragma once

#include "markdown/BudgetCoupling.h"
#include "pg/ShardRounds.h"

#include <QString>
#include <optional>

namespace mb::pg {

// The markdown budget of a budgeted chain run shared by its N shards through the sink
// (ShardRounds, exchange "budget"; the units' outcomes in merchbench.budget_outcomes): at each
// round of the budget's search every shard plans its own units at the round's spend price,
// publishes their outcomes and waits for the others; then each reads every unit's outcome and
// runs the same search as one process would, in the chain's unit order, so all shards take the
// same next price and end with the single run's allocation. All N shards must therefore run at
// the same time (chain-run.sh starts them together). A shard run again reuses the rounds it
// published before, so it catches up without planning them again.
class ShardBudget final : public markdown::BudgetCoupling {
public:
    // `request`: the request as the shards read it (compact JSON); `waitSeconds`: how long a
    // round may wait for the other shards before the shard fails.
    ShardBudget(const QString& sink, const QString& runKey, ShardIndex index,
                const QString& request, double waitSeconds);

    markdown::BudgetAllocation allocate(const std::vector<markdown::BudgetUnitKey>& units,
                                        double budget, const markdown::BudgetItemSolver& solve,
                                        int threads, ProgressToken* progress) override;

    // Rounds this shard planned and published, and rounds it found published by an earlier run.
    int roundsPublished() const { return rounds_.roundsPublished(); }
    int roundsReused() const { return rounds_.roundsReused(); }

private:
    struct Round;
    // Publishes this shard's outcomes of `round` (unless an earlier run did), waits for the
    // others and returns every unit's outcome of the round.
    Round exchange(int round, double price, const std::vector<markdown::BudgetUnitKey>& units,
                   const std::vector<int>& local, const markdown::BudgetItemSolver& solve,
                   int threads, ProgressToken* progress);

    ShardRounds rounds_;
};

}  // namespace mb::pg
