#pragma once

#include "markdown/MarkdownOptimiser.h"

#include <QString>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::markdown {

// What a hard sell-through target can reach: the most units the item's rules let it sell in
// expectation (the same item solved for units instead of money), and the same with each rule
// that limits it relaxed alone.
struct RelaxedRule {
    QString rule;  // the rule in the rules file's words, with what it holds
    double sellThrough = 0.0;
};
struct Reachability {
    double units = 0.0;        // most expected units sold by the exit week under every rule
    double sellThrough = 0.0;  // the same as a share of the stock
    // Each rule that binds (relaxing it alone sells more), in the order of the rules file.
    std::vector<RelaxedRule> without;
    double withoutAny = 0.0;  // share with every relaxable rule relaxed at once
};

// Exact for the model (the optimiser on one unit of reward per unit sold, no salvage or target).
Reachability reachableSellThrough(const MarkdownProblem& problem);

// "no price schedule sells 90% ... at most 72.4% can be sold ... without rules.margin_floor
// 88.0% ...; lower rules.target_sell_through to at most 72.4% or relax a rule".
QString unreachableTargetMessage(const MarkdownProblem& problem, const Reachability& reach);

// optimiseMarkdown, with a hard target it cannot meet explained by unreachableTargetMessage.
MarkdownPlan optimiseOrExplain(const MarkdownProblem& problem, ProgressToken* progress = nullptr);

}  // namespace mb::markdown
