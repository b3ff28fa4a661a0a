#include "demand/FixedEffectsRegression.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

// Why EM for the censored weeks: each step is the fixed-effects least-squares fit the uncensored
// model already uses, so the intercepts stay absorbed however many stores a fit pools, and the
// likelihood never decreases (Dempster, Laird and Rubin 1977; for the Tobit model, Amemiya,
// Advanced Econometrics, section 10.4.5).

namespace mb::demand {

namespace {

constexpr int kMaxIterations = 2000;

double density(double z) {
    return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
}

// phi(z) / (1 - Phi(z)), the inverse Mills ratio; from Laplace's continued fraction far in the
// tail, where 1 - Phi underflows.
double millsRatio(double z) {
    if (z < 6.0)
        return density(z) / (0.5 * std::erfc(z / std::numbers::sqrt2));
    double tail = z;  // z + 2 / (z + 3 / (z + ...)), from the bottom
    for (int k = 40; k >= 2; --k)
        tail = z + k / tail;
    return z + 1.0 / tail;
}

// log(1 - Phi(z)).
double logSurvival(double z) {
    if (z < 6.0)
        return std::log(0.5 * std::erfc(z / std::numbers::sqrt2));
    return std::log(density(z)) - std::log(millsRatio(z));
}

struct Linear {
    Eigen::VectorXd mu;
    std::vector<Eigen::Index> kept;  // estimated columns
};

Linear linearPredictor(const FixedEffectsFit& fit, const Eigen::MatrixXd& x,
                       const std::vector<int>& group) {
    Linear linear;
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        if (std::isfinite(fit.coefficients(j)))
            linear.kept.push_back(j);
    }
    linear.mu.resize(x.rows());
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        double mu = fit.intercepts(group[static_cast<std::size_t>(i)]);
        for (const Eigen::Index j : linear.kept)
            mu += fit.coefficients(j) * x(i, j);
        linear.mu(i) = mu;
    }
    return linear;
}

double logLikelihood(const Eigen::VectorXd& y, const std::vector<char>& censored,
                     const Eigen::VectorXd& mu, double sigma) {
    double total = 0.0;
    for (Eigen::Index i = 0; i < y.size(); ++i) {
        const double z = (y(i) - mu(i)) / sigma;
        total += censored[static_cast<std::size_t>(i)] != 0
                     ? logSurvival(z)
                     : -std::log(sigma) - 0.5 * z * z - 0.5 * std::log(2.0 * std::numbers::pi);
    }
    return total;
}

