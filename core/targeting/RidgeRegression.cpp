#include "targeting/RidgeRegression.h"

#include "common/Error.h"
#include "targeting/LogisticRegression.h"

#include <Eigen/Cholesky>
#include <algorithm>

namespace mb::targeting {

Eigen::VectorXd RidgeModel::predict(const Eigen::MatrixXd& features) const {
    return (features * coefficients).array() + intercept;
}

RidgeModel fitRidge(const Eigen::MatrixXd& features, const Eigen::VectorXd& outcome,
                    const RidgeSettings& settings, const Eigen::VectorXd* weights) {
    if (features.rows() == 0)
        throw Error(QStringLiteral("ridge regression: no rows to fit"));
    if (outcome.size() != features.rows() || (weights && weights->size() != features.rows()))
        throw Error(QStringLiteral("ridge regression: %1 feature rows but %2 outcomes")
                        .arg(features.rows())
                        .arg(outcome.size()));
    if (!features.allFinite() || !outcome.allFinite())
        throw Error(QStringLiteral("ridge regression: features and outcomes must be finite"));
    if (weights && (!weights->allFinite() || weights->minCoeff() < 0.0 || !(weights->sum() > 0.0)))
        throw Error(
            QStringLiteral("ridge regression: weights must be non-negative with a "
                           "positive sum"));
    const Eigen::Index rows = features.rows();
    const Eigen::Index parameters = features.cols() + 1;
    const detail::FeatureScaling scaling =
        detail::featureScaling(features, weights, settings.standardise);
    const double total = weights ? weights->sum() : static_cast<double>(rows);

    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(parameters, parameters);
    Eigen::VectorXd moment = Eigen::VectorXd::Zero(parameters);
    Eigen::MatrixXd block;
    for (Eigen::Index start = 0; start < rows; start += detail::kBlockRows) {
        const Eigen::Index count = std::min(detail::kBlockRows, rows - start);
        detail::designBlock(features, scaling, start, count, block);
        if (weights) {
            const auto w = weights->segment(start, count);
            moment.noalias() += block.transpose() * w.cwiseProduct(outcome.segment(start, count));
            block.array().colwise() *= w.array().sqrt();
        } else {
            moment.noalias() += block.transpose() * outcome.segment(start, count);
        }
        gram.selfadjointView<Eigen::Lower>().rankUpdate(block.transpose());
    }
    gram /= total;
    moment /= total;
    gram.diagonal().tail(parameters - 1).array() += std::max(settings.ridge, 0.0);
    const Eigen::VectorXd theta = gram.selfadjointView<Eigen::Lower>().ldlt().solve(moment);

    RidgeModel model;
    model.coefficients = theta.tail(parameters - 1).cwiseQuotient(scaling.scale);
    model.intercept = theta(0) - model.coefficients.dot(scaling.mean);
    return model;
}

}  // namespace mb::targeting
