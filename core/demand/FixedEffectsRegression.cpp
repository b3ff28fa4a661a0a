#include "demand/FixedEffectsRegression.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mb::demand {

int countClusters(const std::vector<int>* cluster) {
    if (cluster == nullptr || cluster->empty())
        return 0;
    std::vector<char> seen(
        static_cast<std::size_t>(*std::max_element(cluster->begin(), cluster->end())) + 1, 0);
    int count = 0;
    for (const int c : *cluster) {
        if (c >= 0 && seen[static_cast<std::size_t>(c)] == 0) {
            seen[static_cast<std::size_t>(c)] = 1;
            ++count;
        }
    }
    return count;
}

double clusterCorrection(int clusters, Eigen::Index rows, Eigen::Index slopes) {
    const auto g = static_cast<double>(clusters);
    const auto n = static_cast<double>(rows);
    const auto k = static_cast<double>(slopes);
    return g / (g - 1.0) * (n - 1.0) / std::max(1.0, n - k);
}

Eigen::MatrixXd clusteredCovariance(const Eigen::MatrixXd& bread, const Eigen::MatrixXd& scores,
                                    const std::vector<int>& cluster, int clusters) {
    int highest = 0;
    for (const int c : cluster)
        highest = std::max(highest, c);
    Eigen::MatrixXd perCluster = Eigen::MatrixXd::Zero(highest + 1, scores.cols());
    for (Eigen::Index i = 0; i < scores.rows(); ++i)
        perCluster.row(cluster[static_cast<std::size_t>(i)]) += scores.row(i);
    const Eigen::MatrixXd meat = perCluster.transpose() * perCluster;
    return bread * meat * bread * clusterCorrection(clusters, scores.rows(), scores.cols());
}

namespace {

// sums[group[i]] += value(i) for every row in order, the running sum of a run of rows of one
// group held in a register: rows come grouped, and adding through memory waits on the previous
// row's store at every row. The same additions in the same order as the plain loop.
template <typename Value>
void sumByGroup(const std::vector<int>& group, Eigen::Index n, double* sums, Value value) {
    int current = -1;
    double sum = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
        const int g = group[static_cast<std::size_t>(i)];
        if (g != current) {
            if (current >= 0)
                sums[current] = sum;
            current = g;
            sum = sums[g];
        }
        sum += value(i);
    }
    if (current >= 0)
        sums[current] = sum;
}

// The columns, in order, that earlier kept ones do not explain: column j's variation left after
// its regression on them, own - c' K^-1 c from the cross products, above 1e-9 of its own. K's
// Cholesky factor grows by a row per kept column, so the check is one triangular solve per
// column, not a factorisation.
std::vector<Eigen::Index> independentColumns(const Eigen::MatrixXd& crossProducts) {
    const Eigen::Index p = crossProducts.cols();
    std::vector<Eigen::Index> independent;
    Eigen::MatrixXd factor = Eigen::MatrixXd::Zero(p, p);  // lower: row a for kept column a
    Eigen::VectorXd solved(p);
    for (Eigen::Index j = 0; j < p; ++j) {
        const double own = crossProducts(j, j);
        if (!(own > 1e-9))
            continue;
        const auto k = static_cast<Eigen::Index>(independent.size());
        double unexplained = own;
        for (Eigen::Index a = 0; a < k; ++a) {
            double sum = crossProducts(independent[static_cast<std::size_t>(a)], j);
            for (Eigen::Index b = 0; b < a; ++b)
                sum -= factor(a, b) * solved(b);
            solved(a) = sum / factor(a, a);
            unexplained -= solved(a) * solved(a);
        }
        if (unexplained > 1e-9 * own) {
            factor.row(k).head(k) = solved.head(k).transpose();
            factor(k, k) = std::sqrt(unexplained);
            independent.push_back(j);
        }
    }
    return independent;
}

}  // namespace

FixedEffectsDesign::FixedEffectsDesign(Eigen::MatrixXd x, const std::vector<int>& group, int groups,
                                       const Eigen::VectorXd* weights)
    : group_(group),
      groups_(groups),
      weights_(weights),
      n_(x.rows()),
      p_(x.cols()),
      within_(std::move(x)) {
    if (n_ == 0 || groups_ <= 0)
        return;
    // Column by column: x is stored by column, and a chain's category pools 100,000s of rows.
    counts_ = Eigen::VectorXd::Zero(groups_);
    if (weights_ != nullptr)
        sumByGroup(group_, n_, counts_.data(), [&](Eigen::Index i) { return (*weights_)(i); });
    else
        sumByGroup(group_, n_, counts_.data(), [](Eigen::Index) { return 1.0; });
    if (weights_ != nullptr)
        scale_ = weights_->array().sqrt();
    for (int g = 0; g < groups_; ++g)
        usedGroups_ += counts_(g) > 0 ? 1 : 0;
    groupMeanX_.resize(groups_, p_);
    for (Eigen::Index j = 0; j < p_; ++j)
        demean(within_.col(j).data(), groupMeanX_.col(j).data(), within_.col(j).data());

    // Columns are taken in order and one that repeats earlier ones (no within-group variation,
    // or a promotion flag that moves exactly with the price) is dropped, so the price column,
    // first, is always kept when the data can estimate it.
    const Eigen::MatrixXd crossProducts = within_.transpose() * within_;
    independent_ = independentColumns(crossProducts);
    const auto q = static_cast<Eigen::Index>(independent_.size());
    degreesOfFreedom_ = static_cast<int>(n_ - q - usedGroups_);
    if (degreesOfFreedom_ < 1)
        return;

    // The normal equations of the kept columns, from the cross products already formed: the
    // columns are demeaned and none repeats another (above), so they are well conditioned for a
    // Cholesky factorisation, and a weekly series' handful of columns costs one pass over it.
    Eigen::MatrixXd keptProducts(q, q);
    // Kept columns in place, moved left over the dropped ones: no second copy of the rows.
    for (Eigen::Index k = 0; k < q; ++k) {
        if (independent_[static_cast<std::size_t>(k)] != k)
            within_.col(k) = within_.col(independent_[static_cast<std::size_t>(k)]);
        for (Eigen::Index l = 0; l < q; ++l)
            keptProducts(k, l) = crossProducts(independent_[static_cast<std::size_t>(k)],
                                               independent_[static_cast<std::size_t>(l)]);
    }
    normal_.compute(keptProducts);
    inverse_ = normal_.solve(Eigen::MatrixXd::Identity(q, q));
}