// The observed information with the intercepts profiled out (a Schur complement: each row moves
// one intercept only), and the per-row scores of (slopes, sigma) net of the intercepts'.
void standardErrors(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                    const std::vector<char>& censored, const std::vector<int>& group, int groups,
                    const std::vector<int>* cluster, const Linear& linear, double sigma,
                    FixedEffectsFit& fit) {
    const auto q = static_cast<Eigen::Index>(linear.kept.size());
    const Eigen::Index m = q + 1;  // slopes, then sigma
    const Eigen::Index n = y.size();
    Eigen::MatrixXd a = Eigen::MatrixXd::Zero(m, m);
    Eigen::MatrixXd b = Eigen::MatrixXd::Zero(m, groups);
    Eigen::VectorXd d = Eigen::VectorXd::Zero(groups);
    Eigen::MatrixXd scores(n, m);
    Eigen::VectorXd scoreMu(n);
    Eigen::VectorXd row(m);
    const double s2 = sigma * sigma;
    for (Eigen::Index i = 0; i < n; ++i) {
        const double z = (y(i) - linear.mu(i)) / sigma;
        double dMu = 0.0, dSigma = 0.0, hMuMu = 0.0, hMuSigma = 0.0, hSigmaSigma = 0.0;
        if (censored[static_cast<std::size_t>(i)] != 0) {
            const double lambda = millsRatio(z);
            const double slope = lambda * (lambda - z);
            dMu = lambda / sigma;
            dSigma = lambda * z / sigma;
            hMuMu = -slope / s2;
            hMuSigma = -(slope * z + lambda) / s2;
            hSigmaSigma = -z * (slope * z + 2.0 * lambda) / s2;
        } else {
            dMu = z / sigma;
            dSigma = (z * z - 1.0) / sigma;
            hMuMu = -1.0 / s2;
            hMuSigma = -2.0 * z / s2;
            hSigmaSigma = (1.0 - 3.0 * z * z) / s2;
        }
        for (Eigen::Index k = 0; k < q; ++k)
            row(k) = x(i, linear.kept[static_cast<std::size_t>(k)]);
        const int g = group[static_cast<std::size_t>(i)];
        a.topLeftCorner(q, q).noalias() += hMuMu * row.head(q) * row.head(q).transpose();
        a.block(0, q, q, 1) += hMuSigma * row.head(q);
        a(q, q) += hSigmaSigma;
        b.block(0, g, q, 1) += hMuMu * row.head(q);
        b(q, g) += hMuSigma;
        d(g) += hMuMu;
        scores.row(i).head(q) = dMu * row.head(q).transpose();
        scores(i, q) = dSigma;
        scoreMu(i) = dMu;
    }
    a.bottomLeftCorner(1, q) = a.block(0, q, q, 1).transpose();
    Eigen::MatrixXd profiled = a;
    for (int g = 0; g < groups; ++g) {
        if (d(g) < 0.0)
            profiled.noalias() -= b.col(g) * b.col(g).transpose() / d(g);
    }
    const Eigen::MatrixXd covariance = (-profiled).ldlt().solve(Eigen::MatrixXd::Identity(m, m));
    for (Eigen::Index i = 0; i < n; ++i) {
        const int g = group[static_cast<std::size_t>(i)];
        if (d(g) < 0.0)
            scores.row(i) -= (b.col(g) * (scoreMu(i) / d(g))).transpose();
    }
    fit.clusters = countClusters(cluster);
    Eigen::MatrixXd clustered;
    if (fit.clusters >= 2)
        clustered = clusteredCovariance(covariance, scores, *cluster, fit.clusters);
    else
        fit.clusters = 0;
    for (Eigen::Index k = 0; k < q; ++k) {
        const Eigen::Index j = linear.kept[static_cast<std::size_t>(k)];
        fit.classicalStandardErrors(j) = std::sqrt(covariance(k, k));
        fit.standardErrors(j) =
            fit.clusters > 0 ? std::sqrt(clustered(k, k)) : fit.classicalStandardErrors(j);
    }
}

}  // namespace

FixedEffectsFit fitCensoredFixedEffects(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                        const std::vector<char>& censored,
                                        const std::vector<int>& group, int groups,
                                        const std::vector<int>* cluster) {
    // Every EM step refits the same weeks: the design is demeaned and factorised once.
    const FixedEffectsDesign design(x, group, groups);
    FixedEffectsFit fit = design.fit(y);
    if (!fit.estimable)
        return fit;
    const Eigen::Index n = y.size();
    Linear linear = linearPredictor(fit, x, group);
    double sigma = std::sqrt((y - linear.mu).squaredNorm() / static_cast<double>(n));
    if (!(sigma > 0.0))
        return fit;
    double previous = -std::numeric_limits<double>::infinity();
    Eigen::VectorXd completed = y;
    for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
        // E step: a censored week's expected log demand and its conditional variance.
        double conditionalVariance = 0.0;
        for (Eigen::Index i = 0; i < n; ++i) {
            if (censored[static_cast<std::size_t>(i)] == 0)
                continue;
            const double z = (y(i) - linear.mu(i)) / sigma;
            const double lambda = millsRatio(z);
            completed(i) = linear.mu(i) + sigma * lambda;
            conditionalVariance +=
                sigma * sigma * std::max(0.0, 1.0 + z * lambda - lambda * lambda);
        }
        // M step: least squares on the completed data; sigma^2 adds back what the expectation
        // removed.
        const FixedEffectsFit next = design.fit(completed);
        if (!next.estimable)
            break;
        fit = next;
        linear = linearPredictor(fit, x, group);
        sigma = std::sqrt(((completed - linear.mu).squaredNorm() + conditionalVariance) /
                          static_cast<double>(n));
        const double current = logLikelihood(y, censored, linear.mu, sigma);
        if (std::abs(current - previous) <= 1e-10 * (1.0 + std::abs(current)))
            break;
        previous = current;
    }
    fit.residualVariance = sigma * sigma;
    fit.residuals = completed - linear.mu;
    for (Eigen::Index i = 0; i < n; ++i) {
        if (censored[static_cast<std::size_t>(i)] == 0)
            fit.residuals(i) = y(i) - linear.mu(i);
    }
    standardErrors(x, y, censored, group, groups, cluster, linear, sigma, fit);
    fit.observations = static_cast<int>(n);
    return fit;
}

}  // namespace mb::demand
