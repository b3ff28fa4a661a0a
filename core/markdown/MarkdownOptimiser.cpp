#include "markdown/MarkdownOptimiser.h"

#include "common/Error.h"
#include "common/Progress.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace mb::markdown {

namespace {

constexpr double impossible = -std::numeric_limits<double>::infinity();

// Money at the exit week for a leftover: salvage, minus the penalty (or impossible if hard).
double exitValue(const MarkdownProblem& problem, int leftover) {
    const double shortfall = problem.shortfall(leftover);
    if (shortfall > 0.0 && problem.hardTarget())
        return impossible;
    const double penalty = problem.hardTarget() ? 0.0 : problem.rules.sellThroughPenalty;
    return problem.salvageValue * leftover - penalty * shortfall;
}

bool better(double candidate, double best) {
    if (best == impossible)
        return candidate > best;
    return candidate - best > 1e-12 * (1.0 + std::abs(best));
}

// Sums of one run of stock levels x0 .. x0 + width - 1 for expectNext, in registers: each
// lane starts with the sell-out term and adds pmf[d] * after[x - d] in order of d.
template <int Width>
__attribute__((always_inline)) inline void expectRun(const double* pmf, const double* atLeast,
                                                     const double* after, int first, int end,
                                                     int x0, double* q) {
    double sum[Width];
    for (int i = 0; i < Width; ++i)
        sum[i] = atLeast[x0 + i] * after[0];
    const int shared = std::min(end, x0);  // every lane has d < x
    if constexpr (Width % 4 == 0) {
        // Vectors of four lanes (GCC/Clang vector extensions: SSE2 or AVX2 as built); several
        // independent sums hide the latency of each addition.
        using Four = double __attribute__((vector_size(4 * sizeof(double))));
        Four acc[Width / 4];
        std::memcpy(acc, sum, sizeof acc);
        for (int d = first; d < shared; ++d) {
            const double* from = after + (x0 - d);
            for (int v = 0; v < Width / 4; ++v) {
                Four a;
                std::memcpy(&a, from + 4 * v, sizeof a);
                acc[v] += pmf[d] * a;
            }
        }
        std::memcpy(sum, acc, sizeof acc);
    } else {
        for (int d = first; d < shared; ++d)
            for (int i = 0; i < Width; ++i)
                sum[i] += pmf[d] * after[x0 + i - d];
    }
    for (int d = std::max(first, x0); d < std::min(end, x0 + Width - 1); ++d)
        for (int i = d - x0 + 1; i < Width; ++i)
            sum[i] += pmf[d] * after[x0 + i - d];
    std::memcpy(q + x0, sum, sizeof sum);
}

// q[x] = E[after[x - min(D, x)]] for x in 0..n, with demand beyond [first, end) negligible.
// Demand d < x leaves x - d; demand >= x sells out. Sixteen stock levels are summed at a time
// in registers, which vectorises; each q[x] still adds its terms in order of d, as a plain loop
// would. Built twice, for AVX2 and for any x86-64, and chosen when the program loads; neither
// contracts to fused multiply-adds, so both give the same bits.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void expectNext(const double* pmf, const double* atLeast, const double* after, int first, int end,
                int n, double* q) {
    int x0 = 0;
    for (; n + 1 - x0 >= 16; x0 += 16)
        expectRun<16>(pmf, atLeast, after, first, end, x0, q);
    if (n + 1 - x0 >= 8) {
        expectRun<8>(pmf, atLeast, after, first, end, x0, q);
        x0 += 8;
    }
    if (n + 1 - x0 >= 4) {
        expectRun<4>(pmf, atLeast, after, first, end, x0, q);
        x0 += 4;
    }
    for (; x0 <= n; ++x0)
        expectRun<1>(pmf, atLeast, after, first, end, x0, q);
}

// out[i] += scale * in[i] for i in 0..count-1: one demand outcome pushed over a run of stock.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void addScaled(double* __restrict out, const double* __restrict in, double scale, int count) {
    for (int i = 0; i < count; ++i)
        out[i] += scale * in[i];
}

// Q(x) = reward x E[min(D, x)] + E[after(x - min(D, x))] for x in 0..n: charge a step this
// week with x on hand, then continue with `after`.
void chargeWeek(const DemandTable& demand, int week, int step, double reward, bool hard,
                const double* after, int n, double* q) {
    const double* pmf = demand.probability(week, step);
    const double* atLeast = demand.atLeast(week, step);
    const double* sales = demand.expectedSales(week, step);
    const int first = demand.firstDemand(week, step);
    const int end = demand.endDemand(week, step);
    if (hard) {
        // A hard target puts -infinity in `after`, where 0 x -infinity must count as 0.
        for (int x = 0; x <= n; ++x) {
            double value = atLeast[x] > 0.0 ? atLeast[x] * after[0] : 0.0;
            for (int d = first; d < std::min(x, end); ++d)
                if (pmf[d] > 0.0)
                    value += pmf[d] * after[x - d];
            q[x] = reward * sales[x] + value;
        }
        return;
    }
    if (after[0] == impossible) {
        // Only a lock makes a state impossible, and then at every stock.
        std::fill(q, q + n + 1, impossible);
        return;
    }
    expectNext(pmf, atLeast, after, first, end, n, q);
    for (int x = 0; x <= n; ++x)
        q[x] += reward * sales[x];
}

