#include "QapSwapTable.h"

#include <Eigen/Core>
#include <utility>

namespace mb::layout {

namespace {

std::vector<double> transposed(const std::vector<double>& matrix, int size) {
    std::vector<double> result(matrix.size());
    const auto n = static_cast<std::size_t>(size);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            result[j * n + i] = matrix[i * n + j];
        }
    }
    return result;
}

// Shared by the static and member forms: rows and columns of both matrices are read contiguously.
double deltaFromRows(const double* flow, const double* flowByColumn, const double* distance,
                     const double* distanceByColumn, const int* permutation, int size, int r,
                     int s) {
    const auto n = static_cast<std::size_t>(size);
    const std::size_t pr = static_cast<std::size_t>(permutation[r]);
    const std::size_t ps = static_cast<std::size_t>(permutation[s]);
    const double* flowRowR = flow + static_cast<std::size_t>(r) * n;
    const double* flowRowS = flow + static_cast<std::size_t>(s) * n;
    const double* flowColR = flowByColumn + static_cast<std::size_t>(r) * n;
    const double* flowColS = flowByColumn + static_cast<std::size_t>(s) * n;
    const double* distRowR = distance + pr * n;
    const double* distRowS = distance + ps * n;
    const double* distColR = distanceByColumn + pr * n;
    const double* distColS = distanceByColumn + ps * n;
    double delta = (flowRowR[r] - flowRowS[s]) * (distRowS[ps] - distRowR[pr]) +
                   (flowRowR[s] - flowRowS[r]) * (distRowS[pr] - distRowR[ps]);
    for (int k = 0; k < size; ++k) {
        if (k == r || k == s)
            continue;
        const auto pk = static_cast<std::size_t>(permutation[k]);
        delta += (flowColR[k] - flowColS[k]) * (distColS[pk] - distColR[pk]) +
                 (flowRowR[k] - flowRowS[k]) * (distRowS[pk] - distRowR[pk]);
    }
    return delta;
}

}  // namespace

QapSwapTable::QapSwapTable(const QapProblem& problem, std::vector<int> movable)
    : problem_(problem),
      movable_(std::move(movable)),
      flowByColumn_(transposed(problem.flow, problem.size)),
      distanceByColumn_(transposed(problem.distance, problem.size)),
      delta_(movable_.size() * movable_.size(), 0.0),
      flowTermOut_(movable_.size()),
      flowTermIn_(movable_.size()),
      distanceTermOut_(movable_.size()),
      distanceTermIn_(movable_.size()) {}

double QapSwapTable::swapDelta(const QapProblem& problem, const std::vector<int>& permutation,
                               int r, int s) {
    const std::vector<double> flowByColumn = transposed(problem.flow, problem.size);
    const std::vector<double> distanceByColumn = transposed(problem.distance, problem.size);
    return deltaFromRows(problem.flow.data(), flowByColumn.data(), problem.distance.data(),
                         distanceByColumn.data(), permutation.data(), problem.size, r, s);
}

double QapSwapTable::freshDelta(int r, int s) const {
    return deltaFromRows(problem_.flow.data(), flowByColumn_.data(), problem_.distance.data(),
                         distanceByColumn_.data(), permutation_.data(), problem_.size, r, s);
}

