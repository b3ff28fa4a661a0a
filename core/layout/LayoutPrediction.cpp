#include "layout/LayoutPrediction.h"

#include <algorithm>
#include <array>

namespace mb::layout {

namespace {

// The whole proposal's and each move's figures at one rate ratio.
struct Figures {
    double convertedBaskets = 0.0;
    double attach = 0.0;   // co-purchase baskets, over the counted period
    double revenue = 0.0;  // over the counted period
};

struct PairChange {
    int a = 0;
    int b = 0;
    double metresCloser = 0.0;
};

double ratio(std::int64_t part, std::int64_t whole) {
    return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

// Single-category baskets one gained co-purchase converts: half a B added to A's baskets without
// B, half an A added to B's without A.
double convertedPerGain(const AttachCounts& counts, int a, int b) {
    const std::int64_t both = counts.both(a, b);
    const auto side = [&](int anchor) {
        const std::size_t i = static_cast<std::size_t>(anchor);
        return ratio(counts.onlyCategory[i], counts.withCategory[i] - both);
    };
    return 0.5 * (side(a) + side(b));
}

}  // namespace

AttachCounts attachCounts(const BasketSet& baskets, const LayoutModel& model) {
    AttachCounts counts;
    const int n = model.categoryCount();
    counts.categories = n;
    const auto cells = static_cast<std::size_t>(n) * static_cast<std::size_t>(n);
    counts.withCategory.assign(static_cast<std::size_t>(n), 0);
    counts.onlyCategory.assign(static_cast<std::size_t>(n), 0);
    counts.withBoth.assign(cells, 0);
    counts.exactlyBoth.assign(cells, 0);
    std::vector<int> itemCategory(baskets.itemCount());
    for (std::size_t item = 0; item < baskets.itemCount(); ++item)
        itemCategory[item] = model.categoryIndex(QString::fromStdString(baskets.itemNames[item]));
    std::vector<int> basket;
    for (std::size_t b = 0; b < baskets.basketCount(); ++b) {
        basket.clear();
        for (const ItemId* item = baskets.basketBegin(b); item != baskets.basketEnd(b); ++item)
            if (itemCategory[*item] >= 0)
                basket.push_back(itemCategory[*item]);
        std::sort(basket.begin(), basket.end());
        basket.erase(std::unique(basket.begin(), basket.end()), basket.end());
        if (basket.empty())
            continue;
        ++counts.baskets;
        counts.crossBaskets += basket.size() >= 2;
        for (const int category : basket)
            ++counts.withCategory[static_cast<std::size_t>(category)];
        if (basket.size() == 1)
            ++counts.onlyCategory[static_cast<std::size_t>(basket.front())];
        for (std::size_t i = 0; i < basket.size(); ++i)
            for (std::size_t j = i + 1; j < basket.size(); ++j) {
                const auto a = static_cast<std::size_t>(basket[i]);
                const auto c = static_cast<std::size_t>(basket[j]);
                const std::size_t ac = a * static_cast<std::size_t>(n) + c;
                const std::size_t ca = c * static_cast<std::size_t>(n) + a;
                ++counts.withBoth[ac];
                ++counts.withBoth[ca];
                if (basket.size() == 2) {
                    ++counts.exactlyBoth[ac];
                    ++counts.exactlyBoth[ca];
                }
            }
    }
    return counts;
}

LayoutPrediction predictLayoutChange(const AttachCounts& counts, const LayoutModel& model,
                                     const std::vector<double>& valuePerBasket, double weeks,
                                     const std::vector<int>& current,
                                     const std::vector<int>& proposed,
                                     const ProximityEffect& effect) {
    LayoutPrediction prediction;
    prediction.effect = effect;
    prediction.baskets = counts.baskets;
    prediction.crossBaskets = counts.crossBaskets;
    prediction.crossShare = counts.crossShare();
    prediction.weeks = weeks;
    const int n = model.categoryCount();
    std::vector<int> moveOf(static_cast<std::size_t>(n), -1);
    for (int c = 0; c < n; ++c) {
        const int from = current[static_cast<std::size_t>(c)];
        const int to = proposed[static_cast<std::size_t>(c)];
        if (from == to)
            continue;
        moveOf[static_cast<std::size_t>(c)] = static_cast<int>(prediction.moves.size());
        MovePrediction move;
        move.category = c;
        move.from = from;
        move.to = to;
        prediction.moves.push_back(move);
    }
    if (!effect.identified())
        return prediction;

    // Pairs bought together whose walk changes; a pair with a category off the floor before or
    // after has no distance to change.
    std::vector<PairChange> pairs;
    for (const MovePrediction& move : prediction.moves)
        for (int other = 0; other < n; ++other) {
            const int a = std::min(move.category, other);
            const int b = std::max(move.category, other);
            // A pair of two moved categories once, from its lower category's move.
            if (other == move.category ||
                (moveOf[static_cast<std::size_t>(other)] >= 0 && move.category != a))
                continue;
            const std::size_t ia = static_cast<std::size_t>(a), ib = static_cast<std::size_t>(b);
            if (counts.both(a, b) == 0 || current[ia] < 0 || current[ib] < 0 || proposed[ia] < 0 ||
                proposed[ib] < 0)
                continue;
            const double closer = model.metresAt(current[ia], current[ib]) -
                                  model.metresAt(proposed[ia], proposed[ib]);
            if (closer != 0.0)
                pairs.push_back(PairChange{a, b, closer});
        }
    for (const PairChange& pair : pairs)
        for (const int c : {pair.a, pair.b})
            if (!std::isfinite(valuePerBasket[static_cast<std::size_t>(c)]) &&
                !prediction.unvaluedCategories.contains(model.categories[c]))
                prediction.unvaluedCategories.append(model.categories[c]);

    const auto figuresAt = [&](double rate, std::vector<Figures>& perMove) {
        perMove.assign(prediction.moves.size(), Figures{});
        Figures total;
        for (const PairChange& pair : pairs) {
            const std::int64_t both = counts.both(pair.a, pair.b);
            const double added =
                static_cast<double>(both) * (std::pow(rate, pair.metresCloser / 10.0) - 1.0);
            const double converted = added > 0
                                         ? added * convertedPerGain(counts, pair.a, pair.b)
                                         : added * ratio(counts.exactly(pair.a, pair.b), both);
            const double value = 0.5 * (valuePerBasket[static_cast<std::size_t>(pair.a)] +
                                        valuePerBasket[static_cast<std::size_t>(pair.b)]);
            const Figures change{converted, added, added * value};
            const int moveA = moveOf[static_cast<std::size_t>(pair.a)];
            const int moveB = moveOf[static_cast<std::size_t>(pair.b)];
            const double shareA = moveB < 0 ? 1.0 : moveA < 0 ? 0.0 : 0.5;
            for (const auto& [move, share] :
                 {std::pair{moveA, shareA}, std::pair{moveB, 1.0 - shareA}}) {
                if (move < 0 || share == 0.0)
                    continue;
                Figures& figures = perMove[static_cast<std::size_t>(move)];
                figures.convertedBaskets += share * change.convertedBaskets;
                figures.attach += share * change.attach;
                figures.revenue += share * change.revenue;
            }
            total.convertedBaskets += change.convertedBaskets;
            total.attach += change.attach;
            total.revenue += change.revenue;
        }
        return total;
    };
    const auto shareChange = [&](const Figures& figures) {
        return counts.crossBaskets > 0
                   ? figures.convertedBaskets / static_cast<double>(counts.crossBaskets)
                   : std::nan("");
    };
    const auto perWeek = [&](double amount) { return weeks > 0 ? amount / weeks : std::nan(""); };
    const auto setAt = [&](PredictedRange& range, int which, double value) {
        (which == 0 ? range.value : which == 1 ? range.low : range.high) = value;
    };
    const std::array<double, 3> rates{effect.ratePer10m, effect.ciLow, effect.ciHigh};
    std::vector<Figures> perMove;
    for (int which = 0; which < 3; ++which) {
        const Figures total = figuresAt(rates[static_cast<std::size_t>(which)], perMove);
        setAt(prediction.shareChange, which, shareChange(total));
        setAt(prediction.attachPerWeek, which, perWeek(total.attach));
        setAt(prediction.weeklyRevenue, which, perWeek(total.revenue));
        for (std::size_t m = 0; m < perMove.size(); ++m) {
            MovePrediction& move = prediction.moves[m];
            setAt(move.shareChange, which, shareChange(perMove[m]));
            setAt(move.attachPerWeek, which, perWeek(perMove[m].attach));
            setAt(move.weeklyRevenue, which, perWeek(perMove[m].revenue));
        }
    }
    // Each pair's change is monotone in the rate, but pairs brought closer and pairs moved apart
    // pull opposite ways: the range holds all three evaluations.
    const auto widen = [](PredictedRange& range) {
        const double low = std::min({range.value, range.low, range.high});
        const double high = std::max({range.value, range.low, range.high});
        range.low = low;
        range.high = high;
    };
    for (PredictedRange* range :
         {&prediction.shareChange, &prediction.attachPerWeek, &prediction.weeklyRevenue})
        widen(*range);
    for (MovePrediction& move : prediction.moves)
        for (PredictedRange* range : {&move.shareChange, &move.attachPerWeek, &move.weeklyRevenue})
            widen(*range);
    return prediction;
}

LayoutPrediction predictLayoutChange(const PredictionBasis& basis, const LayoutModel& model,
                                     const std::vector<int>& current,
                                     const std::vector<int>& proposed) {
    LayoutPrediction prediction = predictLayoutChange(basis.counts, model, basis.valuePerBasket,
                                                      basis.weeks, current, proposed, basis.effect);
    prediction.undatedLines = basis.undatedLines;
    return prediction;
}

QStringList predictionNotes(const LayoutPrediction& prediction) {
    QStringList notes;
    if (!prediction.predicted()) {
        notes.append(QStringLiteral("no prediction in money: %1").arg(prediction.effect.source));
        return notes;
    }
    if (prediction.undatedLines > 0)
        notes.append(QStringLiteral("no weekly figures: %1 basket line(s) carry no time, so "
                                    "the weeks the baskets span are unknown")
                         .arg(prediction.undatedLines));
    else if (!(prediction.weeks > 0))
        notes.append(QStringLiteral("no weekly figures: no dated baskets"));
    if (!prediction.unvaluedCategories.isEmpty())
        notes.append(QStringLiteral("no weekly revenue: no basket line of %1 has a value (or a "
                                    "price and quantity)")
                         .arg(prediction.unvaluedCategories.join(QStringLiteral(", "))));
    return notes;
}

QString predictionFormula() {
    return QStringLiteral(
        "each pair bought together in n_AB baskets whose zones come d - d' metres closer gains "
        "c = n_AB (R^((d - d')/10) - 1) co-purchases (R: rate ratio per 10 m closer); a gain "
        "makes a single-category basket cross-category at rate (s_A/(n_A - n_AB) + s_B/(n_B - "
        "n_AB))/2, a loss at e_AB/n_AB; predicted_change = converted baskets / cross-category "
        "baskets; weekly revenue = sum of c (v_A + v_B)/2 / weeks (v: value per basket holding "
        "the category); interval: the same at ci_low and ci_high");
}

}  // namespace mb::layout
