#include "layout/LayoutScore.h"

#include "common/Error.h"
#include "common/MemoryBudget.h"
#include "common/Progress.h"
#include "common/SeededRandom.h"
#include "layout/AffinityMeasures.h"

#include <algorithm>
#include <limits>

namespace mb::layout {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Nearest-neighbour walk: from the entrance to the closest unvisited zone of the basket (lowest
// index on a tie), on until all are visited, then to the checkout.
template <typename ZoneOf>
double walkMetres(const LayoutModel& model, const std::vector<int>& basket, ZoneOf zoneOf) {
    if (model.entrance < 0 || model.checkout < 0)
        return 0.0;
    thread_local std::vector<int> stops;
    stops.clear();
    for (const int category : basket) {
        const int zone = zoneOf(category);
        if (zone >= 0 && std::find(stops.begin(), stops.end(), zone) == stops.end())
            stops.push_back(zone);
    }
    std::sort(stops.begin(), stops.end());
    double metres = 0.0;
    int at = model.entrance;
    while (!stops.empty()) {
        std::size_t nearest = 0;
        double best = kInfinity;
        for (std::size_t s = 0; s < stops.size(); ++s) {
            const double d = model.metresAt(at, stops[s]);
            if (d < best) {
                best = d;
                nearest = s;
            }
        }
        metres += model.metresAt(at, stops[nearest]);
        at = stops[nearest];
        stops.erase(stops.begin() + static_cast<std::ptrdiff_t>(nearest));
    }
    return metres + model.metresAt(at, model.checkout);
}

double closenessOrZero(const LayoutModel& model, int zoneA, int zoneB) {
    return zoneA < 0 || zoneB < 0 ? 0.0 : model.closeness(zoneA, zoneB);
}

double shareOrZero(const LayoutModel& model, int zone) {
    return zone < 0 ? 0.0 : model.visitShare[static_cast<std::size_t>(zone)];
}

double totalOf(const LayoutModel& model, const LayoutScoreTerms& terms) {
    return model.weights.adjacency * terms.adjacency + model.weights.exposure * terms.exposure -
           model.weights.distance * terms.walkingMetres / model.directWalkMetres;
}

// Least-squares slope of y on x; NaN when x does not vary.
double slopeOf(const std::vector<double>& x, const std::vector<double>& y) {
    const auto n = static_cast<double>(x.size());
    double mx = 0.0, my = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        mx += x[i];
        my += y[i];
    }
    mx /= n;
    my /= n;
    double sxy = 0.0, sxx = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
    }
    return sxx > 1e-15 ? sxy / sxx : std::nan("");
}

}  // namespace

