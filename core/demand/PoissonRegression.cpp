#include "demand/FixedEffectsRegression.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mb::demand {

namespace {

double deviance(const Eigen::VectorXd& units, const Eigen::VectorXd& mean) {
    double total = 0.0;
    for (Eigen::Index i = 0; i < units.size(); ++i) {
        const double y = units(i);
        total += 2.0 * ((y > 0.0 ? y * std::log(y / mean(i)) : 0.0) - (y - mean(i)));
    }
    return total;
}

}  // namespace

FixedEffectsFit fitPoissonFixedEffects(const Eigen::MatrixXd& x, const Eigen::VectorXd& units,
                                       const Eigen::VectorXd& offset, const std::vector<int>& group,
                                       int groups, const std::vector<int>* cluster) {
    // A group that never sold has an intercept of minus infinity: leave its rows out.
    Eigen::VectorXd total = Eigen::VectorXd::Zero(groups);
    Eigen::VectorXd count = Eigen::VectorXd::Zero(groups);
    for (Eigen::Index i = 0; i < units.size(); ++i) {
        total(group[i]) += units(i);
        count(group[i]) += 1.0;
    }
    std::vector<Eigen::Index> rows;
    for (Eigen::Index i = 0; i < units.size(); ++i) {
        if (total(group[i]) > 0.0)
            rows.push_back(i);
    }
    const auto n = static_cast<Eigen::Index>(rows.size());
    Eigen::MatrixXd design(n, x.cols());
    Eigen::VectorXd y(n), base(n);
    std::vector<int> member(rows.size());
    std::vector<int> store(cluster != nullptr ? rows.size() : 0);
    for (Eigen::Index r = 0; r < n; ++r) {
        if (cluster != nullptr)
            store[static_cast<std::size_t>(r)] = (*cluster)[static_cast<std::size_t>(rows[r])];
        design.row(r) = x.row(rows[r]);
        y(r) = units(rows[r]);
        base(r) = offset(rows[r]);
        member[r] = group[rows[r]];
    }

    // Start from the group means, as glm() starts near the data.
    Eigen::VectorXd mean(n);
    for (Eigen::Index r = 0; r < n; ++r)
        mean(r) = (y(r) + total(member[r]) / count(member[r])) / 2.0;
    Eigen::VectorXd eta = mean.array().log();
    FixedEffectsFit fit;
    double previous = std::numeric_limits<double>::infinity();
    for (int iteration = 0; iteration < 50; ++iteration) {
        const Eigen::VectorXd working = (eta - base).array() + (y - mean).array() / mean.array();
        fit = fitFixedEffects(design, working, member, groups, &mean);
        if (!fit.estimable)
            return fit;
        for (Eigen::Index r = 0; r < n; ++r) {
            double linear = base(r) + fit.intercepts(member[r]);
            for (Eigen::Index j = 0; j < design.cols(); ++j) {
                if (std::isfinite(fit.coefficients(j)))
                    linear += fit.coefficients(j) * design(r, j);
            }
            eta(r) = std::min(linear, 30.0);
        }
        mean = eta.array().exp();
        const double current = deviance(y, mean);
        if (std::abs(previous - current) <= 1e-10 * (1.0 + std::abs(current)))
            break;
        previous = current;
    }
    // One more weighted step at the converged means gives the covariance at the solution.
    const Eigen::VectorXd working = (eta - base).array() + (y - mean).array() / mean.array();
    fit = fitFixedEffects(design, working, member, groups, &mean,
                          cluster != nullptr ? &store : nullptr);
    if (!fit.estimable)
        return fit;
    Eigen::VectorXd groupMean = Eigen::VectorXd::Zero(n);
    for (Eigen::Index r = 0; r < n; ++r)
        groupMean(r) = total(member[r]) / count(member[r]);
    const double interceptsOnly = deviance(y, groupMean);
    fit.withinR2 = interceptsOnly > 0.0 ? 1.0 - deviance(y, mean) / interceptsOnly : 0.0;
    fit.observations = static_cast<int>(n);
    return fit;
}

}  // namespace mb::demand
