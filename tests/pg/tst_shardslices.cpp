// How a sharded run splits the chain (pg/ShardSlices): whole categories, each in one shard,
// balanced by products, the same split whatever order the source lists them in.
#include "common/Error.h"
#include "pg/ShardSlices.h"

#include <QTest>
#include <algorithm>
#include <map>
#include <random>

using mb::pg::CategorySize;
using mb::pg::ShardIndex;

class TestShardSlices : public QObject {
    Q_OBJECT

private slots:
    void shardIndexReadsIOfN();
    void everyCategoryIsInExactlyOneShard();
    void theSplitDoesNotDependOnTheListsOrder();
    void shardsAreBalancedWithinTheLargestCategory();
};

namespace {

std::vector<CategorySize> chain(int categories, std::uint32_t seed) {
    std::mt19937 random(seed);
    std::vector<CategorySize> sizes;
    for (int c = 0; c < categories; ++c)
        sizes.push_back(
            {QStringLiteral("cat%1").arg(c), 1 + static_cast<long long>(random() % 400)});
    sizes.push_back({QString(), 17});  // the products without a category
    return sizes;
}

}  // namespace

void TestShardSlices::shardIndexReadsIOfN() {
    const ShardIndex index = ShardIndex::parse(QStringLiteral("3/7"));
    QCOMPARE(index.shard, 3);
    QCOMPARE(index.shards, 7);
    QCOMPARE(index.text(), QStringLiteral("3/7"));
    for (const char* bad : {"0/3", "4/3", "1/0", "3", "a/b", "1/2/3", "-1/2", ""})
        QVERIFY_THROWS_EXCEPTION(mb::Error, ShardIndex::parse(QLatin1String(bad)));
}

void TestShardSlices::everyCategoryIsInExactlyOneShard() {
    for (const int shards : {1, 2, 3, 7, 50}) {
        const std::vector<CategorySize> sizes = chain(30, 7);
        std::map<QString, int> owner;
        int unnamed = 0;
        for (int i = 1; i <= shards; ++i) {
            for (const QString& category : mb::pg::shardCategories(sizes, {i, shards})) {
                if (category.isNull()) {
                    ++unnamed;
                    continue;
                }
                QVERIFY2(!owner.count(category), qPrintable(category));
                owner[category] = i;
            }
        }
        QCOMPARE(owner.size(), sizes.size() - 1);
        QCOMPARE(unnamed, 1);
    }
}

void TestShardSlices::theSplitDoesNotDependOnTheListsOrder() {
    std::vector<CategorySize> sizes = chain(40, 11);
    // Equal sizes too, where only the names can order them.
    sizes.push_back({QStringLiteral("tie-b"), 100});
    sizes.push_back({QStringLiteral("tie-a"), 100});
    std::vector<QStringList> first;
    for (int i = 1; i <= 7; ++i)
        first.push_back(mb::pg::shardCategories(sizes, {i, 7}));
    std::mt19937 random(3);
    for (int round = 0; round < 20; ++round) {
        std::shuffle(sizes.begin(), sizes.end(), random);
        for (int i = 1; i <= 7; ++i)
            QCOMPARE(mb::pg::shardCategories(sizes, {i, 7}), first[std::size_t(i - 1)]);
    }
}

void TestShardSlices::shardsAreBalancedWithinTheLargestCategory() {
    // Largest first, each to the lightest shard: no shard exceeds another by more than the
    // largest category (the last one added to the heaviest shard was at most that big, and that
    // shard was the lightest then).
    const std::vector<CategorySize> sizes = chain(60, 5);
    const long long largest =
        std::max_element(sizes.begin(), sizes.end(), [](const auto& a, const auto& b) {
            return a.products < b.products;
        })->products;
    std::map<QString, long long> productsOf;
    for (const CategorySize& size : sizes)
        productsOf[size.category.isNull() ? QStringLiteral("\x01") : size.category] = size.products;
    for (const int shards : {2, 3, 7}) {
        std::vector<long long> load;
        for (int i = 1; i <= shards; ++i) {
            long long products = 0;
            for (const QString& category : mb::pg::shardCategories(sizes, {i, shards}))
                products += productsOf[category.isNull() ? QStringLiteral("\x01") : category];
            load.push_back(products);
        }
        const auto [lightest, heaviest] = std::minmax_element(load.begin(), load.end());
        QVERIFY2(
            *heaviest - *lightest <= largest,
            qPrintable(QStringLiteral("%1 - %2 > %3").arg(*heaviest).arg(*lightest).arg(largest)));
        QVERIFY(*lightest > 0);
    }
}

QTEST_GUILESS_MAIN(TestShardSlices)
#include "tst_shardslices.moc"