LayoutModel buildLayoutModel(const FloorPlan& plan, const WalkingDistances& distances,
                             const BasketSet& categoryBaskets, const QStringList& layoutCategories,
                             const std::vector<double>& zoneVisits,
                             const LayoutModelOptions& options) {
    if (!(options.closenessMetres > 0) || !std::isfinite(options.closenessMetres))
        throw Error(QStringLiteral("closeness scale must be above 0 metres (%1)")
                        .arg(options.closenessMetres));
    LayoutModel model;
    model.weights = options.weights;
    model.closenessMetres = options.closenessMetres;
    for (const QString& category : layoutCategories)
        if (!model.categories.contains(category))
            model.categories.append(category);
    std::vector<int> itemCategory(categoryBaskets.itemCount());
    for (std::size_t item = 0; item < categoryBaskets.itemCount(); ++item) {
        const QString name = QString::fromStdString(categoryBaskets.itemNames[item]);
        int index = model.categories.indexOf(name);
        if (index < 0) {
            index = static_cast<int>(model.categories.size());
            model.categories.append(name);
        }
        itemCategory[item] = index;
    }
    for (const FloorZone& zone : plan.zones) {
        model.zones.append(zone.zone);
        model.zoneTypes.push_back(zone.type);
    }
    model.metres = distances.metres;
    const auto n = static_cast<std::size_t>(model.categories.size());
    const auto m = static_cast<std::size_t>(model.zones.size());
    // Two tables per category pair here, about five more in the optimiser and two in the
    // prediction's counts (LayoutPrediction.h): with a category per product (thousands) they
    // are what grows.
    const std::uint64_t pairTableBytes = std::uint64_t(n) * n * 9 * sizeof(double);
    if (options.budget)
        options.budget->chargeTable(
            pairTableBytes,
            QStringLiteral("the layout model of %1 categories (its category-pair tables)").arg(n),
            QStringLiteral("map products to fewer, broader categories, or allow more with "
                           "--memory-limit."));

    // Phi over all baskets, from per-category and per-pair basket counts.
    std::vector<std::uint64_t> withCategory(n, 0), withBoth(n * n, 0);
    std::vector<std::vector<int>> all;
    all.reserve(categoryBaskets.basketCount());
    for (std::size_t b = 0; b < categoryBaskets.basketCount(); ++b) {
        std::vector<int> basket;
        for (const ItemId* item = categoryBaskets.basketBegin(b);
             item != categoryBaskets.basketEnd(b); ++item)
            basket.push_back(itemCategory[*item]);
        std::sort(basket.begin(), basket.end());
        basket.erase(std::unique(basket.begin(), basket.end()), basket.end());
        for (std::size_t i = 0; i < basket.size(); ++i) {
            ++withCategory[static_cast<std::size_t>(basket[i])];
            for (std::size_t j = i + 1; j < basket.size(); ++j)
                ++withBoth[static_cast<std::size_t>(basket[i]) * n +
                           static_cast<std::size_t>(basket[j])];
        }
        if (!basket.empty())
            all.push_back(std::move(basket));
    }
    model.affinity.assign(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = i + 1; j < n; ++j) {
            PairCounts counts;
            counts.baskets = categoryBaskets.basketCount();
            counts.withA = withCategory[i];
            counts.withB = withCategory[j];
            counts.withBoth = withBoth[i * n + j];
            const double phi = counts.baskets > 0 ? measurePair(counts).phi : 0.0;
            // Pairs bought together less than by chance neither gain nor lose by being near.
            model.affinity[i * n + j] = model.affinity[j * n + i] =
                std::isfinite(phi) ? std::max(0.0, phi) : 0.0;
        }
    }

    model.visitShare.assign(m, 0.0);
    double visits = 0.0;
    for (std::size_t z = 0; z < std::min(m, zoneVisits.size()); ++z)
        visits += std::max(0.0, zoneVisits[z]);
    for (std::size_t z = 0; z < std::min(m, zoneVisits.size()); ++z)
        model.visitShare[z] = visits > 0 ? std::max(0.0, zoneVisits[z]) / visits : 0.0;
    model.impulse.assign(n, 0);
    for (const QString& category : options.impulse) {
        const int index = model.categories.indexOf(category);
        if (index >= 0)
            model.impulse[static_cast<std::size_t>(index)] = 1;
    }

    // A seeded sample without replacement (partial Fisher-Yates), kept in basket order.
    const std::size_t keep =
        std::min(all.size(), static_cast<std::size_t>(std::max(1, options.maxBaskets)));
    std::vector<std::size_t> order(all.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    if (keep < all.size()) {
        SeededRandom random(options.seed);
        for (std::size_t i = 0; i < keep; ++i)
            std::swap(order[i], order[i + random.belowByThreshold(order.size() - i)]);
        order.resize(keep);
        std::sort(order.begin(), order.end());
    }
    model.basketsWithCategory.assign(n, {});
    for (const std::size_t b : order) {
        for (const int category : all[b])
            model.basketsWithCategory[static_cast<std::size_t>(category)].push_back(
                static_cast<int>(model.baskets.size()));
        model.baskets.push_back(std::move(all[b]));
    }

    model.entrance = plan.firstZoneOfType(ZoneType::Entrance);
    model.checkout = plan.firstZoneOfType(ZoneType::Checkout);
    if (model.entrance >= 0 && model.checkout >= 0) {
        const double direct = model.metresAt(model.entrance, model.checkout);
        model.directWalkMetres = std::isfinite(direct) ? std::max(1.0, direct) : 1.0;
    }
    return model;
}

