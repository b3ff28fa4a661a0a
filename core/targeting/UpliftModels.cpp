#include "targeting/UpliftModels.h"

#include "common/Error.h"
#include "common/ParallelFor.h"
#include "common/Progress.h"
#include "targeting/LogisticRegression.h"
#include "targeting/RidgeRegression.h"
#include "targeting/SeededRandom.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <numeric>
#include <thread>

namespace mb::targeting {

QString methodName(UpliftMethod method) {
    switch (method) {
        case UpliftMethod::TLearner:
            return QStringLiteral("tlearner");
        case UpliftMethod::ClassTransformation:
            return QStringLiteral("classtransform");
        case UpliftMethod::Forest:
            return QStringLiteral("forest");
    }
    return QString();
}

QString methodTitle(UpliftMethod method) {
    switch (method) {
        case UpliftMethod::TLearner:
            return QStringLiteral("T-learner");
        case UpliftMethod::ClassTransformation:
            return QStringLiteral("class transformation");
        case UpliftMethod::Forest:
            return QStringLiteral("uplift forest");
    }
    return QString();
}

QString criterionName(SplitCriterion criterion) {
    switch (criterion) {
        case SplitCriterion::KullbackLeibler:
            return QStringLiteral("kl");
        case SplitCriterion::Euclidean:
            return QStringLiteral("ed");
        case SplitCriterion::ChiSquare:
            return QStringLiteral("chi");
    }
    return QString();
}

UpliftTrainingSet selectRows(const UpliftTrainingSet& data, const std::vector<Eigen::Index>& rows) {
    UpliftTrainingSet subset;
    subset.features.resize(static_cast<Eigen::Index>(rows.size()), data.features.cols());
    subset.outcome.resize(static_cast<Eigen::Index>(rows.size()));
    subset.arm.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto to = static_cast<Eigen::Index>(i);
        subset.features.row(to) = data.features.row(rows[i]);
        subset.outcome(to) = data.outcome(rows[i]);
        subset.arm[i] = data.arm[static_cast<std::size_t>(rows[i])];
    }
    subset.treatmentArms = data.treatmentArms;
    subset.binaryOutcome = data.binaryOutcome;
    return subset;
}

namespace {

std::vector<std::vector<Eigen::Index>> rowsByArm(const UpliftTrainingSet& data) {
    std::vector<std::vector<Eigen::Index>> rows(static_cast<std::size_t>(data.treatmentArms) + 1);
    for (std::size_t i = 0; i < data.arm.size(); ++i)
        rows[static_cast<std::size_t>(data.arm[i])].push_back(static_cast<Eigen::Index>(i));
    return rows;
}

// A response model of either kind: logistic for a 0/1 outcome, ridge otherwise.
struct ResponseModel {
    bool logistic = true;
    LogisticModel classifier;
    RidgeModel regression;

    Eigen::VectorXd predict(const Eigen::MatrixXd& features) const {
        return logistic ? classifier.predict(features) : regression.predict(features);
    }
};

ResponseModel fitResponse(const Eigen::MatrixXd& features, const Eigen::VectorXd& outcome,
                          bool binary, double ridge, const Eigen::VectorXd* weights = nullptr) {
    ResponseModel model;
    model.logistic = binary;
    if (binary)
        model.classifier = fitLogistic(features, outcome, LogisticSettings{ridge}, weights);
    else
        model.regression = fitRidge(features, outcome, RidgeSettings{ridge}, weights);
    return model;
}

// Two-model approach: each arm's response is modelled on its own customers.
class TLearner final : public UpliftModel {
public:
    TLearner(const UpliftTrainingSet& data, double ridge, ProgressToken* progress, bool& cancelled)
        : UpliftModel(UpliftMethod::TLearner, data.treatmentArms) {
        const auto rows = rowsByArm(data);
        arms_.resize(rows.size());
        // The arms' models are independent: two threads halve the time on two cores.
        std::atomic<std::size_t> fitted{0};
        std::atomic<bool> stop{false};
        std::mutex reporting;
        parallelFor(static_cast<int>(rows.size()), 2, [&](int a) {
            if (stop || (progress && progress->isCancelled())) {
                stop = true;
                return;
            }
            const UpliftTrainingSet arm = selectRows(data, rows[static_cast<std::size_t>(a)]);
            arms_[static_cast<std::size_t>(a)] =
                fitResponse(arm.features, arm.outcome, data.binaryOutcome, ridge);
            const std::size_t done = ++fitted;
            if (progress) {
                const std::lock_guard lock(reporting);
                progress->report(static_cast<double>(done) / static_cast<double>(rows.size()));
            }
        });
        cancelled = stop;
    }

