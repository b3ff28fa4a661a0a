#pragma once

#include <Eigen/Core>

namespace mb::targeting {

// Weighted least squares with an L2 penalty: minimises
//   (1/(2W)) sum_i w_i (y_i - b0 - x_i beta)^2 + (ridge / 2) |beta|^2
// with W the total weight and the intercept unpenalised; `standardise` as in LogisticSettings.
struct RidgeSettings {
    double ridge = 1e-3;
    bool standardise = true;
};

struct RidgeModel {
    double intercept = 0.0;
    Eigen::VectorXd coefficients;

    Eigen::VectorXd predict(const Eigen::MatrixXd& features) const;
};

// Solves the normal equations once. Throws mb::Error on empty input or mismatched sizes.
RidgeModel fitRidge(const Eigen::MatrixXd& features, const Eigen::VectorXd& outcome,
                    const RidgeSettings& settings = {}, const Eigen::VectorXd* weights = nullptr);

}  // namespace mb::targeting