std::vector<int> layoutAssignment(const LayoutModel& model,
                                  const std::vector<std::pair<QString, QString>>& layout) {
    std::vector<int> zoneOf(static_cast<std::size_t>(model.categoryCount()), -1);
    for (const auto& [category, zone] : layout) {
        const int c = model.categoryIndex(category);
        const int z = model.zoneIndex(zone);
        if (z < 0)
            throw Error(
                QStringLiteral("layout puts %1 in a zone that is not on the floor plan (%2)")
                    .arg(category, zone));
        if (c >= 0)
            zoneOf[static_cast<std::size_t>(c)] = z;
    }
    return zoneOf;
}

double basketWalkMetres(const LayoutModel& model, const std::vector<int>& zoneOfCategory,
                        const std::vector<int>& basket) {
    return walkMetres(model, basket,
                      [&](int c) { return zoneOfCategory[static_cast<std::size_t>(c)]; });
}

LayoutScoreTerms scoreLayout(const LayoutModel& model, const std::vector<int>& zoneOfCategory) {
    LayoutScoreTerms terms;
    const int n = model.categoryCount();
    for (int i = 0; i < n; ++i) {
        const int zi = zoneOfCategory[static_cast<std::size_t>(i)];
        if (zi < 0)
            continue;
        if (model.impulse[static_cast<std::size_t>(i)])
            terms.exposure += shareOrZero(model, zi);
        for (int j = i + 1; j < n; ++j) {
            const int zj = zoneOfCategory[static_cast<std::size_t>(j)];
            const double closeness = closenessOrZero(model, zi, zj);
            terms.adjacency += model.affinityAt(i, j) * closeness;
            terms.closenessSum += closeness;
        }
    }
    double walk = 0.0;
    for (const std::vector<int>& basket : model.baskets)
        walk += basketWalkMetres(model, zoneOfCategory, basket);
    terms.walkingMetres =
        model.baskets.empty() ? 0.0 : walk / static_cast<double>(model.baskets.size());
    terms.total = totalOf(model, terms);
    return terms;
}

std::vector<double> categoryAdjacency(const LayoutModel& model,
                                      const std::vector<int>& zoneOfCategory) {
    const int n = model.categoryCount();
    std::vector<double> share(static_cast<std::size_t>(n), 0.0);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            if (i != j)
                share[static_cast<std::size_t>(i)] +=
                    0.5 * model.affinityAt(i, j) *
                    closenessOrZero(model, zoneOfCategory[static_cast<std::size_t>(i)],
                                    zoneOfCategory[static_cast<std::size_t>(j)]);
    return share;
}

LayoutScorer::LayoutScorer(const LayoutModel& model, std::vector<int> zoneOfCategory)
    : model_(&model), zoneOfCategory_(std::move(zoneOfCategory)) {
    if (zoneOfCategory_.size() != static_cast<std::size_t>(model.categoryCount()))
        throw Error(QStringLiteral("layout has %1 categories, the model %2")
                        .arg(zoneOfCategory_.size())
                        .arg(model.categoryCount()));
    terms_ = scoreLayout(model, zoneOfCategory_);
    basketWalk_.reserve(model.baskets.size());
    for (const std::vector<int>& basket : model.baskets)
        basketWalk_.push_back(basketWalkMetres(model, zoneOfCategory_, basket));
}