// Value-to-go of one week for every class, stored [class][slot][stock]. Slot 0 is the value of
// a free week (the price may change); slot m >= 1 is the value of charging the class's step
// this week and the m - 1 weeks after it, then a free week: a change lands in slot `hold`, so
// the spacing rule is a held run of weeks rather than a "weeks since" dimension. Exact: inside
// the hold no decision is possible, so the held value is the one-week expectation composed
// `hold` times, as the old (weeks since) states computed it one week at a time. A class with no
// change left has one value whatever the slot (it charges its step to the exit week).
class WeekValues {
public:
    WeekValues(const MarkdownPolicy& policy, int n)
        : policy_(policy),
          slots_(policy.holdWeeks() + 1),
          stride_(size_t(n) + 1),
          values_(size_t(policy.classCount()) * size_t(slots_) * stride_) {}
    double* held(int c, int m) {
        return &values_[(size_t(c) * size_t(slots_) + size_t(slotOf(c, m))) * stride_];
    }
    double* free(int c) { return held(c, 0); }
    void fill(double value) { std::fill(values_.begin(), values_.end(), value); }
    void swap(WeekValues& other) { values_.swap(other.values_); }
    double* all() { return values_.data(); }
    size_t blocks() const { return values_.size() / stride_; }

private:
    int slotOf(int c, int m) const { return policy_.classRemaining(c) == 0 ? 1 : m; }
    const MarkdownPolicy& policy_;
    int slots_;
    size_t stride_;
    std::vector<double> values_;
};

}  // namespace

