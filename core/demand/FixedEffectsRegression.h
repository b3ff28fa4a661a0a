#pragma once

#include <Eigen/Dense>
#include <vector>

namespace mb::demand {

// Ordinary least squares with one intercept per group (a fixed effect for each store or
// series), solved on the within-group demeaned data: the slopes equal those of the regression
// with one dummy per group (Frisch-Waugh-Lovell), without building the dummies.
struct FixedEffectsFit {
    bool estimable = false;
    Eigen::VectorXd coefficients;  // one per column; NaN where a column was dropped
    Eigen::VectorXd standardErrors;
    Eigen::VectorXd intercepts;  // one per group
    Eigen::VectorXd residuals;   // sqrt(weight) (y - fitted), per row
    double residualVariance = 0.0;
    double withinR2 = 0.0;  // share of the within-group variation of y explained by the columns
    int observations = 0;
    int degreesOfFreedom = 0;
};

// group[i] in [0, groups) names row i's group. Columns that do not vary within groups, or that
// repeat other columns, are dropped rather than failing the fit. With weights, weighted least
// squares (residual variance = sum w r^2 / df).
FixedEffectsFit fitFixedEffects(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                const std::vector<int>& group, int groups,
                                const Eigen::VectorXd* weights = nullptr);

// Poisson regression with a log link and one intercept per group, by iteratively reweighted
// least squares (McCullagh and Nelder, Generalized Linear Models, 2nd ed., section 2.5): each
// step is the weighted fit above of z = eta + (y - mu) / mu with weights mu. Standard errors are
// quasi-Poisson: residualVariance is Pearson chi^2 / df and scales the covariance. withinR2 is
// the deviance explained beyond the group intercepts. Groups with no units get no intercept.
FixedEffectsFit fitPoissonFixedEffects(const Eigen::MatrixXd& x, const Eigen::VectorXd& units,
                                       const Eigen::VectorXd& offset, const std::vector<int>& group,
                                       int groups);

}  // namespace mb::demand
