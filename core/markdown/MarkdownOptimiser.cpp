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

// q[x] = E[after[x - min(D, x)]] for x in 0..n, with demand beyond [first, end) negligible.
// Demand d < x leaves x - d; demand >= x sells out. Eight stock levels are summed at a time in
// registers, which vectorises; each q[x] still adds its terms in order of d, as a plain loop would.
// Built twice, for AVX2 and for any x86-64, and chosen when the program loads; neither contracts
// to fused multiply-adds, so both give the same bits.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void expectNext(const double* pmf, const double* atLeast, const double* after, int first, int end,
                int n, double* q) {
    constexpr int lanes = 8;
    for (int x0 = 0; x0 <= n; x0 += lanes) {
        const int width = std::min(lanes, n + 1 - x0);
        double sum[lanes];
        for (int i = 0; i < width; ++i)
            sum[i] = atLeast[x0 + i] * after[0];
        const int shared = std::min(end, x0);  // every lane has d < x
        if (width == lanes) {
            // Two vectors of four lanes (GCC/Clang vector extensions: SSE2 or AVX2 as built).
            using Four = double __attribute__((vector_size(4 * sizeof(double))));
            Four low, high;
            std::memcpy(&low, sum, sizeof low);
            std::memcpy(&high, sum + 4, sizeof high);
            for (int d = first; d < shared; ++d) {
                const double* from = after + (x0 - d);
                Four a, b;
                std::memcpy(&a, from, sizeof a);
                std::memcpy(&b, from + 4, sizeof b);
                low += pmf[d] * a;
                high += pmf[d] * b;
            }
            std::memcpy(sum, &low, sizeof low);
            std::memcpy(sum + 4, &high, sizeof high);
        } else {
            for (int d = first; d < shared; ++d)
                for (int i = 0; i < width; ++i)
                    sum[i] += pmf[d] * after[x0 + i - d];
        }
        for (int d = std::max(first, x0); d < std::min(end, x0 + width - 1); ++d)
            for (int i = d - x0 + 1; i < width; ++i)
                sum[i] += pmf[d] * after[x0 + i - d];
        for (int i = 0; i < width; ++i)
            q[x0 + i] = sum[i];
    }
}

}  // namespace

