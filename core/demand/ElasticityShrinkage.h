#pragma once

#include <vector>

namespace mb::demand {

// Empirical-Bayes shrinkage of estimates toward their group's mean. The between-member variance
// tau^2 is DerSimonian and Laird's method-of-moments estimate (Controlled Clinical Trials 7,
// 1986, eq. 8): tau^2 = max(0, (Q - (k - 1)) / (S1 - S2 / S1)) with w = 1 / se^2,
// Q = sum w (b - b_w)^2, S1 = sum w, S2 = sum w^2. The group mean weighs each member by
// 1 / (se^2 + tau^2); a member moves B = se^2 / (se^2 + tau^2) of the way to it.
struct ShrinkageGroup {
    double mean = 0.0;
    double meanStandardError = 0.0;
    double tau2 = 0.0;
    int members = 0;
};

struct Shrinkage {
    std::vector<double> shrunk;  // per estimate; unchanged where se is not finite and positive
    std::vector<double> weight;  // B, the share moved to the group mean; 0 for a lone member
    std::vector<ShrinkageGroup> groups;
};

// group[i] in [0, groups). A group with one usable member keeps it as it is.
Shrinkage shrinkTowardGroupMeans(const std::vector<double>& estimate,
                                 const std::vector<double>& standardError,
                                 const std::vector<int>& group, int groups);

}  // namespace mb::demand
