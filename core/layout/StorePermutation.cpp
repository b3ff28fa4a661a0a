#include "layout/StorePermutation.h"

#include "common/Error.h"
#include "common/SeededRandom.h"

#include <QString>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace mb::layout {

namespace {

// The estimate for one choice of changed stores, as a line in the shift d of the observed
// changed store-weeks: A - d * B (sweeping out the fixed effects is linear, so shifting the
// values by d times the observed regressor shifts the residual values by d times its residual).
struct ChoiceLine {
    double a = 0.0;
    double b = 0.0;
};

// min(C(n, k), cap + 1), without overflow.
qint64 choices(int n, int k, qint64 cap) {
    double count = 1.0;
    for (int i = 1; i <= k; ++i) {
        count = count * double(n - k + i) / double(i);
        if (count > double(cap))
            return cap + 1;
    }
    return static_cast<qint64>(std::llround(count));
}

class ChoiceLines {
public:
    ChoiceLines(const std::vector<StoreWeekValue>& values, const std::vector<bool>& after,
                int stores, int weeks)
        : values_(values), after_(after), stores_(stores), weeks_(weeks) {}

    void setObserved(const std::vector<bool>& changed, const std::vector<double>& yResidual) {
        residualY_ = yResidual;
        observed_ = residualRegressor(changed);
    }

    ChoiceLine line(const std::vector<bool>& changed) const {
        const std::vector<double> x = residualRegressor(changed);
        const double xx = std::inner_product(x.begin(), x.end(), x.begin(), 0.0);
        if (!(xx > 0.0))
            return {0.0, 0.0};
        return {std::inner_product(x.begin(), x.end(), residualY_.begin(), 0.0) / xx,
                std::inner_product(x.begin(), x.end(), observed_.begin(), 0.0) / xx};
    }

private:
    std::vector<double> residualRegressor(const std::vector<bool>& changed) const {
        std::vector<double> x(values_.size());
        for (std::size_t i = 0; i < values_.size(); ++i)
            x[i] = changed[static_cast<std::size_t>(values_[i].store)] &&
                           after_[static_cast<std::size_t>(values_[i].week)]
                       ? 1.0
                       : 0.0;
        return withoutFixedEffects(std::move(x), values_, stores_, weeks_);
    }

    const std::vector<StoreWeekValue>& values_;
    const std::vector<bool>& after_;
    int stores_;
    int weeks_;
    std::vector<double> residualY_;
    std::vector<double> observed_;
};

// Share of choices whose estimate under the shift d is at least as far from d's as the
// observed one.
double pValueAt(const std::vector<ChoiceLine>& lines, double estimate, double shift) {
    const double observed = std::abs(estimate - shift);
    const double tolerance = 1e-9 * std::max(observed, std::abs(estimate) + 1e-300);
    qint64 asFar = 0;
    for (const ChoiceLine& line : lines)
        if (std::abs(line.a - shift * line.b) >= observed - tolerance)
            ++asFar;
    return double(asFar) / double(lines.size());
}

// The end of the interval on one side (direction +1 or -1): the shift where the p-value first
// falls to alpha or below, or NaN when no shift within reach is rejected.
double intervalEnd(const std::vector<ChoiceLine>& lines, double estimate, double alpha,
                   double scale, int direction) {
    double inside = estimate;
    double outside = estimate + direction * scale;
    int doublings = 0;
    while (pValueAt(lines, estimate, outside) > alpha) {
        if (++doublings > 60)
            return std::numeric_limits<double>::quiet_NaN();
        inside = outside;
        outside = estimate + 2.0 * (outside - estimate);
    }
    for (int step = 0; step < 200 && std::abs(outside - inside) > 1e-12 * scale; ++step) {
        const double middle = 0.5 * (inside + outside);
        (pValueAt(lines, estimate, middle) > alpha ? inside : outside) = middle;
    }
    return 0.5 * (inside + outside);
}

}  // namespace

StorePermutation storePermutation(const std::vector<StoreWeekValue>& values,
                                  const std::vector<bool>& changed, const std::vector<bool>& after,
                                  double confidence, std::uint64_t seed, qint64 maxAssignments) {
    const int stores = static_cast<int>(changed.size());
    const int weeks = static_cast<int>(after.size());
    const int k = static_cast<int>(std::count(changed.begin(), changed.end(), true));
    if (k == 0 || k == stores)
        throw Error(
            QStringLiteral("layout test: a store permutation needs changed and control "
                           "stores"));
    std::vector<double> y(values.size());
    for (std::size_t i = 0; i < values.size(); ++i)
        y[i] = values[i].value;
    ChoiceLines lines(values, after, stores, weeks);
    lines.setObserved(changed, withoutFixedEffects(std::move(y), values, stores, weeks));
    const ChoiceLine observed = lines.line(changed);

    StorePermutation result;
    std::vector<ChoiceLine> all{observed};
    const qint64 count = choices(stores, k, maxAssignments);
    result.exact = count <= maxAssignments;
    if (result.exact) {
        // Every k-subset, in lexicographic order of store indices.
        std::vector<int> chosen(static_cast<std::size_t>(k));
        std::iota(chosen.begin(), chosen.end(), 0);
        for (;;) {
            std::vector<bool> choice(static_cast<std::size_t>(stores), false);
            for (const int s : chosen)
                choice[static_cast<std::size_t>(s)] = true;
            if (choice != changed)
                all.push_back(lines.line(choice));
            int i = k - 1;
            while (i >= 0 && chosen[static_cast<std::size_t>(i)] == stores - k + i)
                --i;
            if (i < 0)
                break;
            ++chosen[static_cast<std::size_t>(i)];
            for (int j = i + 1; j < k; ++j)
                chosen[static_cast<std::size_t>(j)] = chosen[static_cast<std::size_t>(j - 1)] + 1;
        }
    } else {
        SeededRandom random(seed);
        std::vector<int> order(static_cast<std::size_t>(stores));
        for (qint64 draw = 1; draw < maxAssignments; ++draw) {
            std::iota(order.begin(), order.end(), 0);
            std::vector<bool> choice(static_cast<std::size_t>(stores), false);
            for (int i = 0; i < k; ++i) {
                const auto pick = i + static_cast<int>(random.below(std::uint64_t(stores - i)));
                std::swap(order[static_cast<std::size_t>(i)],
                          order[static_cast<std::size_t>(pick)]);
                choice[static_cast<std::size_t>(order[static_cast<std::size_t>(i)])] = true;
            }
            all.push_back(lines.line(choice));
        }
    }
    result.assignments = static_cast<qint64>(all.size());
    result.pValue = pValueAt(all, observed.a, 0.0);
    double scale = std::abs(observed.a);
    for (const ChoiceLine& line : all)
        scale = std::max(scale, std::abs(line.a - observed.a));
    scale = std::max(scale, 1e-12);
    const double alpha = 1.0 - confidence;
    result.low = intervalEnd(all, observed.a, alpha, scale, -1);
    result.high = intervalEnd(all, observed.a, alpha, scale, +1);
    return result;
}

}  // namespace mb::layout
