#include "data/demo/DemoLayouts.h"

#include "common/Error.h"
#include "data/demo/DemoFloor.h"
#include "data/demo/DemoMath.h"
#include "data/demo/DemoRandom.h"

#include <QString>
#include <algorithm>

namespace mb::data::demo {

namespace {

constexpr int kBakery = 2;
constexpr int kDairy = 1;
constexpr int kBeverages = 3;
constexpr int kSnacks = 4;
constexpr int kHome = 6;
constexpr int kSeasonal = 7;

// Moves `mover` to the department zone with the shortest walk to `anchor` (the lower zone on a
// tie); the category already there, if any, takes the mover's old zone.
void moveNextTo(Placement& placement, int mover, int anchor) {
    int best = -1;
    for (int zone = kFirstDepartmentZone; zone < kZoneCount; ++zone) {
        if (zone == placement[anchor])
            continue;
        if (best < 0 ||
            walkingDistance(zone, placement[anchor]) < walkingDistance(best, placement[anchor]))
            best = zone;
    }
    auto* const there = std::find(placement.begin(), placement.end(), best);
    if (there != placement.end())
        *there = placement[mover];
    placement[mover] = best;
}

}  // namespace

bool changesLayout(int storeIndex) {
    return storeIndex % 3 == 2;
}

StoreLayout storeLayout(quint64 seed, int storeIndex) {
    StoreLayout layout;
    // The stores that change start from the chain's standard placement (S0001's, with the
    // co-purchased pairs far apart), as pilot stores of a new adjacency would.
    if (storeIndex == 0 || changesLayout(storeIndex)) {
        layout.before = categoryZones();
    } else {
        // A shuffle of the department zones; the first eight hold the categories.
        DemoRandom random(seed, Purpose::Layout, static_cast<std::uint64_t>(storeIndex));
        std::array<int, kZoneCount - kFirstDepartmentZone> departments{};
        for (std::size_t i = 0; i < departments.size(); ++i)
            departments[i] = kFirstDepartmentZone + static_cast<int>(i);
        for (int i = static_cast<int>(departments.size()) - 1; i > 0; --i)
            std::swap(departments[static_cast<std::size_t>(i)],
                      departments[static_cast<std::size_t>(random.below(i + 1))]);
        std::copy_n(departments.begin(), kCategoryCount, layout.before.begin());
    }
    layout.after = layout.before;
    if (changesLayout(storeIndex)) {
        moveNextTo(layout.after, kBakery, kDairy);
        moveNextTo(layout.after, kSnacks, kBeverages);
        moveNextTo(layout.after, kHome, kSeasonal);
        layout.changes = layout.after != layout.before;
    }
    return layout;
}

std::vector<int> movedCategories(const StoreLayout& layout) {
    std::vector<int> moved;
    for (int c = 0; c < kCategoryCount; ++c)
        if (layout.before[static_cast<std::size_t>(c)] != layout.after[static_cast<std::size_t>(c)])
            moved.push_back(c);
    return moved;
}

double pairWeight(int a, int b) {
    for (const AffinityPair& pair : affinityPairs())
        if ((pair.first == a && pair.second == b) || (pair.first == b && pair.second == a))
            return kPlantedPairWeight;
    return 1.0;
}

double distanceFactor(double metres) {
    return portableExp(-(metres - kReferenceDistance) / 10.0 * portableLog(kAttachRateRatioPer10m));
}

BasketMix basketMix(const Catalogue& catalogue, const Placement& placement) {
    BasketMix mix;
    std::array<double, kCategoryCount> chance{};
    double total = 0.0;
    for (int c = 0; c < kCategoryCount; ++c) {
        chance[static_cast<std::size_t>(c)] =
            catalogue.categories[static_cast<std::size_t>(c)].basketChance;
        total += chance[static_cast<std::size_t>(c)];
    }
    // pair[a][b] = eta * m_a * m_b * w_ab * rho(d_ab) before the normalising k.
    double pairs = 0.0;
    for (int a = 0; a < kCategoryCount; ++a) {
        for (int b = a + 1; b < kCategoryCount; ++b) {
            const double metres = walkingDistance(placement[static_cast<std::size_t>(a)],
                                                  placement[static_cast<std::size_t>(b)]);
            const double weight = kPairPropensity * chance[static_cast<std::size_t>(a)] *
                                  chance[static_cast<std::size_t>(b)] * pairWeight(a, b) *
                                  distanceFactor(metres);
            mix.pair[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)] = weight;
            pairs += weight;
        }
    }
    const double k = 1.0 / (total - pairs);
    for (int a = 0; a < kCategoryCount; ++a) {
        const auto i = static_cast<std::size_t>(a);
        mix.share[i] = k * chance[i];
        double withOthers = 0.0;
        for (int b = 0; b < kCategoryCount; ++b) {
            if (b == a)
                continue;
            const auto lo = static_cast<std::size_t>(std::min(a, b));
            const auto hi = static_cast<std::size_t>(std::max(a, b));
            withOthers += k * mix.pair[lo][hi];
        }
        mix.single[i] = mix.share[i] - withOthers;
        if (mix.single[i] < 0.0)
            throw Error(QStringLiteral("Demo basket model: category %1 would be in more pairs "
                                       "than baskets (lower the pair propensity)")
                            .arg(QString::fromStdString(catalogue.categories[i].name)));
    }
    for (auto& row : mix.pair)
        for (double& value : row)
            value *= k;
    return mix;
}

double BasketMix::crossCategoryShare() const {
    double sum = 0.0;
    for (const auto& row : pair)
        for (double value : row)
            sum += value;
    return sum;
}

double BasketMix::attachRate(int a, int b) const {
    const auto lo = static_cast<std::size_t>(std::min(a, b));
    const auto hi = static_cast<std::size_t>(std::max(a, b));
    return pair[lo][hi] / share[static_cast<std::size_t>(a)];
}

std::array<int, 2> BasketMix::draw(double u) const {
    for (int c = 0; c < kCategoryCount; ++c) {
        u -= single[static_cast<std::size_t>(c)];
        if (u < 0.0)
            return {c, -1};
    }
    std::array<int, 2> last{kCategoryCount - 2, kCategoryCount - 1};
    for (int a = 0; a < kCategoryCount; ++a) {
        for (int b = a + 1; b < kCategoryCount; ++b) {
            u -= pair[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)];
            if (u < 0.0)
                return {a, b};
            last = {a, b};
        }
    }
    return last;  // u within rounding of 1
}

}  // namespace mb::data::demo
