// Layout scores: the what-if changes against full rescoring after every move and swap, a basket
// walk worked out by hand, and the cross-category model against a regression computed here.
#include "RandomStore.h"
#include "layout/ZoneTerms.h"

#include "common/MemoryBudget.h"
#include "layout/LayoutScore.h"

#include <QTest>
#include <cmath>

using namespace mb::layout;

namespace {

bool near(double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

QString describe(const LayoutScoreTerms& got, const LayoutScoreTerms& expected) {
    return QStringLiteral("adjacency %1/%2 exposure %3/%4 walk %5/%6 closeness %7/%8 total %9/%10")
        .arg(got.adjacency)
        .arg(expected.adjacency)
        .arg(got.exposure)
        .arg(expected.exposure)
        .arg(got.walkingMetres)
        .arg(expected.walkingMetres)
        .arg(got.closenessSum)
        .arg(expected.closenessSum)
        .arg(got.total)
        .arg(expected.total);
}

bool same(const LayoutScoreTerms& a, const LayoutScoreTerms& b) {
    return near(a.adjacency, b.adjacency) && near(a.exposure, b.exposure) &&
           near(a.walkingMetres, b.walkingMetres) && near(a.closenessSum, b.closenessSum) &&
           near(a.total, b.total);
}

LayoutScoreTerms difference(const LayoutScoreTerms& after, const LayoutScoreTerms& before) {
    return {after.adjacency - before.adjacency, after.exposure - before.exposure,
            after.walkingMetres - before.walkingMetres, after.closenessSum - before.closenessSum,
            after.total - before.total};
}

}  // namespace

class TestLayoutScore : public QObject {
    Q_OBJECT

private slots:
    void changesMatchRescoring_data() {
        QTest::addColumn<int>("zones");
        QTest::addColumn<int>("categories");
        QTest::addColumn<quint64>("seed");
        for (quint64 seed = 1; seed <= 8; ++seed)
            QTest::addRow("seed %llu", seed) << int(4 + seed % 6) << int(3 + seed % 7) << seed;
    }
    void changesMatchRescoring() {
        QFETCH(int, zones);
        QFETCH(int, categories);
        QFETCH(quint64, seed);
        const mbtest::RandomStore store = mbtest::randomStore(zones, categories, 300, seed);
        LayoutModelOptions options;
        options.weights = {1.0, 0.7, 0.3};
        options.impulse = {QStringLiteral("cat0"), QStringLiteral("cat2")};
        options.closenessMetres = 7.0;
        options.maxBaskets = 200;  // a sample, so sampling is exercised too
        const LayoutModel model =
            buildLayoutModel(store.plan, walkingDistances(store.plan), store.baskets,
                             store.categories, store.visits, options);
        QCOMPARE(model.baskets.size(), std::size_t(200));
        std::mt19937_64 random(seed * 7919);
        std::uniform_int_distribution<int> anyZone(-1, zones - 1);
        std::uniform_int_distribution<int> anyCategory(0, model.categoryCount() - 1);
        std::vector<int> layout(static_cast<std::size_t>(model.categoryCount()));
        for (int& zone : layout)
            zone = anyZone(random);
        LayoutScorer scorer(model, layout);
        QVERIFY(same(scorer.terms(), scoreLayout(model, layout)));
        for (int step = 0; step < 120; ++step) {
            const LayoutScoreTerms before = scoreLayout(model, scorer.zoneOfCategory());
            std::vector<int> after = scorer.zoneOfCategory();
            LayoutScoreTerms predicted;
            const int a = anyCategory(random);
            if (step % 2 == 0) {
                const int zone = anyZone(random);
                after[static_cast<std::size_t>(a)] = zone;
                predicted = scorer.moveChange(a, zone);
                scorer.move(a, zone);
            } else {
                const int b = anyCategory(random);
                std::swap(after[static_cast<std::size_t>(a)], after[static_cast<std::size_t>(b)]);
                predicted = scorer.swapChange(a, b);
                scorer.swap(a, b);
            }
            QCOMPARE(scorer.zoneOfCategory(), after);
            const LayoutScoreTerms rescored = scoreLayout(model, after);
            const LayoutScoreTerms actual = difference(rescored, before);
            QVERIFY2(same(predicted, actual), qPrintable(QStringLiteral("step %1: ").arg(step) +
                                                         describe(predicted, actual)));
            QVERIFY2(same(scorer.terms(), rescored),
                     qPrintable(QStringLiteral("step %1: ").arg(step) +
                                describe(scorer.terms(), rescored)));
        }
        // The zones' parts of the adjacency and exposure terms (the page's colouring) add up
        // to the terms; a zone holding no category has none.
        const std::vector<int>& final = scorer.zoneOfCategory();
        const std::vector<double> adjacency = zoneAdjacency(model, final);
        const std::vector<double> exposure = zoneExposure(model, final);
        double adjacencySum = 0, exposureSum = 0;
        for (int z = 0; z < model.zoneCount(); ++z) {
            const bool holds = std::find(final.begin(), final.end(), z) != final.end();
            QCOMPARE(std::isnan(adjacency[static_cast<std::size_t>(z)]), !holds);
            QCOMPARE(std::isnan(exposure[static_cast<std::size_t>(z)]), !holds);
            adjacencySum += holds ? adjacency[static_cast<std::size_t>(z)] : 0.0;
            exposureSum += holds ? exposure[static_cast<std::size_t>(z)] : 0.0;
        }
        QVERIFY(std::abs(adjacencySum - scorer.terms().adjacency) <= 1e-9);
        QVERIFY(std::abs(exposureSum - scorer.terms().exposure) <= 1e-9);
    }

