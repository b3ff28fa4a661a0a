#include "markdown/MarkdownSimulation.h"

#include "common/Error.h"
#include "common/Progress.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace mb::markdown {

namespace {

// Percentiles interpolate linearly between order statistics (Hyndman & Fan 1996, type 7).
SimulatedFigure summarise(std::vector<double>& values) {
    SimulatedFigure figure;
    if (values.empty())
        return figure;
    const double count = double(values.size());
    double sum = 0.0;
    for (double v : values)
        sum += v;
    figure.mean = sum / count;
    double squares = 0.0;
    for (double v : values)
        squares += (v - figure.mean) * (v - figure.mean);
    figure.standardError = values.size() > 1 ? std::sqrt(squares / (count - 1.0) / count) : 0.0;
    std::sort(values.begin(), values.end());
    const auto quantile = [&](double q) {
        const double position = q * (count - 1.0);
        const size_t below = size_t(std::floor(position));
        const size_t above = std::min(below + 1, values.size() - 1);
        return values[below] + (position - double(below)) * (values[above] - values[below]);
    };
    figure.p10 = quantile(0.1);
    figure.p90 = quantile(0.9);
    return figure;
}

}  // namespace

MarkdownSimulation simulatePolicy(const MarkdownPolicy& policy, int seasons, std::uint64_t seed,
                                  ProgressToken* progress) {
    const MarkdownProblem& problem = policy.problem();
    const DemandTable& demand = policy.demand();
    const int n = problem.inventory;
    // mt19937_64's output is fixed by the standard; the uniform is built by hand because
    // std::uniform_real_distribution may differ between standard libraries.
    std::mt19937_64 random(seed);
    const size_t count = size_t(std::max(seasons, 0));
    std::vector<double> objective(count), revenue(count), margin(count), units(count),
        leftover(count), sellThrough(count);
    const double penalty = problem.hardTarget() ? 0.0 : problem.rules.sellThroughPenalty;
    for (size_t s = 0; s < count; ++s) {
        if (progress && s % 256 == 0) {
            if (progress->isCancelled())
                throw Error(QStringLiteral("markdown simulation cancelled"));
            progress->report(double(s) / double(count));
        }
        int stock = n, step = problem.rules.startStep, taken = 0, gap = policy.initialGap();
        double seasonRevenue = 0.0, seasonMargin = 0.0;
        for (int t = 0; t < problem.weeks; ++t) {
            const int next = policy.decide(t, stock, step, taken, gap);
            const double u = double(random() >> 11) * 0x1.0p-53;
            const double* below = demand.cumulative(t, next);
            const int demanded = int(std::upper_bound(below, below + n, u) - below);
            const int sold = std::min(demanded, stock);
            seasonRevenue += sold * problem.price(next);
            seasonMargin += sold * (problem.price(next) - problem.unitCost);
            stock -= sold;
            taken = policy.nextTaken(taken, next != step);
            gap = policy.nextGap(gap, next != step);
            step = next;
        }
        revenue[s] = seasonRevenue;
        margin[s] = seasonMargin;
        units[s] = n - stock;
        leftover[s] = stock;
        sellThrough[s] = n > 0 ? double(n - stock) / n : 0.0;
        objective[s] =
            (problem.objective == MarkdownObjective::Revenue ? seasonRevenue : seasonMargin) +
            problem.salvageValue * stock - penalty * problem.shortfall(stock);
    }
    MarkdownSimulation result;
    result.seasons = int(count);
    result.objective = summarise(objective);
    result.revenue = summarise(revenue);
    result.margin = summarise(margin);
    result.units = summarise(units);
    result.leftover = summarise(leftover);
    result.sellThrough = summarise(sellThrough);
    if (progress)
        progress->report(1.0);
    return result;
}

}  // namespace mb::markdown