MarkdownPlan optimiseMarkdown(const MarkdownProblem& problem, ProgressToken* progress) {
    const QStringList problems = problem.problems();
    if (!problems.isEmpty())
        throw Error(problems.join(QLatin1Char('\n')));

    MarkdownPlan plan;
    plan.policy = MarkdownPolicy(problem, DemandTable(problem));
    MarkdownPolicy& policy = plan.policy;
    const DemandTable& demand = policy.demand();
    const MarkdownRules& rules = problem.rules;
    const int weeks = problem.weeks;
    const int n = problem.inventory;
    const int steps = static_cast<int>(problem.ladder.size());
    const int hold = policy.holdWeeks();
    const bool hard = problem.hardTarget();
    WeekValues next(policy, n), current(policy, n);
    for (size_t b = 0; b < next.blocks(); ++b)
        for (int x = 0; x <= n; ++x)
            next.all()[b * size_t(n + 1) + size_t(x)] = exitValue(problem, x);

    // Most price changes possible from a free 0-based week on: one per hold, from the earliest.
    const auto changesThatFit = [&](int week) {
        const int from = std::max(week, rules.earliestWeek - 1);
        return from >= weeks ? 0 : (weeks - from + hold - 1) / hold;
    };
    for (int t = weeks - 1; t >= 0; --t) {
        if (progress) {
            if (progress->isCancelled())
                throw Error(QStringLiteral("markdown optimisation cancelled"));
            progress->report(double(weeks - 1 - t) / weeks);
        }
        const int locked = rules.lockedStep(t);
        // Held values: charge the class's step this week (a week of a hold, or keeping the price
        // in a free week), then one fewer week held.
        // Weeks no season reaches a class in are skipped (nothing later reads them). Near the
        // exit week fewer changes fit than a class may still take: its values are then those of
        // the class with as many as fit, computed just before it (fewer remaining first), by the
        // same operations, so a copy gives the same bits.
        for (int c = 0; c < policy.classCount(); ++c) {
            const int k = policy.classStep(c);
            const int top = policy.classRemaining(c) == 0 || !policy.changeTarget(c) ? 1 : hold;
            for (int m = 1; m <= top; ++m) {
                if (t < policy.firstWeekHeld(c, m))
                    continue;
                double* q = current.held(c, m);
                const int fit = std::min(policy.classRemaining(c), changesThatFit(t + m));
                const int same = fit < policy.classRemaining(c) ? policy.classOf(k, fit) : -1;
                if (same >= 0 && t >= policy.firstWeekHeld(same, m) &&
                    (fit == 0 || m == 1 || policy.changeTarget(same))) {
                    const double* from = current.held(same, m);
                    std::copy(from, from + n + 1, q);
                    continue;
                }
                if (locked >= 0 && locked != k)
                    std::fill(q, q + n + 1, impossible);
                else
                    chargeWeek(demand, t, k, problem.unitReward(k), hard,
                               m == 1 ? next.free(c) : next.held(c, m - 1), n, q);
            }
        }
        // Free weeks: keep the price or change it (and hold the new one). Keeping wins ties,
        // then the shallower step.
        const bool mayChange = t + 1 >= rules.earliestWeek;
        for (int c = 0; c < policy.classCount(); ++c) {
            if (!policy.decides(c) || t < policy.firstFreeWeek(c))
                continue;
            const int k = policy.classStep(c);
            const double* stay = current.held(c, 1);
            double* value = current.free(c);
            std::int8_t* decision = policy.decisionRow(t, c);
            if (locked >= 0) {
                // A locked week charges its step; the rules still decide whether that may be a
                // change here (the minimum on hand does not: the lock is the merchandiser's).
                const bool allowed = locked == k || (mayChange && (!rules.monotone || locked > k) &&
                                                     problem.stepAllowed(locked));
                const double* forced = locked == k ? stay
                                       : allowed ? current.held(policy.afterChange(c, locked), hold)
                                                 : nullptr;
                for (int x = 0; x <= n; ++x)
                    value[x] = forced ? forced[x] : impossible;
                std::fill(decision, decision + n + 1, static_cast<std::int8_t>(locked));
                continue;
            }
            std::copy(stay, stay + n + 1, value);
            std::fill(decision, decision + n + 1, static_cast<std::int8_t>(k));
            if (!mayChange)
                continue;
            // No change in a week that starts with fewer units on hand than the minimum.
            const int lowest = std::min(std::max(rules.minOnHand, 0), n + 1);
            for (int k2 = rules.monotone ? k + 1 : 0; k2 < steps; ++k2) {
                if (k2 == k || !problem.stepAllowed(k2))
                    continue;
                const double* move = current.held(policy.afterChange(c, k2), hold);
                for (int x = lowest; x <= n; ++x) {
                    if (better(move[x], value[x])) {
                        value[x] = move[x];
                        decision[x] = static_cast<std::int8_t>(k2);
                    }
                }
            }
        }
        next.swap(current);
    }
    plan.expectedObjective = next.free(policy.startClass())[n];
    if (plan.expectedObjective == impossible && rules.hasLocks())
        throw Error(
            QStringLiteral("no price schedule keeps the locked weeks within the rules "
                           "(monotone prices, markdown count and spacing, earliest "
                           "week%1); unlock a week or relax a rule")
                .arg(problem.hardTarget() ? QStringLiteral(", sell-through target") : QString()));
    if (plan.expectedObjective == impossible)
        throw Error(QStringLiteral("no price schedule sells %1% of the inventory by week %2 "
                                   "under these rules; lower rules.target_sell_through or give "
                                   "rules.sell_through_penalty")
                        .arg(problem.rules.targetSellThrough * 100.0)
                        .arg(weeks));
    evaluatePolicy(plan);
    if (progress)
        progress->report(1.0);
    return plan;
}

namespace {

// Probability of each state at the start of a week: [class][phase][stock], where phase 0 is a
// free week and phase j >= 1 the j-th week after a change, inside the spacing rule's hold.
// Each block remembers the stock range [low, high] (above 0) it may hold mass in, so the push
// skips stock no season reaches yet (early weeks).
struct StateMass {
    StateMass(int classes, int phases, int n)
        : phases(phases),
          stride(size_t(n) + 1),
          mass(size_t(classes) * size_t(phases) * stride, 0.0),
          low(size_t(classes) * size_t(phases), n + 1),
          high(low.size(), 0) {}
    size_t block(int c, int phase) const { return size_t(c) * size_t(phases) + size_t(phase); }
    double* at(int c, int phase) { return &mass[block(c, phase) * stride]; }
    void clear() {
        std::fill(mass.begin(), mass.end(), 0.0);
        std::fill(low.begin(), low.end(), int(stride));
        std::fill(high.begin(), high.end(), 0);
    }
    int phases;
    size_t stride;
    std::vector<double> mass;
    std::vector<int> low, high;
};

}  // namespace

