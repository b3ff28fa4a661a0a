#include "layout/LayoutEffectModel.h"

#include "common/Error.h"
#include "jobs/RecordedRun.h"

#include <Eigen/Dense>
#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <iterator>

namespace mb::layout {

namespace {

constexpr int kMaxIterations = 100;
constexpr int kMaxJackknifeStores = 200;
constexpr double kNormalQuantile975 = 1.959963984540054;

// The fit's parameters: one effect per pair bought together at least once, one per store but
// the first (the reference), and beta last.
struct Parameters {
    Eigen::VectorXd pair;
    Eigen::VectorXd rest;  // stores 1 .. S-1, then beta
};

struct Observation {
    int pair = 0;
    int store = 0;
    double x = 0.0;       // metres / 10
    double offset = 0.0;  // log(basketsWithA)
    double y = 0.0;
};

// The information matrix in blocks: pair x pair is diagonal (a), pair x rest is b, rest x rest
// is c; Newton's step eliminates the pairs through the Schur complement c - b' a^-1 b.
class Information {
public:
    Information(int pairs, int stores)
        : a_(Eigen::VectorXd::Zero(pairs)),
          b_(Eigen::MatrixXd::Zero(pairs, stores)),
          c_(Eigen::MatrixXd::Zero(stores, stores)),
          beta_(stores - 1) {}

    void add(const Observation& o, double mu) {
        a_(o.pair) += mu;
        b_(o.pair, beta_) += mu * o.x;
        c_(beta_, beta_) += mu * o.x * o.x;
        if (o.store > 0) {
            const int s = o.store - 1;
            b_(o.pair, s) += mu;
            c_(s, s) += mu;
            c_(s, beta_) += mu * o.x;
            c_(beta_, s) += mu * o.x;
        }
    }

    // Solves the full system for the right-hand side (g1 for the pairs, g2 for the rest).
    Parameters solve(const Eigen::VectorXd& g1, const Eigen::VectorXd& g2) const {
        const Eigen::VectorXd inverseA = a_.cwiseInverse();
        const Eigen::MatrixXd reduced = c_ - b_.transpose() * inverseA.asDiagonal() * b_;
        // A store whose pairs are all its own is not separated from them: the minimum-norm
        // step leaves beta unaffected.
        Parameters step;
        step.rest = reduced.completeOrthogonalDecomposition().solve(
            g2 - b_.transpose() * inverseA.cwiseProduct(g1));
        step.pair = inverseA.cwiseProduct(g1 - b_ * step.rest);
        return step;
    }

