// A layout's prediction in money (LayoutPrediction.h): on a tiny store written out by hand, the
// counts and every figure against the formula worked through here; no moves and no effect
// (a rate ratio of 1) predict no change; bringing the pair bought together most often closer
// predicts a rise; on random stores the moves add up to the whole proposal, the interval holds
// the estimate, and the counts match a count made here basket by basket.
#include "RandomStore.h"

#include "layout/LayoutPrediction.h"

#include <QTest>
#include <cmath>
#include <set>

using namespace mb::layout;

namespace {

bool near(double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

// A corridor: entrance, Z1, Z2, Z3, checkout, 10 m apart.
FloorPlan corridor() {
    FloorPlan plan;
    const QStringList names{"E", "Z1", "Z2", "Z3", "C"};
    for (qsizetype z = 0; z < names.size(); ++z) {
        FloorZone zone;
        zone.zone = names[z];
        zone.type = z == 0                  ? ZoneType::Entrance
                    : z == names.size() - 1 ? ZoneType::Checkout
                                            : ZoneType::Department;
        zone.outline = rectangleOutline(10.0 * static_cast<double>(z), 0.0, 10.0, 8.0);
        plan.zones.push_back(zone);
    }
    for (qsizetype z = 1; z < names.size(); ++z)
        addZoneLink(plan, names[z - 1], names[z], 10.0);
    return plan;
}

// `copies` baskets of each listed category set.
BasketSet handBaskets(const std::vector<std::pair<int, std::vector<std::string>>>& kinds) {
    BasketSetBuilder builder;
    for (const auto& [copies, categories] : kinds)
        for (int copy = 0; copy < copies; ++copy) {
            std::vector<ItemId> items;
            for (const std::string& category : categories)
                items.push_back(builder.itemId(category));
            builder.addBasket(items);
        }
    return builder.finish();
}

LayoutModel modelOf(const FloorPlan& plan, const BasketSet& baskets,
                    const QStringList& categories) {
    return buildLayoutModel(plan, walkingDistances(plan), baskets, categories, {},
                            LayoutModelOptions{});
}

ProximityEffect effect(double rate, double low, double high) {
    ProximityEffect given;
    given.ratePer10m = rate;
    given.ciLow = low;
    given.ciHigh = high;
    return given;
}

// The hand store: a and b bought together in 8 baskets, a and c in 2, b and c in 5.
//   {a,b} x6, {a} x10, {b} x4, {a,b,c} x2, {c} x5, {b,c} x3: 30 baskets, 11 cross-category.
BasketSet handStore() {
    return handBaskets({{6, {"a", "b"}},
                        {10, {"a"}},
                        {4, {"b"}},
                        {2, {"a", "b", "c"}},
                        {5, {"c"}},
                        {3, {"b", "c"}}});
}

}  // namespace

class TestLayoutPrediction : public QObject {
    Q_OBJECT

private slots:
    void countsTheHandStore() {
        const LayoutModel model = modelOf(corridor(), handStore(), {"a", "b", "c"});
        const AttachCounts counts = attachCounts(handStore(), model);
        QCOMPARE(counts.baskets, 30);
        QCOMPARE(counts.crossBaskets, 11);
        QCOMPARE(counts.withCategory, (std::vector<std::int64_t>{18, 15, 10}));
        QCOMPARE(counts.onlyCategory, (std::vector<std::int64_t>{10, 4, 5}));
        QCOMPARE(counts.both(0, 1), 8);
        QCOMPARE(counts.both(1, 0), 8);
        QCOMPARE(counts.both(0, 2), 2);
        QCOMPARE(counts.both(1, 2), 5);
        QCOMPARE(counts.exactly(0, 1), 6);
        QCOMPARE(counts.exactly(0, 2), 0);
        QCOMPARE(counts.exactly(1, 2), 3);
    }

