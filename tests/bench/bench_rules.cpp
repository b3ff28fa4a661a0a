// Times basket affinity and association rules: category-pair affinity over generated baskets
// (1M by default, seeded), and when the shared datasets are present, Groceries rules at support
// 0.001 and UCI Online Retail rules at 0.01. Run it on a Release build:
//   bench_rules [baskets] [seed]
#include "common/SeededRandom.h"
#include "layout/AffinityPairs.h"
#include "layout/BasketReader.h"
#include "layout/RulesMiner.h"

#include <QElapsedTimer>
#include <QFile>
#include <cstdio>
#include <string>

using namespace mb::layout;

namespace {

// Baskets of 1-12 lines over 60 categories, popular categories more likely (a skewed draw).
BasketSet generateBaskets(std::size_t count, std::uint64_t seed) {
    BasketSetBuilder builder;
    const int categories = 60;
    for (int c = 0; c < categories; ++c)
        builder.itemId("category " + std::to_string(c));
    std::uint64_t state = seed;
    std::vector<ItemId> basket;
    for (std::size_t t = 0; t < count; ++t) {
        basket.clear();
        const int lines = 1 + int(mb::splitMix64(state) % 12);
        for (int l = 0; l < lines; ++l) {
            const double u = double(mb::splitMix64(state) >> 11) / 9007199254740992.0;
            basket.push_back(ItemId(double(categories) * u * u));
        }
        builder.addBasket(basket);
    }
    return builder.finish();
}

void timeRules(const QString& path, double support, double confidence) {
    if (!QFile::exists(path)) {
        std::printf("skipped (absent): %s\n", qPrintable(path));
        return;
    }
    QElapsedTimer timer;
    timer.start();
    const BasketSet baskets = readBasketFile(path, {});
    const qint64 readMs = timer.restart();
    RuleOptions options;
    options.minSupport = support;
    options.minConfidence = confidence;
    const RuleResult result = findAssociationRules(baskets, options);
    std::printf(
        "%s: %zu baskets, %zu items; read %lld ms; support %g confidence %g: %zu itemsets, "
        "%zu rules in %lld ms\n",
        qPrintable(path), baskets.basketCount(), baskets.itemCount(),
        static_cast<long long>(readMs), support, confidence, result.itemsets, result.rules.size(),
        static_cast<long long>(timer.elapsed()));
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t count = argc > 1 ? std::stoull(argv[1]) : 1000000;
    const std::uint64_t seed = argc > 2 ? std::stoull(argv[2]) : 42;
    QElapsedTimer timer;
    timer.start();
    const BasketSet baskets = generateBaskets(count, seed);
    const qint64 generateMs = timer.restart();
    const AffinityResult pairs = findAffinityPairs(baskets, 0.0);
    std::printf(
        "affinity: %zu baskets (seed %llu, generated in %lld ms), %zu categories, "
        "%zu pairs in %lld ms\n",
        baskets.basketCount(), static_cast<unsigned long long>(seed),
        static_cast<long long>(generateMs), baskets.itemCount(), pairs.pairs.size(),
        static_cast<long long>(timer.elapsed()));
    const QString shared = QStringLiteral(MERCHBENCH_SHARED_DATASETS);
    timeRules(shared + QStringLiteral("/groceries/groceries.csv"), 0.001, 0.5);
    timeRules(shared + QStringLiteral("/uci-online-retail/online_retail.csv.gz"), 0.01, 0.5);
    return 0;
}
