#include "pg/ShardBudget.h"

#include "common/Error.h"
#include "common/ParallelFor.h"
#include "common/Progress.h"
#include "jobs/RunRecorder.h"
#include "pg/PgConnection.h"
#include "pg/PgCopyIn.h"
#include "pg/RunPublisher.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPair>
#include <QThread>
#include <algorithm>
#include <numeric>

namespace mb::pg {

namespace {

using markdown::BudgetOutcome;
using markdown::BudgetUnitKey;
using UnitName = QPair<QString, QString>;  // product, first store

// What the shards could not agree on or wait for: not a fault of the budget's rules.
class ExchangeError : public Error {
public:
    using Error::Error;
};

QString exact(double value) {
    return QString::number(value, 'g', 17);
}

double readNumber(const QString& text, const QString& what) {
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok)
        throw ExchangeError(
            QStringLiteral("merchbench.budget_outcomes holds %1 \"%2\", not a number")
                .arg(what, text));
    return value;
}

// The single run's order of its units: product, then first store, as bytes of UTF-8 (SQLite's
// order of the season's items).
bool chainOrder(const UnitName& a, const UnitName& b) {
    const QByteArray productA = a.first.toUtf8(), productB = b.first.toUtf8();
    if (productA != productB)
        return productA < productB;
    return a.second.toUtf8() < b.second.toUtf8();
}

// Constants of the waiting: the first look again after 50 ms, then less often, at most each second.
constexpr unsigned long kFirstPauseMs = 50;
constexpr unsigned long kLongestPauseMs = 1000;

}  // namespace

struct ShardBudget::Round {
    QHash<UnitName, std::optional<BudgetOutcome>> outcomes;  // every shard's units
};

ShardBudget::ShardBudget(QString sink, QString runKey, ShardIndex index, QString request,
                         double waitSeconds)
    : sink_(std::move(sink)),
      runKey_(std::move(runKey)),
      index_(index),
      request_(std::move(request)),
      waitSeconds_(waitSeconds) {}

ShardBudget::~ShardBudget() = default;