    // b and c swap: a-b goes from 20 m to 10 m, a-c from 10 m to 20 m, b-c stays 10 m.
    void matchesTheFormulaOnTheHandStore_data() {
        QTest::addColumn<double>("rate");
        QTest::newRow("estimate 1.2") << 1.2;
        QTest::newRow("low 1.05") << 1.05;
        QTest::newRow("high 1.5") << 1.5;
        QTest::newRow("apart is better 0.8") << 0.8;
    }
    void matchesTheFormulaOnTheHandStore() {
        QFETCH(double, rate);
        const BasketSet baskets = handStore();
        const LayoutModel model = modelOf(corridor(), baskets, {"a", "b", "c"});
        const int z1 = model.zoneIndex(QStringLiteral("Z1"));
        const int z2 = model.zoneIndex(QStringLiteral("Z2"));
        const int z3 = model.zoneIndex(QStringLiteral("Z3"));
        const std::vector<int> current{z1, z3, z2};
        const std::vector<int> proposed{z1, z2, z3};
        const std::vector<double> values{2.0, 5.0, 3.0};
        const double weeks = 2.0;
        const LayoutPrediction prediction =
            predictLayoutChange(attachCounts(baskets, model), model, values, weeks, current,
                                proposed, effect(rate, rate, rate));
        // a-b: 8 baskets x (rate - 1) gained (or lost) co-purchases.
        const double ab = 8.0 * (rate - 1.0);
        // a-c: 10 m apart -> 2 x (1/rate - 1).
        const double ac = 2.0 * (1.0 / rate - 1.0);
        // A gain converts a's single baskets among a's without b (10 of 18 - 8) and b's among
        // b's without a (4 of 15 - 8), half each; a loss converts exactly-pair baskets (a-b: 6
        // of 8; a-c: 0 of 2).
        const auto converted = [](double added, double gainRate, double lossRate) {
            return added > 0 ? added * gainRate : added * lossRate;
        };
        const double convertedBaskets = converted(ab, 0.5 * (10.0 / 10.0 + 4.0 / 7.0), 6.0 / 8.0) +
                                        converted(ac, 0.5 * (10.0 / 16.0 + 5.0 / 8.0), 0.0);
        const double share = convertedBaskets / 11.0;
        const double revenue = (ab * (2.0 + 5.0) / 2.0 + ac * (2.0 + 3.0) / 2.0) / weeks;
        QVERIFY(prediction.predicted());
        QVERIFY(near(prediction.crossShare, 11.0 / 30.0));
        QVERIFY2(
            near(prediction.shareChange.value, share),
            qPrintable(QStringLiteral("%1 vs %2").arg(prediction.shareChange.value).arg(share)));
        QVERIFY(near(prediction.attachPerWeek.value, (ab + ac) / weeks));
        QVERIFY2(near(prediction.weeklyRevenue.value, revenue),
                 qPrintable(
                     QStringLiteral("%1 vs %2").arg(prediction.weeklyRevenue.value).arg(revenue)));
        // Two moves: b (only its pair with a changes) and c (only its pair with a).
        QCOMPARE(prediction.moves.size(), std::size_t(2));
        QCOMPARE(prediction.moves[0].category, 1);
        QCOMPARE(prediction.moves[0].from, z3);
        QCOMPARE(prediction.moves[0].to, z2);
        QVERIFY(near(prediction.moves[0].weeklyRevenue.value, ab * 3.5 / weeks));
        QVERIFY(near(prediction.moves[1].weeklyRevenue.value, ac * 2.5 / weeks));
        QVERIFY(near(prediction.moves[0].shareChange.value + prediction.moves[1].shareChange.value,
                     share));
    }

    // The interval is the prediction at the effect's bounds.
    void intervalIsThePredictionAtTheBounds() {
        const BasketSet baskets = handStore();
        const LayoutModel model = modelOf(corridor(), baskets, {"a", "b", "c"});
        const std::vector<int> current{1, 3, 2};
        const std::vector<int> proposed{1, 2, 3};
        const std::vector<double> values{2.0, 5.0, 3.0};
        const AttachCounts counts = attachCounts(baskets, model);
        const auto at = [&](double rate) {
            return predictLayoutChange(counts, model, values, 2.0, current, proposed,
                                       effect(rate, rate, rate));
        };
        const LayoutPrediction both = predictLayoutChange(counts, model, values, 2.0, current,
                                                          proposed, effect(1.2, 1.05, 1.5));
        QVERIFY(near(both.shareChange.value, at(1.2).shareChange.value));
        QVERIFY(near(both.shareChange.low, at(1.05).shareChange.value));
        QVERIFY(near(both.shareChange.high, at(1.5).shareChange.value));
        QVERIFY(near(both.weeklyRevenue.low, at(1.05).weeklyRevenue.value));
        QVERIFY(near(both.weeklyRevenue.high, at(1.5).weeklyRevenue.value));
        QVERIFY(both.shareChange.low < both.shareChange.value);
        QVERIFY(both.shareChange.value < both.shareChange.high);
    }

