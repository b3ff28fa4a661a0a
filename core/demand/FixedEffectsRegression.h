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
    // Clustered (below) when the fit was given clusters, else classical.
    Eigen::VectorXd standardErrors;
    Eigen::VectorXd classicalStandardErrors;  // from the residual variance, rows independent
    int clusters = 0;                         // 0: the standard errors are classical
    Eigen::VectorXd intercepts;               // one per group
    Eigen::VectorXd residuals;                // sqrt(weight) (y - fitted), per row
    double residualVariance = 0.0;
    double withinR2 = 0.0;  // share of the within-group variation of y explained by the columns
    int observations = 0;
    int degreesOfFreedom = 0;
};

// group[i] in [0, groups) names row i's group. Columns that do not vary within groups, or that
// repeat other columns, are dropped rather than failing the fit. With weights, weighted least
// squares (residual variance = sum w r^2 / df).
//
// With cluster (cluster[i] >= 0 names row i's store, each group inside one cluster) and at least
// two clusters, standardErrors are cluster-robust: the sandwich
//   V = (X'X)^-1 (sum_c X_c' e_c e_c' X_c) (X'X)^-1 * G/(G-1) * (N-1)/(N-K)
// on the demeaned (and weighted) design, with G clusters, N rows and K slopes; the intercepts,
// nested in the clusters, are not counted in K (as Stata's xtreg, fe vce(cluster) does). Weeks
// of one store share its shocks (a store's own response to price), which the classical errors
// take for independent information.
FixedEffectsFit fitFixedEffects(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                const std::vector<int>& group, int groups,
                                const Eigen::VectorXd* weights = nullptr,
                                const std::vector<int>* cluster = nullptr);
// The same fit on a design the caller is done with: demeaned where it lies, not copied (a
// category's pooled design is 100,000s of rows).
FixedEffectsFit fitFixedEffects(Eigen::MatrixXd&& x, const Eigen::VectorXd& y,
                                const std::vector<int>& group, int groups,
                                const Eigen::VectorXd* weights = nullptr,
                                const std::vector<int>* cluster = nullptr);

// The fit above split in two: the design demeaned and its normal equations factorised once, then
// any number of responses fitted on it, each as fitFixedEffects would (the same figures to the
// last bit). The censored fit's EM steps refit the same weeks with new expected demand. Keeps
// references to group and weights: they must outlive the design.
class FixedEffectsDesign {
public:
    FixedEffectsDesign(Eigen::MatrixXd x, const std::vector<int>& group, int groups,
                       const Eigen::VectorXd* weights = nullptr);
    FixedEffectsFit fit(const Eigen::VectorXd& y, const std::vector<int>* cluster = nullptr) const;

private:
    void demean(const double* column, double* mean, double* out) const;

    const std::vector<int>& group_;
    int groups_ = 0;
    const Eigen::VectorXd* weights_ = nullptr;
    Eigen::Index n_ = 0;
    Eigen::Index p_ = 0;
    Eigen::MatrixXd within_;  // demeaned; the kept columns first
    Eigen::VectorXd counts_;  // rows (or weight) per group
    Eigen::VectorXd scale_;   // sqrt(weight)
    int usedGroups_ = 0;
    Eigen::MatrixXd groupMeanX_;
    std::vector<Eigen::Index> independent_;  // the kept columns
    int degreesOfFreedom_ = 0;
    Eigen::LDLT<Eigen::MatrixXd> normal_;
    Eigen::MatrixXd inverse_;
};

// The number of distinct clusters (values >= 0) of a row labelling, 0 without one.
int countClusters(const std::vector<int>* cluster);

// The small-sample factor G/(G-1) * (N-1)/(N-K) of a clustered sandwich.
double clusterCorrection(int clusters, Eigen::Index rows, Eigen::Index slopes);

// bread * (sum over clusters of the cluster's summed scores, outer product) * bread, times the
// correction above: scores has one row per observation and one column per slope.
Eigen::MatrixXd clusteredCovariance(const Eigen::MatrixXd& bread, const Eigen::MatrixXd& scores,
                                    const std::vector<int>& cluster, int clusters);

// Poisson regression with a log link and one intercept per group, by iteratively reweighted
// least squares (McCullagh and Nelder, Generalized Linear Models, 2nd ed., section 2.5): each
// step is the weighted fit above of z = eta + (y - mu) / mu with weights mu. Standard errors are
// quasi-Poisson: residualVariance is Pearson chi^2 / df and scales the covariance. withinR2 is
// the deviance explained beyond the group intercepts. Groups with no units get no intercept.
// With cluster, the standard errors are the clustered sandwich of the last weighted step (the
// Poisson scores x (y - mu) summed per store), which needs no dispersion estimate.
FixedEffectsFit fitPoissonFixedEffects(const Eigen::MatrixXd& x, const Eigen::VectorXd& units,
                                       const Eigen::VectorXd& offset, const std::vector<int>& group,
                                       int groups, const std::vector<int>* cluster = nullptr);

// Right-censored normal regression (Tobit) with one intercept per group, for log(units) when some
// weeks sold out: an uncensored week has density phi((y - mu) / sigma) / sigma, a censored week
// (censored[i] != 0) the probability 1 - Phi((y - mu) / sigma) that demand reached y or more,
// with mu = intercept(group) + x beta. Maximum likelihood by EM (the least-squares fit above on
// y with each censored week replaced by E[y* | y* >= y]), from the least-squares fit; standard
// errors from the observed information with the intercepts profiled out, or its clustered
// sandwich of per-store scores (same correction as above). residualVariance is the maximum
// likelihood sigma^2; residuals are y - mu, and E[y* - mu | y* >= y] for a censored week.
FixedEffectsFit fitCensoredFixedEffects(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                        const std::vector<char>& censored,
                                        const std::vector<int>& group, int groups,
                                        const std::vector<int>* cluster = nullptr);

}  // namespace mb::demand
