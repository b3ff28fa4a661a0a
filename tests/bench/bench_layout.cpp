// Layout what-if speed (what the GUI's live score needs), the optimiser and the prediction in
// money (counting the baskets once, then each proposal's prediction, in CPU time) on a large
// store: a 12 x 10 grid of zones, 150 categories, 100,000 baskets (5,000 sampled for the walk).
// Usage: bench_layout [categories] [seconds]. Run it on a Release build.
#include "layout/FloorPlan.h"
#include "layout/LayoutOptimiser.h"
#include "layout/LayoutPrediction.h"
#include "layout/LayoutScore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>

using namespace mb::layout;

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const int categories = argc > 1 ? std::atoi(argv[1]) : 150;
    const double seconds = argc > 2 ? std::atof(argv[2]) : 5.0;
    const int columns = 12, rows = 10;
    FloorPlan plan;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < columns; ++c) {
            const int z = r * columns + c;
            plan.zones.push_back({QStringLiteral("Z%1").arg(z),
                                  {},
                                  z == 0                  ? ZoneType::Entrance
                                  : z == columns - 1      ? ZoneType::Checkout
                                  : (r % 3 == 1 && c % 4) ? ZoneType::Aisle
                                                          : ZoneType::Department,
                                  rectangleOutline(10.0 * c, 8.0 * r, 10.0, 8.0)});
        }
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < columns; ++c) {
            const QString here = QStringLiteral("Z%1").arg(r * columns + c);
            if (c + 1 < columns)
                addZoneLink(plan, here, QStringLiteral("Z%1").arg(r * columns + c + 1),
                            std::nan(""));
            if (r + 1 < rows)
                addZoneLink(plan, here, QStringLiteral("Z%1").arg((r + 1) * columns + c),
                            std::nan(""));
        }
    std::mt19937_64 random(11);
    BasketSetBuilder builder;
    std::vector<ItemId> ids;
    for (int c = 0; c < categories; ++c)
        ids.push_back(builder.itemId("cat" + std::to_string(c)));
    std::uniform_int_distribution<int> anyCategory(0, categories - 1);
    std::uniform_int_distribution<int> size(1, 6);
    for (int b = 0; b < 100000; ++b) {
        std::vector<ItemId> items;
        const int k = size(random);
        for (int i = 0; i < k; ++i) {
            const int c = anyCategory(random);
            items.push_back(ids[static_cast<std::size_t>(c)]);
            if (random() % 3 == 0)  // a planted partner, so affinity is not flat
                items.push_back(ids[static_cast<std::size_t>((c + 1) % categories)]);
        }
        builder.addBasket(items);
    }
    const BasketSet baskets = builder.finish();

    QElapsedTimer timer;
    timer.start();
    const WalkingDistances distances = walkingDistances(plan);
    LayoutModelOptions options;
    const LayoutModel model = buildLayoutModel(
        plan, distances, baskets, {}, std::vector<double>(plan.zones.size(), 1.0), options);
    std::printf("model: %d categories, %d zones, %zu sampled baskets in %lld ms\n",
                model.categoryCount(), model.zoneCount(), model.baskets.size(),
                static_cast<long long>(timer.restart()));
    LayoutRules rules;
    rules.zoneCapacity = 2;
    std::vector<int> current(static_cast<std::size_t>(model.categoryCount()), -1);
    const std::vector<int> zones = layoutCandidateZones(model, {}, rules);
    for (int c = 0; c < model.categoryCount(); ++c)
        current[static_cast<std::size_t>(c)] =
            zones[static_cast<std::size_t>(c / 2) % zones.size()];
    // Shuffled, so planted partners (c, c + 1) do not start side by side.
    std::shuffle(current.begin(), current.end(), random);
    LayoutScorer scorer(model, current);
    std::printf("full score: %lld ms\n", static_cast<long long>(timer.restart()));
    const int trials = 2000;
    double sink = 0.0;
    for (int t = 0; t < trials; ++t)
        sink += scorer.moveChange(anyCategory(random), zones[random() % zones.size()]).total;
    const double moveMicros = static_cast<double>(timer.nsecsElapsed()) / 1e3 / trials;
    timer.restart();
    for (int t = 0; t < trials; ++t)
        sink += scorer.swapChange(anyCategory(random), anyCategory(random)).total;
    const double swapMicros = static_cast<double>(timer.nsecsElapsed()) / 1e3 / trials;
    std::printf("what-if: move %.1f us, swap %.1f us (checksum %g)\n", moveMicros, swapMicros,
                sink);
    timer.restart();
    LayoutOptimiserOptions optimiser;
    optimiser.seconds = seconds;
    optimiser.rules = rules;
    const LayoutProposal proposal = optimiseLayout(model, current, optimiser);
    std::printf("optimise: total %.4f -> %.4f, %lld iterations, %d polish moves, %.2f s\n",
                proposal.before.total, proposal.after.total,
                static_cast<long long>(proposal.iterations), proposal.polishMoves,
                proposal.seconds);

    const auto cpuMs = [](std::clock_t since) {
        return 1000.0 * static_cast<double>(std::clock() - since) / CLOCKS_PER_SEC;
    };
    std::clock_t clock = std::clock();
    PredictionBasis basis;
    basis.counts = attachCounts(baskets, model);
    const double countMs = cpuMs(clock);
    basis.valuePerBasket.assign(static_cast<std::size_t>(model.categoryCount()), 5.0);
    basis.weeks = 52.0;
    basis.effect.ratePer10m = 1.15;
    basis.effect.ciLow = 1.05;
    basis.effect.ciHigh = 1.25;
    const int predictions = 200;
    LayoutPrediction whole;
    clock = std::clock();
    for (int t = 0; t < predictions; ++t)
        whole = predictLayoutChange(basis, model, current, proposal.proposed);
    const double predictMs = cpuMs(clock) / predictions;
    std::printf(
        "prediction: counting %zu baskets %.1f ms CPU; the proposal's %zu moves %.3f ms "
        "CPU each (%+.2f%% cross-category, %+.0f a week)\n",
        baskets.basketCount(), countMs, whole.moves.size(), predictMs,
        100.0 * whole.shareChange.value, whole.weeklyRevenue.value);
    return 0;
}
