// The markdown optimiser against independent answers: a brute-force recursion over every
// feasible policy, closed forms, its own Monte Carlo, and Gallego & van Ryzin (1994).
#include "markdown/DemandTable.h"
#include "markdown/MarkdownOptimiser.h"
#include "markdown/MarkdownSimulation.h"
#include "markdown/SolveSize.h"

#include "common/Error.h"

#include <QTest>
#include <cmath>
#include <limits>
#include <random>

using namespace mb::markdown;

namespace {

constexpr double minusInfinity = -std::numeric_limits<double>::infinity();

// ---- Brute force, written from the problem's definition and sharing no optimiser code ----

// P(D = d) for d < stock, the rest of the mass at d = stock.
std::vector<double> demandOutcomes(const MarkdownProblem& problem, double mean, int stock) {
    std::vector<double> p(size_t(stock) + 1, 0.0);
    double below = 0.0;
    for (int d = 0; d < stock; ++d) {
        double pd = 0.0;
        if (problem.demand.distribution == DemandDistribution::Deterministic || mean == 0.0) {
            pd = (mean == 0.0 ? 0.0 : std::round(mean)) == d ? 1.0 : 0.0;
        } else if (problem.demand.distribution == DemandDistribution::Poisson) {
            pd = std::exp(-mean + d * std::log(mean) - std::lgamma(d + 1.0));
        } else {
            const double k = problem.demand.dispersion;
            pd = std::exp(std::lgamma(d + k) - std::lgamma(k) - std::lgamma(d + 1.0) +
                          k * std::log(k / (k + mean)) + d * std::log(mean / (k + mean)));
        }
        p[size_t(d)] = pd;
        below += pd;
    }
    p[size_t(stock)] = std::max(0.0, 1.0 - below);
    return p;
}

// Does the whole price history (start step first) obey every rule?
bool historyObeysRules(const MarkdownProblem& problem, const std::vector<int>& history) {
    const MarkdownRules& rules = problem.rules;
    std::vector<int> changeWeeks;
    for (size_t week = 1; week < history.size(); ++week) {
        const int step = history[week];
        const size_t lockAt = week - 1;
        if (lockAt < rules.lockedSteps.size() && rules.lockedSteps[lockAt] >= 0 &&
            step != rules.lockedSteps[lockAt])
            return false;
        if (step > rules.deepestStep)
            return false;
        if (rules.marginFloor > -1.0 && problem.regularPrice * problem.ladder[size_t(step)] <
                                            problem.unitCost * (1.0 + rules.marginFloor) - 1e-7)
            return false;
        if (rules.monotone && step < history[week - 1])
            return false;
        if (step != history[week - 1])
            changeWeeks.push_back(int(week));
    }
    if (int(changeWeeks.size()) > rules.maxMarkdowns)
        return false;
    for (size_t i = 0; i < changeWeeks.size(); ++i) {
        if (changeWeeks[i] < rules.earliestWeek)
            return false;
        if (i > 0 && changeWeeks[i] - changeWeeks[i - 1] < rules.minWeeksBetween)
            return false;
    }
    return true;
}

// Best expected money from here: a plain recursion over every decision, no memo.
double bruteForce(const MarkdownProblem& problem, std::vector<int>& history, int stock) {
    const int week = int(history.size()) - 1;  // weeks already priced
    if (week == problem.weeks) {
        double money = problem.salvageValue * stock;
        const double sold = problem.inventory - stock;
        const double missing = problem.rules.targetSellThrough * problem.inventory - sold;
        if (problem.rules.targetSellThrough > 0.0 && missing > 1e-9) {
            if (problem.rules.sellThroughPenalty < 0.0)
                return minusInfinity;
            money -= problem.rules.sellThroughPenalty * missing;
        }
        return money;
    }
    double best = minusInfinity;
    // No change in a week that starts with fewer units than the minimum, unless it is locked.
    const bool lowStock = stock < problem.rules.minOnHand && problem.rules.lockedStep(week) < 0;
    for (int step = 0; step < int(problem.ladder.size()); ++step) {
        if (lowStock && step != history.back())
            continue;
        history.push_back(step);
        if (historyObeysRules(problem, history)) {
            const double price = problem.regularPrice * problem.ladder[size_t(step)];
            const double perUnit =
                problem.objective == MarkdownObjective::Revenue ? price : price - problem.unitCost;
            const std::vector<double> p =
                demandOutcomes(problem, problem.demand.mean[size_t(week)][size_t(step)], stock);
            double value = 0.0;
            for (int d = 0; d <= stock; ++d) {
                if (p[size_t(d)] == 0.0)
                    continue;
                value += p[size_t(d)] * (perUnit * d + bruteForce(problem, history, stock - d));
            }
            best = std::max(best, value);
        }
        history.pop_back();
    }
    return best;
}

// ---- The optimiser's programme as it was first written: every (week, stock, step, markdowns
// taken, weeks since the last markdown) state, each decision tried in turn ----

// Decisions and values of that programme, sharing only the demand table with the optimiser.
struct ReferencePolicy {
    int weeks = 0, units = 0, steps = 0, counts = 0, gaps = 0;
    std::vector<double> value;
    std::vector<int> decision;
    size_t at(int t, int x, int k, int j, int g) const {
        return (((size_t(t) * size_t(units + 1) + size_t(x)) * size_t(steps) + size_t(k)) *
                    size_t(counts) +
                size_t(j)) *
                   size_t(gaps) +
               size_t(g);
    }
};

ReferencePolicy referencePolicy(const MarkdownProblem& problem) {
    const MarkdownRules& r = problem.rules;
    const DemandTable demand(problem);
    ReferencePolicy ref;
    ref.weeks = problem.weeks;
    ref.units = problem.inventory;
    ref.steps = int(problem.ladder.size());
    const int maxCount = std::min(r.maxMarkdowns, problem.weeks);
    ref.counts = maxCount + 1;
    const int spacing = std::min(r.minWeeksBetween, problem.weeks);
    ref.gaps = spacing + 1;
    ref.value.assign(ref.at(problem.weeks + 1, 0, 0, 0, 0), 0.0);
    ref.decision.assign(ref.value.size(), -1);
    for (int x = 0; x <= ref.units; ++x)
        for (int k = 0; k < ref.steps; ++k)
            for (int j = 0; j < ref.counts; ++j)
                for (int g = 0; g < ref.gaps; ++g) {
                    const double shortfall = problem.shortfall(x);
                    ref.value[ref.at(problem.weeks, x, k, j, g)] =
                        shortfall > 0.0 && problem.hardTarget()
                            ? minusInfinity
                            : problem.salvageValue * x -
                                  (problem.hardTarget() ? 0.0 : r.sellThroughPenalty) * shortfall;
                }
    for (int t = problem.weeks - 1; t >= 0; --t) {
        const int locked = r.lockedStep(t);
        for (int x = 0; x <= ref.units; ++x)
            for (int k = 0; k < ref.steps; ++k)
                for (int j = 0; j < ref.counts; ++j)
                    for (int g = 0; g < ref.gaps; ++g) {
                        double best = minusInfinity;
                        int chosen = locked >= 0 ? locked : k;
                        for (int pass = 0; pass <= ref.steps; ++pass) {
                            // Keeping the price first, then every other step from the shallowest.
                            const int k2 = pass == 0 ? k : pass - 1;
                            if ((pass > 0 && k2 == k) || (locked >= 0 && k2 != locked) ||
                                !problem.stepAllowed(k2))
                                continue;
                            const bool change = k2 != k;
                            if (change &&
                                ((r.monotone && k2 < k) || j >= maxCount || g < spacing ||
                                 t + 1 < r.earliestWeek || (x < r.minOnHand && locked < 0)))
                                continue;
                            const int j2 = change ? j + 1 : j;
                            const int g2 = change ? std::min(1, spacing) : std::min(g + 1, spacing);
                            const double* p = demand.probability(t, k2);
                            double money = problem.unitReward(k2) * demand.expectedSales(t, k2)[x];
                            double later = 0.0;
                            for (int d = 0; d <= x; ++d) {
                                const double chance = d < x ? p[d] : demand.atLeast(t, k2)[x];
                                if (chance > 0.0)
                                    later += chance * ref.value[ref.at(t + 1, x - d, k2, j2, g2)];
                            }
                            money += later;
                            const bool improves =
                                best == minusInfinity
                                    ? money > best
                                    : money - best > 1e-12 * (1.0 + std::abs(best));
                            if (improves) {
                                best = money;
                                chosen = k2;
                            }
                        }
                        ref.value[ref.at(t, x, k, j, g)] = best;
                        ref.decision[ref.at(t, x, k, j, g)] = chosen;
                    }
    }
    return ref;
}

// Random instances 1..count as test rows.
void addSeeds(int count) {
    QTest::addColumn<int>("seed");
    for (int seed = 1; seed <= count; ++seed)
        QTest::addRow("instance %d", seed) << seed;
}

// ---- Instances ----

// Demand that rises as the price falls (constant elasticity) and fades over the season.
MarkdownProblem makeProblem(std::uint64_t seed, int weeks, int inventory, int steps,
                            DemandDistribution distribution) {
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    MarkdownProblem problem;
    problem.weeks = weeks;
    problem.inventory = inventory;
    problem.regularPrice = 20.0 + 30.0 * uniform(random);
    problem.unitCost = problem.regularPrice * (0.3 + 0.3 * uniform(random));
    problem.salvageValue = problem.unitCost * 0.3 * uniform(random);
    double multiplier = 1.0;
    for (int k = 0; k < steps; ++k) {
        problem.ladder.push_back(multiplier);
        multiplier -= 0.05 + 0.1 * uniform(random);  // deepest step 0.25 or more
    }
    const double elasticity = 1.0 + 3.0 * uniform(random);
    const double base = 0.3 + 2.0 * inventory / weeks * uniform(random);
    problem.demand.distribution = distribution;
    problem.demand.dispersion = 0.5 + 3.0 * uniform(random);
    for (int t = 0; t < weeks; ++t) {
        std::vector<double> row;
        const double season = 1.0 - 0.5 * t / weeks;
        for (int k = 0; k < steps; ++k)
            row.push_back(base * season * std::pow(problem.ladder[size_t(k)], -elasticity));
        problem.demand.mean.push_back(row);
    }
    problem.rules.monotone = false;
    problem.rules.sellThroughPenalty = 0.0;
    return problem;
}

enum class RuleSet {
    None,
    Monotone,
    Count,
    Spacing,
    Earliest,
    Floor,
    Deepest,
    StartStep,
    SoftTarget,
    HardTarget,
    All,
    AllHard,
    Locked,
    AllLocked,
    LockConflict,
    NoMarkdowns,
    NoMarkdownsLocked,
    MinOnHand,
    AllMinOnHand,
    CountSpacing3
};

void applyRules(MarkdownProblem& problem, RuleSet rules) {
    MarkdownRules& r = problem.rules;
    const int steps = int(problem.ladder.size());
    const bool all = rules == RuleSet::All || rules == RuleSet::AllHard ||
                     rules == RuleSet::AllLocked || rules == RuleSet::AllMinOnHand;
    r.lockedSteps.assign(size_t(problem.weeks), -1);
    if (rules == RuleSet::Locked)  // a shallow step in week 2 and the start step in the last
        r.lockedSteps[1] = 1, r.lockedSteps.back() = 0;
    if (rules == RuleSet::AllLocked)  // the deepest step the floor allows, in week 3
        r.lockedSteps[2] = steps - 2;
    if (rules == RuleSet::NoMarkdowns || rules == RuleSet::NoMarkdownsLocked) {
        r.monotone = true;  // a count of 0 binds with a single count state
        r.maxMarkdowns = 0;
    }
    if (rules == RuleSet::NoMarkdownsLocked)  // a markdown the count forbids (fuzzing found it)
        r.lockedSteps[1] = 1;
    if (rules == RuleSet::LockConflict) {  // a markdown locked before the earliest week
        r.earliestWeek = 3;
        r.lockedSteps[1] = 1;
    }
    if (rules == RuleSet::MinOnHand || rules == RuleSet::AllMinOnHand)
        r.minOnHand = problem.inventory / 2 + 1;  // binds once half the stock has sold
    if (rules == RuleSet::CountSpacing3) {  // two markdowns three weeks apart, prices may rise
        r.maxMarkdowns = 2;
        r.minWeeksBetween = 3;
    }
    if (rules == RuleSet::Monotone || all)
        r.monotone = true;
    if (rules == RuleSet::Count || all)
        r.maxMarkdowns = 1;
    if (rules == RuleSet::Spacing || all)
        r.minWeeksBetween = 2;
    if (rules == RuleSet::Earliest || all)
        r.earliestWeek = 2;
    if (rules == RuleSet::Floor || all)  // a floor between the last two steps
        r.marginFloor =
            (problem.price(steps - 1) + problem.price(steps - 2)) / 2.0 / problem.unitCost - 1.0;
    if (rules == RuleSet::Deepest || all)
        r.deepestStep = steps - 2;
    if (rules == RuleSet::StartStep)
        r.startStep = 1;
    if (rules == RuleSet::SoftTarget || rules == RuleSet::HardTarget || all) {
        r.targetSellThrough = 0.5;
        r.sellThroughPenalty =
            rules == RuleSet::SoftTarget || rules == RuleSet::All || rules == RuleSet::AllLocked
                ? problem.regularPrice * 0.4
                : -1.0;
    }
}

const char* ruleName(RuleSet rules) {
    static const char* names[] = {"none",
                                  "monotone",
                                  "count",
                                  "spacing",
                                  "earliest",
                                  "floor",
                                  "deepest",
                                  "start-step",
                                  "soft-target",
                                  "hard-target",
                                  "all",
                                  "all-hard",
                                  "locked",
                                  "all-locked",
                                  "lock-conflict",
                                  "no-markdowns",
                                  "no-markdowns-locked",
                                  "min-on-hand",
                                  "all-min-on-hand",
                                  "count-spacing-3"};
    return names[int(rules)];
}

double objectiveFromFigures(const MarkdownPlan& plan) {
    const MarkdownProblem& problem = plan.policy.problem();
    return (problem.objective == MarkdownObjective::Revenue ? plan.expectedRevenue
                                                            : plan.expectedMargin) +
           plan.expectedSalvage - plan.expectedPenalty;
}

// Gallego & van Ryzin (1994), "Optimal dynamic pricing of inventories with stochastic demand
// over finite horizons", Management Science 40(8), exponential example: with intensity
// a exp(-alpha p), J*(n, t) = (1/alpha) ln sum_{i<=n} (lambda* t)^i / i! with lambda* = a / e.
// (Check: J_n = ln S_n / alpha solves dJ_n/dt = max_p lambda(p) (p - J_n + J_{n-1}), whose
// maximiser is p = J_n - J_{n-1} + 1/alpha and value (lambda*/alpha) S_{n-1} / S_n.)
double gallegoVanRyzin(double a, double alpha, int units, double horizon) {
    const double rate = a / std::exp(1.0) * horizon;
    double sum = 0.0, term = 1.0;
    for (int i = 0; i <= units; ++i) {
        sum += term;
        term *= rate / (i + 1);
    }
    return std::log(sum) / alpha;
}

MarkdownProblem gallegoVanRyzinProblem(double a, double alpha, int units, double horizon,
                                       int periods, double priceStep) {
    MarkdownProblem problem;
    problem.weeks = periods;
    problem.inventory = units;
    problem.regularPrice = 1.0;
    for (double p = 3.5; p > 0.9; p -= priceStep)
        problem.ladder.push_back(p);
    problem.demand.distribution = DemandDistribution::Poisson;
    const double length = horizon / periods;
    for (int t = 0; t < periods; ++t) {
        std::vector<double> row;
        for (double p : problem.ladder)
            row.push_back(a * std::exp(-alpha * p) * length);
        problem.demand.mean.push_back(row);
    }
    problem.rules.monotone = false;
    problem.rules.startStep = 0;
    return problem;
}

// A chain-scale item: 52 weeks, `units` on hand, 10 steps, demand of elasticity 2 fading over
// the season; at most 4 markdowns at least 2 weeks apart.
MarkdownProblem chainItem(int weeks, int units, int steps) {
    MarkdownProblem problem;
    problem.weeks = weeks;
    problem.inventory = units;
    problem.regularPrice = 50.0;
    problem.unitCost = 20.0;
    for (int k = 0; k < steps; ++k)
        problem.ladder.push_back(1.0 - 0.7 * k / std::max(steps - 1, 1));
    for (int t = 0; t < weeks; ++t) {
        std::vector<double> row;
        for (double multiplier : problem.ladder)
            row.push_back(units / 66.0 * (1.0 - 0.5 * t / weeks) * std::pow(multiplier, -2.0));
        problem.demand.mean.push_back(row);
    }
    problem.rules.maxMarkdowns = 4;
    problem.rules.minWeeksBetween = 2;
    return problem;
}

}  // namespace