// The change when categoryA goes to zoneA and (unless categoryB is -1) categoryB to zoneB.
LayoutScoreTerms LayoutScorer::change(int categoryA, int zoneA, int categoryB, int zoneB) const {
    const LayoutModel& model = *model_;
    const auto zoneNow = [&](int c) { return zoneOfCategory_[static_cast<std::size_t>(c)]; };
    const auto zoneAfter = [&](int c) {
        return c == categoryA ? zoneA : c == categoryB ? zoneB : zoneNow(c);
    };
    LayoutScoreTerms delta;
    for (const int moved : {categoryA, categoryB}) {
        if (moved < 0)
            continue;
        const int before = zoneNow(moved), after = zoneAfter(moved);
        if (model.impulse[static_cast<std::size_t>(moved)])
            delta.exposure += shareOrZero(model, after) - shareOrZero(model, before);
        for (int j = 0; j < model.categoryCount(); ++j) {
            if (j == categoryA || j == categoryB)
                continue;
            const double change = closenessOrZero(model, after, zoneNow(j)) -
                                  closenessOrZero(model, before, zoneNow(j));
            delta.adjacency += model.affinityAt(moved, j) * change;
            delta.closenessSum += change;
        }
    }
    if (categoryB >= 0 && categoryB != categoryA) {
        const double change = closenessOrZero(model, zoneA, zoneB) -
                              closenessOrZero(model, zoneNow(categoryA), zoneNow(categoryB));
        delta.adjacency += model.affinityAt(categoryA, categoryB) * change;
        delta.closenessSum += change;
    }
    // Only baskets holding a moved category walk differently.
    static const std::vector<int> none;
    const std::vector<int>& listA = model.basketsWithCategory[static_cast<std::size_t>(categoryA)];
    const std::vector<int>& listB =
        categoryB >= 0 ? model.basketsWithCategory[static_cast<std::size_t>(categoryB)] : none;
    double walk = 0.0;
    std::size_t a = 0, b = 0;
    while (a < listA.size() || b < listB.size()) {
        int basket;
        if (b >= listB.size() || (a < listA.size() && listA[a] < listB[b]))
            basket = listA[a++];
        else if (a >= listA.size() || listB[b] < listA[a])
            basket = listB[b++];
        else {
            basket = listA[a++];
            ++b;
        }
        walk += walkMetres(model, model.baskets[static_cast<std::size_t>(basket)], zoneAfter) -
                basketWalk_[static_cast<std::size_t>(basket)];
    }
    delta.walkingMetres =
        model.baskets.empty() ? 0.0 : walk / static_cast<double>(model.baskets.size());
    delta.total = totalOf(model, delta);
    return delta;
}

void LayoutScorer::apply(int categoryA, int zoneA, int categoryB, int zoneB) {
    const LayoutScoreTerms delta = change(categoryA, zoneA, categoryB, zoneB);
    terms_.adjacency += delta.adjacency;
    terms_.exposure += delta.exposure;
    terms_.walkingMetres += delta.walkingMetres;
    terms_.closenessSum += delta.closenessSum;
    terms_.total += delta.total;
    zoneOfCategory_[static_cast<std::size_t>(categoryA)] = zoneA;
    if (categoryB >= 0)
        zoneOfCategory_[static_cast<std::size_t>(categoryB)] = zoneB;
    for (const int moved : {categoryA, categoryB}) {
        if (moved < 0)
            continue;
        for (const int basket : model_->basketsWithCategory[static_cast<std::size_t>(moved)])
            basketWalk_[static_cast<std::size_t>(basket)] = basketWalkMetres(
                *model_, zoneOfCategory_, model_->baskets[static_cast<std::size_t>(basket)]);
    }
}

LayoutScoreTerms LayoutScorer::moveChange(int category, int zone) const {
    return change(category, zone, -1, -1);
}

LayoutScoreTerms LayoutScorer::swapChange(int categoryA, int categoryB) const {
    if (categoryA == categoryB)
        return {};
    return change(categoryA, zoneOf(categoryB), categoryB, zoneOf(categoryA));
}

void LayoutScorer::move(int category, int zone) {
    apply(category, zone, -1, -1);
}

void LayoutScorer::swap(int categoryA, int categoryB) {
    if (categoryA != categoryB)
        apply(categoryA, zoneOf(categoryB), categoryB, zoneOf(categoryA));
}

