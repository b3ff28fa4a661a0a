#include "markdown/MarkdownBudget.h"

#include "common/Error.h"
#include "common/ParallelFor.h"
#include "common/Progress.h"
#include "markdown/MarkdownBaselines.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mb::markdown {

namespace {

// The budget's price grows by kGrowth from kFirstLambda until the plans fit. At kMaxLambda a unit
// of discount costs a million times its worth, so a budget broken there is below the spend the
// items' rules force (weeks locked or starting below full price).
constexpr double kFirstLambda = 0.125;
constexpr double kGrowth = 4.0;
constexpr double kMaxLambda = 1.0e6;
// Rounds of the breakpoint search; it usually ends sooner, on the breakpoint itself, and the
// gap bound states how good the plan is whenever it stops.
constexpr int kMaxRounds = 60;

// An item's plan on one side of the budget's breakpoint, and the price it was planned at.
struct Side {
    BudgetOutcome outcome;
    double price = 0.0;
};

struct ItemState {
    bool planned = false;
    Side lower;  // at the lower price: spends more than the budget allows in total
    Side upper;  // at the upper price: the total fits the budget
};

// Spends of one item at two prices that are the same plan's (ties aside, the optimal spend only
// falls as the price rises, so an item spending the same at both ends spends it in between).
bool sameSpend(const Side& a, const Side& b) {
    return std::abs(a.outcome.spend - b.outcome.spend) <= 1e-12 * (1.0 + std::abs(a.outcome.spend));
}

// Plans the listed items at one price, in parallel; the outcomes in the order listed.
std::vector<std::optional<BudgetOutcome>> planAt(const std::vector<int>& which, double price,
                                                 const BudgetItemSolver& solve, int threads) {
    std::vector<std::optional<BudgetOutcome>> out(which.size());
    parallelFor(static_cast<int>(which.size()), threads,
                [&](int k) { out[size_t(k)] = solve(which[size_t(k)], price); });
    return out;
}

// The Lagrangian search over this part's items; the whole's figures through `shares` (none: the
// items are the whole).
class Search {
public:
    Search(int items, double budget, const BudgetRound& round, const BudgetGroups& groups,
           BudgetShares* shares, ProgressToken* progress)
        : round_(round), groups_(groups), shares_(shares), progress_(progress) {
        if (groups_.of.size() != static_cast<std::size_t>(std::max(items, 0)) || groups_.count < 1)
            throw Error(QStringLiteral("the markdown budget's %1 items have %2 group numbers")
                            .arg(items)
                            .arg(groups_.of.size()));
        out_.budget = budget;
        out_.spendPrices.assign(static_cast<std::size_t>(std::max(items, 0)), 0.0);
        state_.resize(out_.spendPrices.size());
        fresh_.resize(state_.size());
    }

    BudgetAllocation run();

private:
    struct Totals {
        double objective = 0.0;
        double spend = 0.0;
    };
    // The whole's sums of `width` numbers per planned item, added by `values(item, sums)`: a
    // group at a time in item order, then over the groups in order.
    template <typename Values>
    std::vector<double> wholeSums(int width, double price, const Values& values) {
        std::vector<std::vector<double>> perGroup(static_cast<std::size_t>(groups_.count),
                                                  std::vector<double>(size_t(width), 0.0));
        for (std::size_t i = 0; i < state_.size(); ++i)
            if (state_[i].planned)
                values(i, perGroup[size_t(groups_.of[i])]);
        if (shares_)
            return shares_->sum(perGroup, price);
        std::vector<double> total(size_t(width), 0.0);
        for (const std::vector<double>& group : perGroup)
            for (std::size_t k = 0; k < total.size(); ++k)
                total[k] += group[k];
        return total;
    }
    Totals totals(Side ItemState::*side, double price) {
        const std::vector<double> sums = wholeSums(2, price, [&](std::size_t i, auto& sum) {
            sum[0] += (state_[i].*side).outcome.objective;
            sum[1] += (state_[i].*side).outcome.spend;
        });
        return {sums[0], sums[1]};
    }
    // The lower and upper sides' totals in one exchange.
    std::pair<Totals, Totals> bothSides(double price) {
        const std::vector<double> sums = wholeSums(4, price, [&](std::size_t i, auto& sum) {
            sum[0] += state_[i].lower.outcome.objective;
            sum[1] += state_[i].lower.outcome.spend;
            sum[2] += state_[i].upper.outcome.objective;
            sum[3] += state_[i].upper.outcome.spend;
        });
        return {{sums[0], sums[1]}, {sums[2], sums[3]}};
    }
    // Plans `which` (this part's) at `price`; the others keep their upper side. Returns the
    // whole's spend and Lagrangian value there and keeps the least dual bound.
    std::pair<double, double> lagrangian(const std::vector<int>& which, double price);
    bool cancelled() {
        out_.cancelled = progress_ && progress_->isCancelled();
        return out_.cancelled;
    }
    void repair();

