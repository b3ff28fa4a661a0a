#include "markdown/SolveSize.h"

#include "markdown/MarkdownProblem.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace mb::markdown {

namespace {
// About five seconds of one core: the 52-week x 2,000-unit x 10-step item with at most 4
// markdowns 2 weeks apart is estimated at 2.1e9 and solves in under 0.1 CPU s (the estimate
// counts each expectation's whole support; vectorised, about 2e10 of them run in a CPU second).
constexpr double maxOperations = 1.0e11;
// Well within a planner's desktop; the planner solves one item at a time per worker.
constexpr double maxBytes = 1024.0 * 1024.0 * 1024.0;

// Demand values a week's expectation sums over: the DemandTable keeps all but 1e-17 of the mass
// on each side, which for a Poisson (or the wider negative binomial) lies within this many
// standard deviations of the mean; never more than the stock allows.
double support(const MarkdownProblem& problem, double mean) {
    if (problem.demand.distribution == DemandDistribution::Deterministic || mean <= 0.0)
        return 1.0;
    double variance = mean;
    double reach = 9.5;
    if (problem.demand.distribution == DemandDistribution::NegativeBinomial) {
        variance += mean * mean / problem.demand.dispersion;
        reach = 40.0;  // heavier tail
    }
    const double sd = std::sqrt(variance);
    const double low = std::max(0.0, std::floor(mean - reach * sd));
    const double high = mean + reach * sd + 10.0;
    return std::min(double(problem.inventory) + 1.0, high - low);
}
}  // namespace

SolveSize estimateSolveSize(const MarkdownProblem& problem) {
    const MarkdownRules& rules = problem.rules;
    const int steps = static_cast<int>(problem.ladder.size());
    const double stride = problem.inventory + 1.0;
    // The classes MarkdownPolicy builds: per allowed step, the markdowns still possible.
    int deepest = -1;
    while (deepest + 1 < steps && problem.stepAllowed(deepest + 1))
        ++deepest;
    const int possible = rules.monotone ? std::min(problem.weeks, steps - 1) : problem.weeks;
    const bool tracked = rules.maxMarkdowns < possible;
    const int limit = tracked ? rules.maxMarkdowns : 1;
    const int hold = rules.minWeeksBetween > 1 ? std::min(rules.minWeeksBetween, problem.weeks) : 1;
    std::vector<double> blocks(size_t(std::max(steps, 0)), 0.0);
    double classes = 0.0, deciding = 0.0;
    for (int k = rules.monotone ? rules.startStep : 0; k <= deepest; ++k) {
        const int cap = rules.monotone ? deepest - k : std::numeric_limits<int>::max();
        const int top = std::min(limit, cap);
        classes += top + 1;
        deciding += top;
        // One held value for a class with no change left, `hold` for the others.
        blocks[size_t(k)] = 1.0 + double(top) * hold;
    }
    SolveSize size;
    for (int t = 0; t < problem.weeks; ++t)
        for (int k = 0; k < steps; ++k)
            size.operations += 2.0 * blocks[size_t(k)] * stride *
                               support(problem, problem.demand.mean[size_t(t)][size_t(k)]);
    size.decisionBytes = double(problem.weeks) * deciding * stride;
    const double demandTable = 4.0 * 8.0 * double(problem.weeks) * steps * stride;
    const double values = 2.0 * 8.0 * classes * (hold + 1.0) * stride;
    const double forward = 2.0 * 8.0 * classes * hold * stride;
    size.bytes = size.decisionBytes + demandTable + values + forward;
    return size;
}

QString solveSizeProblem(const MarkdownProblem& problem) {
    const SolveSize size = estimateSolveSize(problem);
    if (size.operations <= maxOperations && size.bytes <= maxBytes)
        return {};
    const MarkdownRules& rules = problem.rules;
    const QString markdowns = rules.maxMarkdowns == std::numeric_limits<int>::max()
                                  ? QStringLiteral("any number of markdowns")
                                  : QStringLiteral("at most %1 markdowns").arg(rules.maxMarkdowns);
    const QString spacing =
        rules.minWeeksBetween > 1
            ? QStringLiteral("at least %1 weeks apart").arg(rules.minWeeksBetween)
            : QStringLiteral("with no spacing rule");
    return QStringLiteral(
               "item too large to solve exactly: %1 weeks x %2 units x %3 steps, %4 %5 needs "
               "about %6 multiply-adds and %7 MB (at most %8 and %9 MB); plan fewer weeks or "
               "fewer units (one store rather than a cluster), a shorter ladder, fewer markdowns "
               "or a smaller min_weeks_between")
        .arg(problem.weeks)
        .arg(problem.inventory)
        .arg(problem.ladder.size())
        .arg(markdowns)
        .arg(spacing)
        .arg(size.operations, 0, 'g', 3)
        .arg(std::ceil(size.bytes / 1e6), 0, 'f', 0)
        .arg(maxOperations, 0, 'g', 3)
        .arg(maxBytes / 1e6, 0, 'f', 0);
}

}  // namespace mb::markdown
