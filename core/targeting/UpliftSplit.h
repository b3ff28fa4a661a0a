#pragma once

#include "targeting/UpliftMetrics.h"

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace mb::targeting {

// Holdout flags (1 = held out) for a train/holdout split stratified by arm and outcome, so both
// parts keep each arm's response rate: within every stratum (arm x outcome class, where the
// class is the outcome's value when it is 0/1 and "positive or not" otherwise, and a missing
// outcome is a class of its own) the rows are shuffled with the seed and round(share * size)
// of them are held out. Same seed, same split.
std::vector<std::uint8_t> splitHoldout(const std::vector<int>& arm, const Eigen::VectorXd& outcome,
                                       double holdoutShare, std::uint64_t seed);

// The held-out customers of one treatment arm and of control, with a known outcome, scored for
// the uplift metrics (arm 0 is control).
ScoredCampaign scoredHoldout(const std::vector<int>& arm, const Eigen::VectorXd& outcome,
                             const std::vector<std::uint8_t>& holdout, const Eigen::VectorXd& score,
                             int treatmentArm);

}  // namespace mb::targeting