class TestMarkdownOptimiser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesBruteForce_data() {
        QTest::addColumn<int>("seed");
        QTest::addColumn<int>("distribution");
        QTest::addColumn<int>("objective");
        QTest::addColumn<int>("rules");
        QTest::addColumn<int>("weeks");
        QTest::addColumn<int>("inventory");
        QTest::addColumn<int>("steps");
        int seed = 11;
        for (int distribution = 0; distribution < 3; ++distribution) {
            const bool deterministic = distribution == int(DemandDistribution::Deterministic);
            for (int objective = 0; objective < 2; ++objective) {
                for (int rules = 0; rules <= int(RuleSet::CountSpacing3); ++rules) {
                    const auto set = RuleSet(rules);
                    if (!deterministic && (set == RuleSet::HardTarget || set == RuleSet::AllHard))
                        continue;
                    // Stochastic brute force grows as (steps x (units + 1))^weeks.
                    const int weeks = deterministic ? 5 : (rules % 2 ? 4 : 3);
                    const int inventory = deterministic ? 8 : (rules % 2 ? 5 : 8);
                    const int steps = deterministic ? 4 : (rules % 2 ? 3 : 4);
                    QTest::addRow("%s/%s/%s",
                                  distribution == 0   ? "poisson"
                                  : distribution == 1 ? "negbin"
                                                      : "deterministic",
                                  objective == 0 ? "revenue" : "margin", ruleName(set))
                        << seed++ << distribution << objective << rules << weeks << inventory
                        << steps;
                }
            }
        }
    }

    void matchesBruteForce() {
        QFETCH(int, seed);
        QFETCH(int, distribution);
        QFETCH(int, objective);
        QFETCH(int, rules);
        QFETCH(int, weeks);
        QFETCH(int, inventory);
        QFETCH(int, steps);
        MarkdownProblem problem = makeProblem(std::uint64_t(seed), weeks, inventory, steps,
                                              DemandDistribution(distribution));
        problem.objective = MarkdownObjective(objective);
        applyRules(problem, RuleSet(rules));
        std::vector<int> history{problem.rules.startStep};
        const double expected = bruteForce(problem, history, inventory);
        if (expected == minusInfinity) {
            QVERIFY_THROWS_EXCEPTION(mb::Error, optimiseMarkdown(problem));
            return;
        }
        const MarkdownPlan plan = optimiseMarkdown(problem);
        QVERIFY2(std::abs(plan.expectedObjective - expected) <= 1e-9 * (1.0 + std::abs(expected)),
                 qPrintable(QStringLiteral("dp %1, brute force %2")
                                .arg(plan.expectedObjective, 0, 'g', 15)
                                .arg(expected, 0, 'g', 15)));
        // The forward evaluation of the policy reproduces the optimum from its own figures.
        QVERIFY(std::abs(objectiveFromFigures(plan) - expected) <=
                1e-8 * (1.0 + std::abs(expected)));
        QVERIFY(std::abs(plan.expectedUnits + plan.expectedLeftover - inventory) <
                1e-9 * inventory + 1e-12);
        QCOMPARE(int(plan.schedule.size()), weeks);
    }

    void sameDecisionsAsEveryState_data() { addSeeds(60); }

    // The held-run programme decides as the full-state one in every state a season can reach
    // (every demand with a chance), under random rules, and reaches the same optimum.
    void sameDecisionsAsEveryState() {
        QFETCH(int, seed);
        std::mt19937_64 random(std::uint64_t(seed) * 104729);
        const auto pick = [&](int low, int high) {
            return std::uniform_int_distribution<int>(low, high)(random);
        };
        const int weeks = pick(2, 9), steps = pick(2, 5);
        const auto distribution = DemandDistribution(seed % 3);
        MarkdownProblem problem =
            makeProblem(std::uint64_t(seed) + 500, weeks, pick(0, 25), steps, distribution);
        problem.objective = MarkdownObjective(seed % 2);
        MarkdownRules& r = problem.rules;
        r.monotone = pick(0, 3) > 0;
        r.maxMarkdowns = pick(0, 4);
        r.minWeeksBetween = pick(0, 4);
        r.earliestWeek = pick(1, 3);
        r.deepestStep = pick(1, steps - 1);
        r.minOnHand = pick(0, 2) == 0 ? pick(1, std::max(1, problem.inventory)) : 0;
        r.targetSellThrough = pick(0, 1) ? 0.5 : 0.0;
        r.sellThroughPenalty = distribution == DemandDistribution::Deterministic && pick(0, 1)
                                   ? -1.0
                                   : problem.regularPrice * 0.3;
        if (pick(0, 3) == 0) {
            r.lockedSteps.assign(size_t(weeks), -1);
            r.lockedSteps[size_t(pick(0, weeks - 1))] = pick(0, r.deepestStep);
        }
        const ReferencePolicy ref = referencePolicy(problem);
        const double expected = ref.value[ref.at(0, problem.inventory, r.startStep, 0,
                                                 std::min(r.minWeeksBetween, weeks))];
        if (expected == minusInfinity) {
            QVERIFY_THROWS_EXCEPTION(mb::Error, optimiseMarkdown(problem));
            return;
        }
        const MarkdownPlan plan = optimiseMarkdown(problem);
        QVERIFY(std::abs(plan.expectedObjective - expected) <= 1e-9 * (1.0 + std::abs(expected)));
        // Every reachable state, week by week (the reference's weeks-since is not capped at 1).
        const MarkdownPolicy& policy = plan.policy;
        struct State {
            int x, k, j, g, taken, gap;
        };
        std::vector<State> states{{problem.inventory, r.startStep, 0,
                                   std::min(r.minWeeksBetween, weeks), 0, policy.initialGap()}};
        int compared = 0;
        for (int t = 0; t < weeks; ++t) {
            std::vector<State> next;
            std::vector<std::uint8_t> seen(ref.value.size(), 0);
            const DemandTable& demand = policy.demand();
            for (const State& s : states) {
                const int want = ref.decision[ref.at(t, s.x, s.k, s.j, s.g)];
                const int got = policy.decide(t, s.x, s.k, s.taken, s.gap);
                QCOMPARE(got, want);
                ++compared;
                const bool change = want != s.k;
                const int spacing = std::min(r.minWeeksBetween, weeks);
                const State after{0,
                                  want,
                                  change ? s.j + 1 : s.j,
                                  change ? std::min(1, spacing) : std::min(s.g + 1, spacing),
                                  policy.nextTaken(s.taken, change),
                                  policy.nextGap(s.gap, change)};
                for (int d = 0; d <= s.x; ++d) {
                    const double chance =
                        d < s.x ? demand.probability(t, want)[d] : demand.atLeast(t, want)[s.x];
                    const size_t key = ref.at(t + 1, s.x - d, after.k, after.j, after.g);
                    if (chance > 0.0 && !seen[key]) {
                        seen[key] = 1;
                        State reached = after;
                        reached.x = s.x - d;
                        next.push_back(reached);
                    }
                }
            }
            states = std::move(next);
        }
        QVERIFY(compared >= weeks);
    }

    void obeysRules_data() { addSeeds(120); }

    // Every price path the policy can take, under any demand, keeps every rule.
    void obeysRules() {
        QFETCH(int, seed);
        std::mt19937_64 random(std::uint64_t(seed) * 7919);
        const auto pick = [&](int low, int high) {
            return std::uniform_int_distribution<int>(low, high)(random);
        };
        const int weeks = pick(2, 13), steps = pick(2, 6);
        MarkdownProblem problem = makeProblem(std::uint64_t(seed), weeks, pick(0, 40), steps,
                                              DemandDistribution(seed % 3));
        problem.objective = MarkdownObjective(seed % 2);
        MarkdownRules& r = problem.rules;
        r.monotone = pick(0, 3) > 0;
        r.maxMarkdowns = pick(0, 4);
        r.minWeeksBetween = pick(0, 4);
        r.earliestWeek = pick(1, weeks + 1);
        r.deepestStep = pick(0, steps - 1);
        r.startStep = pick(0, r.deepestStep);
        r.marginFloor = pick(0, 1)
                            ? problem.price(pick(r.startStep, steps - 1)) / problem.unitCost - 1.0
                            : -1.0;
        if (!problem.stepAllowed(r.startStep))
            r.marginFloor = -1.0;
        r.targetSellThrough = pick(0, 1) ? 0.6 : 0.0;
        r.sellThroughPenalty = 2.0;
        r.minOnHand = pick(0, 2) == 0 ? pick(1, std::max(1, problem.inventory)) : 0;
        // Sometimes lock one week at the step the unlocked plan's mean path charges there, which
        // every rule allows; then the policy must charge it on every path.
        int lockedWeek = -1, lockedStep = -1;
        if (seed % 4 == 0) {
            const MarkdownPlan free = optimiseMarkdown(problem);
            lockedWeek = pick(0, weeks - 1);
            lockedStep = free.schedule[size_t(lockedWeek)].step;
            r.lockedSteps.assign(size_t(weeks), -1);
            r.lockedSteps[size_t(lockedWeek)] = lockedStep;
        }
        const MarkdownPlan plan = optimiseMarkdown(problem);
        const MarkdownPolicy& policy = plan.policy;
        // Each path: the steps charged (start step first) and the stock each week starts with.
        std::vector<std::vector<int>> paths, stocks;
        std::vector<int> meanPath{r.startStep}, meanStock;
        for (const PlannedWeek& week : plan.schedule) {
            meanPath.push_back(week.step);
            meanStock.push_back(week.pathStock);
        }
        paths.push_back(meanPath);
        stocks.push_back(meanStock);
        for (int walk = 0; walk < 60; ++walk) {
            int stock = problem.inventory, step = r.startStep, taken = 0, gap = policy.initialGap();
            std::vector<int> path{step}, stockPath;
            for (int t = 0; t < weeks; ++t) {
                stockPath.push_back(stock);
                const int next = policy.decide(t, stock, step, taken, gap);
                QVERIFY(next >= 0 && next < steps);
                stock -= pick(0, stock);  // any demand at all
                taken = policy.nextTaken(taken, next != step);
                gap = policy.nextGap(gap, next != step);
                step = next;
                path.push_back(step);
            }
            paths.push_back(path);
            stocks.push_back(stockPath);
        }
        for (size_t i = 0; i < paths.size(); ++i) {
            const std::vector<int>& path = paths[i];
            int changes = 0, lastChange = -1000;
            for (int week = 1; week <= weeks; ++week) {
                const int step = path[size_t(week)];
                if (week - 1 == lockedWeek)
                    QCOMPARE(step, lockedStep);
                QVERIFY(step <= r.deepestStep);
                if (r.marginFloor > -1.0)
                    QVERIFY(problem.price(step) >= problem.unitCost * (1.0 + r.marginFloor) - 1e-7);
                if (step == path[size_t(week - 1)])
                    continue;
                if (r.monotone)
                    QVERIFY(step > path[size_t(week - 1)]);
                QVERIFY(week >= r.earliestWeek);
                QVERIFY(stocks[i][size_t(week - 1)] >= r.minOnHand || week - 1 == lockedWeek);
                QVERIFY(week - lastChange >= r.minWeeksBetween);
                lastChange = week;
                ++changes;
            }
            QVERIFY(changes <= r.maxMarkdowns);
        }
    }

    void monteCarloAgrees_data() {
        QTest::addColumn<int>("seed");
        QTest::addColumn<int>("distribution");
        for (int seed = 1; seed <= 6; ++seed)
            QTest::addRow("instance %d", seed) << seed << seed % 3;
    }

    // The simulated mean is an unbiased estimate of the exact expectation: within 4 standard
    // errors (a false alarm about once in 16,000 runs; the seed is fixed anyway).
    void monteCarloAgrees() {
        QFETCH(int, seed);
        QFETCH(int, distribution);
        MarkdownProblem problem =
            makeProblem(std::uint64_t(seed) + 100, 8, 60, 5, DemandDistribution(distribution));
        applyRules(problem, RuleSet::All);
        const MarkdownPlan plan = optimiseMarkdown(problem);
        const MarkdownSimulation simulation =
            simulatePolicy(plan.policy, 20000, std::uint64_t(seed));
        QCOMPARE(simulation.seasons, 20000);
        QVERIFY2(std::abs(simulation.objective.mean - plan.expectedObjective) <=
                     4.0 * simulation.objective.standardError + 1e-9,
                 qPrintable(QStringLiteral("simulated %1 +- %2, exact %3")
                                .arg(simulation.objective.mean)
                                .arg(simulation.objective.standardError)
                                .arg(plan.expectedObjective)));
        QVERIFY(std::abs(simulation.units.mean - plan.expectedUnits) <=
                4.0 * simulation.units.standardError + 1e-9);
        QVERIFY(simulation.objective.p10 <= simulation.objective.p90);
        if (distribution == int(DemandDistribution::Deterministic)) {
            QVERIFY(std::abs(simulation.objective.p10 - plan.expectedObjective) <
                    1e-9 * (1.0 + std::abs(plan.expectedObjective)));
            QVERIFY(std::abs(simulation.objective.p90 - plan.expectedObjective) <
                    1e-9 * (1.0 + std::abs(plan.expectedObjective)));
        }
        // Same seed, same figures.
        const MarkdownSimulation again = simulatePolicy(plan.policy, 20000, std::uint64_t(seed));
        QCOMPARE(again.objective.mean, simulation.objective.mean);
    }

    void ampleStockClosedForm_data() {
        QTest::addColumn<int>("seed");
        QTest::addColumn<bool>("stationary");
        for (int seed = 1; seed <= 8; ++seed)
            QTest::addRow("instance %d%s", seed, seed % 2 ? " stationary" : "")
                << seed << bool(seed % 2);
    }

    // With more stock than any schedule can sell, each week is its own problem: the total is
    // salvage x inventory + sum over weeks of max over steps of (unit reward - salvage) x demand.
    void ampleStockClosedForm() {
        QFETCH(int, seed);
        QFETCH(bool, stationary);
        MarkdownProblem problem =
            makeProblem(std::uint64_t(seed) + 500, 10, 10, 5, DemandDistribution::Deterministic);
        problem.objective = MarkdownObjective(seed % 2);
        if (stationary) {
            for (auto& row : problem.demand.mean)
                row = problem.demand.mean.front();
            // Stationary demand needs at most one markdown, in week 1.
            problem.rules.monotone = true;
            problem.rules.maxMarkdowns = 1;
        }
        double total = 0.0;
        for (auto& row : problem.demand.mean) {
            const double most = *std::max_element(row.begin(), row.end());
            for (double& mean : row)
                mean *= most > 20.0 ? 20.0 / most : 1.0;  // keeps the stock, and the test, small
            total += std::round(*std::max_element(row.begin(), row.end()));
        }
        problem.inventory = int(total) + 5;
        double expected = problem.salvageValue * problem.inventory;
        for (const auto& row : problem.demand.mean) {
            double best = -1e300;
            for (int k = 0; k < int(row.size()); ++k)
                best = std::max(best, (problem.unitReward(k) - problem.salvageValue) *
                                          std::round(row[size_t(k)]));
            expected += best;
        }
        const MarkdownPlan plan = optimiseMarkdown(problem);
        QVERIFY(std::abs(plan.expectedObjective - expected) <= 1e-9 * (1.0 + std::abs(expected)));
    }

    void gallegoVanRyzinLimit_data() {
        QTest::addColumn<int>("units");
        QTest::addColumn<double>("a");
        QTest::addRow("3 units, lambda* t = 2") << 3 << 2.0 * std::exp(1.0);
        QTest::addRow("5 units, lambda* t = 5") << 5 << 5.0 * std::exp(1.0);
        QTest::addRow("8 units, lambda* t = 4") << 8 << 4.0 * std::exp(1.0);
    }

    // A fixed price per period is one continuous-time policy, so the DP can never beat J*.
    // Its loss has two parts: prices cannot react to a sale inside a period, which costs O(1/P)
    // (so the gap must halve as the periods double), and the price grid of step h: the revenue
    // rate lambda(p) (p - delta) has second derivative -alpha lambda(p*) >= -alpha lambda* at
    // its peak, so a grid loses at most alpha lambda* (h/2)^2 / 2 per unit of time. That bound
    // is what must remain once the O(1/P) part is extrapolated away (Richardson: 2 g(2P) - g(P)).
    void gallegoVanRyzinLimit() {
        QFETCH(int, units);
        QFETCH(double, a);
        const double alpha = 1.0, horizon = 1.0, h = 0.025;
        const double exact = gallegoVanRyzin(a, alpha, units, horizon);
        std::vector<double> gaps;
        for (int periods : {50, 100, 200}) {
            const MarkdownPlan plan =
                optimiseMarkdown(gallegoVanRyzinProblem(a, alpha, units, horizon, periods, h));
            const double gap = exact - plan.expectedObjective;
            qInfo("%d periods: DP %.6f, J* %.6f, gap %.6f", periods, plan.expectedObjective, exact,
                  gap);
            QVERIFY2(
                gap > -1e-9,
                qPrintable(
                    QStringLiteral("DP %1 beats J* %2").arg(plan.expectedObjective).arg(exact)));
            if (!gaps.empty()) {
                const double ratio = gap / gaps.back();
                QVERIFY2(ratio > 0.4 && ratio < 0.7,
                         qPrintable(QStringLiteral("gap ratio %1 on doubling").arg(ratio)));
            }
            gaps.push_back(gap);
        }
        const double gridBound = alpha * a / std::exp(1.0) * (h / 2) * (h / 2) / 2 * horizon;
        const double extrapolated = 2.0 * gaps[2] - gaps[1];
        QVERIFY2(std::abs(extrapolated) <= gridBound,
                 qPrintable(QStringLiteral("extrapolated gap %1, grid bound %2")
                                .arg(extrapolated)
                                .arg(gridBound)));
    }

    // The size limit is on the real work: 52 weeks x 2,000 units x 10 steps with at most 4
    // markdowns 2 weeks apart is within it and solved (no better than without the count and
    // spacing rules); an item far beyond is refused before any table is built, naming its size.
    void sizeLimitOnRealWork() {
        MarkdownProblem problem = chainItem(52, 2000, 10);
        QVERIFY2(problem.problems().isEmpty(), qPrintable(problem.problems().join(u'\n')));
        const MarkdownPlan plan = optimiseMarkdown(problem);
        QVERIFY(plan.policy.decisionBytes() <= estimateSolveSize(problem).decisionBytes);
        QVERIFY(plan.policy.decisionBytes() < size_t(4) << 20);
        MarkdownProblem monotoneOnly = problem;
        monotoneOnly.rules.maxMarkdowns = std::numeric_limits<int>::max();
        monotoneOnly.rules.minWeeksBetween = 0;
        const double relaxed = optimiseMarkdown(monotoneOnly).expectedObjective;
        QVERIFY(plan.expectedObjective <= relaxed * (1.0 + 1e-12));
        QVERIFY(plan.expectedObjective > 0.9 * relaxed);

        const MarkdownProblem huge = chainItem(520, 1000000, 20);
        const QStringList problems = huge.problems();
        QCOMPARE(problems.size(), 1);
        for (const char* part : {"520 weeks x 1000000 units x 20 steps",
                                 "at most 4 markdowns at least 2 weeks apart", "min_weeks_between"})
            QVERIFY2(problems.front().contains(QLatin1String(part)), qPrintable(problems.front()));
        QVERIFY_THROWS_EXCEPTION(mb::Error, optimiseMarkdown(huge));
    }

    void rejectsBadProblems_data() {
        QTest::addColumn<QString>("change");
        for (const char* change : {"weeks", "ladder order", "mean rows", "negative mean",
                                   "start step", "hard stochastic", "dispersion"})
            QTest::newRow(change) << QString::fromLatin1(change);
    }

    void rejectsBadProblems() {
        QFETCH(QString, change);
        MarkdownProblem problem = makeProblem(3, 4, 10, 3, DemandDistribution::NegativeBinomial);
        QVERIFY(problem.problems().isEmpty());
        if (change == QLatin1String("weeks"))
            problem.weeks = 0;
        else if (change == QLatin1String("ladder order"))
            problem.ladder[2] = problem.ladder[0];
        else if (change == QLatin1String("mean rows"))
            problem.demand.mean.pop_back();
        else if (change == QLatin1String("negative mean"))
            problem.demand.mean[1][1] = -1.0;
        else if (change == QLatin1String("start step"))
            problem.rules.startStep = 3;
        else if (change == QLatin1String("hard stochastic")) {
            problem.rules.targetSellThrough = 0.5;
            problem.rules.sellThroughPenalty = -1.0;
        } else
            problem.demand.dispersion = 0.0;
        QVERIFY(!problem.problems().isEmpty());
        QVERIFY_THROWS_EXCEPTION(mb::Error, optimiseMarkdown(problem));
    }
};

QTEST_GUILESS_MAIN(TestMarkdownOptimiser)
#include "tst_markdownoptimiser.moc"
