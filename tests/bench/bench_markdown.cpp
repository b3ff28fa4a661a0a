// Times optimiseMarkdown on the 13 weeks x 200 units x 6 steps instance, all rules on,
// for each demand distribution; prints the median of several solves.
#include "markdown/MarkdownOptimiser.h"
#include "markdown/MarkdownSimulation.h"

#include <QElapsedTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace mb::markdown;

int main() {
    MarkdownProblem problem;
    problem.weeks = 13;
    problem.inventory = 200;
    problem.regularPrice = 40.0;
    problem.unitCost = 18.0;
    problem.salvageValue = 5.0;
    problem.ladder = {1.0, 0.9, 0.8, 0.7, 0.6, 0.5};
    for (int t = 0; t < problem.weeks; ++t) {
        std::vector<double> row;
        for (double multiplier : problem.ladder)  // elasticity 2.5, demand fading over the season
            row.push_back(14.0 * (1.0 - 0.4 * t / problem.weeks) * std::pow(multiplier, -2.5));
        problem.demand.mean.push_back(row);
    }
    problem.demand.dispersion = 2.0;
    problem.rules = MarkdownRules{true, 3, 2, 2, 0.1, 0, 5, 0.9, 3.0};
    problem.objective = MarkdownObjective::Margin;
    for (auto distribution : {DemandDistribution::Poisson, DemandDistribution::NegativeBinomial,
                              DemandDistribution::Deterministic}) {
        problem.demand.distribution = distribution;
        std::vector<double> times;
        MarkdownPlan plan;
        for (int run = 0; run < 9; ++run) {
            QElapsedTimer timer;
            timer.start();
            plan = optimiseMarkdown(problem);
            times.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
        std::sort(times.begin(), times.end());
        QElapsedTimer timer;
        timer.start();
        const MarkdownSimulation simulation = simulatePolicy(plan.policy, 2000, 7);
        const double simulateMs = double(timer.nsecsElapsed()) / 1e6;
        std::printf(
            "%-14s solve median %.1f ms (min %.1f, max %.1f); 2000 simulations %.1f ms; "
            "objective %.2f, simulated %.2f +- %.2f\n",
            distribution == DemandDistribution::Poisson            ? "poisson"
            : distribution == DemandDistribution::NegativeBinomial ? "negbin"
                                                                   : "deterministic",
            times[times.size() / 2], times.front(), times.back(), simulateMs,
            plan.expectedObjective, simulation.objective.mean, simulation.objective.standardError);
    }
    return 0;
}
