// Fixed-schedule baselines against a direct recursion over demand outcomes, and the optimiser's
// plan against every rule in the grid (the optimum must dominate each feasible schedule).
#include "markdown/MarkdownBaselines.h"

#include "common/Error.h"

#include <QTest>
#include <algorithm>
#include <cmath>
#include <random>

using namespace mb::markdown;

namespace {

double poisson(double mean, int d) {
    return std::exp(-mean + d * std::log(mean) - std::lgamma(d + 1.0));
}

// Expected objective of a fixed schedule, written from the model's definition: weekly demand
// D ~ Poisson(mean[t][step]), sales min(D, stock), salvage on what is left.
double directValue(const MarkdownProblem& problem, const std::vector<int>& steps, int week,
                   int stock) {
    if (week == problem.weeks)
        return problem.salvageValue * stock;
    const int step = steps[size_t(week)];
    const double mean = problem.demand.mean[size_t(week)][size_t(step)];
    double value = 0.0, below = 0.0;
    for (int d = 0; d < stock; ++d) {
        const double p = poisson(mean, d);
        below += p;
        value +=
            p * (d * problem.unitReward(step) + directValue(problem, steps, week + 1, stock - d));
    }
    value += (1.0 - below) *
             (stock * problem.unitReward(step) + directValue(problem, steps, week + 1, 0));
    return value;
}

MarkdownProblem randomProblem(std::mt19937& random, int weeks, int inventory) {
    MarkdownProblem problem;
    problem.weeks = weeks;
    problem.inventory = inventory;
    problem.regularPrice = 20.0;
    problem.unitCost = 9.0;
    problem.salvageValue = std::uniform_real_distribution<double>(0.0, 4.0)(random);
    problem.ladder = {1.0, 0.8, 0.6, 0.45};
    problem.objective = random() % 2 ? MarkdownObjective::Revenue : MarkdownObjective::Margin;
    std::uniform_real_distribution<double> base(0.5, 3.0);
    for (int t = 0; t < weeks; ++t) {
        const double level = base(random) * std::exp(-0.1 * t);
        std::vector<double> means;
        for (double ratio : problem.ladder)
            means.push_back(level * std::pow(ratio, -2.5));
        problem.demand.mean.push_back(means);
    }
    return problem;
}

}  // namespace

class TestMarkdownBaselines : public QObject {
    Q_OBJECT

private slots:
    void scheduleValueMatchesDirectRecursion_data() {
        QTest::addColumn<int>("seed");
        for (int seed = 1; seed <= 12; ++seed)
            QTest::addRow("seed %d", seed) << seed;
    }
    void scheduleValueMatchesDirectRecursion() {
        QFETCH(int, seed);
        std::mt19937 random(static_cast<unsigned>(seed));
        const MarkdownProblem problem = randomProblem(random, 4, 7);
        FixedSchedule schedule{QStringLiteral("random"), {}};
        for (int t = 0; t < problem.weeks; ++t)
            schedule.steps.push_back(static_cast<int>(random() % problem.ladder.size()));
        const MarkdownPlan plan = evaluateSchedule(problem, schedule);
        const double expected = directValue(problem, schedule.steps, 0, problem.inventory);
        QVERIFY2(std::abs(plan.expectedObjective - expected) < 1e-9,
                 qPrintable(QStringLiteral("%1 vs %2").arg(plan.expectedObjective).arg(expected)));
        QCOMPARE(plan.schedule.size(), size_t(problem.weeks));
        for (int t = 0; t < problem.weeks; ++t)
            QCOMPARE(plan.schedule[size_t(t)].step, schedule.steps[size_t(t)]);
    }

    void gridHoldsEveryOneAndTwoStepRule() {
        std::mt19937 random(3);
        const MarkdownProblem problem = randomProblem(random, 6, 10);
        const std::vector<FixedSchedule> grid = fixedRuleGrid(problem);
        // Steps 1..3 after the start step 0, first change in weeks 2..6: one-step rules are
        // 3 x 5; two-step rules choose 2 of 3 steps and 2 of 5 weeks.
        QCOMPARE(grid.size(), size_t(3 * 5 + 3 * 10));
        for (const FixedSchedule& schedule : grid) {
            QCOMPARE(schedule.steps.front(), 0);
            QVERIFY(std::is_sorted(schedule.steps.begin(), schedule.steps.end()));
            QVERIFY(!schedule.name.isEmpty());
        }
        QCOMPARE(grid.front().name, QStringLiteral("-20% wk 2"));
    }

    void optimumDominatesEveryFeasibleRule_data() {
        QTest::addColumn<int>("seed");
        for (int seed = 1; seed <= 8; ++seed)
            QTest::addRow("seed %d", seed) << seed;
    }
    void optimumDominatesEveryFeasibleRule() {
        QFETCH(int, seed);
        std::mt19937 random(static_cast<unsigned>(seed) + 100);
        MarkdownProblem problem = randomProblem(random, 8, 25);
        problem.rules.monotone = true;  // every rule in the grid is monotone, so feasible
        const MarkdownPlan optimum = optimiseMarkdown(problem);
        const std::vector<FixedSchedule> grid = fixedRuleGrid(problem);
        const std::size_t best = bestSchedule(problem, grid);
        const double bestRule = evaluateSchedule(problem, grid[best]).expectedObjective;
        QVERIFY2(
            optimum.expectedObjective >= bestRule - 1e-9,
            qPrintable(QStringLiteral("%1 < %2").arg(optimum.expectedObjective).arg(bestRule)));
        const double none =
            evaluateSchedule(problem, noMarkdownSchedule(problem)).expectedObjective;
        QVERIFY(optimum.expectedObjective >= none - 1e-9);
        // The best rule is the best: no rule in the grid beats it.
        ScheduleEvaluator evaluator(problem);
        for (const FixedSchedule& schedule : grid)
            QVERIFY(evaluator.evaluate(schedule).expectedObjective <= bestRule + 1e-12);
    }

    // With deterministic demand the optimal policy is one schedule: evaluating that schedule
    // as a fixed baseline must give back the optimum.
    void deterministicOptimumIsItsOwnSchedule() {
        std::mt19937 random(9);
        MarkdownProblem problem = randomProblem(random, 6, 12);
        problem.demand.distribution = DemandDistribution::Deterministic;
        problem.rules.maxMarkdowns = 2;
        const MarkdownPlan optimum = optimiseMarkdown(problem);
        FixedSchedule followed{QStringLiteral("optimum"), {}};
        for (const PlannedWeek& week : optimum.schedule)
            followed.steps.push_back(week.step);
        QVERIFY(std::abs(evaluateSchedule(problem, followed).expectedObjective -
                         optimum.expectedObjective) < 1e-9);
    }

    void badScheduleIsRefused() {
        std::mt19937 random(1);
        const MarkdownProblem problem = randomProblem(random, 3, 5);
        QVERIFY_THROWS_EXCEPTION(
            mb::Error, evaluateSchedule(problem, FixedSchedule{QStringLiteral("x"), {0, 1}}));
        QVERIFY_THROWS_EXCEPTION(
            mb::Error, evaluateSchedule(problem, FixedSchedule{QStringLiteral("x"), {0, 9, 1}}));
    }
};

QTEST_GUILESS_MAIN(TestMarkdownBaselines)
#include "tst_markdownbaselines.moc"
