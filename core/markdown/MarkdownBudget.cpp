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

struct Totals {
    double objective = 0.0;
    double spend = 0.0;
};

// Spends of one item at two prices that are the same plan's (ties aside, the optimal spend only
// falls as the price rises, so an item spending the same at both ends spends it in between).
bool sameSpend(const Side& a, const Side& b) {
    return std::abs(a.outcome.spend - b.outcome.spend) <= 1e-12 * (1.0 + std::abs(a.outcome.spend));
}

Totals totals(const std::vector<ItemState>& items, Side ItemState::*side) {
    Totals sum;
    for (const ItemState& item : items) {
        if (!item.planned)
            continue;
        sum.objective += (item.*side).outcome.objective;
        sum.spend += (item.*side).outcome.spend;
    }
    return sum;
}

// Plans the listed items at one price, in parallel; the outcomes in the order listed.
std::vector<std::optional<BudgetOutcome>> planAt(const std::vector<int>& which, double price,
                                                 const BudgetItemSolver& solve, int threads) {
    std::vector<std::optional<BudgetOutcome>> out(which.size());
    parallelFor(static_cast<int>(which.size()), threads,
                [&](int k) { out[size_t(k)] = solve(which[size_t(k)], price); });
    return out;
}

// One round's outcomes, one per item asked for.
std::vector<std::optional<BudgetOutcome>> checkedRound(const BudgetRound& round,
                                                       const std::vector<int>& which,
                                                       double price) {
    std::vector<std::optional<BudgetOutcome>> at = round(which, price);
    if (at.size() != which.size())
        throw Error(QStringLiteral("a round of the markdown budget at spend price %1 asked for %2 "
                                   "items' outcomes and had %3")
                        .arg(price)
                        .arg(which.size())
                        .arg(at.size()));
    return at;
}

// An item's side at a price; throws when an item planned without the budget cannot be at this
// price (the price changes no rule, so this is a fault, not an input error).
Side replanned(const std::optional<BudgetOutcome>& at, double price, int item) {
    if (!at)
        throw Error(QStringLiteral("item %1 could not be planned at the markdown budget's spend "
                                   "price %2, though it could without the budget")
                        .arg(item)
                        .arg(price));
    return {*at, price};
}