    // a and b (bought together in 8 of a's 18 baskets, more than any other pair) come from
    // 20 m to the same zone; c stays. A rate ratio above 1 predicts more cross-category baskets
    // and more revenue.
    void highAttachPairCloserRises() {
        const BasketSet baskets = handStore();
        const LayoutModel model = modelOf(corridor(), baskets, {"a", "b", "c"});
        const std::vector<int> current{1, 3, 2};
        const std::vector<int> proposed{1, 1, 2};  // b joins a in Z1; b-c stays 10 m
        const LayoutPrediction prediction =
            predictLayoutChange(attachCounts(baskets, model), model, {2.0, 5.0, 3.0}, 2.0, current,
                                proposed, effect(1.15, 1.05, 1.25));
        QVERIFY(prediction.shareChange.low > 0);
        QVERIFY(prediction.weeklyRevenue.low > 0);
        QVERIFY(prediction.attachPerWeek.low > 0);
        QCOMPARE(prediction.moves.size(), std::size_t(1));
    }

    // No move, or an effect of 1 (distance changes nothing): no change, whatever the store.
    void nothingChangesWithoutMovesOrEffect_data() {
        QTest::addColumn<quint64>("seed");
        for (quint64 seed = 1; seed <= 6; ++seed)
            QTest::addRow("seed %llu", seed) << seed;
    }
    void nothingChangesWithoutMovesOrEffect() {
        QFETCH(quint64, seed);
        const mbtest::RandomStore store = mbtest::randomStore(8, 6, 400, seed);
        const LayoutModel model = modelOf(store.plan, store.baskets, store.categories);
        const AttachCounts counts = attachCounts(store.baskets, model);
        std::vector<double> values(static_cast<std::size_t>(model.categoryCount()), 4.5);
        std::vector<int> current, moved;
        for (int c = 0; c < model.categoryCount(); ++c) {
            current.push_back(2 + c % 6);
            moved.push_back(2 + (c + 1) % 6);
        }
        const LayoutPrediction still = predictLayoutChange(counts, model, values, 3.0, current,
                                                           current, effect(1.3, 1.1, 1.6));
        QVERIFY(still.moves.empty());
        for (const double figure :
             {still.shareChange.value, still.shareChange.low, still.shareChange.high,
              still.weeklyRevenue.value, still.attachPerWeek.value})
            QCOMPARE(figure, 0.0);
        const LayoutPrediction flat =
            predictLayoutChange(counts, model, values, 3.0, current, moved, effect(1.0, 1.0, 1.0));
        QVERIFY(!flat.moves.empty());
        QVERIFY(near(flat.shareChange.value, 0.0));
        QVERIFY(near(flat.weeklyRevenue.value, 0.0));
    }