    // beta's information once the pair and store effects are taken out, and its total.
    std::pair<double, double> betaInformation() const {
        const Eigen::VectorXd inverseA = a_.cwiseInverse();
        const Eigen::MatrixXd reduced = c_ - b_.transpose() * inverseA.asDiagonal() * b_;
        const Eigen::Index k = reduced.rows() - 1;
        double partial = reduced(k, k);
        if (k > 0) {
            const Eigen::MatrixXd stores = reduced.topLeftCorner(k, k);
            const Eigen::VectorXd cross = reduced.topRightCorner(k, 1);
            partial -= cross.dot(stores.completeOrthogonalDecomposition().solve(cross));
        }
        return {partial, c_(beta_, beta_)};
    }

private:
    Eigen::VectorXd a_;
    Eigen::MatrixXd b_;
    Eigen::MatrixXd c_;
    int beta_;
};

double linear(const Parameters& p, const Observation& o) {
    const double store = o.store > 0 ? p.rest(o.store - 1) : 0.0;
    return p.pair(o.pair) + store + p.rest(p.rest.size() - 1) * o.x + o.offset;
}

double logLikelihood(const Parameters& p, const std::vector<Observation>& data) {
    double sum = 0.0;
    for (const Observation& o : data) {
        const double eta = linear(p, o);
        sum += o.y * eta - std::exp(eta);
    }
    return sum;
}

Information information(const Parameters& p, const std::vector<Observation>& data, int pairs,
                        int stores) {
    Information info(pairs, stores);
    for (const Observation& o : data)
        info.add(o, std::exp(linear(p, o)));
    return info;
}

}  // namespace

// The fit with the CR1 sandwich; fitAttachRates adds the jackknife by store.
static AttachFit fitWithSandwich(const std::vector<AttachObservation>& observations, int pairs,
                                 int stores, const QString& what, ProgressToken* progress) {
    // A pair never bought together carries nothing on beta once its own effect is free (its
    // effect would run to minus infinity): it is left out. Stores are numbered as they appear.
    std::vector<double> pairTotal(static_cast<std::size_t>(pairs), 0.0);
    std::vector<double> pairOffset(static_cast<std::size_t>(pairs), 0.0);
    for (const AttachObservation& o : observations) {
        pairTotal[static_cast<std::size_t>(o.pair)] += o.basketsWithBoth;
        pairOffset[static_cast<std::size_t>(o.pair)] += o.basketsWithA;
    }
    std::vector<int> pairIndex(static_cast<std::size_t>(pairs), -1);
    std::vector<int> storeIndex(static_cast<std::size_t>(stores), -1);
    std::vector<Observation> data;
    std::vector<std::size_t> used;  // observation index of each data row
    int usedPairs = 0;
    int usedStores = 0;
    for (std::size_t i = 0; i < observations.size(); ++i) {
        const AttachObservation& o = observations[i];
        if (pairTotal[static_cast<std::size_t>(o.pair)] <= 0.0 || !(o.basketsWithA > 0.0))
            continue;
        int& p = pairIndex[static_cast<std::size_t>(o.pair)];
        if (p < 0)
            p = usedPairs++;
        int& s = storeIndex[static_cast<std::size_t>(o.store)];
        if (s < 0)
            s = usedStores++;
        data.push_back({p, s, o.metres / 10.0, std::log(o.basketsWithA), o.basketsWithBoth});
        used.push_back(i);
    }
    const QString unidentified =
        QStringLiteral(
            "the effect of walking distance on attach rates cannot be identified: "
            "%1; it needs several stores placing the same categories differently, "
            "or a dated layout change (layout rows with valid_from)")
            .arg(what);
    if (data.empty() || usedStores == 0)
        throw Error(unidentified);

    Parameters p;
    p.pair = Eigen::VectorXd::Zero(usedPairs);
    p.rest = Eigen::VectorXd::Zero(usedStores);
    for (int original = 0; original < pairs; ++original)
        if (const int q = pairIndex[static_cast<std::size_t>(original)]; q >= 0)
            p.pair(q) = std::log(pairTotal[static_cast<std::size_t>(original)] /
                                 pairOffset[static_cast<std::size_t>(original)]);

    // Identification: beta's information with the pair and store effects taken out.
    {
        const auto [partial, total] = information(p, data, usedPairs, usedStores).betaInformation();
        if (!(partial > 1e-9 * total) || !(total > 0.0))
            throw Error(unidentified);
    }

    AttachFit fit;
    double current = logLikelihood(p, data);
    for (fit.iterations = 1; fit.iterations <= kMaxIterations; ++fit.iterations) {
        if (progress) {
            jobs::throwIfCancelled(*progress);
            progress->report(static_cast<double>(fit.iterations) / kMaxIterations);
        }
        Eigen::VectorXd g1 = Eigen::VectorXd::Zero(usedPairs);
        Eigen::VectorXd g2 = Eigen::VectorXd::Zero(usedStores);
        Information info(usedPairs, usedStores);
        for (const Observation& o : data) {
            const double mu = std::exp(linear(p, o));
            const double residual = o.y - mu;
            info.add(o, mu);
            g1(o.pair) += residual;
            if (o.store > 0)
                g2(o.store - 1) += residual;
            g2(usedStores - 1) += residual * o.x;
        }
        const Parameters step = info.solve(g1, g2);
        // Step halving keeps every step uphill (the log-likelihood is concave).
        double scale = 1.0;
        Parameters next;
        double value = current;
        for (int halving = 0; halving < 30; ++halving, scale /= 2.0) {
            next.pair = p.pair + scale * step.pair;
            next.rest = p.rest + scale * step.rest;
            value = logLikelihood(next, data);
            if (std::isfinite(value) && value >= current - 1e-12 * std::abs(current))
                break;
        }
        const double change =
            std::max(step.pair.cwiseAbs().maxCoeff(), step.rest.cwiseAbs().maxCoeff()) * scale;
        p = next;
        current = value;
        if (change < 1e-10)
            break;
    }
    if (fit.iterations > kMaxIterations)
        throw Error(QStringLiteral("the attach-rate model did not converge in %1 Newton steps "
                                   "(%2)")
                        .arg(kMaxIterations)
                        .arg(what));

    // beta's row of the inverse information, then the sandwich summed by cluster.
    const Information info = information(p, data, usedPairs, usedStores);
    Eigen::VectorXd unit = Eigen::VectorXd::Zero(usedStores);
    unit(usedStores - 1) = 1.0;
    const Parameters row = info.solve(Eigen::VectorXd::Zero(usedPairs), unit);
    fit.clusteredByStore = usedStores > 1;
    fit.clusters = fit.clusteredByStore ? usedStores : static_cast<int>(data.size());
    std::vector<double> clusterScore(static_cast<std::size_t>(fit.clusters), 0.0);
    fit.fitted.assign(observations.size(), 0.0);
    for (std::size_t i = 0; i < data.size(); ++i) {
        const Observation& o = data[i];
        const double mu = std::exp(linear(p, o));
        fit.fitted[used[i]] = mu;
        const double weight = linear(row, Observation{o.pair, o.store, o.x, 0.0, 0.0});
        clusterScore[fit.clusteredByStore ? static_cast<std::size_t>(o.store) : i] +=
            weight * (o.y - mu);
    }
    double variance = 0.0;
    for (double score : clusterScore)
        variance += score * score;
    const double g = fit.clusters;
    if (fit.clusteredByStore) {
        variance *= g / (g - 1.0);
    } else {
        const double parameters = usedPairs + usedStores;
        variance *= g > parameters ? g / (g - parameters) : 1.0;
    }
    fit.modelStandardError = std::sqrt(std::max(0.0, row.rest(usedStores - 1)));
    fit.beta = p.rest(usedStores - 1);
    fit.sandwichStandardError = std::sqrt(variance);
    fit.standardError = fit.sandwichStandardError;
    const double quantile = fit.clusteredByStore ? boost::math::quantile(boost::math::complement(
                                                       boost::math::students_t(g - 1.0), 0.025))
                                                 : kNormalQuantile975;
    fit.ratePer10m = std::exp(-fit.beta);
    fit.ciLow = std::exp(-(fit.beta + quantile * fit.standardError));
    fit.ciHigh = std::exp(-(fit.beta - quantile * fit.standardError));
    fit.pairEffect.assign(static_cast<std::size_t>(pairs), 0.0);
    for (int original = 0; original < pairs; ++original)
        if (const int q = pairIndex[static_cast<std::size_t>(original)]; q >= 0)
            fit.pairEffect[static_cast<std::size_t>(original)] = std::exp(p.pair(q));
    return fit;
}

AttachFit fitAttachRates(const std::vector<AttachObservation>& observations, int pairs, int stores,
                         const QString& what, ProgressToken* progress) {
    AttachFit fit = fitWithSandwich(observations, pairs, stores, what, progress);
    // Past a few hundred stores the sandwich is sound and G refits would cost G times a fit.
    if (!fit.clusteredByStore || fit.clusters < 3 || fit.clusters > kMaxJackknifeStores)
        return fit;
    // Leave each store out in turn (CV3): with few stores the sandwich is too small.
    std::vector<bool> present(static_cast<std::size_t>(stores), false);
    for (const AttachObservation& o : observations)
        present[static_cast<std::size_t>(o.store)] = true;
    std::vector<double> betas;
    for (int left = 0; left < stores; ++left) {
        if (!present[static_cast<std::size_t>(left)])
            continue;
        std::vector<AttachObservation> rest;
        std::copy_if(observations.begin(), observations.end(), std::back_inserter(rest),
                     [left](const AttachObservation& o) { return o.store != left; });
        try {
            betas.push_back(fitWithSandwich(rest, pairs, stores, what, progress).beta);
        } catch (const Error&) {
            return fit;  // a store the effect cannot do without: the sandwich stands
        }
    }
    const double g = static_cast<double>(betas.size());
    double mean = 0.0;
    for (double beta : betas)
        mean += beta / g;
    double variance = 0.0;
    for (double beta : betas)
        variance += (beta - mean) * (beta - mean);
    fit.jackknifeStandardError = std::sqrt(variance * (g - 1.0) / g);
    fit.standardError = fit.jackknifeStandardError;
    const double quantile =
        boost::math::quantile(boost::math::complement(boost::math::students_t(g - 1.0), 0.025));
    fit.ciLow = std::exp(-(fit.beta + quantile * fit.standardError));
    fit.ciHigh = std::exp(-(fit.beta - quantile * fit.standardError));
    return fit;
}

}  // namespace mb::layout
