#include "layout/AffinityMeasures.h"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace mb::layout {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

double logChoose(double n, double k) {
    return boost::math::lgamma(n + 1) - boost::math::lgamma(k + 1) - boost::math::lgamma(n - k + 1);
}

double conviction(double supportConsequent, double confidence) {
    if (confidence >= 1.0)
        return supportConsequent >= 1.0 ? kNaN : kInf;
    return (1.0 - supportConsequent) / (1.0 - confidence);
}

double ratio(double numerator, double denominator) {
    return denominator == 0 ? kNaN : numerator / denominator;
}

}  // namespace

double chiSquaredUpperTail(double statistic) {
    if (!(statistic > 0) || !std::isfinite(statistic))
        return statistic > 0 ? 0.0 : 1.0;
    return boost::math::cdf(boost::math::complement(boost::math::chi_squared(1.0), statistic));
}

double fisherExactGreater(const PairCounts& counts) {
    // Hypergeometric: population n, K baskets with B, N = baskets with A drawn, X = with both.
    const double n = double(counts.baskets);
    const double bigK = double(counts.withB);
    const double bigN = double(counts.withA);
    const double x = double(counts.withBoth);
    const double low = std::max(0.0, bigN + bigK - n);
    const double high = std::min(bigN, bigK);
    if (x <= low)
        return 1.0;
    if (x > high)
        return 0.0;
    auto logPmf = [&](double k) {
        return logChoose(bigK, k) + logChoose(n - bigK, bigN - k) - logChoose(n, bigN);
    };
    // Terms fall away from the mode on both sides, so each tail is summed outward from its
    // inner end until the terms no longer change the sum; the lower tail serves x below the mode.
    const double mode = std::floor((bigN + 1) * (bigK + 1) / (n + 2));
    if (x > mode) {
        double term = std::exp(logPmf(x));
        double sum = 0;
        for (double k = x; k <= high; ++k) {
            sum += term;
            if (term <= sum * 1e-17)
                break;
            term *= (bigK - k) * (bigN - k) / ((k + 1) * (n - bigK - bigN + k + 1));
        }
        return std::clamp(sum, 0.0, 1.0);
    }
    double term = std::exp(logPmf(x - 1));
    double lower = 0;
    for (double k = x - 1; k >= low; --k) {
        lower += term;
        if (term <= lower * 1e-17)
            break;
        term *= k * (n - bigK - bigN + k) / ((bigK - k + 1) * (bigN - k + 1));
    }
    return std::clamp(1.0 - lower, 0.0, 1.0);
}

PairMeasures measurePair(const PairCounts& counts) {
    PairMeasures m;
    const double n = double(counts.baskets);
    if (n <= 0) {
        m.support = m.confidenceAB = m.confidenceBA = m.lift = m.leverage = kNaN;
        m.convictionAB = m.convictionBA = m.jaccard = m.phi = m.yulesQ = m.chiSquared = kNaN;
        return m;
    }
    const double a = double(counts.withA);
    const double b = double(counts.withB);
    const double ab = double(counts.withBoth);
    const double onlyA = a - ab;
    const double onlyB = b - ab;
    const double neither = n - a - b + ab;
    const double supportA = a / n;
    const double supportB = b / n;
    m.support = ab / n;
    m.confidenceAB = ratio(ab, a);
    m.confidenceBA = ratio(ab, b);
    m.lift = ratio(n * ab, a * b);
    m.leverage = m.support - supportA * supportB;
    m.convictionAB = a == 0 ? kNaN : conviction(supportB, m.confidenceAB);
    m.convictionBA = b == 0 ? kNaN : conviction(supportA, m.confidenceBA);
    m.jaccard = ratio(ab, a + b - ab);
    const double margins = a * b * (n - a) * (n - b);
    const double cross = ab * neither - onlyA * onlyB;
    m.phi = margins > 0 ? cross / std::sqrt(margins) : kNaN;
    m.yulesQ = ratio(cross, ab * neither + onlyA * onlyB);
    m.chiSquared = margins > 0 ? n * cross * cross / margins : kNaN;
    m.chiSquaredP = margins > 0 ? chiSquaredUpperTail(m.chiSquared) : kNaN;
    m.fisherP = fisherExactGreater(counts);
    return m;
}

}  // namespace mb::layout
