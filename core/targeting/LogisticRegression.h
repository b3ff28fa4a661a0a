#pragma once

#include <Eigen/Core>

namespace mb::targeting {

// Penalised maximum likelihood: minimises
//   -(1/W) sum_i w_i [y_i log p_i + (1 - y_i) log(1 - p_i)] + (ridge / 2) |beta|^2
// with W the total weight and the intercept unpenalised. With `standardise` the penalty applies
// to the coefficients of the features centred and scaled to unit standard deviation (as glmnet),
// so a column's unit does not change how much it is shrunk; coefficients are reported on the
// original scale either way.
struct LogisticSettings {
    double ridge = 1e-3;
    bool standardise = true;
    int maxIterations = 50;
    double tolerance = 1e-10;  // on the largest Newton step of a standardised coefficient
};

struct LogisticModel {
    double intercept = 0.0;
    Eigen::VectorXd coefficients;
    int iterations = 0;
    bool converged = false;

    // P(y = 1 | x) for each row.
    Eigen::VectorXd predict(const Eigen::MatrixXd& features) const;
};

// Newton-Raphson (iteratively reweighted least squares) with step halving. Outcomes must be in
// [0, 1]; weights (may be null) must be non-negative with a positive sum. Throws mb::Error on
// empty input or mismatched sizes.
LogisticModel fitLogistic(const Eigen::MatrixXd& features, const Eigen::VectorXd& outcome,
                          const LogisticSettings& settings = {},
                          const Eigen::VectorXd* weights = nullptr);

namespace detail {

// Column means and scales of the features (weighted when weights are given); a scale of 1 when
// standardise is off or a column is constant, so the ridge alone keeps the system solvable.
struct FeatureScaling {
    Eigen::VectorXd mean;
    Eigen::VectorXd scale;
};
FeatureScaling featureScaling(const Eigen::MatrixXd& features, const Eigen::VectorXd* weights,
                              bool standardise);

// Rows [start, start + count) of the design [1, (x - mean) / scale]: work in blocks keeps the
// scaled copy small whatever the number of rows.
void designBlock(const Eigen::MatrixXd& features, const FeatureScaling& scaling, Eigen::Index start,
                 Eigen::Index count, Eigen::MatrixXd& block);

constexpr Eigen::Index kBlockRows = 4096;

}  // namespace detail

}  // namespace mb::targeting