    UpliftPrediction predict(const Eigen::MatrixXd& features) const override {
        UpliftPrediction prediction;
        prediction.controlResponse = arms_[0].predict(features);
        prediction.uplift.resize(features.rows(), treatmentArms_);
        for (int a = 1; a <= treatmentArms_; ++a) {
            prediction.uplift.col(a - 1) =
                arms_[static_cast<std::size_t>(a)].predict(features) - prediction.controlResponse;
        }
        return prediction;
    }

private:
    std::vector<ResponseModel> arms_;
};

// Jaskowski & Jaroszewicz, "Uplift modeling for clinical trial data", ICML 2012 workshop on
// clinical data analysis: with Z = T*Y + (1-T)(1-Y) and P(T) = 1/2, uplift = 2 P(Z = 1 | x) - 1.
// Unbalanced arms are reweighted to equal total weight, which restores P(T) = 1/2. A continuous
// outcome uses the transformed outcome Y (T/e - (1-T)/(1-e)) of Athey & Imbens (2016), whose
// regression on x is the uplift.
class ClassTransformation final : public UpliftModel {
public:
    ClassTransformation(const UpliftTrainingSet& data, double ridge, ProgressToken* progress,
                        bool& cancelled)
        : UpliftModel(UpliftMethod::ClassTransformation, data.treatmentArms) {
        const auto rows = rowsByArm(data);
        const UpliftTrainingSet control = selectRows(data, rows[0]);
        control_ = fitResponse(control.features, control.outcome, data.binaryOutcome, ridge);
        for (int a = 1; a <= data.treatmentArms; ++a) {
            if (progress && progress->isCancelled()) {
                cancelled = true;
                return;
            }
            std::vector<Eigen::Index> both = rows[0];
            const auto& treated = rows[static_cast<std::size_t>(a)];
            both.insert(both.end(), treated.begin(), treated.end());
            const UpliftTrainingSet pair = selectRows(data, both);
            const double n = static_cast<double>(both.size());
            const double nTreated = static_cast<double>(treated.size());
            const double share = nTreated / n;
            Eigen::VectorXd transformed(pair.outcome.size());
            Eigen::VectorXd weights(pair.outcome.size());
            for (Eigen::Index i = 0; i < transformed.size(); ++i) {
                const bool isTreated = pair.arm[static_cast<std::size_t>(i)] == a;
                const double y = pair.outcome(i);
                if (data.binaryOutcome) {
                    transformed(i) = isTreated ? y : 1.0 - y;
                    weights(i) = isTreated ? n / (2.0 * nTreated) : n / (2.0 * (n - nTreated));
                } else {
                    transformed(i) = isTreated ? y / share : -y / (1.0 - share);
                    weights(i) = 1.0;
                }
            }
            if (data.binaryOutcome && std::abs(share - 0.5) > 0.005) {
                notes_.append(QStringLiteral("arm %1: treated share %2 of the arm and control, "
                                             "so rows were reweighted to equal arm weights "
                                             "(the class transformation assumes balanced arms)")
                                  .arg(a)
                                  .arg(share, 0, 'f', 3));
            }
            if (!data.binaryOutcome && a == 1) {
                notes_.append(
                    QStringLiteral("continuous outcome: ridge regression of the "
                                   "transformed outcome (Athey & Imbens) instead of a "
                                   "class transformation"));
            }
            arms_.push_back(fitResponse(pair.features, transformed, data.binaryOutcome, ridge,
                                        data.binaryOutcome ? &weights : nullptr));
            if (progress)
                progress->report(static_cast<double>(a) / data.treatmentArms);
        }
    }

