#include "targeting/LogisticRegression.h"

#include "common/Error.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

namespace mb::targeting {

namespace detail {

FeatureScaling featureScaling(const Eigen::MatrixXd& features, const Eigen::VectorXd* weights,
                              bool standardise) {
    const Eigen::Index columns = features.cols();
    FeatureScaling scaling{Eigen::VectorXd::Zero(columns), Eigen::VectorXd::Ones(columns)};
    if (!standardise || features.rows() == 0)
        return scaling;
    const double total = weights ? weights->sum() : static_cast<double>(features.rows());
    for (Eigen::Index j = 0; j < columns; ++j) {
        const auto column = features.col(j);
        const double mean = weights ? column.dot(*weights) / total : column.mean();
        const Eigen::ArrayXd centred = column.array() - mean;
        const double variance =
            weights ? (centred.square() * weights->array()).sum() / total : centred.square().mean();
        scaling.mean(j) = mean;
        const double sd = std::sqrt(std::max(variance, 0.0));
        scaling.scale(j) = sd > 1e-12 * std::max(1.0, std::abs(mean)) ? sd : 1.0;
    }
    return scaling;
}

void designBlock(const Eigen::MatrixXd& features, const FeatureScaling& scaling, Eigen::Index start,
                 Eigen::Index count, Eigen::MatrixXd& block) {
    block.resize(count, features.cols() + 1);
    block.col(0).setOnes();
    block.rightCols(features.cols()) =
        ((features.middleRows(start, count).rowwise() - scaling.mean.transpose())
             .array()
             .rowwise() /
         scaling.scale.transpose().array())
            .matrix();
}

}  // namespace detail

namespace {

// log(1 + exp(eta)) without overflow.
double softplus(double eta) {
    return eta > 0.0 ? eta + std::log1p(std::exp(-eta)) : std::log1p(std::exp(eta));
}

double sigmoid(double eta) {
    if (eta >= 0.0)
        return 1.0 / (1.0 + std::exp(-eta));
    const double e = std::exp(eta);
    return e / (1.0 + e);
}

void checkInput(const Eigen::MatrixXd& features, const Eigen::VectorXd& outcome,
                const Eigen::VectorXd* weights, const char* what) {
    if (features.rows() == 0)
        throw Error(QStringLiteral("%1: no rows to fit").arg(QLatin1String(what)));
    if (outcome.size() != features.rows() || (weights && weights->size() != features.rows()))
        throw Error(QStringLiteral("%1: %2 feature rows but %3 outcomes")
                        .arg(QLatin1String(what))
                        .arg(features.rows())
                        .arg(outcome.size()));
    if (!features.allFinite() || !outcome.allFinite())
        throw Error(QStringLiteral("%1: features and outcomes must be finite numbers")
                        .arg(QLatin1String(what)));
    if (weights && (!weights->allFinite() || weights->minCoeff() < 0.0 || !(weights->sum() > 0.0)))
        throw Error(QStringLiteral("%1: weights must be non-negative with a positive sum")
                        .arg(QLatin1String(what)));
}

}  // namespace

Eigen::VectorXd LogisticModel::predict(const Eigen::MatrixXd& features) const {
    Eigen::VectorXd eta = features * coefficients;
    for (Eigen::Index i = 0; i < eta.size(); ++i)
        eta(i) = sigmoid(eta(i) + intercept);
    return eta;
}

LogisticModel fitLogistic(const Eigen::MatrixXd& features, const Eigen::VectorXd& outcome,
                          const LogisticSettings& settings, const Eigen::VectorXd* weights) {
    checkInput(features, outcome, weights, "logistic regression");
    if (outcome.minCoeff() < 0.0 || outcome.maxCoeff() > 1.0)
        throw Error(QStringLiteral("logistic regression: outcomes must lie in [0, 1]"));
    const Eigen::Index rows = features.rows();
    const Eigen::Index parameters = features.cols() + 1;
    const detail::FeatureScaling scaling =
        detail::featureScaling(features, weights, settings.standardise);
    const double total = weights ? weights->sum() : static_cast<double>(rows);
    const double ridge = std::max(settings.ridge, 0.0);

    // Start at the intercept of the weighted mean response, clipped away from 0 and 1.
    Eigen::VectorXd theta = Eigen::VectorXd::Zero(parameters);
    const double mean =
        std::clamp((weights ? outcome.dot(*weights) : outcome.sum()) / total, 1e-6, 1.0 - 1e-6);
    theta(0) = std::log(mean / (1.0 - mean));

    Eigen::MatrixXd block;
    auto objective = [&](const Eigen::VectorXd& candidate) {
        double loss = 0.0;
        for (Eigen::Index start = 0; start < rows; start += detail::kBlockRows) {
            const Eigen::Index count = std::min(detail::kBlockRows, rows - start);
            detail::designBlock(features, scaling, start, count, block);
            const Eigen::VectorXd eta = block * candidate;
            for (Eigen::Index i = 0; i < count; ++i) {
                const double w = weights ? (*weights)(start + i) : 1.0;
                loss += w * (softplus(eta(i)) - outcome(start + i) * eta(i));
            }
        }
        return loss / total + 0.5 * ridge * candidate.tail(parameters - 1).squaredNorm();
    };

    LogisticModel model;
    double current = objective(theta);
    Eigen::MatrixXd hessian(parameters, parameters);
    Eigen::VectorXd gradient(parameters);
    Eigen::VectorXd curvature;
    Eigen::VectorXd residual;
    for (int iteration = 1; iteration <= settings.maxIterations; ++iteration) {
        model.iterations = iteration;
        hessian.setZero();
        gradient.setZero();
        for (Eigen::Index start = 0; start < rows; start += detail::kBlockRows) {
            const Eigen::Index count = std::min(detail::kBlockRows, rows - start);
            detail::designBlock(features, scaling, start, count, block);
            const Eigen::VectorXd eta = block * theta;
            curvature.resize(count);
            residual.resize(count);
            for (Eigen::Index i = 0; i < count; ++i) {
                const double w = weights ? (*weights)(start + i) : 1.0;
                const double p = sigmoid(eta(i));
                residual(i) = w * (outcome(start + i) - p);
                curvature(i) = std::sqrt(w * p * (1.0 - p));
            }
            gradient.noalias() -= block.transpose() * residual;
            // X^T W X as a symmetric rank update of sqrt(W) X: half the work of a full product.
            block.array().colwise() *= curvature.array();
            hessian.selfadjointView<Eigen::Lower>().rankUpdate(block.transpose());
        }
        gradient /= total;
        hessian /= total;
        gradient.tail(parameters - 1) += ridge * theta.tail(parameters - 1);
        hessian.diagonal().tail(parameters - 1).array() += ridge;
        const Eigen::VectorXd step = hessian.selfadjointView<Eigen::Lower>().ldlt().solve(gradient);
        if (!step.allFinite())
            break;
        // Step halving keeps each iteration downhill when the quadratic model overshoots.
        double length = 1.0;
        Eigen::VectorXd candidate = theta - step;
        double next = objective(candidate);
        while (!(next <= current) && length > 1e-10) {
            length *= 0.5;
            candidate = theta - length * step;
            next = objective(candidate);
        }
        if (!(next <= current)) {
            model.converged = true;  // no downhill step left at double precision
            break;
        }
        theta = candidate;
        current = next;
        if (length * step.lpNorm<Eigen::Infinity>() < settings.tolerance) {
            model.converged = true;
            break;
        }
    }

    model.coefficients = theta.tail(parameters - 1).cwiseQuotient(scaling.scale);
    model.intercept = theta(0) - model.coefficients.dot(scaling.mean);
    return model;
}

}  // namespace mb::targeting
