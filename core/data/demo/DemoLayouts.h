#pragma once

#include "data/demo/DemoWorld.h"

#include <array>
#include <vector>

namespace mb::data::demo {

// Every store places the same eight categories in the ten department zones of the shared floor
// plan in its own way, and some stores move categories on a known date. A basket's categories
// depend on how far apart its store places them on the basket's day: the planted effect of
// walking distance on attach rates that `layout-effect` measures and `layout-test` checks.
//
// The basket model (exact, so the attach rate has a closed form): a basket holds one category c
// or two categories a and b (several products of a category are still possible), with
//   P({a, b}) = k * eta * m_a * m_b * w_ab * rho(d_ab),   P({c}) = P(c) - sum_b P({c, b}),
//   P(c)      = k * m_c,   k = 1 / (sum_c m_c - eta * sum_{a<b} m_a * m_b * w_ab * rho(d_ab)),
//   rho(d)    = rr^(-(d - d0) / 10 m),
// m_c the category's basket chance, w_ab the pair weight (planted pairs higher), d_ab the
// shortest walk between the pair's zones in that store on that day. So the attach rate
//   P(b in basket | a in basket) = eta * m_b * w_ab * rr^(-(d_ab - d0) / 10 m)
// rises by the factor rr when the two zones are 10 m closer, in every store and period.

constexpr double kAttachRateRatioPer10m = 1.15;  // rr
constexpr double kReferenceDistance = 20.0;      // d0, metres
constexpr double kPairPropensity = 0.55;         // eta
constexpr double kPlantedPairWeight = 5.0;       // w of the planted pairs; every other pair 1
// 2024-07-01, days after 2022-08-01: half way through the eight basket weeks.
constexpr int kLayoutChangeDay = 700;

using Placement = std::array<int, kCategoryCount>;  // zone index of each category

struct StoreLayout {
    Placement before{};  // since always
    Placement after{};   // from kLayoutChangeDay (== before when the store does not change)
    bool changes = false;
};

// Every third store from the third (S0003, S0006, S0009, ...) changes its layout.
bool changesLayout(int storeIndex);
// S0001 keeps the placement of categoryZones(); every other store draws its own from its own
// stream. A changing store then moves bakery to the department zone nearest dairy and home to
// the one nearest seasonal (a category already there takes the mover's old zone).
StoreLayout storeLayout(quint64 seed, int storeIndex);
// The categories whose zone differs between the two placements, in category order.
std::vector<int> movedCategories(const StoreLayout& layout);

double pairWeight(int a, int b);
double distanceFactor(double metres);  // rho(d)

// The chance of each category set of a basket under one placement.
struct BasketMix {
    std::array<double, kCategoryCount> single{};
    std::array<std::array<double, kCategoryCount>, kCategoryCount> pair{};  // [a][b], a < b
    std::array<double, kCategoryCount> share{};                             // P(c in basket)

    double crossCategoryShare() const;  // baskets with two categories
    double attachRate(int a, int b) const;
    // The category set of a basket for a uniform draw u in [0, 1): {a, -1} or {a, b}.
    std::array<int, 2> draw(double u) const;
};
// Throws mb::Error when a placement would make a single-category chance negative (it cannot
// with the planted values; the check keeps a change of them honest).
BasketMix basketMix(const Catalogue& catalogue, const Placement& placement);

}  // namespace mb::data::demo