    UpliftPrediction predict(const Eigen::MatrixXd& features) const override {
        UpliftPrediction prediction;
        prediction.controlResponse = control_.predict(features);
        prediction.uplift.resize(features.rows(), treatmentArms_);
        for (int a = 1; a <= treatmentArms_; ++a) {
            const ResponseModel& model = arms_[static_cast<std::size_t>(a - 1)];
            const Eigen::VectorXd value = model.predict(features);
            prediction.uplift.col(a - 1) =
                model.logistic ? Eigen::VectorXd((2.0 * value.array() - 1.0).matrix()) : value;
        }
        return prediction;
    }

private:
    ResponseModel control_;
    std::vector<ResponseModel> arms_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Uplift forest

namespace forest {

namespace {

constexpr double kClip = 1e-6;

double clipped(double p) {
    return std::clamp(p, kClip, 1.0 - kClip);
}

// Entropy (KL) or Gini index (ED, chi) of a two-class distribution.
double impurity(double p, SplitCriterion criterion) {
    if (criterion == SplitCriterion::KullbackLeibler) {
        double h = 0.0;
        for (const double x : {p, 1.0 - p}) {
            if (x > 0.0)
                h -= x * std::log(x);
        }
        return h;
    }
    return 1.0 - p * p - (1.0 - p) * (1.0 - p);
}

double totalCustomers(const NodeTally& node) {
    double n = 0.0;
    for (const ArmTally& arm : node)
        n += arm.customers;
    return n;
}

double armShare(const ArmTally& left, const ArmTally& right) {
    const double n = left.customers + right.customers;
    return n > 0.0 ? left.customers / n : 0.0;
}

}  // namespace

double pairDivergence(double p, double q, SplitCriterion criterion) {
    p = clipped(p);
    q = clipped(q);
    switch (criterion) {
        case SplitCriterion::KullbackLeibler:
            return p * std::log(p / q) + (1.0 - p) * std::log((1.0 - p) / (1.0 - q));
        case SplitCriterion::Euclidean:
            return 2.0 * (p - q) * (p - q);
        case SplitCriterion::ChiSquare:
            return (p - q) * (p - q) / q + (p - q) * (p - q) / (1.0 - q);
    }
    return 0.0;
}

double divergence(const NodeTally& node, SplitCriterion criterion, bool binaryOutcome) {
    auto pair = [&](const ArmTally& a, const ArmTally& b) {
        if (!binaryOutcome)
            return (a.mean() - b.mean()) * (a.mean() - b.mean());
        return pairDivergence(a.mean(), b.mean(), criterion);
    };
    const std::size_t k = node.size() - 1;
    if (k == 0)
        return 0.0;
    double toControl = 0.0;
    for (std::size_t i = 1; i <= k; ++i)
        toControl += pair(node[i], node[0]) / static_cast<double>(k);
    if (k == 1)
        return toControl;
    double between = 0.0;
    for (std::size_t i = 1; i <= k; ++i) {
        for (std::size_t j = 1; j <= k; ++j) {
            if (i != j)
                between += pair(node[i], node[j]) / static_cast<double>(k * (k - 1));
        }
    }
    return 0.5 * toControl + 0.5 * between;
}

double splitGain(const NodeTally& left, const NodeTally& right, SplitCriterion criterion,
                 bool binaryOutcome) {
    NodeTally parent(left.size());
    for (std::size_t a = 0; a < left.size(); ++a) {
        parent[a].customers = left[a].customers + right[a].customers;
        parent[a].outcomeSum = left[a].outcomeSum + right[a].outcomeSum;
    }
    const double n = totalCustomers(parent);
    if (!(n > 0.0))
        return 0.0;
    return totalCustomers(left) / n * divergence(left, criterion, binaryOutcome) +
           totalCustomers(right) / n * divergence(right, criterion, binaryOutcome) -
           divergence(parent, criterion, binaryOutcome);
}

double splitNormaliser(const NodeTally& left, const NodeTally& right, SplitCriterion criterion) {
    const std::size_t k = left.size() - 1;
    if (k == 0)
        return 1.0;
    const double n = totalCustomers(left) + totalCustomers(right);
    const double control = left[0].customers + right[0].customers;
    const double treated = n - control;
    const double alpha = k == 1 ? 1.0 : 0.5;
    const double controlShare = armShare(left[0], right[0]);
    double toControl = 0.0;
    double ownSplits = control / n * impurity(controlShare, criterion);
    for (std::size_t i = 1; i <= k; ++i) {
        const double share = armShare(left[i], right[i]);
        toControl += pairDivergence(share, controlShare, criterion) / static_cast<double>(k);
        ownSplits += (left[i].customers + right[i].customers) / n * impurity(share, criterion);
    }
    double value = alpha * impurity(treated / n, criterion) * toControl + ownSplits + 0.5;
    if (k > 1) {
        for (std::size_t i = 1; i <= k; ++i) {
            for (std::size_t j = 1; j <= k; ++j) {
                if (i == j)
                    continue;
                const double ni = left[i].customers + right[i].customers;
                const double nj = left[j].customers + right[j].customers;
                const double mix = ni + nj > 0.0 ? ni / (ni + nj) : 0.5;
                value += (1.0 - alpha) * impurity(mix, criterion) *
                         pairDivergence(armShare(left[i], right[i]), armShare(left[j], right[j]),
                                        criterion) /
                         static_cast<double>(k * (k - 1));
            }
        }
    }
    return value;
}

}  // namespace forest

namespace {

using forest::ArmTally;
using forest::NodeTally;

// Candidate thresholds of one feature: midpoints between distinct values when there are few,
// otherwise quantiles of the (sampled) training values.
std::vector<double> thresholdsOf(const Eigen::VectorXd& column, int bins) {
    // Quantiles of an evenly spaced sample are as good as exact ones for choosing cut points.
    constexpr std::size_t kSample = 200000;
    const auto size = static_cast<std::size_t>(column.size());
    std::vector<double> sorted(std::min(size, kSample));
    for (std::size_t i = 0; i < sorted.size(); ++i)
        sorted[i] = column(static_cast<Eigen::Index>(i * size / sorted.size()));
    std::sort(sorted.begin(), sorted.end());
    std::vector<double> thresholds;
    if (sorted.empty())
        return thresholds;
    std::size_t distinct = 1;
    for (std::size_t i = 1; i < sorted.size() && distinct <= static_cast<std::size_t>(bins); ++i)
        distinct += sorted[i] > sorted[i - 1] ? 1 : 0;
    if (distinct <= static_cast<std::size_t>(bins)) {
        for (std::size_t i = 1; i < sorted.size(); ++i) {
            if (sorted[i] > sorted[i - 1])
                thresholds.push_back(0.5 * (sorted[i - 1] + sorted[i]));
        }
        return thresholds;
    }
    for (int b = 1; b < bins; ++b) {
        const double q = sorted[static_cast<std::size_t>(static_cast<double>(b) / bins *
                                                         static_cast<double>(sorted.size() - 1))];
        if ((thresholds.empty() || q > thresholds.back()) && q < sorted.back())
            thresholds.push_back(q);
    }
    return thresholds;
}

struct TreeNode {
    int feature = -1;  // -1: leaf
    double threshold = 0.0;
    int left = -1;
    int right = -1;
    int values = 0;  // offset of the node's per-arm means in the tree's value array
};

struct Tree {
    std::vector<TreeNode> nodes;
    std::vector<double> armMeans;  // per node: control mean, then each treatment arm's

