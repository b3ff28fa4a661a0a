// The memory budget of mining: a budget too small for the search stops it with the message that
// says how far it got, leaves the budget as it found it, and a budget large enough gives exactly
// the rules and pairs of an unbudgeted run. On seeded random baskets and on UCI Online Retail.
#include "common/MemoryBudget.h"
#include "layout/AffinityPairs.h"
#include "layout/BasketReader.h"
#include "layout/RulesMiner.h"

#include <QFile>
#include <QLocale>
#include <QTest>
#include <random>

using namespace mb::layout;
using mb::MemoryBudget;
using mb::MemoryBudgetExceeded;

namespace {

// Dense seeded baskets: 30 items each bought with probability 0.4, so that every subset of a
// few items is frequent and the itemsets outgrow a small budget quickly.
BasketSet denseBaskets(int baskets) {
    BasketSetBuilder builder;
    for (int i = 0; i < 30; ++i)
        builder.itemId(std::to_string(i));
    std::mt19937_64 random(11);  // the standard fixes its sequence: the same on every machine
    for (int t = 0; t < baskets; ++t) {
        std::vector<ItemId> basket;
        for (int i = 0; i < 30; ++i) {
            if (random() % 10 < 4)
                basket.push_back(ItemId(i));
        }
        builder.addBasket(basket);
    }
    return builder.finish();
}

void compareRules(const std::vector<AssociationRule>& got,
                  const std::vector<AssociationRule>& expected) {
    QCOMPARE(got.size(), expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        QCOMPARE(got[i].antecedent, expected[i].antecedent);
        QCOMPARE(got[i].consequent, expected[i].consequent);
        QCOMPARE(got[i].count, expected[i].count);
        QCOMPARE(got[i].antecedentCount, expected[i].antecedentCount);
        QCOMPARE(got[i].consequentCount, expected[i].consequentCount);
        // Same arithmetic on the same counts: equal to the last bit.
        QCOMPARE(got[i].lift, expected[i].lift);
        QCOMPARE(got[i].confidence, expected[i].confidence);
    }
}

QString uciPath() {
    return QStringLiteral(MERCHBENCH_SHARED_DATASETS) +
           QStringLiteral("/uci-online-retail/online_retail.csv.gz");
}

}  // namespace