CrossCategoryModel fitCrossCategoryModel(const LayoutModel& model,
                                         const std::vector<int>& zoneOfCategory,
                                         int bootstrapSamples, std::uint64_t seed,
                                         ProgressToken* progress) {
    CrossCategoryModel fit;
    fit.assumption = QStringLiteral(
        "leverage of a category pair = a + slope x closeness, fitted across the current "
        "layout's pairs; assumes the observed slope is what moving categories would cause");
    std::vector<int> placed;
    for (int c = 0; c < model.categoryCount(); ++c)
        if (zoneOfCategory[static_cast<std::size_t>(c)] >= 0)
            placed.push_back(c);
    const auto n = static_cast<std::size_t>(model.categoryCount());
    std::vector<double> closeness;
    std::vector<std::pair<int, int>> pairs;
    for (std::size_t i = 0; i < placed.size(); ++i)
        for (std::size_t j = i + 1; j < placed.size(); ++j) {
            pairs.emplace_back(placed[i], placed[j]);
            closeness.push_back(
                model.closeness(zoneOfCategory[static_cast<std::size_t>(placed[i])],
                                zoneOfCategory[static_cast<std::size_t>(placed[j])]));
        }
    fit.pairs = static_cast<int>(pairs.size());
    fit.baskets = static_cast<int>(model.baskets.size());
    if (pairs.size() < 3 || model.baskets.empty()) {
        fit.slope = 0.0;
        return fit;
    }
    std::vector<double> single(n), both(n * n), leverage(pairs.size());
    const auto slopeFor = [&](const std::vector<double>& weight, double total) {
        std::fill(single.begin(), single.end(), 0.0);
        std::fill(both.begin(), both.end(), 0.0);
        for (std::size_t b = 0; b < model.baskets.size(); ++b) {
            if (weight[b] == 0.0)
                continue;
            const std::vector<int>& basket = model.baskets[b];
            for (std::size_t i = 0; i < basket.size(); ++i) {
                single[static_cast<std::size_t>(basket[i])] += weight[b];
                for (std::size_t j = i + 1; j < basket.size(); ++j)
                    both[static_cast<std::size_t>(basket[i]) * n +
                         static_cast<std::size_t>(basket[j])] += weight[b];
            }
        }
        for (std::size_t p = 0; p < pairs.size(); ++p) {
            const auto [i, j] = pairs[p];
            leverage[p] =
                both[static_cast<std::size_t>(i) * n + static_cast<std::size_t>(j)] / total -
                single[static_cast<std::size_t>(i)] / total *
                    (single[static_cast<std::size_t>(j)] / total);
        }
        return slopeOf(closeness, leverage);
    };
    const auto basketCount = static_cast<double>(model.baskets.size());
    std::vector<double> weight(model.baskets.size(), 1.0);
    fit.slope = slopeFor(weight, basketCount);
    if (!std::isfinite(fit.slope)) {
        fit.slope = 0.0;
        return fit;
    }
    SeededRandom random(seed);
    std::vector<double> slopes;
    for (int s = 0; s < bootstrapSamples; ++s) {
        if (progress && progress->isCancelled())
            break;
        std::fill(weight.begin(), weight.end(), 0.0);
        for (std::size_t draw = 0; draw < model.baskets.size(); ++draw)
            weight[random.belowByThreshold(model.baskets.size())] += 1.0;
        const double slope = slopeFor(weight, basketCount);
        if (std::isfinite(slope))
            slopes.push_back(slope);
        if (progress)
            progress->report(static_cast<double>(s + 1) / bootstrapSamples);
    }
    fit.bootstrapSamples = static_cast<int>(slopes.size());
    if (slopes.size() >= 10) {
        std::sort(slopes.begin(), slopes.end());
        const auto quantile = [&](double q) {
            const double at = q * static_cast<double>(slopes.size() - 1);
            const auto low = static_cast<std::size_t>(std::floor(at));
            const std::size_t high = std::min(low + 1, slopes.size() - 1);
            return slopes[low] + (at - static_cast<double>(low)) * (slopes[high] - slopes[low]);
        };
        fit.slopeLow = quantile((1.0 - fit.level) / 2.0);
        fit.slopeHigh = quantile(1.0 - (1.0 - fit.level) / 2.0);
    }
    return fit;
}

CrossCategoryEffect crossCategoryEffect(const CrossCategoryModel& model,
                                        double closenessSumChange) {
    CrossCategoryEffect effect;
    effect.perThousandBaskets = 1000.0 * model.slope * closenessSumChange;
    const double a = 1000.0 * model.slopeLow * closenessSumChange;
    const double b = 1000.0 * model.slopeHigh * closenessSumChange;
    effect.low = std::min(a, b);
    effect.high = std::max(a, b);
    return effect;
}

}  // namespace mb::layout