    int leafOf(const Eigen::MatrixXd& features, Eigen::Index row) const {
        int node = 0;
        while (nodes[static_cast<std::size_t>(node)].feature >= 0) {
            const TreeNode& n = nodes[static_cast<std::size_t>(node)];
            node = features(row, n.feature) <= n.threshold ? n.left : n.right;
        }
        return node;
    }
};

// Rzepakowski & Jaroszewicz (2012) trees, grown on bootstrap samples with a random subset of
// features per split (Guelman, Guillen & Perez-Marin, "Uplift random forests", 2015).
class UpliftForest final : public UpliftModel {
public:
    UpliftForest(const UpliftTrainingSet& data, const UpliftSettings& settings,
                 ProgressToken* progress, bool& cancelled)
        : UpliftModel(UpliftMethod::Forest, data.treatmentArms),
          settings_(settings.forest),
          arms_(static_cast<std::size_t>(data.treatmentArms) + 1) {
        const Eigen::Index columns = data.features.cols();
        if (settings_.trees < 1 || settings_.maxDepth < 0 || settings_.minLeafPerArm < 1 ||
            settings_.bins < 2 || settings_.bins > 255)
            throw Error(
                QStringLiteral("uplift forest: trees and minimum leaf size must be "
                               "positive and bins from 2 to 255"));
        if (!data.binaryOutcome) {
            notes_.append(
                QStringLiteral("continuous outcome: splits use the squared difference "
                               "of arm means whatever the criterion"));
        }
        binned_.resize(static_cast<std::size_t>(columns));
        thresholds_.resize(static_cast<std::size_t>(columns));
        for (Eigen::Index j = 0; j < columns; ++j) {
            auto& thresholds = thresholds_[static_cast<std::size_t>(j)];
            thresholds = thresholdsOf(data.features.col(j), settings_.bins);
            auto& bins = binned_[static_cast<std::size_t>(j)];
            bins.resize(static_cast<std::size_t>(data.features.rows()));
            for (Eigen::Index i = 0; i < data.features.rows(); ++i) {
                bins[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(
                    std::lower_bound(thresholds.begin(), thresholds.end(), data.features(i, j)) -
                    thresholds.begin());
            }
        }
        const int defaultFeatures =
            std::max(3, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(columns)))));
        // With no feature columns there is nothing to split on and each tree is one leaf.
        featuresPerSplit_ = static_cast<int>(std::min<Eigen::Index>(
            std::max(1,
                     settings_.featuresPerSplit > 0 ? settings_.featuresPerSplit : defaultFeatures),
            columns));