    const BudgetRound& round_;
    const BudgetGroups& groups_;
    BudgetShares* shares_;
    ProgressToken* progress_;
    BudgetAllocation out_;
    std::vector<ItemState> state_;
    std::vector<Side> fresh_;  // the last Lagrangian's side of each item
};

std::pair<double, double> Search::lagrangian(const std::vector<int>& which, double price) {
    const std::vector<std::optional<BudgetOutcome>> at = round_(which, price);
    if (at.size() != which.size())
        throw Error(QStringLiteral("a round of the markdown budget at spend price %1 asked for %2 "
                                   "items' outcomes and had %3")
                        .arg(price)
                        .arg(which.size())
                        .arg(at.size()));
    ++out_.lambdasTried;
    std::vector<bool> replanned(state_.size(), false);
    for (std::size_t k = 0; k < which.size(); ++k) {
        // The price changes no rule: an item planned without the budget is planned at any price.
        if (!at[k])
            throw Error(QStringLiteral("item %1 could not be planned at the markdown budget's "
                                       "spend price %2, though it could without the budget")
                            .arg(which[k])
                            .arg(price));
        fresh_[size_t(which[k])] = {*at[k], price};
        replanned[size_t(which[k])] = true;
    }
    for (std::size_t i = 0; i < state_.size(); ++i)
        if (state_[i].planned && !replanned[i])
            fresh_[i] = state_[i].upper;
    const std::vector<double> sums = wholeSums(2, price, [&](std::size_t i, auto& sum) {
        sum[0] += fresh_[i].outcome.spend;
        sum[1] += fresh_[i].outcome.objective - price * fresh_[i].outcome.spend;
    });
    out_.dualBound = std::min(out_.dualBound, sums[1] + price * out_.budget);
    return {sums[0], sums[1]};
}

// The plans at the upper side, with items moved to their lower-side plan, most objective per unit
// of extra spend first, while the budget allows.
void Search::repair() {
    const Totals upper = totals(&ItemState::upper, out_.lambda);
    out_.objective = upper.objective;
    out_.spend = upper.spend;
    std::vector<BudgetMove> mine;
    for (std::size_t i = 0; i < state_.size(); ++i) {
        const ItemState& item = state_[i];
        if (!item.planned)
            continue;
        out_.spendPrices[i] = item.upper.price;
        if (item.lower.outcome.spend > item.upper.outcome.spend &&
            item.lower.outcome.objective > item.upper.outcome.objective)
            mine.push_back({static_cast<int>(i),
                            item.lower.outcome.objective - item.upper.outcome.objective,
                            item.lower.outcome.spend - item.upper.outcome.spend});
    }
    std::vector<BudgetMove> movable = shares_ ? shares_->moves(mine) : mine;
    std::stable_sort(movable.begin(), movable.end(), [](const BudgetMove& a, const BudgetMove& b) {
        const double ratioA = a.gain / a.extra, ratioB = b.gain / b.extra;
        if (ratioA != ratioB)
            return ratioA > ratioB;
        return a.extra > b.extra;
    });
    for (const BudgetMove& move : movable) {
        if (out_.spend + move.extra > out_.budget)
            continue;
        out_.spend += move.extra;
        out_.objective += move.gain;
        if (move.item >= 0)
            out_.spendPrices[size_t(move.item)] = state_[size_t(move.item)].lower.price;
    }
}

BudgetAllocation Search::run() {
    const double budget = out_.budget;
    std::vector<int> all(state_.size());
    std::iota(all.begin(), all.end(), 0);
    const std::vector<std::optional<BudgetOutcome>> free = round_(all, 0.0);
    if (free.size() != all.size())
        throw Error(QStringLiteral("the markdown budget's first round had %1 of %2 items' outcomes")
                        .arg(free.size())
                        .arg(all.size()));
    for (std::size_t i = 0; i < state_.size(); ++i) {
        if (!free[i])
            continue;
        state_[i].planned = true;
        state_[i].lower = state_[i].upper = {*free[i], 0.0};
    }
    out_.lambdasTried = 1;
    const Totals unbudgeted = totals(&ItemState::lower, 0.0);
    out_.dualBound = out_.unbudgetedObjective = unbudgeted.objective;
    out_.unbudgetedSpend = unbudgeted.spend;
    if (unbudgeted.spend <= budget) {
        out_.objective = unbudgeted.objective;
        out_.spend = unbudgeted.spend;
        return out_;
    }
    out_.binds = true;

    // A price at which the plans fit: items spending nothing at the lower price spend nothing
    // at any higher one, so only the others are planned again.
    double lowerPrice = 0.0, upperPrice = kFirstLambda;
    for (;;) {
        if (cancelled())
            return out_;
        std::vector<int> spending;
        for (std::size_t i = 0; i < state_.size(); ++i)
            if (state_[i].planned && state_[i].lower.outcome.spend > 0.0)
                spending.push_back(static_cast<int>(i));
        for (ItemState& item : state_)
            item.upper = item.lower;
        const double spend = lagrangian(spending, upperPrice).first;
        if (spend <= budget) {
            for (const int i : spending)
                state_[size_t(i)].upper = fresh_[size_t(i)];
            break;
        }
        if (upperPrice >= kMaxLambda)
            throw Error(QStringLiteral("markdown_budget %1 is below the least markdown spend the "
                                       "items' rules allow: %2 expected even when each unit of "
                                       "discount is charged %3 times over (locked weeks or a "
                                       "start_step below full price spend without choice)")
                            .arg(budget, 0, 'f', 2)
                            .arg(spend, 0, 'f', 2)
                            .arg(upperPrice));
        for (const int i : spending)
            state_[size_t(i)].lower = fresh_[size_t(i)];
        lowerPrice = upperPrice;
        upperPrice *= kGrowth;
    }

    // The breakpoint: where the Lagrangian's lines through the two sides meet (Kelley's cutting
    // plane in one dimension). When the Lagrangian there is on those lines, both sides are
    // optimal at that price and it is the smallest price whose plans fit.
    out_.lambda = upperPrice;
    for (int step = 0; step < kMaxRounds; ++step) {
        if (cancelled())
            return out_;
        const auto [lower, upper] = bothSides(upperPrice);
        if (lower.spend - upper.spend <= 1e-12 * (1.0 + lower.spend))
            break;
        const double price = (lower.objective - upper.objective) / (lower.spend - upper.spend);
        if (!(price > lowerPrice && price < upperPrice))
            break;
        std::vector<int> between;
        for (std::size_t i = 0; i < state_.size(); ++i)
            if (state_[i].planned && !sameSpend(state_[i].lower, state_[i].upper))
                between.push_back(static_cast<int>(i));
        const auto [spend, value] = lagrangian(between, price);
        const double line = upper.objective - price * upper.spend;
        if (value <= line + 1e-9 * (1.0 + std::abs(line))) {
            out_.lambda = price;
            break;
        }
        if (spend > budget) {
            for (const int i : between)
                state_[size_t(i)].lower = fresh_[size_t(i)];
            lowerPrice = price;
        } else {
            for (const int i : between)
                state_[size_t(i)].upper = fresh_[size_t(i)];
            upperPrice = out_.lambda = price;
        }
    }
    repair();
    out_.gapBound = std::max(0.0, out_.dualBound - out_.objective);
    return out_;
}

}  // namespace