    void walkByHand() {
        // E(0) -4- A(2) -3- B(3) -5- C(1), a shortcut E -10- B, and a dead end A -6- D(4).
        mb::layout::FloorPlan plan;
        const char* names[] = {"E", "C", "A", "B", "D"};
        const ZoneType types[] = {ZoneType::Entrance, ZoneType::Checkout, ZoneType::Department,
                                  ZoneType::Department, ZoneType::Department};
        for (int z = 0; z < 5; ++z)
            plan.zones.push_back({QString::fromLatin1(names[z]), {}, types[z], {}});
        addZoneLink(plan, QStringLiteral("E"), QStringLiteral("A"), 4);
        addZoneLink(plan, QStringLiteral("A"), QStringLiteral("B"), 3);
        addZoneLink(plan, QStringLiteral("B"), QStringLiteral("C"), 5);
        addZoneLink(plan, QStringLiteral("E"), QStringLiteral("B"), 10);
        addZoneLink(plan, QStringLiteral("A"), QStringLiteral("D"), 6);
        BasketSetBuilder builder;
        builder.addBasket({builder.itemId("x"), builder.itemId("y")});
        builder.addBasket({builder.itemId("y")});
        builder.addBasket({builder.itemId("z")});
        const LayoutModel model = buildLayoutModel(plan, walkingDistances(plan), builder.finish(),
                                                   {}, {}, LayoutModelOptions{});
        // x in B, y in A, z unplaced.
        const std::vector<int> layout = {3, 2, -1};
        // {x, y}: E->A 4 (nearest), A->B 3, B->C 5 = 12. {y}: E->A 4, A->C 8 = 12. {z}: E->C 12.
        QCOMPARE(basketWalkMetres(model, layout, model.baskets[0]), 12.0);
        QCOMPARE(basketWalkMetres(model, {2, 3, -1}, model.baskets[0]), 12.0);
        QCOMPARE(basketWalkMetres(model, {3, 3, -1}, model.baskets[1]), 12.0);
        // x in D, y in B: nearest first is B (7, D is 10), then D (3 + 6), then C (6 + 3 + 5):
        // 30, where the best order E, D, B, C would be 24.
        QCOMPARE(basketWalkMetres(model, {4, 3, -1}, model.baskets[0]), 30.0);
        QCOMPARE(model.directWalkMetres, 12.0);
        QCOMPARE(scoreLayout(model, layout).walkingMetres, 12.0);
    }