// The group means of a column, and the column less its group's mean (times sqrt(weight)); out
// may be the column itself.
void FixedEffectsDesign::demean(const double* column, double* mean, double* out) const {
    std::fill(mean, mean + groups_, 0.0);
    if (weights_ != nullptr)
        sumByGroup(group_, n_, mean, [&](Eigen::Index i) { return (*weights_)(i)*column[i]; });
    else
        sumByGroup(group_, n_, mean, [&](Eigen::Index i) { return column[i]; });
    for (int g = 0; g < groups_; ++g) {
        if (counts_(g) > 0)
            mean[g] /= counts_(g);
    }
    for (Eigen::Index i = 0; i < n_; ++i)
        out[i] = column[i] - mean[group_[static_cast<std::size_t>(i)]];
    if (weights_ != nullptr) {
        for (Eigen::Index i = 0; i < n_; ++i)
            out[i] *= scale_(i);
    }
}

FixedEffectsFit FixedEffectsDesign::fit(const Eigen::VectorXd& y,
                                        const std::vector<int>* cluster) const {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    FixedEffectsFit fit;
    fit.observations = static_cast<int>(n_);
    fit.coefficients = Eigen::VectorXd::Constant(p_, nan);
    fit.standardErrors = Eigen::VectorXd::Constant(p_, nan);
    fit.intercepts = Eigen::VectorXd::Constant(groups_, nan);
    if (n_ == 0 || groups_ <= 0)
        return fit;
    Eigen::VectorXd groupMeanY(groups_);
    Eigen::VectorXd withinY(n_);
    demean(y.data(), groupMeanY.data(), withinY.data());
    fit.degreesOfFreedom = degreesOfFreedom_;
    if (fit.degreesOfFreedom < 1)
        return fit;

    const auto q = static_cast<Eigen::Index>(independent_.size());
    const auto reduced = within_.leftCols(q);
    const Eigen::VectorXd beta = normal_.solve(reduced.transpose() * withinY);
    Eigen::VectorXd residual = withinY - reduced * beta;
    const double rss = residual.squaredNorm();
    const double tss = withinY.squaredNorm();
    fit.residualVariance = rss / fit.degreesOfFreedom;
    fit.withinR2 = tss > 0.0 ? 1.0 - rss / tss : 0.0;

    fit.classicalStandardErrors = fit.standardErrors;
    fit.clusters = countClusters(cluster);
    Eigen::MatrixXd clustered;
    if (fit.clusters >= 2)
        clustered = clusteredCovariance(inverse_, reduced.array().colwise() * residual.array(),
                                        *cluster, fit.clusters);
    else
        fit.clusters = 0;
    Eigen::VectorXd full = Eigen::VectorXd::Zero(p_);
    for (Eigen::Index k = 0; k < q; ++k) {
        const Eigen::Index j = independent_[static_cast<std::size_t>(k)];
        full(j) = beta(k);
        fit.coefficients(j) = beta(k);
        fit.classicalStandardErrors(j) = std::sqrt(fit.residualVariance * inverse_(k, k));
        fit.standardErrors(j) =
            fit.clusters > 0 ? std::sqrt(clustered(k, k)) : fit.classicalStandardErrors(j);
    }
    for (int g = 0; g < groups_; ++g) {
        if (counts_(g) > 0)
            fit.intercepts(g) = groupMeanY(g) - groupMeanX_.row(g).dot(full);
    }
    fit.residuals = std::move(residual);
    fit.estimable = true;
    return fit;
}

FixedEffectsFit fitFixedEffects(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                const std::vector<int>& group, int groups,
                                const Eigen::VectorXd* weights, const std::vector<int>* cluster) {
    return FixedEffectsDesign(x, group, groups, weights).fit(y, cluster);
}

FixedEffectsFit fitFixedEffects(Eigen::MatrixXd&& x, const Eigen::VectorXd& y,
                                const std::vector<int>& group, int groups,
                                const Eigen::VectorXd* weights, const std::vector<int>* cluster) {
    return FixedEffectsDesign(std::move(x), group, groups, weights).fit(y, cluster);
}

}  // namespace mb::demand
