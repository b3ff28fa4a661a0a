// Times optimiseMarkdown as the issue asks: the 13 weeks x 200 units x 6 steps instance with all
// rules on, for each demand distribution (median of several solves); a portfolio of 10,000 items
// of 13 weeks, 6 steps, 50-300 units, Poisson demand, on one core (items per second); and one
// item of 52 weeks, 2,000 units and 10 steps.
#include "markdown/MarkdownOptimiser.h"
#include "markdown/MarkdownSimulation.h"

#include <QElapsedTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string_view>

using namespace mb::markdown;

namespace {

// Items as a season plan has them: stock 50-300, weekly demand a few to a few dozen units at
// full price, elasticity 1.5-3.5, demand fading over the season, monotone prices, at most 3
// markdowns two weeks apart.
void portfolio(int items, bool allRules) {
    const char* rulesName = allRules ? "max 3 markdowns 2 weeks apart" : "monotone only";
    std::mt19937_64 random(11);
    std::uniform_int_distribution<int> stock(50, 300);
    std::uniform_real_distribution<double> elasticity(1.5, 3.5), level(0.5, 2.5);
    const std::vector<double> ladder{1.0, 0.9, 0.8, 0.7, 0.6, 0.5};
    std::vector<MarkdownProblem> problems;
    for (int i = 0; i < items; ++i) {
        MarkdownProblem problem;
        problem.weeks = 13;
        problem.inventory = stock(random);
        problem.regularPrice = 30.0;
        problem.unitCost = 14.0;
        problem.salvageValue = 3.0;
        problem.ladder = ladder;
        const double e = elasticity(random);
        const double weekly = level(random) * problem.inventory / problem.weeks;
        for (int t = 0; t < problem.weeks; ++t) {
            std::vector<double> row;
            for (double multiplier : ladder)
                row.push_back(weekly * (1.0 - 0.3 * t / problem.weeks) * std::pow(multiplier, -e));
            problem.demand.mean.push_back(row);
        }
        if (allRules) {
            problem.rules.maxMarkdowns = 3;
            problem.rules.minWeeksBetween = 2;
        }
        problem.objective = MarkdownObjective::Margin;
        problems.push_back(std::move(problem));
    }
    QElapsedTimer timer;
    timer.start();
    const std::clock_t cpuStart = std::clock();
    double total = 0.0;
    for (const MarkdownProblem& problem : problems)
        total += optimiseMarkdown(problem).expectedObjective;
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const double cpu = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    // CPU time is what "per core" means, and it stays meaningful on a shared, loaded machine.
    std::printf(
        "portfolio      %d items (13 weeks, 6 steps, 50-300 units, poisson, %s) on one "
        "core: %.2f s wall, %.2f s CPU, %.0f items per CPU second (objective %.0f)\n",
        items, rulesName, seconds, cpu, items / cpu, total);
}

// CPU milliseconds of one solve (median of five) of 52 weeks x 2,000 units x 10 steps: under
// the monotone rule alone, or with at most 4 markdowns at least 2 weeks apart.
void largeItem(bool countAndSpacing) {
    MarkdownProblem problem;
    problem.weeks = 52;
    problem.inventory = 2000;
    problem.regularPrice = 50.0;
    problem.unitCost = 20.0;
    problem.ladder = {1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.4, 0.35, 0.3};
    for (int t = 0; t < problem.weeks; ++t) {
        std::vector<double> row;
        for (double multiplier : problem.ladder)
            row.push_back(30.0 * (1.0 - 0.5 * t / problem.weeks) * std::pow(multiplier, -2.0));
        problem.demand.mean.push_back(row);
    }
    if (countAndSpacing) {
        problem.rules.maxMarkdowns = 4;
        problem.rules.minWeeksBetween = 2;
    }
    std::vector<double> times;
    MarkdownPlan plan;
    for (int run = 0; run < 5; ++run) {
        const std::clock_t cpuStart = std::clock();
        plan = optimiseMarkdown(problem);
        times.push_back(double(std::clock() - cpuStart) * 1000.0 / CLOCKS_PER_SEC);
    }
    std::sort(times.begin(), times.end());
    std::printf(
        "large item     52 weeks x 2000 units x 10 steps, poisson, %s: median %.1f CPU ms "
        "(min %.1f); decision table %.1f MB; objective %.2f\n",
        countAndSpacing ? "max 4 markdowns 2 weeks apart" : "monotone only",
        times[times.size() / 2], times.front(), double(plan.policy.decisionBytes()) / 1e6,
        plan.expectedObjective);
}

}  // namespace

int main(int argc, char** argv) {
    const int items = argc > 1 ? std::atoi(argv[1]) : 10000;
    // "portfolio" as a second argument times the monotone portfolio alone (for profiling).
    // "rules" times the portfolio under the count and spacing rules alone, "large" the large
    // items alone.
    if (argc > 2 && std::string_view(argv[2]) == "portfolio") {
        portfolio(items, false);
        return 0;
    }
    if (argc > 2 && std::string_view(argv[2]) == "rules") {
        portfolio(items, true);
        return 0;
    }
    if (argc > 2 && std::string_view(argv[2]) == "large") {
        largeItem(false);
        largeItem(true);
        return 0;
    }
    portfolio(items, false);
    portfolio(items, true);
    largeItem(false);
    largeItem(true);
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
    problem.rules = MarkdownRules{true, 3, 2, 2, 0.1, 0, 5, 0.9, 3.0, {}, 0, {}, 0};
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
