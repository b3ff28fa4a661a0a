#include "targeting/UpliftSplit.h"

#include "common/Error.h"
#include "targeting/SeededRandom.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace mb::targeting {

std::vector<std::uint8_t> splitHoldout(const std::vector<int>& arm, const Eigen::VectorXd& outcome,
                                       double holdoutShare, std::uint64_t seed) {
    if (static_cast<Eigen::Index>(arm.size()) != outcome.size())
        throw Error(QStringLiteral("holdout split: %1 arms but %2 outcomes")
                        .arg(arm.size())
                        .arg(outcome.size()));
    if (!(holdoutShare >= 0.0 && holdoutShare < 1.0))
        throw Error(
            QStringLiteral("holdout split: the share must be in [0, 1) (%1)").arg(holdoutShare));
    // Class 2 marks a missing outcome.
    std::map<std::pair<int, int>, std::vector<std::size_t>> strata;
    for (std::size_t i = 0; i < arm.size(); ++i) {
        const double y = outcome(static_cast<Eigen::Index>(i));
        const int outcomeClass = std::isnan(y) ? 2 : (y > 0.0 ? 1 : 0);
        strata[{arm[i], outcomeClass}].push_back(i);
    }
    std::vector<std::uint8_t> holdout(arm.size(), 0);
    SeededRandom random(seed);
    for (auto& [key, rows] : strata) {
        // Fisher-Yates with the seeded generator: std::shuffle's order is not portable.
        for (std::size_t i = rows.size(); i > 1; --i)
            std::swap(rows[i - 1], rows[random.below(i)]);
        const auto take =
            static_cast<std::size_t>(std::llround(holdoutShare * static_cast<double>(rows.size())));
        for (std::size_t i = 0; i < take; ++i)
            holdout[rows[i]] = 1;
    }
    return holdout;
}

ScoredCampaign scoredHoldout(const std::vector<int>& arm, const Eigen::VectorXd& outcome,
                             const std::vector<std::uint8_t>& holdout, const Eigen::VectorXd& score,
                             int treatmentArm) {
    ScoredCampaign campaign;
    for (std::size_t i = 0; i < arm.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        if (!holdout[i] || std::isnan(outcome(row)) || (arm[i] != 0 && arm[i] != treatmentArm))
            continue;
        campaign.outcome.push_back(outcome(row));
        campaign.score.push_back(score(row));
        campaign.treated.push_back(arm[i] == treatmentArm ? 1 : 0);
    }
    return campaign;
}

}  // namespace mb::targeting
