#pragma once

#include "markdown/MarkdownPolicy.h"

#include <vector>

namespace mb::markdown {

// The exact distribution of the units left at the exit week: entry k is P(leftover = k) for
// k = 0..inventory. It pushes the probability of every state (stock, step, markdowns taken,
// weeks since the last change) forward week by week, as evaluatePolicy does for the means,
// because MarkdownSimulation keeps only the summary of its seasons.
std::vector<double> leftoverDistribution(const MarkdownPolicy& policy);

// The same for a schedule fixed in advance (one step per week).
std::vector<double> leftoverDistribution(const MarkdownProblem& problem,
                                         const std::vector<int>& steps);

// Mean of a distribution over 0..n.
double distributionMean(const std::vector<double>& probability);

}  // namespace mb::markdown
