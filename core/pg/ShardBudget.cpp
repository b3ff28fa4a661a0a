#include "pg/ShardBudget.h"

#include "common/Progress.h"
#include "jobs/RunRecorder.h"
#include "pg/PgConnection.h"
#include "pg/PgCopyIn.h"

#include <algorithm>

namespace mb::pg {

namespace {

using markdown::BudgetMove;
using markdown::BudgetUnitKey;

// A float8[] as PostgreSQL prints it, "{1.5,-2,NaN}", read back exactly.
std::vector<double> readNumbers(const QString& text) {
    if (!text.startsWith(QLatin1Char('{')) || !text.endsWith(QLatin1Char('}')))
        throw ShardExchangeError(
            QStringLiteral("merchbench.budget_sums holds \"%1\", not a list of numbers").arg(text));
    std::vector<double> numbers;
    const QString inside = text.mid(1, text.size() - 2);
    if (inside.isEmpty())
        return numbers;
    for (const QString& number : inside.split(QLatin1Char(',')))
        numbers.push_back(readExactNumber(number, QStringLiteral("a budget sum")));
    return numbers;
}

QString writeNumbers(const std::vector<double>& numbers) {
    QStringList texts;
    for (const double number : numbers)
        texts << exactNumber(number);
    return QLatin1Char('{') + texts.join(QLatin1Char(',')) + QLatin1Char('}');
}

}  // namespace

ShardBudget::ShardBudget(const QString& sink, const QString& runKey, ShardIndex index,
                         const QString& request, double waitSeconds)
    : rounds_(sink, runKey, index, QStringLiteral("budget"), request, waitSeconds) {}

markdown::BudgetAllocation ShardBudget::allocate(const std::vector<BudgetUnitKey>& units,
                                                 double budget,
                                                 const markdown::BudgetItemSolver& solve,
                                                 int threads, ProgressToken* progress) {
    tookPart_ = true;
    std::vector<QString> categories;
    categories.reserve(units.size());
    for (const BudgetUnitKey& unit : units)
        categories.push_back(unit.category);
    const markdown::BudgetGroups groups = markdown::groupsByName(categories);
    groupNames_.assign(size_t(groups.count), QString());
    for (std::size_t i = 0; i < units.size(); ++i)
        groupNames_[size_t(groups.of[i])] = units[i].category;
    units_ = &units;
    progress_ = progress;
    step_ = 0;
    markdown::BudgetAllocation out;
    try {
        out = markdown::allocateMarkdownBudget(static_cast<int>(units.size()), budget,
                                               markdown::parallelRound(solve, threads), groups,
                                               this, progress);
    } catch (const jobs::Cancelled&) {
        throw;
    } catch (const ShardExchangeError&) {
        throw;
    } catch (const Error& error) {
        // The sink's own errors (a lost connection, a missing grant) say so themselves.
        if (error.message().startsWith(QStringLiteral("PostgreSQL")))
            throw;
        throw Error(QStringLiteral("rules: %1").arg(error.message()));
    }
    units_ = nullptr;
    out.chainSlices = rounds_.index().shards;
    return out;
}

std::vector<double> ShardBudget::sum(const std::vector<std::vector<double>>& perGroup,
                                     double price) {
    const int round = step_++;
    const QString runKey = rounds_.runKey();
    const QString shards = QString::number(rounds_.index().shards);
    // A slice without units still takes every step, with no sums of its own.
    const bool any = units_ && !units_->empty();
    if (rounds_.published(round)) {
        // Reused only when it is what this run computes: a source that changed since would
        // otherwise mix the earlier sums with this run's plans.
        QStringList computed;
        for (std::size_t g = 0; any && g < perGroup.size(); ++g)
            computed << (groupNames_[g].isNull() ? QStringLiteral("") : groupNames_[g]) +
                            QLatin1Char('=') + writeNumbers(perGroup[g]);
        QStringList stored;
        for (const QStringList& row : rounds_.connection().rows(
                 QStringLiteral("SELECT category, sums::text FROM merchbench.budget_sums WHERE "
                                "run_key = $1 AND shards = $2 AND round = $3 AND shard = $4"),
                 {runKey, shards, QString::number(round), QString::number(rounds_.index().shard)},
                 QStringLiteral("reading this shard's earlier budget sums")))
            stored << row[0] + QLatin1Char('=') + writeNumbers(readNumbers(row[1]));
        computed.sort();
        stored.sort();
        if (computed != stored)
            throw ShardExchangeError(
                QStringLiteral("step %1 of the chain's markdown budget was published by an "
                               "earlier run of this shard with other sums than this run's: the "
                               "source changed since; start the chain run again under a new run "
                               "key")
                    .arg(round));
        rounds_.countReused();
    } else {
        rounds_.publish(
            round, price, any ? static_cast<long long>(perGroup.size()) : 0,
            [&](PgConnection& sink) {
                PgCopyIn copy(
                    sink, QStringLiteral("merchbench.budget_sums"),
                    {QStringLiteral("run_key"), QStringLiteral("shards"), QStringLiteral("round"),
                     QStringLiteral("category"), QStringLiteral("shard"), QStringLiteral("sums")});
                for (std::size_t g = 0; any && g < perGroup.size(); ++g)
                    copy.addRow({runKey, shards, QString::number(round),
                                 groupNames_[g].isNull() ? QStringLiteral("") : groupNames_[g],
                                 QString::number(rounds_.index().shard),
                                 writeNumbers(perGroup[g])});
                copy.finish();
            });
    }
    rounds_.waitForAll(round, price, progress_);
    std::vector<std::pair<QByteArray, std::vector<double>>> all;
    for (const QStringList& row : rounds_.connection().rows(
             QStringLiteral("SELECT category, sums::text FROM merchbench.budget_sums WHERE "
                            "run_key = $1 AND shards = $2 AND round = $3"),
             {runKey, shards, QString::number(round)},
             QStringLiteral("reading the chain's budget sums")))
        all.emplace_back(row[0].toUtf8(), readNumbers(row[1]));
    // One process adds its categories' sums in the order of their names.
    std::sort(all.begin(), all.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    const std::size_t width = perGroup.empty() ? 0 : perGroup.front().size();
    std::vector<double> total(width, 0.0);
    for (const auto& [category, sums] : all) {
        if (sums.size() != width)
            throw ShardExchangeError(
                QStringLiteral("step %1 of the chain's markdown budget: category %2 has %3 sums "
                               "where this shard has %4")
                    .arg(round)
                    .arg(QString::fromUtf8(category))
                    .arg(sums.size())
                    .arg(width));
        for (std::size_t k = 0; k < width; ++k)
            total[k] += sums[k];
    }
    return total;
}

std::vector<BudgetMove> ShardBudget::moves(const std::vector<BudgetMove>& mine) {
    const int round = step_++;
    const QString runKey = rounds_.runKey();
    const QString shards = QString::number(rounds_.index().shards);
    if (rounds_.published(round)) {
        rounds_.countReused();
    } else {
        rounds_.publish(round, 0.0, static_cast<long long>(mine.size()), [&](PgConnection& sink) {
            PgCopyIn copy(
                sink, QStringLiteral("merchbench.budget_moves"),
                {QStringLiteral("run_key"), QStringLiteral("shards"), QStringLiteral("product"),
                 QStringLiteral("store"), QStringLiteral("shard"), QStringLiteral("gain"),
                 QStringLiteral("extra")});
            for (const BudgetMove& move : mine) {
                const BudgetUnitKey& unit = (*units_)[size_t(move.item)];
                copy.addRow({runKey, shards, unit.product, unit.store,
                             QString::number(rounds_.index().shard), exactNumber(move.gain),
                             exactNumber(move.extra)});
            }
            copy.finish();
        });
    }
    rounds_.waitForAll(round, 0.0, progress_);
    QHash<QPair<QString, QString>, int> mineByName;
    for (const BudgetMove& move : mine)
        mineByName.insert(
            {(*units_)[size_t(move.item)].product, (*units_)[size_t(move.item)].store}, move.item);
    std::vector<std::pair<QPair<QString, QString>, BudgetMove>> all;
    for (const QStringList& row : rounds_.connection().rows(
             QStringLiteral("SELECT product, store, gain::text, extra::text FROM "
                            "merchbench.budget_moves WHERE run_key = $1 AND shards = $2"),
             {runKey, shards}, QStringLiteral("reading the chain's budget moves"))) {
        const QPair<QString, QString> name{row[0], row[1]};
        all.push_back(
            {name,
             {mineByName.value(name, -1), readExactNumber(row[2], QStringLiteral("a gain")),
              readExactNumber(row[3], QStringLiteral("an extra spend"))}});
    }
    // One process lists its units by product, then first store.
    std::sort(all.begin(), all.end(),
              [](const auto& a, const auto& b) { return chainOrder(a.first, b.first); });
    std::vector<BudgetMove> out;
    out.reserve(all.size());
    for (const auto& [name, move] : all)
        out.push_back(move);
    return out;
}

}  // namespace mb::pg