void QapSwapTable::reset(const std::vector<int>& permutation) {
    permutation_ = permutation;
    cost_ = qapCost(problem_, permutation_);
    // All sums over k at once as two matrix products, O(n^3) at BLAS speed instead of m^2 loops
    // of O(n): with D(i, j) = b_p(i)p(j), M = A^T D and N = A D^T give
    // sum_k (a_kr - a_ks)(D_ks - D_kr) = M_rs - M_rr - M_ss + M_sr, and likewise N for the rows.
    using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const int n = problem_.size;
    const Eigen::Map<const Matrix> flow(problem_.flow.data(), n, n);
    Matrix placed(n, n);
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            placed(i, j) = problem_.distanceAt(permutation_[static_cast<std::size_t>(i)],
                                               permutation_[static_cast<std::size_t>(j)]);
        }
    }
    const Matrix byColumns = flow.transpose() * placed;
    const Matrix byRows = flow * placed.transpose();
    const int m = movableCount();
    for (int a = 0; a < m; ++a) {
        const int r = movable_[static_cast<std::size_t>(a)];
        for (int b = a + 1; b < m; ++b) {
            const int s = movable_[static_cast<std::size_t>(b)];
            const double arr = flow(r, r), ass = flow(s, s), ars = flow(r, s), asr = flow(s, r);
            const double drr = placed(r, r), dss = placed(s, s), drs = placed(r, s),
                         dsr = placed(s, r);
            // The products sum over every k; the formula leaves out k = r and k = s.
            const double columns = byColumns(r, s) - byColumns(r, r) - byColumns(s, s) +
                                   byColumns(s, r) - (arr - ars) * (drs - drr) -
                                   (asr - ass) * (dss - dsr);
            const double rows = byRows(r, s) - byRows(r, r) - byRows(s, s) + byRows(s, r) -
                                (arr - asr) * (dsr - drr) - (ars - ass) * (dss - drs);
            delta_[pairIndex(a, b)] =
                (arr - ass) * (dss - drr) + (ars - asr) * (dsr - drs) + columns + rows;
        }
    }
}

void QapSwapTable::swap(int a, int b) {
    if (a > b)
        std::swap(a, b);
    const int r = movable_[a];
    const int s = movable_[b];
    cost_ += delta_[pairIndex(a, b)];
    std::swap(permutation_[r], permutation_[s]);

    // After the swap, for u, v apart from r and s (Taillard 1991, eq. for delta(pi', u, v)):
    // delta += (X[v]-X[u])(Y[v]-Y[u]) + (Z[v]-Z[u])(W[v]-W[u]) with
    // X[v] = a_sv - a_rv, Y[v] = b_pr,pv - b_ps,pv, Z[v] = a_vs - a_vr, W[v] = b_pv,pr - b_pv,ps.
    const auto n = static_cast<std::size_t>(problem_.size);
    const std::size_t pr = static_cast<std::size_t>(permutation_[r]);
    const std::size_t ps = static_cast<std::size_t>(permutation_[s]);
    const double* flowRowR = problem_.flow.data() + static_cast<std::size_t>(r) * n;
    const double* flowRowS = problem_.flow.data() + static_cast<std::size_t>(s) * n;
    const double* flowColR = flowByColumn_.data() + static_cast<std::size_t>(r) * n;
    const double* flowColS = flowByColumn_.data() + static_cast<std::size_t>(s) * n;
    const double* distRowR = problem_.distance.data() + pr * n;
    const double* distRowS = problem_.distance.data() + ps * n;
    const double* distColR = distanceByColumn_.data() + pr * n;
    const double* distColS = distanceByColumn_.data() + ps * n;
    const int m = movableCount();
    double* x = flowTermOut_.data();
    double* y = distanceTermOut_.data();
    double* z = flowTermIn_.data();
    double* w = distanceTermIn_.data();
    for (int k = 0; k < m; ++k) {
        const auto v = static_cast<std::size_t>(movable_[k]);
        const auto pv = static_cast<std::size_t>(permutation_[v]);
        x[k] = flowRowS[v] - flowRowR[v];
        y[k] = distRowR[pv] - distRowS[pv];
        z[k] = flowColS[v] - flowColR[v];
        w[k] = distColR[pv] - distColS[pv];
    }
    for (int k = 0; k < m; ++k) {
        const double xk = x[k], yk = y[k], zk = z[k], wk = w[k];
        double* row = delta_.data() + pairIndex(k, 0);
        for (int l = k + 1; l < m; ++l) {
            row[l] += (x[l] - xk) * (y[l] - yk) + (z[l] - zk) * (w[l] - wk);
        }
    }
    // Pairs that include r or s changed in every term: recompute them.
    for (int k = 0; k < m; ++k) {
        if (k != a)
            delta_[k < a ? pairIndex(k, a) : pairIndex(a, k)] = freshDelta(movable_[k], r);
        if (k != b)
            delta_[k < b ? pairIndex(k, b) : pairIndex(b, k)] = freshDelta(movable_[k], s);
    }
}

}  // namespace mb::layout
