#include "markdown/LeftoverDistribution.h"

#include "markdown/DemandTable.h"

namespace mb::markdown {

namespace {

// Spreads the mass `mass` of `stock` units on hand over what is left after one week's sales.
template <typename Add>
void sellOneWeek(const DemandTable& demand, int week, int step, int stock, double mass, Add add) {
    const double* probability = demand.probability(week, step);
    const double* atLeast = demand.atLeast(week, step);
    for (int sold = 0; sold < stock; ++sold)
        add(stock - sold, mass * probability[sold]);
    add(0, mass * atLeast[stock]);
}

}  // namespace

std::vector<double> leftoverDistribution(const MarkdownPolicy& policy) {
    const MarkdownProblem& problem = policy.problem();
    const int n = problem.inventory;
    const int steps = static_cast<int>(problem.ladder.size());
    const int counts = policy.markdownCounts();
    const int gaps = policy.gaps();
    const auto at = [&](int stock, int step, int taken, int gap) {
        return ((size_t(step) * size_t(counts) + size_t(taken)) * size_t(gaps) + size_t(gap)) *
                   size_t(n + 1) +
               size_t(stock);
    };
    std::vector<double> now(size_t(steps) * size_t(counts) * size_t(gaps) * size_t(n + 1), 0.0);
    std::vector<double> next(now.size());
    now[at(n, problem.rules.startStep, 0, policy.initialGap())] = 1.0;
    for (int week = 0; week < problem.weeks; ++week) {
        std::fill(next.begin(), next.end(), 0.0);
        for (int step = 0; step < steps; ++step)
            for (int taken = 0; taken < counts; ++taken)
                for (int gap = 0; gap < gaps; ++gap)
                    for (int stock = 0; stock <= n; ++stock) {
                        const double mass = now[at(stock, step, taken, gap)];
                        if (mass == 0.0)
                            continue;
                        const int price = policy.decide(week, stock, step, taken, gap);
                        const bool changed = price != step;
                        const int nextTaken = policy.nextTaken(taken, changed);
                        const int nextGap = policy.nextGap(gap, changed);
                        sellOneWeek(policy.demand(), week, price, stock, mass,
                                    [&](int left, double p) {
                                        next[at(left, price, nextTaken, nextGap)] += p;
                                    });
                    }
        now.swap(next);
    }
    std::vector<double> leftover(size_t(n + 1), 0.0);
    for (std::size_t i = 0; i < now.size(); ++i)
        leftover[i % size_t(n + 1)] += now[i];
    return leftover;
}

std::vector<double> leftoverDistribution(const MarkdownProblem& problem,
                                         const std::vector<int>& steps) {
    const int n = problem.inventory;
    const DemandTable demand(problem);
    std::vector<double> now(size_t(n + 1), 0.0), next(size_t(n + 1));
    now[size_t(n)] = 1.0;
    for (int week = 0; week < problem.weeks && week < static_cast<int>(steps.size()); ++week) {
        std::fill(next.begin(), next.end(), 0.0);
        for (int stock = 0; stock <= n; ++stock)
            if (now[size_t(stock)] != 0.0)
                sellOneWeek(demand, week, steps[size_t(week)], stock, now[size_t(stock)],
                            [&](int left, double p) { next[size_t(left)] += p; });
        now.swap(next);
    }
    return now;
}

double distributionMean(const std::vector<double>& probability) {
    double mean = 0.0;
    for (std::size_t k = 0; k < probability.size(); ++k)
        mean += double(k) * probability[k];
    return mean;
}

}  // namespace mb::markdown
