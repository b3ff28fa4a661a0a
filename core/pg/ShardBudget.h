#pragma once

#include "markdown/BudgetCoupling.h"
#include "pg/ShardSlices.h"

#include <QString>
#include <memory>

namespace mb::pg {

class PgConnection;

// The markdown budget of a budgeted chain run shared by its N shards through the sink
// (merchbench.budget_rounds and merchbench.budget_outcomes): at each round of the budget's
// search every shard plans its own units at the round's spend price, publishes their outcomes in
// one transaction and waits until all N shards have published the round; then each reads every
// unit's outcome and runs the same search as one process would, in the chain's unit order, so
// all shards take the same next price and end with the allocation of the single run. All N
// shards must therefore run at the same time (chain-run.sh starts them together). A shard run
// again reuses the rounds it published before, so it catches up without planning them again.
class ShardBudget final : public markdown::BudgetCoupling {
public:
    // `request`: the request as the shards read it (compact JSON), the same for every shard;
    // `waitSeconds`: how long a round may wait for the other shards before the shard fails.
    ShardBudget(QString sink, QString runKey, ShardIndex index, QString request,
                double waitSeconds);
    ~ShardBudget() override;
    ShardBudget(const ShardBudget&) = delete;
    ShardBudget& operator=(const ShardBudget&) = delete;

    markdown::BudgetAllocation allocate(const std::vector<markdown::BudgetUnitKey>& units,
                                        double budget, const markdown::BudgetItemSolver& solve,
                                        int threads, ProgressToken* progress) override;

    // Rounds this shard planned itself and rounds it found published from an earlier run.
    int roundsPlanned() const { return planned_; }
    int roundsReused() const { return reused_; }

private:
    struct Round;
    // Publishes this shard's outcomes of `round` (unless an earlier run did), waits for the
    // others and returns every unit's outcome of the round.
    Round exchange(int round, double price, const std::vector<markdown::BudgetUnitKey>& units,
                   const std::vector<int>& local, const markdown::BudgetItemSolver& solve,
                   int threads, ProgressToken* progress);
    void publish(int round, double price, const std::vector<markdown::BudgetUnitKey>& units,
                 const std::vector<int>& local,
                 const std::vector<std::optional<markdown::BudgetOutcome>>& outcomes);
    void waitForShards(int round, double price, ProgressToken* progress);

    QString sink_;
    QString runKey_;
    ShardIndex index_;
    QString request_;
    double waitSeconds_;
    std::unique_ptr<PgConnection> connection_;
    int planned_ = 0;
    int reused_ = 0;
};

}  // namespace mb::pg