class TestMiningBudget : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sizes_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qulonglong>("bytes");
        QTest::newRow("4G") << "4G" << (qulonglong(4) << 30);
        QTest::newRow("512M") << "512M" << (qulonglong(512) << 20);
        QTest::newRow("1.5g") << "1.5g" << (qulonglong(3) << 29);
        QTest::newRow("800KB") << "800KB" << qulonglong(800 * 1024);
        QTest::newRow("bytes") << "123456" << qulonglong(123456);
        QTest::newRow("zero") << "0" << qulonglong(0);
        QTest::newRow("negative") << "-4G" << qulonglong(0);
        QTest::newRow("word") << "lots" << qulonglong(0);
        QTest::newRow("huge") << "1e30T" << qulonglong(0);
    }
    void sizes() {
        QFETCH(QString, text);
        QFETCH(qulonglong, bytes);
        const std::optional<std::uint64_t> parsed = MemoryBudget::parseSize(text);
        QCOMPARE(parsed.value_or(0), bytes);
    }

    void machineDefault() {
        MemoryBudget budget = MemoryBudget::machineDefault();
        QVERIFY(!budget.unlimited());
        QVERIFY(budget.limit() > 0);
        QVERIFY(budget.tryCharge(1000));
        QVERIFY(!budget.tryCharge(budget.limit()));  // refused, and nothing counted
        QCOMPARE(budget.used(), std::uint64_t(1000));
        budget.release(1000);
        QCOMPARE(budget.used(), std::uint64_t(0));
        QCOMPARE(budget.peak(), std::uint64_t(1000));
    }

    void smallBudgetStopsRules() {
        const BasketSet baskets = denseBaskets(2000);
        RuleOptions options;
        options.minSupport = 0.01;
        options.minConfidence = 0.5;
        MemoryBudget budget(4 << 20);
        try {
            findAssociationRules(baskets, options, nullptr, &budget);
            QFAIL("mining finished inside 4 MB");
        } catch (const MemoryBudgetExceeded& error) {
            const QString message = error.message();
            QVERIFY2(message.contains(QStringLiteral("stopped at the 4.0 MB memory limit after ")),
                     qPrintable(message));
            QVERIFY2(message.contains(QStringLiteral("frequent itemsets")), qPrintable(message));
            QVERIFY2(message.contains(QStringLiteral("--min-support")), qPrintable(message));
            QVERIFY2(message.contains(QStringLiteral("--max-len (now 10)")), qPrintable(message));
        }
        QCOMPARE(budget.used(), std::uint64_t(0));  // everything it held was given back
        QVERIFY(budget.peak() <= budget.limit());
    }

    void enoughBudgetSameRules() {
        const BasketSet baskets = denseBaskets(300);
        RuleOptions options;
        options.minSupport = 0.05;
        options.minConfidence = 0.35;  // items are bought independently, 40% of the time
        options.maxLength = 4;
        const RuleResult free = findAssociationRules(baskets, options);
        QVERIFY(free.rules.size() > 1000);
        MemoryBudget budget(1ULL << 30);
        const RuleResult bounded = findAssociationRules(baskets, options, nullptr, &budget);
        QCOMPARE(bounded.itemsets, free.itemsets);
        compareRules(bounded.rules, free.rules);
        QVERIFY(budget.peak() > 0);
        // What the rules hold stays charged; the itemsets and their index do not.
        QVERIFY(budget.used() > 0 && budget.used() < budget.peak());
    }

    void rulesPhaseStops() {
        // Itemsets fit, the rules at confidence 0 do not: the message names confidence.
        const BasketSet baskets = denseBaskets(300);
        RuleOptions options;
        options.minSupport = 0.05;
        options.minConfidence = 0.0;
        options.maxLength = 4;
        MemoryBudget probe;
        const ItemsetResult itemsets =
            findFrequentItemsets(baskets, ItemsetOptions{0.05, 4}, nullptr, &probe);
        MemoryBudget budget(probe.peak() + probe.used() / 2);
        try {
            findAssociationRules(baskets, options, nullptr, &budget);
            QFAIL("rules fitted");
        } catch (const MemoryBudgetExceeded& error) {
            QVERIFY2(error.message().contains(QStringLiteral("--min-confidence")),
                     qPrintable(error.message()));
            const QString found =
                QLocale(QLocale::English).toString(qulonglong(itemsets.itemsets.size()));
            QVERIFY2(error.message().contains(found), qPrintable(error.message()));
        }
        QCOMPARE(budget.used(), std::uint64_t(0));
    }

    void affinityBudget() {
        const BasketSet baskets = denseBaskets(500);
        const AffinityResult free = findAffinityPairs(baskets, AffinityOptions{0, 1});
        QCOMPARE(free.pairs.size(), std::size_t(30 * 29 / 2));
        MemoryBudget small(baskets.items.size() * 4 + 30 * 64 + 100 * 2 * sizeof(AffinityPair));
        try {
            findAffinityPairs(baskets, AffinityOptions{0, 1}, nullptr, &small);
            QFAIL("pairs fitted");
        } catch (const MemoryBudgetExceeded& error) {
            QVERIFY2(error.message().contains(QStringLiteral("--min-baskets")),
                     qPrintable(error.message()));
        }
        QCOMPARE(small.used(), std::uint64_t(0));
        MemoryBudget enough(64 << 20);
        const AffinityResult bounded =
            findAffinityPairs(baskets, AffinityOptions{0, 1}, nullptr, &enough);
        QCOMPARE(bounded.pairs.size(), free.pairs.size());
        for (std::size_t i = 0; i < free.pairs.size(); ++i) {
            QCOMPARE(bounded.pairs[i].itemA, free.pairs[i].itemA);
            QCOMPARE(bounded.pairs[i].itemB, free.pairs[i].itemB);
            QCOMPARE(bounded.pairs[i].counts.withBoth, free.pairs[i].counts.withBoth);
        }
    }

    // The floor keeps only pairs seen together in enough baskets and counts the rest.
    void affinityFloor() {
        BasketSetBuilder builder;
        const ItemId a = builder.itemId("a");
        const ItemId b = builder.itemId("b");
        const ItemId c = builder.itemId("c");
        for (int i = 0; i < 3; ++i)
            builder.addBasket({a, b});
        builder.addBasket({a, c});
        builder.addBasket({b, c});
        const BasketSet baskets = builder.finish();
        const AffinityResult all = findAffinityPairs(baskets, AffinityOptions{0, 1});
        QCOMPARE(all.pairs.size(), std::size_t(3));
        QCOMPARE(all.pairsBelowFloor, std::uint64_t(0));
        const AffinityResult floor = findAffinityPairs(baskets, AffinityOptions{0, 2});
        QCOMPARE(floor.pairs.size(), std::size_t(1));
        QCOMPARE(floor.pairs[0].counts.withBoth, std::uint64_t(3));
        QCOMPARE(floor.pairsBelowFloor, std::uint64_t(2));
        // A support threshold above the floor: pairs below it are not "below the floor".
        const AffinityResult support = findAffinityPairs(baskets, AffinityOptions{0.5, 2});
        QCOMPARE(support.pairs.size(), std::size_t(1));
        QCOMPARE(support.pairsBelowFloor, std::uint64_t(0));
    }

    // UCI Online Retail at product level: at 0.001 the itemsets pass a 256 MB budget (unbounded
    // they grow past 24 GB); at 0.01 a budget gives exactly the unbudgeted rules.
    void uciOnlineRetail() {
        if (!QFile::exists(uciPath()))
            QSKIP(qPrintable(QStringLiteral("dataset absent: %1").arg(uciPath())));
        const BasketSet baskets = readBasketFile(uciPath(), {});
        QCOMPARE(baskets.basketCount(), std::size_t(20728));  // purchase invoices only
        RuleOptions options;
        options.minSupport = 0.001;
        options.minConfidence = 0.5;
        MemoryBudget small(256 << 20);
        try {
            findAssociationRules(baskets, options, nullptr, &small);
            QFAIL("UCI at 0.001 fitted in 256 MB");
        } catch (const MemoryBudgetExceeded& error) {
            QVERIFY2(error.message().contains(QStringLiteral("(21 of 20,728 baskets)")),
                     qPrintable(error.message()));
        }
        QCOMPARE(small.used(), std::uint64_t(0));
        options.minSupport = 0.01;
        const RuleResult free = findAssociationRules(baskets, options);
        MemoryBudget enough(256 << 20);
        const RuleResult bounded = findAssociationRules(baskets, options, nullptr, &enough);
        QCOMPARE(free.rules.size(), std::size_t(775));
        compareRules(bounded.rules, free.rules);
    }
};

QTEST_GUILESS_MAIN(TestMiningBudget)
#include "tst_miningbudget.moc"