        // Trees are independent (each has its own random stream), so they grow in parallel and
        // land in their own slot: the forest is the same whatever the number of threads.
        trees_.resize(static_cast<std::size_t>(settings_.trees));
        std::atomic<int> grown{0};
        std::atomic<bool> stop{false};
        std::mutex reporting;
        const int threads =
            std::min(8, static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
        parallelFor(settings_.trees, threads, [&](int t) {
            if (stop || (progress && progress->isCancelled())) {
                stop = true;
                return;
            }
            SeededRandom random(settings.seed * 0x9e3779b97f4a7c15ULL +
                                static_cast<std::uint64_t>(t) + 1);
            trees_[static_cast<std::size_t>(t)] = growTree(data, random);
            const int done = ++grown;
            if (progress) {
                const std::lock_guard lock(reporting);
                progress->report(static_cast<double>(done) / settings_.trees);
            }
        });
        if (stop) {
            cancelled = true;
            return;
        }
        binned_.clear();
    }

    UpliftPrediction predict(const Eigen::MatrixXd& features) const override {
        UpliftPrediction prediction;
        prediction.uplift = Eigen::MatrixXd::Zero(features.rows(), treatmentArms_);
        prediction.controlResponse = Eigen::VectorXd::Zero(features.rows());
        const std::size_t armCount = arms_;
        for (const Tree& tree : trees_) {
            for (Eigen::Index i = 0; i < features.rows(); ++i) {
                const TreeNode& leaf =
                    tree.nodes[static_cast<std::size_t>(tree.leafOf(features, i))];
                const double* means = tree.armMeans.data() + leaf.values;
                prediction.controlResponse(i) += means[0];
                for (std::size_t a = 1; a < armCount; ++a)
                    prediction.uplift(i, static_cast<Eigen::Index>(a - 1)) += means[a] - means[0];
            }
        }
        const double trees = static_cast<double>(trees_.size());
        prediction.uplift /= trees;
        prediction.controlResponse /= trees;
        return prediction;
    }

private:
    struct Pending {
        int node;
        int depth;
        int parentValues;  // -1 at the root
        std::vector<Eigen::Index> rows;
    };