    // Any proposal: the moves add up to the whole, the interval holds the estimate, and the
    // counts are those of the baskets counted one by one here.
    void movesAddUpOnRandomStores_data() { nothingChangesWithoutMovesOrEffect_data(); }
    void movesAddUpOnRandomStores() {
        QFETCH(quint64, seed);
        const mbtest::RandomStore store = mbtest::randomStore(9, 7, 500, seed);
        const LayoutModel model = modelOf(store.plan, store.baskets, store.categories);
        const AttachCounts counts = attachCounts(store.baskets, model);
        // Counted here by name: cross-category baskets and those holding cat0 and cat1.
        std::int64_t cross = 0, both01 = 0;
        for (std::size_t b = 0; b < store.baskets.basketCount(); ++b) {
            std::set<std::string> names;
            for (const ItemId* item = store.baskets.basketBegin(b);
                 item != store.baskets.basketEnd(b); ++item)
                names.insert(store.baskets.itemNames[*item]);
            cross += names.size() >= 2;
            both01 += names.contains("cat0") && names.contains("cat1");
        }
        QCOMPARE(counts.crossBaskets, cross);
        QCOMPARE(counts.both(model.categoryIndex(QStringLiteral("cat0")),
                             model.categoryIndex(QStringLiteral("cat1"))),
                 both01);
        QCOMPARE(counts.baskets, static_cast<std::int64_t>(store.baskets.basketCount()));
        std::mt19937_64 random(seed);
        std::uniform_int_distribution<int> zone(2, 8);
        std::vector<int> current, proposed;
        std::vector<double> values;
        for (int c = 0; c < model.categoryCount(); ++c) {
            current.push_back(zone(random));
            proposed.push_back(c % 2 ? zone(random) : current.back());
            values.push_back(1.0 + c);
        }
        const LayoutPrediction prediction = predictLayoutChange(counts, model, values, 4.0, current,
                                                                proposed, effect(1.2, 1.02, 1.4));
        double share = 0.0, revenue = 0.0, attach = 0.0;
        for (const MovePrediction& move : prediction.moves) {
            share += move.shareChange.value;
            revenue += move.weeklyRevenue.value;
            attach += move.attachPerWeek.value;
            QVERIFY(move.shareChange.low <= move.shareChange.value);
            QVERIFY(move.shareChange.value <= move.shareChange.high);
        }
        QVERIFY(near(share, prediction.shareChange.value));
        QVERIFY(near(revenue, prediction.weeklyRevenue.value));
        QVERIFY(near(attach, prediction.attachPerWeek.value));
        QVERIFY(prediction.weeklyRevenue.low <= prediction.weeklyRevenue.value);
        QVERIFY(prediction.weeklyRevenue.value <= prediction.weeklyRevenue.high);
    }

    // Nothing invented: no effect, no prediction; no weeks, nothing per week; no value, no
    // revenue (and the notes say which).
    void saysWhatIsMissing() {
        const BasketSet baskets = handStore();
        const LayoutModel model = modelOf(corridor(), baskets, {"a", "b", "c"});
        const AttachCounts counts = attachCounts(baskets, model);
        const std::vector<int> current{1, 3, 2};
        const std::vector<int> proposed{1, 2, 3};
        ProximityEffect none;
        none.source = QStringLiteral("not measured");
        const LayoutPrediction unknown =
            predictLayoutChange(counts, model, {2.0, 5.0, 3.0}, 2.0, current, proposed, none);
        QVERIFY(!unknown.predicted());
        QVERIFY(std::isnan(unknown.shareChange.value));
        QCOMPARE(unknown.moves.size(), std::size_t(2));
        QVERIFY(predictionNotes(unknown).join(u' ').contains(QStringLiteral("not measured")));
        const LayoutPrediction undated = predictLayoutChange(
            counts, model, {2.0, 5.0, 3.0}, std::nan(""), current, proposed, effect(1.2, 1.1, 1.3));
        QVERIFY(std::isfinite(undated.shareChange.value));
        QVERIFY(std::isnan(undated.weeklyRevenue.value));
        QVERIFY(std::isnan(undated.attachPerWeek.value));
        QVERIFY(predictionNotes(undated).join(u' ').contains(QStringLiteral("no weekly")));
        const LayoutPrediction unvalued = predictLayoutChange(
            counts, model, {2.0, std::nan(""), 3.0}, 2.0, current, proposed, effect(1.2, 1.1, 1.3));
        QVERIFY(std::isnan(unvalued.weeklyRevenue.value));
        QVERIFY(std::isfinite(unvalued.attachPerWeek.value));
        QCOMPARE(unvalued.unvaluedCategories, QStringList{QStringLiteral("b")});
    }
};

QTEST_GUILESS_MAIN(TestLayoutPrediction)
#include "tst_layoutprediction.moc"
