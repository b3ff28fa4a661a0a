#include "markdown/MarkdownBaselines.h"

#include "common/Error.h"

#include <cmath>
#include <limits>

namespace mb::markdown {

namespace {

// The rules a fixed schedule is evaluated under: none that could forbid what it does, so the
// policy table needs one block per step and week only. The target stays (for its penalty).
MarkdownProblem unconstrained(const MarkdownProblem& problem) {
    MarkdownProblem relaxed = problem;
    MarkdownRules rules;
    rules.monotone = false;
    rules.startStep = problem.rules.startStep;
    rules.targetSellThrough = problem.rules.targetSellThrough;
    rules.sellThroughPenalty = problem.rules.sellThroughPenalty;
    relaxed.rules = rules;
    return relaxed;
}

QString discountText(double ladderRatio) {
    return QStringLiteral("-%1%").arg(std::lround((1.0 - ladderRatio) * 100.0));
}

}  // namespace

double planObjective(const MarkdownProblem& problem, const MarkdownPlan& plan) {
    const double money = problem.objective == MarkdownObjective::Revenue ? plan.expectedRevenue
                                                                         : plan.expectedMargin;
    return money + plan.expectedSalvage - plan.expectedPenalty;
}

ScheduleEvaluator::ScheduleEvaluator(const MarkdownProblem& problem)
    : problem_(unconstrained(problem)) {
    plan_.policy = MarkdownPolicy(problem_, DemandTable(problem_));
}

const MarkdownPlan& ScheduleEvaluator::evaluate(const FixedSchedule& schedule) {
    const int steps = static_cast<int>(problem_.ladder.size());
    if (static_cast<int>(schedule.steps.size()) != problem_.weeks)
        throw Error(QStringLiteral("schedule %1 has %2 weeks; the item has %3")
                        .arg(schedule.name)
                        .arg(schedule.steps.size())
                        .arg(problem_.weeks));
    for (int week = 0; week < problem_.weeks; ++week) {
        const int next = schedule.steps[size_t(week)];
        if (next < 0 || next >= steps)
            throw Error(QStringLiteral("schedule %1, week %2: step %3 is not on the ladder (0-%4)")
                            .arg(schedule.name)
                            .arg(week + 1)
                            .arg(next)
                            .arg(steps - 1));
        for (int step = 0; step < steps; ++step)
            for (int stock = 0; stock <= problem_.inventory; ++stock)
                plan_.policy.setDecision(week, stock, step, 0, 0, next);
    }
    evaluatePolicy(plan_);
    plan_.expectedObjective = planObjective(problem_, plan_);
    return plan_;
}

MarkdownPlan evaluateSchedule(const MarkdownProblem& problem, const FixedSchedule& schedule) {
    ScheduleEvaluator evaluator(problem);
    return evaluator.evaluate(schedule);
}

FixedSchedule noMarkdownSchedule(const MarkdownProblem& problem) {
    return {QStringLiteral("no markdown"),
            std::vector<int>(size_t(problem.weeks), problem.rules.startStep)};
}

std::vector<FixedSchedule> fixedRuleGrid(const MarkdownProblem& problem) {
    const int weeks = problem.weeks;
    const int steps = static_cast<int>(problem.ladder.size());
    const int start = problem.rules.startStep;
    std::vector<FixedSchedule> grid;
    for (int a = start + 1; a < steps; ++a) {
        for (int w = 2; w <= weeks; ++w) {
            FixedSchedule one;
            one.name =
                QStringLiteral("%1 wk %2").arg(discountText(problem.ladder[size_t(a)])).arg(w);
            one.steps.assign(size_t(weeks), start);
            for (int t = w - 1; t < weeks; ++t)
                one.steps[size_t(t)] = a;
            grid.push_back(one);
            for (int b = a + 1; b < steps; ++b) {
                for (int v = w + 1; v <= weeks; ++v) {
                    FixedSchedule two = one;
                    two.name += QStringLiteral(", %1 wk %2")
                                    .arg(discountText(problem.ladder[size_t(b)]))
                                    .arg(v);
                    for (int t = v - 1; t < weeks; ++t)
                        two.steps[size_t(t)] = b;
                    grid.push_back(std::move(two));
                }
            }
        }
    }
    return grid;
}

std::size_t bestSchedule(const MarkdownProblem& problem,
                         const std::vector<FixedSchedule>& schedules) {
    ScheduleEvaluator evaluator(problem);
    std::size_t best = 0;
    double bestValue = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < schedules.size(); ++i) {
        const double value = evaluator.evaluate(schedules[i]).expectedObjective;
        if (value > bestValue) {
            bestValue = value;
            best = i;
        }
    }
    return best;
}

}  // namespace mb::markdown
