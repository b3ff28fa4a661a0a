#include "pg/ShardBudget.h"

#include "common/ParallelFor.h"
#include "common/Progress.h"
#include "jobs/RunRecorder.h"
#include "pg/PgConnection.h"
#include "pg/PgCopyIn.h"

#include <QHash>
#include <QPair>
#include <algorithm>
#include <numeric>

namespace mb::pg {

namespace {

using markdown::BudgetOutcome;
using markdown::BudgetUnitKey;
using UnitName = QPair<QString, QString>;  // product, first store

}  // namespace

struct ShardBudget::Round {
    QHash<UnitName, std::optional<BudgetOutcome>> outcomes;  // every shard's units
};

ShardBudget::ShardBudget(const QString& sink, const QString& runKey, ShardIndex index,
                         const QString& request, double waitSeconds)
    : rounds_(sink, runKey, index, QStringLiteral("budget"), request, waitSeconds) {}

markdown::BudgetAllocation ShardBudget::allocate(const std::vector<BudgetUnitKey>& units,
                                                 double budget,
                                                 const markdown::BudgetItemSolver& solve,
                                                 int threads, ProgressToken* progress) {
    // Round 0 plans every unit without the budget and tells every shard the chain's units.
    std::vector<int> mine(units.size());
    std::iota(mine.begin(), mine.end(), 0);
    const Round first = exchange(0, 0.0, units, mine, solve, threads, progress);
    std::vector<UnitName> chain(first.outcomes.keyBegin(), first.outcomes.keyEnd());
    std::sort(chain.begin(), chain.end(), chainOrder);
    QHash<UnitName, int> position;
    position.reserve(static_cast<qsizetype>(chain.size()));
    for (std::size_t i = 0; i < chain.size(); ++i)
        position.insert(chain[i], static_cast<int>(i));
    std::vector<int> localOf(chain.size(), -1);  // the chain's unit as this slice's, or -1
    for (std::size_t i = 0; i < units.size(); ++i) {
        const auto found = position.constFind({units[i].product, units[i].store});
        if (found == position.constEnd())
            throw ShardExchangeError(
                QStringLiteral("product %1 in store %2 is missing from round 0 of "
                               "the markdown budget in the sink")
                    .arg(units[i].product, units[i].store));
        localOf[size_t(*found)] = static_cast<int>(i);
    }

    int round = 0;
    const markdown::BudgetRound rounds = [&](const std::vector<int>& which, double price) {
        Round later;
        const Round* answer = &first;
        if (round == 0) {
            if (price != 0.0 || which.size() != chain.size())
                throw ShardExchangeError(
                    QStringLiteral("the markdown budget's search did not start "
                                   "from every unit without the budget"));
        } else {
            std::vector<int> local;
            for (const int unit : which)
                if (localOf[size_t(unit)] >= 0)
                    local.push_back(localOf[size_t(unit)]);
            later = exchange(round, price, units, local, solve, threads, progress);
            answer = &later;
        }
        std::vector<std::optional<BudgetOutcome>> out;
        out.reserve(which.size());
        for (const int unit : which) {
            const auto found = answer->outcomes.constFind(chain[size_t(unit)]);
            if (found == answer->outcomes.constEnd())
                throw ShardExchangeError(
                    QStringLiteral("round %1 of the markdown budget has no outcome for product %2 "
                                   "in store %3: the shards did not plan the same units")
                        .arg(round)
                        .arg(chain[size_t(unit)].first, chain[size_t(unit)].second));
            out.push_back(*found);
        }
        ++round;
        return out;
    };
    markdown::BudgetAllocation chainAllocation;
    try {
        chainAllocation = markdown::allocateMarkdownBudget(static_cast<int>(chain.size()), budget,
                                                           rounds, progress);
    } catch (const jobs::Cancelled&) {
        throw;
    } catch (const ShardExchangeError&) {
        throw;
    } catch (const Error& error) {
        throw Error(QStringLiteral("rules: %1").arg(error.message()));
    }
    markdown::BudgetAllocation out = chainAllocation;
    out.spendPrices.assign(units.size(), 0.0);
    for (std::size_t i = 0; i < chain.size(); ++i)
        if (localOf[i] >= 0)
            out.spendPrices[size_t(localOf[i])] = chainAllocation.spendPrices[i];
    out.chainSlices = rounds_.index().shards;
    return out;
}

ShardBudget::Round ShardBudget::exchange(int round, double price,
                                         const std::vector<BudgetUnitKey>& units,
                                         const std::vector<int>& local,
                                         const markdown::BudgetItemSolver& solve, int threads,
                                         ProgressToken* progress) {
    const QString runKey = rounds_.runKey();
    const QString shards = QString::number(rounds_.index().shards);
    // Published by an earlier run of this shard: planned again, it would give the same.
    if (rounds_.published(round)) {
        rounds_.countReused();
    } else {
        std::vector<std::optional<BudgetOutcome>> outcomes(local.size());
        parallelFor(static_cast<int>(local.size()), threads,
                    [&](int k) { outcomes[size_t(k)] = solve(local[size_t(k)], price); });
        rounds_.publish(
            round, price, static_cast<long long>(local.size()), [&](PgConnection& sink) {
                PgCopyIn copy(
                    sink, QStringLiteral("merchbench.budget_outcomes"),
                    {QStringLiteral("run_key"), QStringLiteral("shards"), QStringLiteral("round"),
                     QStringLiteral("product"), QStringLiteral("store"), QStringLiteral("shard"),
                     QStringLiteral("planned"), QStringLiteral("objective"),
                     QStringLiteral("spend")});
                for (std::size_t k = 0; k < local.size(); ++k) {
                    const BudgetUnitKey& unit = units[size_t(local[k])];
                    const std::optional<BudgetOutcome>& outcome = outcomes[k];
                    copy.addRow({runKey, shards, QString::number(round), unit.product, unit.store,
                                 QString::number(rounds_.index().shard),
                                 outcome ? QStringLiteral("t") : QStringLiteral("f"),
                                 outcome ? exactNumber(outcome->objective) : QString(),
                                 outcome ? exactNumber(outcome->spend) : QString()});
                }
                copy.finish();
            });
    }
    rounds_.waitForAll(round, price, progress);
    Round answer;
    const std::vector<QStringList> rows = rounds_.connection().rows(
        QStringLiteral("SELECT product, store, planned::text, objective::text, spend::text FROM "
                       "merchbench.budget_outcomes WHERE run_key = $1 AND shards = $2 AND "
                       "round = $3"),
        {runKey, shards, QString::number(round)},
        QStringLiteral("reading the budget round's outcomes"));
    answer.outcomes.reserve(static_cast<qsizetype>(rows.size()));
    for (const QStringList& row : rows) {
        std::optional<BudgetOutcome> outcome;
        if (row[2] == QStringLiteral("true"))
            outcome = BudgetOutcome{readExactNumber(row[3], QStringLiteral("an objective")),
                                    readExactNumber(row[4], QStringLiteral("a spend"))};
        answer.outcomes.insert({row[0], row[1]}, outcome);
    }
    return answer;
}

}  // namespace mb::pg
