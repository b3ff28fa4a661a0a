// Small random stores for the layout tests: a connected floor (entrance, checkout, departments),
// baskets over a few categories, traffic, and a current layout.
#pragma once

#include "layout/BasketSet.h"
#include "layout/FloorPlan.h"
#include "layout/LayoutScore.h"

#include <cstdint>
#include <random>
#include <string>

namespace mbtest {

struct RandomStore {
    mb::layout::FloorPlan plan;
    mb::layout::BasketSet baskets;
    std::vector<double> visits;
    QStringList categories;
};

// Zone 0 is the entrance, zone 1 the checkout, the rest departments. Links: a random spanning
// tree plus a few extra, with whole-metre lengths.
inline mb::layout::FloorPlan randomFloor(int zones, std::mt19937_64& random) {
    mb::layout::FloorPlan plan;
    for (int z = 0; z < zones; ++z) {
        mb::layout::FloorZone zone;
        zone.zone = QStringLiteral("Z%1").arg(z);
        zone.type = z == 0   ? mb::layout::ZoneType::Entrance
                    : z == 1 ? mb::layout::ZoneType::Checkout
                             : mb::layout::ZoneType::Department;
        zone.outline = mb::layout::rectangleOutline(10.0 * z, 0.0, 10.0, 8.0);
        plan.zones.push_back(zone);
    }
    std::uniform_int_distribution<int> metres(1, 20);
    for (int z = 1; z < zones; ++z) {
        std::uniform_int_distribution<int> parent(0, z - 1);
        mb::layout::addZoneLink(plan, plan.zones[static_cast<std::size_t>(z)].zone,
                                plan.zones[static_cast<std::size_t>(parent(random))].zone,
                                metres(random));
    }
    std::uniform_int_distribution<int> anyZone(0, zones - 1);
    for (int extra = 0; extra < zones / 2; ++extra) {
        const int a = anyZone(random), b = anyZone(random);
        if (a != b)
            mb::layout::addZoneLink(plan, plan.zones[static_cast<std::size_t>(a)].zone,
                                    plan.zones[static_cast<std::size_t>(b)].zone, metres(random));
    }
    return plan;
}

inline RandomStore randomStore(int zones, int categories, int basketCount, std::uint64_t seed) {
    std::mt19937_64 random(seed);
    RandomStore store;
    store.plan = randomFloor(zones, random);
    for (int c = 0; c < categories; ++c)
        store.categories.append(QStringLiteral("cat%1").arg(c));
    // Categories have popularities, and pairs (c, c+1) are bought together more, so phi varies.
    std::vector<double> popularity;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int c = 0; c < categories; ++c)
        popularity.push_back(0.1 + 0.5 * unit(random));
    mb::layout::BasketSetBuilder builder;
    for (int b = 0; b < basketCount; ++b) {
        std::vector<mb::layout::ItemId> items;
        for (int c = 0; c < categories; ++c) {
            bool take = unit(random) < popularity[static_cast<std::size_t>(c)];
            if (!take && c > 0 && !items.empty() &&
                items.back() == builder.itemId(store.categories[c - 1].toStdString()))
                take = unit(random) < 0.5;
            if (take)
                items.push_back(builder.itemId(store.categories[c].toStdString()));
        }
        if (!items.empty())
            builder.addBasket(items);
    }
    store.baskets = builder.finish();
    std::uniform_real_distribution<double> visits(0.0, 100.0);
    for (int z = 0; z < zones; ++z)
        store.visits.push_back(visits(random));
    return store;
}

}  // namespace mbtest
