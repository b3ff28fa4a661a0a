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

// The fit of fitFixedEffects on `within`, which holds the design and is demeaned in place: a
// caller done with its design hands it over rather than have it copied.
FixedEffectsFit fitOnDesign(Eigen::MatrixXd within, const Eigen::VectorXd& y,
                            const std::vector<int>& group, int groups,
                            const Eigen::VectorXd* weights, const std::vector<int>* cluster) {
    const Eigen::Index n = within.rows();
    const Eigen::Index p = within.cols();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    FixedEffectsFit fit;
    fit.observations = static_cast<int>(n);
    fit.coefficients = Eigen::VectorXd::Constant(p, nan);
    fit.standardErrors = Eigen::VectorXd::Constant(p, nan);
    fit.intercepts = Eigen::VectorXd::Constant(groups, nan);
    if (n == 0 || groups <= 0)
        return fit;

    // Column by column: x is stored by column, and a chain's category pools 100,000s of rows.
    Eigen::VectorXd counts = Eigen::VectorXd::Zero(groups);
    Eigen::VectorXd scale;
    if (weights != nullptr)
        sumByGroup(group, n, counts.data(), [&](Eigen::Index i) { return (*weights)(i); });
    else
        sumByGroup(group, n, counts.data(), [](Eigen::Index) { return 1.0; });
    if (weights != nullptr)
        scale = weights->array().sqrt();
    int usedGroups = 0;
    for (int g = 0; g < groups; ++g)
        usedGroups += counts(g) > 0 ? 1 : 0;
    // The group means of a column, and the column less its group's mean (times sqrt(weight));
    // out may be the column itself.
    auto demean = [&](const double* column, double* mean, double* out) {
        std::fill(mean, mean + groups, 0.0);
        if (weights != nullptr)
            sumByGroup(group, n, mean, [&](Eigen::Index i) { return (*weights)(i)*column[i]; });
        else
            sumByGroup(group, n, mean, [&](Eigen::Index i) { return column[i]; });
        for (int g = 0; g < groups; ++g) {
            if (counts(g) > 0)
                mean[g] /= counts(g);
        }
        for (Eigen::Index i = 0; i < n; ++i)
            out[i] = column[i] - mean[group[i]];
        if (weights != nullptr) {
            for (Eigen::Index i = 0; i < n; ++i)
                out[i] *= scale(i);
        }
    };
    Eigen::MatrixXd groupMeanX(groups, p);
    Eigen::VectorXd groupMeanY(groups);
    Eigen::VectorXd withinY(n);
    for (Eigen::Index j = 0; j < p; ++j)
        demean(within.col(j).data(), groupMeanX.col(j).data(), within.col(j).data());
    demean(y.data(), groupMeanY.data(), withinY.data());

    // Columns are taken in order and one that repeats earlier ones (no within-group variation,
    // or a promotion flag that moves exactly with the price) is dropped, so the price column,
    // first, is always kept when the data can estimate it.
    const Eigen::MatrixXd crossProducts = within.transpose() * within;
    const std::vector<Eigen::Index> independent = independentColumns(crossProducts);
    const auto q = static_cast<Eigen::Index>(independent.size());
    fit.degreesOfFreedom = static_cast<int>(n - q - usedGroups);
    if (fit.degreesOfFreedom < 1)
        return fit;

    // The normal equations of the kept columns, from the cross products already formed: the
    // columns are demeaned and none repeats another (above), so they are well conditioned for a
    // Cholesky factorisation, and a weekly series' handful of columns costs one pass over it.
    Eigen::MatrixXd keptProducts(q, q);
    // Kept columns in place, moved left over the dropped ones: no second copy of the rows.
    for (Eigen::Index k = 0; k < q; ++k) {
        if (independent[static_cast<std::size_t>(k)] != k)
            within.col(k) = within.col(independent[static_cast<std::size_t>(k)]);
        for (Eigen::Index l = 0; l < q; ++l)
            keptProducts(k, l) = crossProducts(independent[static_cast<std::size_t>(k)],
                                               independent[static_cast<std::size_t>(l)]);
    }
    const auto reduced = within.leftCols(q);
    const Eigen::LDLT<Eigen::MatrixXd> normal(keptProducts);
    const Eigen::VectorXd beta = normal.solve(reduced.transpose() * withinY);
    Eigen::VectorXd residual = withinY - reduced * beta;
    const double rss = residual.squaredNorm();
    const double tss = withinY.squaredNorm();
    fit.residualVariance = rss / fit.degreesOfFreedom;
    fit.withinR2 = tss > 0.0 ? 1.0 - rss / tss : 0.0;
    const Eigen::MatrixXd inverse = normal.solve(Eigen::MatrixXd::Identity(q, q));

    fit.classicalStandardErrors = fit.standardErrors;
    fit.clusters = countClusters(cluster);
    Eigen::MatrixXd clustered;
    if (fit.clusters >= 2)
        clustered = clusteredCovariance(inverse, reduced.array().colwise() * residual.array(),
                                        *cluster, fit.clusters);
    else
        fit.clusters = 0;
    Eigen::VectorXd full = Eigen::VectorXd::Zero(p);
    for (Eigen::Index k = 0; k < q; ++k) {
        const Eigen::Index j = independent[static_cast<std::size_t>(k)];
        full(j) = beta(k);
        fit.coefficients(j) = beta(k);
        fit.classicalStandardErrors(j) = std::sqrt(fit.residualVariance * inverse(k, k));
        fit.standardErrors(j) =
            fit.clusters > 0 ? std::sqrt(clustered(k, k)) : fit.classicalStandardErrors(j);
    }
    for (int g = 0; g < groups; ++g) {
        if (counts(g) > 0)
            fit.intercepts(g) = groupMeanY(g) - groupMeanX.row(g).dot(full);
    }
    fit.residuals = std::move(residual);
    fit.estimable = true;
    return fit;
}

}  // namespace

FixedEffectsFit fitFixedEffects(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                const std::vector<int>& group, int groups,
                                const Eigen::VectorXd* weights, const std::vector<int>* cluster) {
    return fitOnDesign(x, y, group, groups, weights, cluster);
}

FixedEffectsFit fitFixedEffects(Eigen::MatrixXd&& x, const Eigen::VectorXd& y,
                                const std::vector<int>& group, int groups,
                                const Eigen::VectorXd* weights, const std::vector<int>* cluster) {
    return fitOnDesign(std::move(x), y, group, groups, weights, cluster);
}

}  // namespace mb::demand
