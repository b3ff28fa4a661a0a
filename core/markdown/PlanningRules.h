#pragma once

#include "markdown/MarkdownProblem.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <map>
#include <vector>

namespace mb::markdown {

// How demand uncertainty enters a whole-project plan: each item's fitted distribution (negative
// binomial where its history is over-dispersed, else Poisson), or one chosen for all.
enum class PlanningDistribution { Fitted, Poisson, NegativeBinomial, Deterministic };

// The merchandiser's rules for a whole season plan (RULES.json of `merchbench-cli markdown`):
// what the one-item instance says per item, minus what the project supplies (weeks, stock,
// prices, costs, demand).
//   {"ladder": [1.0, 0.8, 0.6, 0.4], "objective": "margin",
//    "salvage_share_of_cost": 0.2 | "salvage_value": 1.5,
//    "distribution": "fitted" | "poisson" | "negbin" | "deterministic",
//    "rules": {... as in markdown-solve ...}, "schedule_per": "store" | "cluster",
//    "markdown_budget": 25000.0,
//    "all_or_nothing": false,
//    "simulations": 500, "seed": 7,
//    "product_ladders": {"P12": [9.99, 7.99, 5.99, 3.99]}}
// A product ladder gives that product's shelf price at each step of "ladder" (as many prices as
// steps, falling): it replaces regular price x ladder and the price endings for that product.
struct PlanningRules {
    std::vector<double> ladder{1.0, 0.9, 0.8, 0.7, 0.6, 0.5};
    MarkdownRules rules;
    MarkdownObjective objective = MarkdownObjective::Margin;
    PlanningDistribution distribution = PlanningDistribution::Fitted;
    double salvageShareOfCost = 0.0;  // salvage per unit as a share of its unit cost
    double salvageValue = -1.0;       // per unit for every item; negative: use the share
    // One schedule per product and store cluster (stores.cluster): the stores' demand and stock
    // are pooled, as if stock moved freely between them, and every store follows the same steps.
    bool schedulePerCluster = false;
    // Cap on the season's expected markdown spend over every item planned together, sum of
    // (regular price - price paid) x units sold (MarkdownBudget.h); negative means no cap.
    double markdownBudget = -1.0;
    // With schedulePerCluster: every store keeps its own stock and all of them take the shared
    // schedule's markdowns in the same weeks (ClusterSchedule.h says what is exact).
    bool clusterAllOrNothing = false;
    // Absolute prices per step by product id (see above); products not listed use the ladder.
    std::map<QString, std::vector<double>> productLadders;
    int simulations = 0;  // Monte Carlo seasons per item for P10/P90; 0 = none
    std::uint64_t seed = 1;

    double salvageFor(double unitCost) const {
        return salvageValue >= 0.0 ? salvageValue : salvageShareOfCost * unitCost;
    }
    bool operator==(const PlanningRules&) const = default;
};

// Throws mb::Error naming the file, the key, what was found and what was expected.
PlanningRules readPlanningRules(const QByteArray& text, const QString& fileName);
// The same, read from a file; throws mb::Error when it cannot be read.
PlanningRules readPlanningRulesFile(const QString& path);
// The rules as JSON, for the run's provenance and export sidecars.
QJsonObject planningRulesToJson(const PlanningRules& planning);

}  // namespace mb::markdown