    NodeTally tally(const UpliftTrainingSet& data, const std::vector<Eigen::Index>& rows) const {
        NodeTally node(arms_);
        for (const Eigen::Index row : rows) {
            ArmTally& arm = node[static_cast<std::size_t>(data.arm[static_cast<std::size_t>(row)])];
            arm.customers += 1.0;
            arm.outcomeSum += data.outcome(row);
        }
        return node;
    }

    // An arm with no customers in a node takes its parent's mean.
    void storeMeans(Tree& tree, TreeNode& node, const NodeTally& counts,
                    const double* parentMeans) const {
        node.values = static_cast<int>(tree.armMeans.size());
        for (std::size_t a = 0; a < arms_; ++a) {
            tree.armMeans.push_back(counts[a].customers > 0.0 || !parentMeans ? counts[a].mean()
                                                                              : parentMeans[a]);
        }
    }

    Tree growTree(const UpliftTrainingSet& data, SeededRandom& random) const {
        const auto rows = static_cast<std::uint64_t>(data.features.rows());
        std::vector<Eigen::Index> sample(rows);
        for (auto& row : sample)
            row = static_cast<Eigen::Index>(random.below(rows));
        // In row order every node reads the columns front to back, which the cache rewards.
        std::sort(sample.begin(), sample.end());

        Tree tree;
        tree.nodes.push_back(TreeNode{});
        std::vector<Pending> pending;
        pending.push_back(Pending{0, 0, -1, std::move(sample)});
        std::vector<int> features(static_cast<std::size_t>(data.features.cols()));
        std::iota(features.begin(), features.end(), 0);
        const std::size_t minLeaf = static_cast<std::size_t>(settings_.minLeafPerArm);
        std::vector<ArmTally> histogram;
        while (!pending.empty()) {
            Pending work = std::move(pending.back());
            pending.pop_back();
            const NodeTally counts = tally(data, work.rows);
            const double* parentMeans =
                work.parentValues < 0 ? nullptr : tree.armMeans.data() + work.parentValues;
            TreeNode node = tree.nodes[static_cast<std::size_t>(work.node)];
            storeMeans(tree, node, counts, parentMeans);
            tree.nodes[static_cast<std::size_t>(work.node)] = node;

            bool splittable = work.depth < settings_.maxDepth;
            for (const ArmTally& arm : counts)
                splittable = splittable && arm.customers >= 2.0 * static_cast<double>(minLeaf);
            if (!splittable)
                continue;

            // A partial Fisher-Yates shuffle picks this split's features.
            for (int f = 0; f < featuresPerSplit_; ++f) {
                const auto pick = static_cast<std::size_t>(f) +
                                  random.below(features.size() - static_cast<std::size_t>(f));
                std::swap(features[static_cast<std::size_t>(f)], features[pick]);
            }
            double bestScore = 0.0;
            int bestFeature = -1;
            int bestBin = -1;
            for (int f = 0; f < featuresPerSplit_; ++f) {
                const int feature = features[static_cast<std::size_t>(f)];
                const auto& thresholds = thresholds_[static_cast<std::size_t>(feature)];
                if (thresholds.empty())
                    continue;
                const std::size_t binCount = thresholds.size() + 1;
                histogram.assign(binCount * arms_, ArmTally{});
                const auto& bins = binned_[static_cast<std::size_t>(feature)];
                for (const Eigen::Index row : work.rows) {
                    ArmTally& cell = histogram[bins[static_cast<std::size_t>(row)] * arms_ +
                                               static_cast<std::size_t>(
                                                   data.arm[static_cast<std::size_t>(row)])];
                    cell.customers += 1.0;
                    cell.outcomeSum += data.outcome(row);
                }
                NodeTally left(arms_);
                NodeTally right = counts;
                for (std::size_t b = 0; b + 1 < binCount; ++b) {
                    bool allowed = true;
                    for (std::size_t a = 0; a < arms_; ++a) {
                        const ArmTally& cell = histogram[b * arms_ + a];
                        left[a].customers += cell.customers;
                        left[a].outcomeSum += cell.outcomeSum;
                        right[a].customers -= cell.customers;
                        right[a].outcomeSum -= cell.outcomeSum;
                        allowed = allowed && left[a].customers >= static_cast<double>(minLeaf) &&
                                  right[a].customers >= static_cast<double>(minLeaf);
                    }
                    if (!allowed)
                        continue;
                    double score =
                        forest::splitGain(left, right, settings_.criterion, data.binaryOutcome);
                    if (settings_.normalise)
                        score /= forest::splitNormaliser(left, right, settings_.criterion);
                    if (score > bestScore + 1e-12) {
                        bestScore = score;
                        bestFeature = feature;
                        bestBin = static_cast<int>(b);
                    }
                }
            }
            if (bestFeature < 0)
                continue;

            std::vector<Eigen::Index> leftRows;
            std::vector<Eigen::Index> rightRows;
            const auto& bins = binned_[static_cast<std::size_t>(bestFeature)];
            for (const Eigen::Index row : work.rows) {
                (bins[static_cast<std::size_t>(row)] <= bestBin ? leftRows : rightRows)
                    .push_back(row);
            }
            work.rows.clear();
            work.rows.shrink_to_fit();
            const int leftNode = static_cast<int>(tree.nodes.size());
            tree.nodes.push_back(TreeNode{});
            tree.nodes.push_back(TreeNode{});
            TreeNode& split = tree.nodes[static_cast<std::size_t>(work.node)];
            split.feature = bestFeature;
            split.threshold = thresholds_[static_cast<std::size_t>(bestFeature)]
                                         [static_cast<std::size_t>(bestBin)];
            split.left = leftNode;
            split.right = leftNode + 1;
            pending.push_back(
                Pending{leftNode + 1, work.depth + 1, split.values, std::move(rightRows)});
            pending.push_back(Pending{leftNode, work.depth + 1, split.values, std::move(leftRows)});
        }
        return tree;
    }