    // The category-pair tables grow with the square of the categories: 1,000 one-item baskets
    // of distinct categories need 9 x 8 x 1,000^2 bytes = 69 MB, over a 16 MB budget; the
    // error says what to change, and a budget that fits builds the same model as none.
    void memoryBudget() {
        FloorPlan plan;
        for (int z = 0; z < 2; ++z)
            plan.zones.push_back({QStringLiteral("Z%1").arg(z), {}, ZoneType::Department, {}});
        addZoneLink(plan, QStringLiteral("Z0"), QStringLiteral("Z1"), 10);
        BasketSetBuilder builder;
        for (int c = 0; c < 1000; ++c)
            builder.addBasket({builder.itemId(std::to_string(c))});
        const mb::layout::BasketSet baskets = builder.finish();
        mb::MemoryBudget small(16 << 20);
        LayoutModelOptions options;
        options.budget = &small;
        try {
            buildLayoutModel(plan, walkingDistances(plan), baskets, {}, {}, options);
            QFAIL("the model fitted in 16 MB");
        } catch (const mb::MemoryBudgetExceeded& error) {
            QCOMPARE(error.message(),
                     QStringLiteral("the layout model of 1000 categories (its category-pair "
                                    "tables) needs 69 MB, over the 16 MB memory limit: map "
                                    "products to fewer, broader categories, or allow more with "
                                    "--memory-limit."));
        }
        mb::MemoryBudget enough(128 << 20);
        options.budget = &enough;
        const LayoutModel bounded =
            buildLayoutModel(plan, walkingDistances(plan), baskets, {}, {}, options);
        const LayoutModel free =
            buildLayoutModel(plan, walkingDistances(plan), baskets, {}, {}, {});
        QCOMPARE(bounded.categories, free.categories);
        QVERIFY(bounded.affinity == free.affinity);
    }

    void crossCategorySlope() {
        // Three zones in a line, 10 m apart; categories a, b, c in zones 0, 1, 2. Pair closeness:
        // ab and bc exp(-1), ac exp(-2). Baskets (counts): {a,b} 30, {b,c} 10, {a,c} 5, {a} 25,
        // {b} 20, {c} 10: n = 100.
        FloorPlan plan;
        for (int z = 0; z < 3; ++z)
            plan.zones.push_back({QStringLiteral("Z%1").arg(z), {}, ZoneType::Department, {}});
        addZoneLink(plan, QStringLiteral("Z0"), QStringLiteral("Z1"), 10);
        addZoneLink(plan, QStringLiteral("Z1"), QStringLiteral("Z2"), 10);
        BasketSetBuilder builder;
        const ItemId a = builder.itemId("a"), b = builder.itemId("b"), c = builder.itemId("c");
        const std::vector<std::pair<std::vector<ItemId>, int>> kinds = {
            {{a, b}, 30}, {{b, c}, 10}, {{a, c}, 5}, {{a}, 25}, {{b}, 20}, {{c}, 10}};
        for (const auto& [items, count] : kinds)
            for (int k = 0; k < count; ++k)
                builder.addBasket(items);
        const LayoutModel model =
            buildLayoutModel(plan, walkingDistances(plan), builder.finish(), {}, {}, {});
        QCOMPARE(model.categories, QStringList({"a", "b", "c"}));
        // P(a) .6, P(b) .6, P(c) .25; leverage ab .30-.36 = -.06, bc .10-.15 = -.05,
        // ac .05-.15 = -.10.
        const double x[] = {std::exp(-1.0), std::exp(-1.0), std::exp(-2.0)};
        const double y[] = {-0.06, -0.05, -0.10};
        const double mx = (x[0] + x[1] + x[2]) / 3, my = (y[0] + y[1] + y[2]) / 3;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < 3; ++i) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        const CrossCategoryModel fit = fitCrossCategoryModel(model, {0, 1, 2}, 300, 5);
        QVERIFY2(std::abs(fit.slope - sxy / sxx) < 1e-12, qPrintable(QString::number(fit.slope)));
        QCOMPARE(fit.pairs, 3);
        QCOMPARE(fit.bootstrapSamples, 300);
        QVERIFY(fit.slopeLow < fit.slopeHigh);
        const CrossCategoryEffect none = crossCategoryEffect(fit, 0.0);
        QCOMPARE(none.perThousandBaskets, 0.0);
        const CrossCategoryEffect closer = crossCategoryEffect(fit, 0.5);
        QVERIFY(std::abs(closer.perThousandBaskets - 500.0 * fit.slope) < 1e-12);
        QVERIFY(closer.low < closer.high);
        const CrossCategoryEffect farther = crossCategoryEffect(fit, -0.5);
        QVERIFY(std::abs(farther.low + closer.high) < 1e-12);
    }
};

QTEST_GUILESS_MAIN(TestLayoutScore)
#include "tst_layoutscore.moc"