// The plans at the upper side, with items moved to their lower-side plan, most objective per unit
// of extra spend first, while the budget allows.
void repair(const std::vector<ItemState>& items, BudgetAllocation& out) {
    const Totals upper = totals(items, &ItemState::upper);
    out.objective = upper.objective;
    out.spend = upper.spend;
    std::vector<int> movable;
    for (int i = 0; i < static_cast<int>(items.size()); ++i) {
        const ItemState& item = items[size_t(i)];
        if (!item.planned)
            continue;
        out.spendPrices[size_t(i)] = item.upper.price;
        if (item.lower.outcome.spend > item.upper.outcome.spend &&
            item.lower.outcome.objective > item.upper.outcome.objective)
            movable.push_back(i);
    }
    const auto gain = [&](int i) {
        return items[size_t(i)].lower.outcome.objective - items[size_t(i)].upper.outcome.objective;
    };
    const auto extra = [&](int i) {
        return items[size_t(i)].lower.outcome.spend - items[size_t(i)].upper.outcome.spend;
    };
    std::stable_sort(movable.begin(), movable.end(), [&](int a, int b) {
        const double ratioA = gain(a) / extra(a), ratioB = gain(b) / extra(b);
        if (ratioA != ratioB)
            return ratioA > ratioB;
        return extra(a) > extra(b);
    });
    for (const int i : movable) {
        if (out.spend + extra(i) > out.budget)
            continue;
        out.spend += extra(i);
        out.objective += gain(i);
        out.spendPrices[size_t(i)] = items[size_t(i)].lower.price;
    }
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

BudgetAllocation allocateMarkdownBudget(int items, double budget, const BudgetItemSolver& solve,
                                        int threads, ProgressToken* progress) {
    return allocateMarkdownBudget(
        items, budget,
        [&](const std::vector<int>& which, double price) {
            return planAt(which, price, solve, threads);
        },
        progress);
}

BudgetAllocation allocateMarkdownBudget(int items, double budget, const BudgetRound& round,
                                        ProgressToken* progress) {
    if (!std::isfinite(budget) || budget < 0.0)
        throw Error(
            QStringLiteral("markdown_budget must be a number of 0 or more (got %1)").arg(budget));
    BudgetAllocation out;
    out.budget = budget;
    out.spendPrices.assign(size_t(std::max(items, 0)), 0.0);
    std::vector<ItemState> state(out.spendPrices.size());
    std::vector<int> all(state.size());
    std::iota(all.begin(), all.end(), 0);
    const std::vector<std::optional<BudgetOutcome>> free = checkedRound(round, all, 0.0);
    for (size_t i = 0; i < state.size(); ++i) {
        if (!free[i])
            continue;
        state[i].planned = true;
        state[i].lower = state[i].upper = {*free[i], 0.0};
    }
    out.lambdasTried = 1;
    const Totals unbudgeted = totals(state, &ItemState::lower);
    out.dualBound = out.unbudgetedObjective = unbudgeted.objective;
    out.unbudgetedSpend = unbudgeted.spend;
    if (unbudgeted.spend <= budget) {
        out.objective = unbudgeted.objective;
        out.spend = unbudgeted.spend;
        return out;
    }
    out.binds = true;
    const auto cancelled = [&] {
        out.cancelled = progress && progress->isCancelled();
        return out.cancelled;
    };
    // The Lagrangian at a price over the items' sides, with the re-planned items' new outcomes;
    // returns the plans' total spend and keeps the least dual bound.
    std::vector<Side> fresh(state.size());
    const auto lagrangian = [&](const std::vector<int>& which, double price) {
        const std::vector<std::optional<BudgetOutcome>> at = checkedRound(round, which, price);
        ++out.lambdasTried;
        std::vector<bool> replannedItem(state.size(), false);
        for (size_t k = 0; k < which.size(); ++k) {
            fresh[size_t(which[k])] = replanned(at[k], price, which[k]);
            replannedItem[size_t(which[k])] = true;
        }
        Totals sum;
        double value = 0.0;
        for (size_t i = 0; i < state.size(); ++i) {
            if (!state[i].planned)
                continue;
            if (!replannedItem[i])
                fresh[i] = state[i].upper;
            sum.spend += fresh[i].outcome.spend;
            value += fresh[i].outcome.objective - price * fresh[i].outcome.spend;
        }
        out.dualBound = std::min(out.dualBound, value + price * budget);
        return std::pair{sum.spend, value};
    };

    // A price at which the plans fit: items spending nothing at the lower price spend nothing
    // at any higher one, so only the others are re-planned.
    double lowerPrice = 0.0, upperPrice = kFirstLambda;
    for (;;) {
        if (cancelled())
            return out;
        std::vector<int> spending;
        for (size_t i = 0; i < state.size(); ++i)
            if (state[i].planned && state[i].lower.outcome.spend > 0.0)
                spending.push_back(static_cast<int>(i));
        for (ItemState& item : state)
            item.upper = item.lower;
        const double spend = lagrangian(spending, upperPrice).first;
        if (spend <= budget) {
            for (const int i : spending)
                state[size_t(i)].upper = fresh[size_t(i)];
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
            state[size_t(i)].lower = fresh[size_t(i)];
        lowerPrice = upperPrice;
        upperPrice *= kGrowth;
    }

    // The breakpoint: where the Lagrangian's lines through the two sides meet (Kelley's cutting
    // plane in one dimension). When the Lagrangian there is on those lines, both sides are
    // optimal at that price and it is the smallest price whose plans fit.
    out.lambda = upperPrice;
    for (int round = 0; round < kMaxRounds; ++round) {
        if (cancelled())
            return out;
        const Totals lower = totals(state, &ItemState::lower);
        const Totals upper = totals(state, &ItemState::upper);
        if (lower.spend - upper.spend <= 1e-12 * (1.0 + lower.spend))
            break;
        const double price = (lower.objective - upper.objective) / (lower.spend - upper.spend);
        if (!(price > lowerPrice && price < upperPrice))
            break;
        std::vector<int> between;
        for (size_t i = 0; i < state.size(); ++i)
            if (state[i].planned && !sameSpend(state[i].lower, state[i].upper))
                between.push_back(static_cast<int>(i));
        const auto [spend, value] = lagrangian(between, price);
        const double line = upper.objective - price * upper.spend;
        if (value <= line + 1e-9 * (1.0 + std::abs(line))) {
            out.lambda = price;
            break;
        }
        if (spend > budget) {
            for (const int i : between)
                state[size_t(i)].lower = fresh[size_t(i)];
            lowerPrice = price;
        } else {
            for (const int i : between)
                state[size_t(i)].upper = fresh[size_t(i)];
            upperPrice = out.lambda = price;
        }
    }
    repair(state, out);
    out.gapBound = std::max(0.0, out.dualBound - out.objective);
    return out;
}

}  // namespace mb::markdown