    ForestSettings settings_;
    std::size_t arms_;
    int featuresPerSplit_ = 1;
    std::vector<std::vector<std::uint8_t>> binned_;
    std::vector<std::vector<double>> thresholds_;
    std::vector<Tree> trees_;
};

}  // namespace

UpliftTraining trainUpliftModel(const UpliftTrainingSet& data, const UpliftSettings& settings,
                                ProgressToken* progress) {
    const Eigen::Index rows = data.features.rows();
    if (data.outcome.size() != rows || static_cast<Eigen::Index>(data.arm.size()) != rows)
        throw Error(QStringLiteral("uplift model: %1 feature rows, %2 outcomes and %3 arms")
                        .arg(rows)
                        .arg(data.outcome.size())
                        .arg(data.arm.size()));
    if (data.treatmentArms < 1)
        throw Error(QStringLiteral("uplift model: needs at least one treatment arm"));
    std::vector<std::int64_t> perArm(static_cast<std::size_t>(data.treatmentArms) + 1, 0);
    for (const int arm : data.arm) {
        if (arm < 0 || arm > data.treatmentArms)
            throw Error(QStringLiteral("uplift model: arm index %1 out of range").arg(arm));
        ++perArm[static_cast<std::size_t>(arm)];
    }
    for (std::size_t a = 0; a < perArm.size(); ++a) {
        if (perArm[a] == 0)
            throw Error(QStringLiteral("uplift model: arm %1 has no training rows").arg(a));
    }
    if (!data.features.allFinite() || !data.outcome.allFinite())
        throw Error(QStringLiteral("uplift model: features and outcomes must be finite"));
    if (data.binaryOutcome &&
        ((data.outcome.array() != 0.0) && (data.outcome.array() != 1.0)).any())
        throw Error(QStringLiteral("uplift model: a binary outcome must be 0 or 1"));

    UpliftTraining training;
    switch (settings.method) {
        case UpliftMethod::TLearner:
            training.model =
                std::make_unique<TLearner>(data, settings.ridge, progress, training.cancelled);
            break;
        case UpliftMethod::ClassTransformation:
            training.model = std::make_unique<ClassTransformation>(data, settings.ridge, progress,
                                                                   training.cancelled);
            break;
        case UpliftMethod::Forest:
            training.model =
                std::make_unique<UpliftForest>(data, settings, progress, training.cancelled);
            break;
    }
    if (training.cancelled)
        training.model.reset();
    return training;
}

}  // namespace mb::targeting
