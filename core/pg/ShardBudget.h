#pragma once

#include "markdown/BudgetCoupling.h"
#include "pg/ShardRounds.h"

#include <QHash>
#include <QPair>
#include <QString>

namespace mb::pg {

// The markdown budget of a budgeted chain run shared by its N shards through the sink
// (ShardRounds, exchange "budget"). Each shard plans only its own units, at every price the
// budget's search tries, and the search needs of the others only sums: each shard publishes its
// categories' sums (merchbench.budget_sums, a few numbers per category and step), waits for the
// others and adds every category's in the chain's category order, so every shard sees the totals
// one process would and takes the same next price. The search's last step publishes the units
// that may move to their richer plan (merchbench.budget_moves, usually a few near the price),
// and every shard makes the same greedy moves. All N shards must run at the same time
// (chain-run.sh starts them together); a shard run again plans its units again but publishes
// nothing twice, and catches up with shards that have finished without waiting.
class ShardBudget final : public markdown::BudgetCoupling, private markdown::BudgetShares {
public:
    // `request`: the request as the shards read it (compact JSON); `waitSeconds`: how long a
    // step may wait for the other shards before the shard fails.
    ShardBudget(const QString& sink, const QString& runKey, ShardIndex index,
                const QString& request, double waitSeconds);

    markdown::BudgetAllocation allocate(const std::vector<markdown::BudgetUnitKey>& units,
                                        double budget, const markdown::BudgetItemSolver& solve,
                                        int threads, ProgressToken* progress) override;

    // Whether allocate ran: the shard took its part in the chain's budget.
    bool tookPart() const { return tookPart_; }
    // Steps this shard published, and steps it found published by an earlier run of it.
    int roundsPublished() const { return rounds_.roundsPublished(); }
    int roundsReused() const { return rounds_.roundsReused(); }

private:
    std::vector<double> sum(const std::vector<std::vector<double>>& perGroup,
                            double price) override;
    std::vector<markdown::BudgetMove> moves(const std::vector<markdown::BudgetMove>& mine) override;

    ShardRounds rounds_;
    ProgressToken* progress_ = nullptr;
    int step_ = 0;  // the next step's round number
    bool tookPart_ = false;
    std::vector<QString> groupNames_;  // this slice's categories, by group number
    const std::vector<markdown::BudgetUnitKey>* units_ = nullptr;  // this slice's units
};

}  // namespace mb::pg