void evaluatePolicy(MarkdownPlan& plan) {
    const MarkdownPolicy& policy = plan.policy;
    const MarkdownProblem& problem = policy.problem();
    const DemandTable& demand = policy.demand();
    const int n = problem.inventory;
    const int hold = policy.holdWeeks();
    StateMass now(policy.classCount(), hold, n), later(policy.classCount(), hold, n);
    const int start = policy.startClass();
    now.at(start, 0)[n] = 1.0;
    if (n > 0)
        now.low[now.block(start, 0)] = now.high[now.block(start, 0)] = n;
    plan.schedule.clear();
    plan.expectedRevenue = plan.expectedMargin = plan.expectedUnits = 0.0;
    int pathStock = n, pathStep = problem.rules.startStep, pathTaken = 0;
    int pathGap = policy.initialGap();
    for (int t = 0; t < problem.weeks; ++t) {
        PlannedWeek week;
        week.week = t + 1;
        week.step = policy.decide(t, pathStock, pathStep, pathTaken, pathGap);
        week.price = problem.price(week.step);
        week.pathStock = pathStock;
        const double meanDemand = problem.demand.mean[size_t(t)][size_t(week.step)];
        week.pathUnits = std::min(pathStock, static_cast<int>(std::llround(meanDemand)));
        later.clear();
        for (int c = 0; c < policy.classCount(); ++c) {
            for (int phase = 0; phase < hold; ++phase) {
                const size_t from = now.block(c, phase);
                const double* share = now.at(c, phase);
                const int low = now.low[from], high = now.high[from];
                if (share[0] <= 0.0 && low > high)
                    continue;
                const int k = policy.classStep(c);
                const std::int8_t* row =
                    phase == 0 && policy.decides(c) ? policy.decisionRow(t, c) : nullptr;
                const auto push = [&](int a, int b, int k2) {
                    int c2 = c, phase2 = 0;
                    if (k2 != k) {
                        c2 = policy.afterChange(c, k2);
                        phase2 = hold > 1 && policy.classRemaining(c2) > 0 ? 1 : 0;
                    } else if (phase > 0) {
                        phase2 = phase + 1 < hold ? phase + 1 : 0;
                    }
                    const size_t into = later.block(c2, phase2);
                    double* to = later.at(c2, phase2);
                    const double* pmf = demand.probability(t, k2);
                    const double* atLeast = demand.atLeast(t, k2);
                    const double* sales = demand.expectedSales(t, k2);
                    const double price = problem.price(k2);
                    double mass = 0.0, sold = 0.0, stock = 0.0, soldOut = 0.0;
                    for (int x = a; x <= b; ++x) {
                        const double p = share[x];
                        mass += p;
                        stock += p * x;
                        sold += p * sales[x];
                        soldOut += p * atLeast[x];
                    }
                    week.expectedStock += stock;
                    week.expectedUnits += sold;
                    week.expectedPrice += mass * price;
                    if (k2 == week.step)
                        week.probabilityAtStep += mass;
                    plan.expectedRevenue += sold * price;
                    plan.expectedMargin += sold * (price - problem.unitCost);
                    to[0] += soldOut;
                    // Demand d < x leaves x - d on hand.
                    const int first = demand.firstDemand(t, k2);
                    const int end = std::min(demand.endDemand(t, k2), b);
                    for (int d = first; d < end; ++d) {
                        const int x0 = std::max(a, d + 1);
                        addScaled(to + (x0 - d), share + x0, pmf[d], b - x0 + 1);
                    }
                    if (first < end) {
                        later.low[into] = std::min(later.low[into], std::max(1, a - end + 1));
                        later.high[into] = std::max(later.high[into], b - first);
                    }
                };
                // Runs of stock with one decision: nothing on hand alone, then [low, high].
                if (share[0] > 0.0)
                    push(0, 0, row ? row[0] : k);
                for (int a = std::max(low, 1); a <= high;) {
                    const int k2 = row ? row[a] : k;
                    int b = a;
                    while (b < high && (row ? row[b + 1] : k) == k2)
                        ++b;
                    push(a, b, k2);
                    a = b + 1;
                }
            }
        }
        plan.expectedUnits += week.expectedUnits;
        plan.schedule.push_back(week);
        pathTaken = policy.nextTaken(pathTaken, week.step != pathStep);
        pathGap = policy.nextGap(pathGap, week.step != pathStep);
        pathStep = week.step;
        pathStock -= week.pathUnits;
        std::swap(now, later);
    }
    plan.expectedLeftover = plan.expectedSalvage = plan.expectedShortfall = 0.0;
    for (size_t b = 0; b < now.mass.size() / now.stride; ++b) {
        for (int x = 0; x <= n; ++x) {
            const double p = now.mass[b * now.stride + size_t(x)];
            plan.expectedLeftover += p * x;
            plan.expectedShortfall += p * problem.shortfall(x);
        }
    }
    plan.expectedSalvage = problem.salvageValue * plan.expectedLeftover;
    plan.expectedPenalty =
        problem.hardTarget() ? 0.0 : problem.rules.sellThroughPenalty * plan.expectedShortfall;
    plan.expectedSellThrough = n > 0 ? plan.expectedUnits / n : 0.0;
}

}  // namespace mb::markdown