MarkdownPlan optimiseMarkdown(const MarkdownProblem& problem, ProgressToken* progress) {
    const QStringList problems = problem.problems();
    if (!problems.isEmpty())
        throw Error(problems.join(QLatin1Char('\n')));

    MarkdownPlan plan;
    plan.policy = MarkdownPolicy(problem, DemandTable(problem));
    MarkdownPolicy& policy = plan.policy;
    const DemandTable& demand = policy.demand();
    const int weeks = problem.weeks;
    const int n = problem.inventory;
    const int steps = static_cast<int>(problem.ladder.size());
    const int counts = policy.markdownCounts();
    const int gaps = policy.gaps();
    const size_t stride = size_t(n + 1);
    const bool hard = problem.hardTarget();
    // Value-to-go blocks laid out [step][markdowns][gap][stock] so each expectation runs over
    // contiguous stock; the same layout holds Q, the value of charging a step this week.
    const size_t blockCount = size_t(steps) * size_t(counts) * size_t(gaps);
    const auto block = [&](int step, int taken, int gap) {
        return ((size_t(step) * size_t(counts) + size_t(taken)) * size_t(gaps) + size_t(gap)) *
               stride;
    };
    std::vector<double> next(blockCount * stride), charge(blockCount * stride),
        current(blockCount * stride);
    for (size_t b = 0; b < blockCount; ++b)
        for (int x = 0; x <= n; ++x)
            next[b * stride + size_t(x)] = exitValue(problem, x);
    const bool runningBest = problem.rules.monotone && !policy.countTracked() && gaps == 1;
    std::vector<double> best(runningBest ? stride : 0);
    std::vector<std::int8_t> bestStep(runningBest ? stride : 0);

    for (int t = weeks - 1; t >= 0; --t) {
        if (progress) {
            if (progress->isCancelled())
                throw Error(QStringLiteral("markdown optimisation cancelled"));
            progress->report(double(weeks - 1 - t) / weeks);
        }
        const int locked = problem.rules.lockedStep(t);
        // Q(step, taken, gap, x): sell at `step` this week with x on hand, then continue with
        // (taken, gap) as the state after this week's decision.
        for (int k = 0; k < steps; ++k) {
            if (!problem.stepAllowed(k) || (locked >= 0 && k != locked))
                continue;
            const double reward = problem.unitReward(k);
            const double* pmf = demand.probability(t, k);
            const double* atLeast = demand.atLeast(t, k);
            const double* sales = demand.expectedSales(t, k);
            const int first = demand.firstDemand(t, k);
            const int end = demand.endDemand(t, k);
            for (int j = 0; j < counts; ++j) {
                for (int g = 0; g < gaps; ++g) {
                    if (!policy.reachable(k, j, g))
                        continue;
                    const double* after = &next[block(k, j, g)];
                    double* q = &charge[block(k, j, g)];
                    if (hard) {
                        // A hard target puts -infinity in `after`, where 0 x -infinity must
                        // count as 0.
                        for (int x = 0; x <= n; ++x) {
                            double value = atLeast[x] > 0.0 ? atLeast[x] * after[0] : 0.0;
                            for (int d = first; d < std::min(x, end); ++d)
                                if (pmf[d] > 0.0)
                                    value += pmf[d] * after[x - d];
                            q[x] = reward * sales[x] + value;
                        }
                        continue;
                    }
                    if (after[0] == impossible) {
                        // Only a later lock makes a state impossible, and then at every stock.
                        std::fill(q, q + stride, impossible);
                        continue;
                    }
                    expectNext(pmf, atLeast, after, first, end, n, q);
                    for (int x = 0; x <= n; ++x)
                        q[x] += reward * sales[x];
                }
            }
        }
        if (runningBest && locked < 0) {
            // Monotone prices and nothing else to track: the best of this step and every deeper
            // one is a running best from the deepest step up, one pass per step. Keeping the
            // price wins ties, then the shallower step, as below.
            const bool mayChange = t + 1 >= problem.rules.earliestWeek;
            bool deeper = false;
            for (int k = steps - 1; k >= 0; --k) {
                if (!problem.stepAllowed(k))
                    continue;
                const double* stay = &charge[block(k, 0, 0)];
                double* value = &current[block(k, 0, 0)];
                std::int8_t* decision = policy.decisionRow(t, k, 0, 0);
                for (int x = 0; x <= n; ++x) {
                    if (mayChange && deeper && better(best[size_t(x)], stay[x])) {
                        value[x] = best[size_t(x)];
                        decision[x] = bestStep[size_t(x)];
                    } else {
                        value[x] = stay[x];
                        decision[x] = static_cast<std::int8_t>(k);
                    }
                    best[size_t(x)] = value[x];
                    bestStep[size_t(x)] = decision[x];
                }
                deeper = true;
            }
            std::swap(next, current);
            continue;
        }
        for (int k = 0; k < steps; ++k) {
            if (!problem.stepAllowed(k))
                continue;
            for (int j = 0; j < counts; ++j) {
                for (int g = 0; g < gaps; ++g) {
                    if (!policy.reachable(k, j, g))
                        continue;  // its Q and value are never read from a reachable state
                    double* value = &current[block(k, j, g)];
                    std::int8_t* decision = policy.decisionRow(t, k, j, g);
                    if (locked >= 0) {
                        const bool keep = locked == k;
                        const double* forced =
                            keep || policy.canChange(t, k, locked, j, g)
                                ? &charge[block(locked, policy.nextTaken(j, !keep),
                                                policy.nextGap(g, !keep))]
                                : nullptr;
                        for (int x = 0; x <= n; ++x) {
                            value[x] = forced ? forced[x] : impossible;
                            decision[x] = static_cast<std::int8_t>(locked);
                        }
                        continue;
                    }
                    // Keeping the price wins ties, then the shallower step.
                    const double* stay = &charge[block(k, j, policy.nextGap(g, false))];
                    for (int x = 0; x <= n; ++x) {
                        value[x] = stay[x];
                        decision[x] = static_cast<std::int8_t>(k);
                    }
                    for (int k2 = 0; k2 < steps; ++k2) {
                        if (k2 == k || !policy.canChange(t, k, k2, j, g))
                            continue;
                        const double* move =
                            &charge[block(k2, policy.nextTaken(j, true), policy.nextGap(g, true))];
                        for (int x = 0; x <= n; ++x) {
                            if (better(move[x], value[x])) {
                                value[x] = move[x];
                                decision[x] = static_cast<std::int8_t>(k2);
                            }
                        }
                    }
                }
            }
        }
        std::swap(next, current);
    }
    plan.expectedObjective = next[block(problem.rules.startStep, 0, policy.initialGap()) + n];
    if (plan.expectedObjective == impossible && problem.rules.hasLocks())
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

void evaluatePolicy(MarkdownPlan& plan) {
    const MarkdownPolicy& policy = plan.policy;
    const MarkdownProblem& problem = policy.problem();
    const DemandTable& demand = policy.demand();
    const int n = problem.inventory;
    const int steps = static_cast<int>(problem.ladder.size());
    const int counts = policy.markdownCounts();
    const int gaps = policy.gaps();
    const size_t stride = size_t(n + 1);
    const auto block = [&](int step, int taken, int gap) {
        return ((size_t(step) * size_t(counts) + size_t(taken)) * size_t(gaps) + size_t(gap)) *
               stride;
    };
    const size_t size = size_t(steps) * size_t(counts) * size_t(gaps) * stride;
    // Probability of each state at the start of the week, pushed forward through the policy.
    std::vector<double> now(size, 0.0), later(size, 0.0);
    now[block(problem.rules.startStep, 0, policy.initialGap()) + n] = 1.0;
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
        std::fill(later.begin(), later.end(), 0.0);
        for (int k = 0; k < steps; ++k) {
            for (int j = 0; j < counts; ++j) {
                for (int g = 0; g < gaps; ++g) {
                    const double* share = &now[block(k, j, g)];
                    for (int x = 0; x <= n; ++x) {
                        const double p = share[x];
                        if (p <= 0.0)
                            continue;
                        const int k2 = policy.decide(t, x, k, j, g);
                        const bool changed = k2 != k;
                        double* to = &later[block(k2, policy.nextTaken(j, changed),
                                                  policy.nextGap(g, changed))];
                        const double* pmf = demand.probability(t, k2);
                        const double* atLeast = demand.atLeast(t, k2);
                        const double sold = p * demand.expectedSales(t, k2)[x];
                        week.expectedStock += p * x;
                        week.expectedUnits += sold;
                        week.expectedPrice += p * problem.price(k2);
                        if (k2 == week.step)
                            week.probabilityAtStep += p;
                        plan.expectedRevenue += sold * problem.price(k2);
                        plan.expectedMargin += sold * (problem.price(k2) - problem.unitCost);
                        to[0] += p * atLeast[x];
                        const int top = std::min(x, demand.endDemand(t, k2));
                        for (int d = demand.firstDemand(t, k2); d < top; ++d)
                            to[x - d] += p * pmf[d];
                    }
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
    for (size_t b = 0; b < size / stride; ++b) {
        for (int x = 0; x <= n; ++x) {
            const double p = now[b * stride + size_t(x)];
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
