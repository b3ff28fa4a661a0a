// The cost of the markdown budget: a portfolio of items planned one by one without a budget,
// then under budgets of 75%, 50% and 25% of that plan's spend (the Lagrangian search over all
// items, then each item planned at its spend price, as `markdown` does), on one core. Prints CPU
// seconds, item solves, lambdas tried and the gap bound against the objective.
#include "markdown/MarkdownBudget.h"

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>

using namespace mb::markdown;

namespace {

// Clearance items of 13 weeks and 6 steps: prices 10-60, stock 50-300 against full-price demand
// of half to twice the stock over the season, elasticity 1.5-3.5, demand fading by 30%.
std::vector<MarkdownProblem> clearance(int items) {
    std::mt19937_64 random(23);
    std::uniform_int_distribution<int> stock(50, 300);
    std::uniform_real_distribution<double> price(10.0, 60.0), elasticity(1.5, 3.5), pace(0.5, 2.0);
    std::vector<MarkdownProblem> out;
    for (int i = 0; i < items; ++i) {
        MarkdownProblem item;
        item.weeks = 13;
        item.inventory = stock(random);
        item.regularPrice = std::round(price(random)) - 0.01;
        item.unitCost = 0.45 * item.regularPrice;
        item.salvageValue = 0.1 * item.regularPrice;
        item.objective = MarkdownObjective::Margin;
        item.ladder = {1.0, 0.85, 0.7, 0.6, 0.5, 0.4};
        const double e = elasticity(random);
        const double weekly = pace(random) * item.inventory / item.weeks;
        for (int t = 0; t < item.weeks; ++t) {
            std::vector<double> means;
            for (double step : item.ladder)
                means.push_back(weekly * (1.0 - 0.3 * t / item.weeks) * std::pow(step, -e));
            item.demand.mean.push_back(means);
        }
        out.push_back(std::move(item));
    }
    return out;
}

double cpuSince(std::clock_t start) {
    return double(std::clock() - start) / CLOCKS_PER_SEC;
}

}  // namespace

int main(int argc, char** argv) {
    const int items = argc > 1 ? std::atoi(argv[1]) : 2000;
    const std::vector<MarkdownProblem> portfolio = clearance(items);
    std::clock_t start = std::clock();
    double objective = 0.0, spend = 0.0;
    for (const MarkdownProblem& item : portfolio) {
        const MarkdownPlan plan = optimiseMarkdown(item);
        objective += plan.expectedObjective;
        spend += expectedMarkdownSpend(plan);
    }
    const double plainCpu = cpuSince(start);
    std::printf("no budget       %d items: %.2f s CPU, objective %.0f, markdown spend %.0f\n",
                items, plainCpu, objective, spend);
    for (const double share : {0.75, 0.5, 0.25}) {
        std::atomic<long> solves{0};
        start = std::clock();
        const BudgetAllocation allocation = allocateMarkdownBudget(
            items, share * spend,
            [&](int i, double price) -> std::optional<BudgetOutcome> {
                ++solves;
                const MarkdownPlan plan = optimiseAtSpendPrice(portfolio[size_t(i)], price);
                return BudgetOutcome{plan.expectedObjective, expectedMarkdownSpend(plan)};
            },
            1);
        // The season then plans each item once at its price, as planSeason does.
        for (int i = 0; i < items; ++i)
            optimiseAtSpendPrice(portfolio[size_t(i)], allocation.spendPrices[size_t(i)]);
        const double cpu = cpuSince(start);
        std::printf(
            "budget %3.0f%%     %.2f s CPU (%.2fx), %ld solves in the search (%.2f per "
            "item), %d lambdas, lambda %.4g, spend %.0f of %.0f, objective %.0f, "
            "gap_bound %.3g (%.2g of the objective)\n",
            100.0 * share, cpu, cpu / plainCpu, solves.load(), double(solves) / items,
            allocation.lambdasTried, allocation.lambda, allocation.spend, allocation.budget,
            allocation.objective, allocation.gapBound, allocation.gapBound / allocation.objective);
    }
    return 0;
}