markdown::BudgetAllocation ShardBudget::allocate(const std::vector<BudgetUnitKey>& units,
                                                 double budget,
                                                 const markdown::BudgetItemSolver& solve,
                                                 int threads, ProgressToken* progress) {
    if (!connection_) {
        connection_ = std::make_unique<PgConnection>(sink_);
        connection_->exec(QStringLiteral("BEGIN"), QStringLiteral("starting the transaction"));
        ensurePublishTables(*connection_, SinkTables::Budget);
        connection_->exec(QStringLiteral("COMMIT"), QStringLiteral("creating the budget tables"));
    }
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
            throw ExchangeError(QStringLiteral("product %1 in store %2 is missing from round 0 of "
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
                throw ExchangeError(
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
                throw ExchangeError(
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
    } catch (const ExchangeError&) {
        throw;
    } catch (const Error& error) {
        throw Error(QStringLiteral("rules: %1").arg(error.message()));
    }
    markdown::BudgetAllocation out = chainAllocation;
    out.spendPrices.assign(units.size(), 0.0);
    for (std::size_t i = 0; i < chain.size(); ++i)
        if (localOf[i] >= 0)
            out.spendPrices[size_t(localOf[i])] = chainAllocation.spendPrices[i];
    out.chainSlices = index_.shards;
    return out;
}

ShardBudget::Round ShardBudget::exchange(int round, double price,
                                         const std::vector<BudgetUnitKey>& units,
                                         const std::vector<int>& local,
                                         const markdown::BudgetItemSolver& solve, int threads,
                                         ProgressToken* progress) {
    const QStringList key{runKey_, QString::number(index_.shards), QString::number(index_.shard),
                          QString::number(round)};
    // An earlier run of this shard published the round: planned again, it would give the same.
    const bool published =
        !connection_
             ->column(QStringLiteral("SELECT 1 FROM merchbench.budget_rounds WHERE run_key = $1 "
                                     "AND shards = $2 AND shard = $3 AND round = $4"),
                      key, QStringLiteral("looking for the shard's budget round"))
             .isEmpty();
    if (published) {
        ++reused_;
    } else {
        std::vector<std::optional<BudgetOutcome>> outcomes(local.size());
        parallelFor(static_cast<int>(local.size()), threads,
                    [&](int k) { outcomes[size_t(k)] = solve(local[size_t(k)], price); });
        publish(round, price, units, local, outcomes);
        ++planned_;
    }
    waitForShards(round, price, progress);
    Round answer;
    const std::vector<QStringList> rows = connection_->rows(
        QStringLiteral("SELECT product, store, planned, objective, spend FROM "
                       "merchbench.budget_outcomes WHERE run_key = $1 AND shards = $2 AND "
                       "round = $3"),
        {runKey_, QString::number(index_.shards), QString::number(round)},
        QStringLiteral("reading the budget round's outcomes"));
    answer.outcomes.reserve(static_cast<qsizetype>(rows.size()));
    for (const QStringList& row : rows) {
        std::optional<BudgetOutcome> outcome;
        if (row[2] == QStringLiteral("t"))
            outcome = BudgetOutcome{readNumber(row[3], QStringLiteral("objective")),
                                    readNumber(row[4], QStringLiteral("spend"))};
        answer.outcomes.insert({row[0], row[1]}, outcome);
    }
    return answer;
}

void ShardBudget::publish(int round, double price, const std::vector<BudgetUnitKey>& units,
                          const std::vector<int>& local,
                          const std::vector<std::optional<BudgetOutcome>>& outcomes) {
    PgConnection& sink = *connection_;
    sink.exec(QStringLiteral("BEGIN"), QStringLiteral("starting the transaction"));
    try {
        const long long marked = sink.execParams(
            QStringLiteral("INSERT INTO merchbench.budget_rounds (run_key, shards, shard, round, "
                           "spend_price, units, request) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                           "ON CONFLICT DO NOTHING"),
            {runKey_, QString::number(index_.shards), QString::number(index_.shard),
             QString::number(round), exact(price), QString::number(local.size()), request_},
            QStringLiteral("recording the shard's budget round"));
        if (marked == 0) {
            // Another run of this shard got there first: its outcomes stand.
            sink.exec(QStringLiteral("ROLLBACK"), QStringLiteral("ending the transaction"));
            return;
        }
        PgCopyIn copy(
            sink, QStringLiteral("merchbench.budget_outcomes"),
            {QStringLiteral("run_key"), QStringLiteral("shards"), QStringLiteral("round"),
             QStringLiteral("product"), QStringLiteral("store"), QStringLiteral("shard"),
             QStringLiteral("planned"), QStringLiteral("objective"), QStringLiteral("spend")});
        for (std::size_t k = 0; k < local.size(); ++k) {
            const BudgetUnitKey& unit = units[size_t(local[k])];
            const std::optional<BudgetOutcome>& outcome = outcomes[k];
            copy.addRow({runKey_, QString::number(index_.shards), QString::number(round),
                         unit.product, unit.store, QString::number(index_.shard),
                         outcome ? QStringLiteral("t") : QStringLiteral("f"),
                         outcome ? exact(outcome->objective) : QString(),
                         outcome ? exact(outcome->spend) : QString()});
        }
        copy.finish();
        sink.exec(QStringLiteral("COMMIT"), QStringLiteral("publishing the shard's budget round"));
    } catch (const Error&) {
        try {
            sink.exec(QStringLiteral("ROLLBACK"), QStringLiteral("ending the transaction"));
        } catch (const Error&) {
            // The connection is gone; the server ends the transaction itself.
        }
        throw;
    }
}

void ShardBudget::waitForShards(int round, double price, ProgressToken* progress) {
    QElapsedTimer waited;
    waited.start();
    unsigned long pause = kFirstPauseMs;
    for (;;) {
        const std::vector<QStringList> shards = connection_->rows(
            QStringLiteral("SELECT shard, spend_price, (request = $4)::text FROM "
                           "merchbench.budget_rounds WHERE run_key = $1 AND shards = $2 AND "
                           "round = $3 ORDER BY shard"),
            {runKey_, QString::number(index_.shards), QString::number(round), request_},
            QStringLiteral("waiting for the other shards' budget round"));
        QList<int> in;
        for (const QStringList& shard : shards) {
            if (shard[2] != QStringLiteral("true"))
                throw ExchangeError(QStringLiteral("shard %1/%2 of run %3 runs another request: "
                                                   "the shards of a run key share one request")
                                        .arg(shard[0])
                                        .arg(index_.shards)
                                        .arg(runKey_));
            if (readNumber(shard[1], QStringLiteral("a spend price")) != price)
                throw ExchangeError(
                    QStringLiteral("shard %1/%2 planned round %3 of the markdown budget at spend "
                                   "price %4 and this shard at %5: the shards read different data "
                                   "(did the source change while they ran?)")
                        .arg(shard[0])
                        .arg(index_.shards)
                        .arg(round)
                        .arg(shard[1], exact(price)));
            in << shard[0].toInt();
        }
        if (in.size() == index_.shards)
            return;
        if (progress && progress->isCancelled())
            throw jobs::Cancelled();
        if (static_cast<double>(waited.elapsed()) > waitSeconds_ * 1000.0) {
            QStringList missing;
            for (int shard = 1; shard <= index_.shards; ++shard)
                if (!in.contains(shard))
                    missing << QString::number(shard);
            throw ExchangeError(
                QStringLiteral("round %1 of the chain's markdown budget: shard(s) %2 of %3 have "
                               "not published it after %4 s. The shards of a budgeted run price "
                               "the budget together and must run at the same time (chain-run.sh "
                               "starts them together); run the missing shards, and this one again")
                    .arg(round)
                    .arg(missing.join(QStringLiteral(", ")))
                    .arg(index_.shards)
                    .arg(waitSeconds_, 0, 'f', 0));
        }
        QThread::msleep(pause);
        pause = std::min(pause * 2, kLongestPauseMs);
    }
}

}  // namespace mb::pg