double expectedMarkdownSpend(const MarkdownPlan& plan) {
    return expectedMarkdownSpend(plan.policy.problem(), plan);
}

double expectedMarkdownSpend(const MarkdownProblem& problem, const MarkdownPlan& plan) {
    const double fullPrice = problem.regularPrice * plan.expectedUnits;
    const double spend = fullPrice - plan.expectedRevenue;
    // A plan without a discount differs from full price only by rounding: it spends nothing.
    return spend > 1e-9 * (1.0 + fullPrice) ? spend : 0.0;
}

MarkdownPlan optimiseAtSpendPrice(MarkdownProblem problem, double spendPrice,
                                  ProgressToken* progress) {
    problem.spendPrice = spendPrice;
    MarkdownPlan plan = optimiseMarkdown(problem, progress);
    // The optimiser's value includes the spend's price; the plan is judged without it.
    if (spendPrice != 0.0)
        plan.expectedObjective = planObjective(problem, plan);
    return plan;
}

BudgetGroups groupsByName(const std::vector<QString>& names) {
    std::vector<QByteArray> sorted;
    sorted.reserve(names.size());
    for (const QString& name : names)
        sorted.push_back(name.toUtf8());
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    BudgetGroups groups;
    groups.count = std::max(1, static_cast<int>(sorted.size()));
    groups.of.reserve(names.size());
    for (const QString& name : names)
        groups.of.push_back(static_cast<int>(
            std::lower_bound(sorted.begin(), sorted.end(), name.toUtf8()) - sorted.begin()));
    return groups;
}

BudgetRound parallelRound(const BudgetItemSolver& solve, int threads) {
    return [solve, threads](const std::vector<int>& which, double price) {
        return planAt(which, price, solve, threads);
    };
}

BudgetAllocation allocateMarkdownBudget(int items, double budget, const BudgetItemSolver& solve,
                                        int threads, ProgressToken* progress) {
    return allocateMarkdownBudget(items, budget, parallelRound(solve, threads),
                                  BudgetGroups::one(items), nullptr, progress);
}

BudgetAllocation allocateMarkdownBudget(int items, double budget, const BudgetRound& round,
                                        const BudgetGroups& groups, BudgetShares* shares,
                                        ProgressToken* progress) {
    if (!std::isfinite(budget) || budget < 0.0)
        throw Error(
            QStringLiteral("markdown_budget must be a number of 0 or more (got %1)").arg(budget));
    return Search(items, budget, round, groups, shares, progress).run();
}

}  // namespace mb::markdown
