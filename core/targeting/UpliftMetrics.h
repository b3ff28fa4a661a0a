#pragma once

#include <cstdint>
#include <vector>

namespace mb::targeting {

// One row per customer of a campaign test: what the customer did (the outcome: a response flag
// or a spend), the model's predicted uplift, and whether the customer got the offer.
struct ScoredCampaign {
    std::vector<double> outcome;
    std::vector<double> score;
    std::vector<std::uint8_t> treated;  // 1 = treatment arm, 0 = control arm
    std::size_t size() const { return outcome.size(); }
};

// Points of a gains curve; x counts the customers targeted, best-scored first.
struct UpliftCurve {
    std::vector<double> x;
    std::vector<double> y;
};

// The definitions follow scikit-uplift 0.5 (sklift.metrics, github.com/maks-sh/scikit-uplift):
// rows are ranked by score, descending; one point per distinct score (ties form one step), and
// the curve starts at (0, 0).
//   uplift: (treated outcome / treated count - control outcome / control count) * customers so far
//   Qini:   treated outcome - control outcome * treated count / control count
// with a ratio whose count is 0 read as 0.
UpliftCurve upliftCurve(const ScoredCampaign& campaign);
UpliftCurve qiniCurve(const ScoredCampaign& campaign);
// The best possible ranking: sklift's perfect_uplift_curve ranks by 2*(outcome == arm) plus the
// outcome (when control responders outnumber treated non-responders) or the arm.
UpliftCurve perfectUpliftCurve(const ScoredCampaign& campaign);
// With negativeEffect the perfect ranking puts treated responders first and control responders
// last; without it the perfect curve rises straight to the total uplift and stays there.
UpliftCurve perfectQiniCurve(const ScoredCampaign& campaign, bool negativeEffect = true);

// Trapezoid rule over the points as given (sklearn.metrics.auc on increasing x).
double areaUnderCurve(const UpliftCurve& curve);

// (area(model) - area(random)) / (area(perfect) - area(random)), where the random line joins
// (0, 0) to the perfect curve's last point. NaN or infinite when the perfect curve is no better
// than random (as numpy's division gives).
double upliftAucScore(const ScoredCampaign& campaign);
double qiniAucScore(const ScoredCampaign& campaign, bool negativeEffect = true);

enum class TopKStrategy {
    Overall,  // the k best-scored customers of both arms together
    ByGroup   // the k best-scored of each arm separately
};
// k is a fraction in (0, 1) of the customers (truncated, as sklift's int(n * k)) or a count.
struct TopK {
    double value = 0.3;
    bool isFraction = true;
};
// Treated mean outcome minus control mean outcome among the top k; NaN when an arm has none
// there. Throws mb::Error when k is out of range (as sklift raises ValueError).
double upliftAtK(const ScoredCampaign& campaign, TopK k, TopKStrategy strategy);

// Difference in mean outcome between the arms with the usual unpooled standard error
// sqrt(s_t^2 / n_t + s_c^2 / n_c), sample variances with n - 1.
struct ArmSummary {
    std::int64_t customers = 0;
    double meanOutcome = 0.0;
    double variance = 0.0;  // NaN with fewer than two customers
};
struct TreatmentEffect {
    ArmSummary treatment;
    ArmSummary control;
    double effect = 0.0;
    double standardError = 0.0;
};
TreatmentEffect averageTreatmentEffect(const ScoredCampaign& campaign);

namespace detail {

// Row indices by key, descending; ties in descending row order, as sklift's reversed stable
// argsort leaves them (it matters only for uplift at k).
std::vector<std::int32_t> rankRows(const std::vector<double>& key);

enum class CurveKind { Uplift, Qini };
// The curve along a precomputed ranking; `weights` (may be null) repeats rows, which is how a
// bootstrap resample is evaluated without sorting again.
UpliftCurve curveAlong(const ScoredCampaign& campaign, const std::vector<std::int32_t>& order,
                       const std::vector<double>& key, CurveKind kind,
                       const std::vector<std::uint32_t>* weights);

// Rankings sklift uses for its perfect curves.
std::vector<double> perfectUpliftKey(const ScoredCampaign& campaign, bool outcomeSummand);
bool perfectUpliftUsesOutcome(const ScoredCampaign& campaign,
                              const std::vector<std::uint32_t>* weights);
std::vector<double> perfectQiniKey(const ScoredCampaign& campaign);
UpliftCurve perfectQiniWithoutNegative(const ScoredCampaign& campaign,
                                       const std::vector<std::uint32_t>* weights);

double normalisedArea(const UpliftCurve& model, const UpliftCurve& perfect);
double upliftAtK(const ScoredCampaign& campaign, const std::vector<std::int32_t>& order, TopK k,
                 TopKStrategy strategy, const std::vector<std::uint32_t>* weights);
TreatmentEffect averageTreatmentEffect(const ScoredCampaign& campaign,
                                       const std::vector<std::uint32_t>* weights);

}  // namespace detail

}  // namespace mb::targeting
