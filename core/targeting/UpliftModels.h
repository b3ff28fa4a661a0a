#pragma once

#include <Eigen/Core>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::targeting {

// The customers a model learns from: features, one outcome, and the arm each customer was in.
struct UpliftTrainingSet {
    Eigen::MatrixXd features;  // rows x columns, finite
    Eigen::VectorXd outcome;   // finite; 0/1 when binaryOutcome
    std::vector<int> arm;      // 0 = control, 1..treatmentArms = a treatment arm
    int treatmentArms = 1;
    bool binaryOutcome = true;
};

enum class UpliftMethod {
    TLearner,             // one response model per arm; uplift = treated - control prediction
    ClassTransformation,  // one model of Z = T*Y + (1-T)(1-Y) per treatment arm
    Forest                // uplift random forest with divergence-based splits
};

// Split criteria of Rzepakowski & Jaroszewicz, "Decision trees for uplift modeling with single
// and multiple treatments", Knowledge and Information Systems 32 (2012), section 3-4.
enum class SplitCriterion { KullbackLeibler, Euclidean, ChiSquare };

struct ForestSettings {
    SplitCriterion criterion = SplitCriterion::KullbackLeibler;
    int trees = 40;
    int maxDepth = 8;
    int minLeafPerArm = 25;    // every arm needs this many customers on each side of a split
    int featuresPerSplit = 0;  // 0: max(3, ceil(sqrt(columns))), at most the columns
    int bins = 32;             // candidate thresholds per feature (quantiles of the training rows)
    bool normalise = true;     // divide the gain by the paper's split-balance normaliser
};

struct UpliftSettings {
    UpliftMethod method = UpliftMethod::TLearner;
    double ridge = 1e-3;  // L2 penalty of the T-learner and class-transformation models
    ForestSettings forest;
    std::uint64_t seed = 1;
};

struct UpliftPrediction {
    Eigen::MatrixXd uplift;           // rows x treatment arms; column a - 1 is arm a vs control
    Eigen::VectorXd controlResponse;  // expected outcome without an offer
};

class UpliftModel {
public:
    virtual ~UpliftModel() = default;
    virtual UpliftPrediction predict(const Eigen::MatrixXd& features) const = 0;

    UpliftMethod method() const { return method_; }
    int treatmentArms() const { return treatmentArms_; }
    // What the user should know about how the model was fitted (reweighting, fallbacks).
    const QStringList& notes() const { return notes_; }

protected:
    UpliftModel(UpliftMethod method, int treatmentArms)
        : method_(method), treatmentArms_(treatmentArms) {}
    UpliftMethod method_;
    int treatmentArms_;
    QStringList notes_;
};

struct UpliftTraining {
    std::unique_ptr<UpliftModel> model;  // null when cancelled
    bool cancelled = false;
};

// Throws mb::Error on unusable input: mismatched sizes, an arm with no rows, a non-binary
// outcome for the class transformation's classifier.
UpliftTraining trainUpliftModel(const UpliftTrainingSet& data, const UpliftSettings& settings,
                                ProgressToken* progress = nullptr);

// The rows of `data` at `rows`, in that order (for a training part or one arm against control).
UpliftTrainingSet selectRows(const UpliftTrainingSet& data, const std::vector<Eigen::Index>& rows);

QString methodName(UpliftMethod method);  // "tlearner", "classtransform", "forest"
// The name a person reads: "T-learner", "class transformation", "uplift forest".
QString methodTitle(UpliftMethod method);
QString criterionName(SplitCriterion criterion);  // "kl", "ed", "chi"

// The forest's split arithmetic, public so it can be checked against hand-computed values.
namespace forest {

// Customers and outcome total of one arm in a node.
struct ArmTally {
    double customers = 0.0;
    double outcomeSum = 0.0;
    double mean() const { return customers > 0.0 ? outcomeSum / customers : 0.0; }
};
using NodeTally = std::vector<ArmTally>;  // [0] control, then the treatment arms

// D(P : Q) between two 0/1 outcome distributions with P(y = 1) = p, Q(y = 1) = q:
//   KL: sum p_i log(p_i / q_i)   ED: sum (p_i - q_i)^2   chi: sum (p_i - q_i)^2 / q_i
// with p and q clipped to [1e-6, 1 - 1e-6] so an empty class costs a large, finite amount.
double pairDivergence(double p, double q, SplitCriterion criterion);

// The multi-arm divergence of section 4: with k treatment arms,
//   D = a * sum_i (1/k) D(T_i : C) + (1 - a) * sum_{i != j} D(T_i : T_j) / (k (k - 1))
// with a = 1/2 (a = 1 when k = 1). For a non-binary outcome every D(P : Q) is the squared
// difference of the means, the Euclidean distance applied to expected values.
double divergence(const NodeTally& node, SplitCriterion criterion, bool binaryOutcome);

// D(. | split) - D(.): the children's divergences weighted by their share of the node's customers
// (all arms together), less the node's own.
double splitGain(const NodeTally& left, const NodeTally& right, SplitCriterion criterion,
                 bool binaryOutcome);

// The paper's normaliser I(A) (KL, with entropy H) or J(A) (ED and chi, with the Gini index) of
// a binary split, which penalises splits that send the arms to different sides (section 4):
//   I = a H(N_T/N, N_C/N) sum_i (1/k) D(P_Ti(A) : P_C(A))
//     + (1 - a) sum_{i != j} H(N_Ti/(N_Ti+N_Tj), N_Tj/(N_Ti+N_Tj)) D(P_Ti(A) : P_Tj(A)) / (k(k-1))
//     + sum_i N_Ti/N H(P_Ti(A)) + N_C/N H(P_C(A)) + 1/2
// where P_X(A) is arm X's left/right share, N_T the treated total and a as in divergence().
double splitNormaliser(const NodeTally& left, const NodeTally& right, SplitCriterion criterion);

}  // namespace forest

}  // namespace mb::targeting
