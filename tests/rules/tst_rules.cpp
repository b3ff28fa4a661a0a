// Basket affinity and association rules against independent answers: hand-computed 2x2 tables,
// textbook p-values, Boost's hypergeometric distribution, brute-force enumeration of every
// itemset, and arules' published figures for the Groceries data.
#include "common/Error.h"
#include "common/SeededRandom.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "export/CsvExport.h"
#include "layout/AffinityPairs.h"
#include "layout/BasketReader.h"
#include "layout/RulesMiner.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <boost/math/distributions/hypergeometric.hpp>
#include <cmath>
#include <map>
#include <set>

using namespace mb::layout;

namespace {

QString rowText(const mb::exporting::CsvRow& row) {
    return QString::fromUtf8(row.bytes().data(), static_cast<qsizetype>(row.bytes().size()));
}

// Seeded random baskets over `items` items; item i is bought with a probability falling with i.
BasketSet randomBaskets(std::uint64_t seed, int baskets, int items) {
    BasketSetBuilder builder;
    for (int i = 0; i < items; ++i)
        builder.itemId(std::to_string(i));
    mb::SeededRandom random(seed);
    for (int t = 0; t < baskets; ++t) {
        std::vector<ItemId> basket;
        for (int i = 0; i < items; ++i) {
            if (random.uniform() < 0.55 - 0.05 * i)
                basket.push_back(ItemId(i));
        }
        builder.addBasket(basket);
    }
    return builder.finish();
}

QString datasets() {
    return QStringLiteral(MERCHBENCH_SHARED_DATASETS);
}

}  // namespace

class TestRules : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    QString write(const QString& name, const QByteArray& content) {
        QFile file(dir_.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write");
        file.write(content);
        return file.fileName();
    }

private Q_SLOTS:
    // Hand-computed 2x2 tables. "dieting" is the example of Wikipedia's "Fisher's exact test"
    // (of 10 dieting, 9 women; 12 women of 24): one-tailed p = 0.001346 + 0.000034 = 0.001380,
    // exactly (C(12,9) C(12,1) + C(12,10)) / C(24,10) = 2706 / 1961256; A = dieting, B = woman.
    // "tea" is Fisher's lady tasting tea (The Design of Experiments, 1935, ch. 2): 3 of 4 cups
    // right, p = 17/70.
    void pairMeasures_data() {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("a");
        QTest::addColumn<int>("b");
        QTest::addColumn<int>("ab");
        QTest::addColumn<QList<double>>("expected");
        QTest::addColumn<double>("fisher");
        // support, conf A->B, conf B->A, lift, leverage, conviction A->B, B->A, jaccard, phi,
        // Yule's Q, chi-squared
        QTest::newRow("dieting") << 24 << 10 << 12 << 9
                                 << QList<double>{9.0 / 24,
                                                  9.0 / 10,
                                                  9.0 / 12,
                                                  24.0 * 9 / (10 * 12),
                                                  9.0 / 24 - (10.0 / 24) * (12.0 / 24),
                                                  (1 - 12.0 / 24) / (1 - 0.9),
                                                  (1 - 10.0 / 24) / (1 - 0.75),
                                                  9.0 / 13,
                                                  96.0 / std::sqrt(10.0 * 14 * 12 * 12),
                                                  96.0 / 102,
                                                  24.0 * 96 * 96 / (10.0 * 14 * 12 * 12)}
                                 << 2706.0 / 1961256;
        QTest::newRow("tea")
            << 8 << 4 << 4 << 3
            << QList<double>{3.0 / 8,    0.75,           0.75,
                             1.5,        3.0 / 8 - 0.25, 0.5 / 0.25,
                             0.5 / 0.25, 3.0 / 5,        8.0 / std::sqrt(4.0 * 4 * 4 * 4),
                             8.0 / 10,   8.0 * 64 / 256}
            << 17.0 / 70;
    }
    void pairMeasures() {
        QFETCH(int, n);
        QFETCH(int, a);
        QFETCH(int, b);
        QFETCH(int, ab);
        QFETCH(QList<double>, expected);
        QFETCH(double, fisher);
        const PairMeasures m = measurePair(
            PairCounts{std::uint64_t(n), std::uint64_t(a), std::uint64_t(b), std::uint64_t(ab)});
        const QList<double> got{m.support,  m.confidenceAB, m.confidenceBA, m.lift,
                                m.leverage, m.convictionAB, m.convictionBA, m.jaccard,
                                m.phi,      m.yulesQ,       m.chiSquared};
        for (qsizetype i = 0; i < got.size(); ++i) {
            if (std::abs(got[i] - expected[i]) > 1e-12 * std::max(1.0, std::abs(expected[i])))
                QFAIL(qPrintable(QStringLiteral("measure %1: %2 != %3")
                                     .arg(i)
                                     .arg(got[i], 0, 'g', 17)
                                     .arg(expected[i], 0, 'g', 17)));
        }
        QVERIFY2(std::abs(m.fisherP - fisher) < 1e-12 * fisher,
                 qPrintable(QString::number(m.fisherP, 'g', 17)));
        // Chi-squared with one degree of freedom: P(X > x) = erfc(sqrt(x / 2)).
        QVERIFY(std::abs(m.chiSquaredP - std::erfc(std::sqrt(m.chiSquared / 2))) < 1e-14);
    }

    void pairEdgeCases() {
        const PairMeasures always = measurePair(PairCounts{10, 10, 10, 10});
        QVERIFY(std::isnan(always.phi));
        QVERIFY(std::isnan(always.convictionAB));  // (1 - 1) / (1 - 1)
        const PairMeasures implies = measurePair(PairCounts{10, 3, 5, 3});
        QVERIFY(std::isinf(implies.convictionAB) && implies.convictionAB > 0);
        QCOMPARE(implies.yulesQ, 1.0);
        const PairMeasures never = measurePair(PairCounts{10, 3, 5, 0});
        QCOMPARE(never.fisherP, 1.0);
        QCOMPARE(never.yulesQ, -1.0);
    }

    // Our tail sums against Boost's hypergeometric distribution, up to a million baskets.
    void fisherAgainstBoost_data() {
        QTest::addColumn<qint64>("n");
        QTest::addColumn<qint64>("a");
        QTest::addColumn<qint64>("b");
        QTest::addColumn<qint64>("ab");
        QTest::newRow("small above") << qint64(30) << qint64(12) << qint64(9) << qint64(7);
        QTest::newRow("small below") << qint64(30) << qint64(12) << qint64(9) << qint64(2);
        QTest::newRow("at the mode") << qint64(1000) << qint64(100) << qint64(200) << qint64(20);
        QTest::newRow("large above") << qint64(20000) << qint64(1500) << qint64(900) << qint64(110);
        QTest::newRow("large below") << qint64(20000) << qint64(1500) << qint64(900) << qint64(50);
        QTest::newRow("all of a") << qint64(500) << qint64(40) << qint64(60) << qint64(40);
    }
    void fisherAgainstBoost() {
        QFETCH(qint64, n);
        QFETCH(qint64, a);
        QFETCH(qint64, b);
        QFETCH(qint64, ab);
        const boost::math::hypergeometric_distribution<double> h{unsigned(b), unsigned(a),
                                                                 unsigned(n)};
        const double expected = ab == 0 ? 1.0 : boost::math::cdf(complement(h, unsigned(ab - 1)));
        const double got = fisherExactGreater(
            PairCounts{std::uint64_t(n), std::uint64_t(a), std::uint64_t(b), std::uint64_t(ab)});
        QVERIFY2(
            std::abs(got - expected) <= 1e-10 * std::max(expected, 1e-300) + 1e-15,
            qPrintable(QStringLiteral("%1 vs %2").arg(got, 0, 'g', 17).arg(expected, 0, 'g', 17)));
    }

    // Every itemset of a small seeded basket set counted by scanning the baskets.
    void itemsetsAndRulesBruteForce_data() {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<int>("baskets");
        QTest::addColumn<int>("minCount");
        QTest::addColumn<double>("minConfidence");
        QTest::addColumn<int>("minLength");
        QTest::addColumn<int>("maxLength");
        QTest::newRow("seed 1") << quint64(1) << 40 << 3 << 0.3 << 1 << 10;
        QTest::newRow("seed 2 maxlen 2") << quint64(2) << 60 << 4 << 0.5 << 1 << 2;
        QTest::newRow("seed 3 minlen 2") << quint64(3) << 25 << 1 << 0.0 << 2 << 10;
        QTest::newRow("seed 4 maxlen 3") << quint64(4) << 80 << 6 << 0.6 << 1 << 3;
        QTest::newRow("seed 5 maxlen 1") << quint64(5) << 30 << 2 << 0.2 << 1 << 1;
    }
    void itemsetsAndRulesBruteForce() {
        QFETCH(quint64, seed);
        QFETCH(int, baskets);
        QFETCH(int, minCount);
        QFETCH(double, minConfidence);
        QFETCH(int, minLength);
        QFETCH(int, maxLength);
        const int items = 9;
        const BasketSet set = randomBaskets(seed, baskets, items);
        std::vector<unsigned> masks;
        for (std::size_t t = 0; t < set.basketCount(); ++t) {
            unsigned mask = 0;
            for (const ItemId* it = set.basketBegin(t); it != set.basketEnd(t); ++it)
                mask |= 1u << *it;
            masks.push_back(mask);
        }
        std::map<unsigned, int> count;
        for (unsigned subset = 1; subset < (1u << items); ++subset) {
            int c = 0;
            for (const unsigned mask : masks)
                c += (mask & subset) == subset;
            if (c >= minCount && std::popcount(subset) <= maxLength)
                count[subset] = c;
        }
        const double minSupport = double(minCount) / baskets;
        ItemsetOptions itemsetOptions;
        itemsetOptions.minSupport = minSupport;
        itemsetOptions.maxLength = maxLength;
        const ItemsetResult found = findFrequentItemsets(set, itemsetOptions);
        std::map<unsigned, int> foundCount;
        for (const FrequentItemset& itemset : found.itemsets) {
            unsigned mask = 0;
            for (const ItemId item : itemset.items)
                mask |= 1u << item;
            QVERIFY(foundCount.emplace(mask, int(itemset.count)).second);
        }
        QCOMPARE(foundCount, count);

        // Rules: every frequent itemset of minLength..maxLength items, each item as consequent.
        std::map<std::pair<unsigned, int>, double> expected;
        for (const auto& [subset, c] : count) {
            if (std::popcount(subset) < minLength)
                continue;
            for (int item = 0; item < items; ++item) {
                if (!(subset & (1u << item)))
                    continue;
                const unsigned antecedent = subset & ~(1u << item);
                const double cover = antecedent == 0 ? baskets : count.at(antecedent);
                if (c / cover >= minConfidence)
                    expected[{antecedent, item}] = c / cover;
            }
        }
        RuleOptions ruleOptions;
        ruleOptions.minSupport = minSupport;
        ruleOptions.minConfidence = minConfidence;
        ruleOptions.minLength = minLength;
        ruleOptions.maxLength = maxLength;
        const RuleResult rules = findAssociationRules(set, ruleOptions);
        std::map<std::pair<unsigned, int>, double> got;
        for (const AssociationRule& rule : rules.rules) {
            unsigned antecedent = 0;
            for (const ItemId item : rule.antecedent)
                antecedent |= 1u << item;
            got[{antecedent, int(rule.consequent)}] = rule.confidence;
            const double consequentSupport = double(count.at(1u << rule.consequent)) / baskets;
            QVERIFY(std::abs(rule.lift - rule.confidence / consequentSupport) < 1e-12);
            QVERIFY(std::abs(rule.leverage - (rule.support - rule.coverage * consequentSupport)) <
                    1e-12);
        }
        QCOMPARE(got.size(), expected.size());
        for (const auto& [key, confidence] : expected)
            QVERIFY(std::abs(got.at(key) - confidence) < 1e-12);
    }

    // Pair counts against a scan of every basket for every pair.
    void affinityBruteForce() {
        const BasketSet set = randomBaskets(7, 200, 8);
        const AffinityResult result = findAffinityPairs(set, 0.05);
        std::map<std::pair<int, int>, int> expected;
        for (int x = 0; x < 8; ++x) {
            for (int y = x + 1; y < 8; ++y) {
                int both = 0;
                for (std::size_t t = 0; t < set.basketCount(); ++t) {
                    const std::set<ItemId> basket(set.basketBegin(t), set.basketEnd(t));
                    both += basket.count(ItemId(x)) && basket.count(ItemId(y));
                }
                if (both >= 10)
                    expected[{x, y}] = both;
            }
        }
        std::map<std::pair<int, int>, int> got;
        for (const AffinityPair& pair : result.pairs)
            got[{int(pair.itemA), int(pair.itemB)}] = int(pair.counts.withBoth);
        QCOMPARE(got, expected);
    }

    void csvFields_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("field");
        QTest::newRow("plain") << "milk"
                               << "milk";
        QTest::newRow("comma") << "milk, whole"
                               << "\"milk, whole\"";
        QTest::newRow("quote") << "12\" pizza"
                               << "\"12\"\" pizza\"";
        for (const char* start : {"=", "+", "-", "@", "\t", "\r"}) {
            const QString text = QString::fromLatin1(start) + QStringLiteral("SUM(A1)");
            QTest::newRow(qPrintable(QStringLiteral("starts with %1").arg(int(start[0]))))
                << text << QStringLiteral("\"'") + text + QStringLiteral("\"");
        }
    }
    void csvFields() {
        QFETCH(QString, text);
        QFETCH(QString, field);
        // The bytes the rules and affinity files hold, from UTF-8 and from a QString alike.
        mb::exporting::CsvRow row;
        row.text(text.toStdString());
        QCOMPARE(rowText(row), field);
        row.clear();
        row.text(text);
        QCOMPARE(rowText(row), field);
        row.numberAsR(-0.25);  // numbers keep their sign: they are not formulas
        QVERIFY(rowText(row).endsWith(QStringLiteral(",-0.25")));
    }

    void csvNumbersAsR_data() {
        QTest::addColumn<double>("value");
        QTest::addColumn<QByteArray>("r");  // what R's write.csv prints, or empty: read it back
        QTest::newRow("NaN") << std::nan("") << QByteArray("NA");
        QTest::newRow("+Inf") << HUGE_VAL << QByteArray("Inf");
        QTest::newRow("-Inf") << -HUGE_VAL << QByteArray("-Inf");
        QTest::newRow("third") << 1.0 / 3.0 << QByteArray();
        QTest::newRow("tiny") << 1.5e-300 << QByteArray();
        QTest::newRow("large") << 6.02214076e23 << QByteArray();
        QTest::newRow("whole") << 12.0 << QByteArray("12");
    }
    void csvNumbersAsR() {
        QFETCH(double, value);
        QFETCH(QByteArray, r);
        mb::exporting::CsvRow row;
        row.numberAsR(value);
        const QString written = rowText(row);
        if (!r.isEmpty()) {
            QCOMPARE(written, QString::fromLatin1(r));
        } else {
            bool ok = false;
            QCOMPARE(written.toDouble(&ok), value);  // shortest text that reads back exactly
            QVERIFY(ok);
            QVERIFY(written.size() <= QString::number(value, 'g', 17).size());
        }
        // The plain number() of the other exports leaves a non-finite value empty.
        row.clear();
        row.number(value);
        QCOMPARE(row.bytes().empty(), !std::isfinite(value));
    }

    void readLongAndLines_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("baskets");
        QTest::addColumn<int>("items");
        QTest::addColumn<int>("lines");  // item entries after removing repeats
        QTest::newRow("lines with repeats and blanks")
            << QByteArray("a,b,a\n\nc, d ,\nb\n") << 3 << 4 << 5;
        QTest::newRow("long, invoice aliases, interleaved")
            << QByteArray("InvoiceNo,StockCode,Qty\n1,x,2\n2,y,1\n1,y,1\n1,x,3\n,z,1\n") << 2 << 2
            << 3;
        QTest::newRow("long, semicolons, quoted")
            << QByteArray("basket;product\n\"t;1\";\"milk, whole\"\nt2;bread\n") << 2 << 2 << 2;
    }
    void readLongAndLines() {
        QFETCH(QByteArray, content);
        QFETCH(int, baskets);
        QFETCH(int, items);
        QFETCH(int, lines);
        const BasketSet set = readBasketFile(write(QStringLiteral("in.csv"), content), {});
        QCOMPARE(int(set.basketCount()), baskets);
        QCOMPARE(int(set.itemCount()), items);
        QCOMPARE(int(set.items.size()), lines);
    }

    void readErrors_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("where");
        QTest::newRow("unterminated quote")
            << QByteArray("a,b\nc,\"d\n") << int(BasketFormat::Lines)
            << QStringLiteral("in.csv:2:");
        QTest::newRow("no basket column")
            << QByteArray("foo,product\n1,2\n") << int(BasketFormat::Long)
            << QStringLiteral("in.csv:1:1: no basket column");
        QTest::newRow("short row") << QByteArray("basket,x,product\n1,2,3\n4\n")
                                   << int(BasketFormat::Long) << QStringLiteral("in.csv:3:1");
    }
    void readErrors() {
        QFETCH(QByteArray, content);
        QFETCH(int, format);
        QFETCH(QString, where);
        BasketFileOptions options;
        options.format = BasketFormat(format);
        try {
            readBasketFile(write(QStringLiteral("in.csv"), content), options);
            QFAIL("no error");
        } catch (const mb::Error& error) {
            QVERIFY2(error.message().startsWith(where), qPrintable(error.message()));
        }
    }

    void readProject() {
        const QString path = dir_.filePath(QStringLiteral("p.merchbench"));
        {
            auto project = mb::data::Project::open(path);
            mb::data::exec(project->db(),
                           "INSERT INTO products(product, category) VALUES ('p1','dairy'),"
                           "('p2','bakery'),('p3','dairy');"
                           "INSERT INTO basket_lines(basket, product, category, import_id) VALUES "
                           "('b1','p1',NULL,1),('b1','p2',NULL,1),('b1','p3',NULL,1),"
                           "('b2','p3','frozen',1),('b3',NULL,'bakery',1);");
        }
        auto project = mb::data::Project::open(path, mb::data::Project::OpenMode::MustExist);
        const BasketSet products = readProjectBaskets(*project, BasketLevel::Product);
        QCOMPARE(int(products.basketCount()), 2);  // b3 has no product
        QCOMPARE(int(products.items.size()), 4);
        const BasketSet categories = readProjectBaskets(*project, BasketLevel::Category);
        QCOMPARE(int(categories.basketCount()), 3);
        QCOMPARE(int(categories.itemCount()), 3);   // dairy, bakery, frozen
        QCOMPARE(int(categories.items.size()), 4);  // b1: dairy, bakery; b2: frozen; b3: bakery
    }

    // summary(Groceries) as arules prints it, e.g.
    // https://rstudio-pubs-static.s3.amazonaws.com/332530_96a72827d33845aead112a124deb4fa4.html
    void groceriesSummary() {
        const QString path = datasets() + QStringLiteral("/groceries/groceries.csv");
        if (!QFile::exists(path))
            QSKIP(qPrintable(QStringLiteral("dataset absent: %1").arg(path)));
        const BasketSet set = readBasketFile(path, {});
        QCOMPARE(int(set.basketCount()), 9835);
        QCOMPARE(int(set.itemCount()), 169);
        const std::vector<std::uint32_t> counts = set.itemCounts();
        std::map<std::string, int> byName;
        for (std::size_t i = 0; i < counts.size(); ++i)
            byName[set.itemNames[i]] = int(counts[i]);
        QCOMPARE(byName.at("whole milk"), 2513);
        QCOMPARE(byName.at("other vegetables"), 1903);
        QCOMPARE(byName.at("rolls/buns"), 1809);
        QCOMPARE(byName.at("soda"), 1715);
        QCOMPARE(byName.at("yogurt"), 1372);
        std::map<int, int> sizes;
        for (std::size_t t = 0; t < set.basketCount(); ++t)
            ++sizes[int(set.basketSize(t))];
        QCOMPARE(sizes[1], 2159);
        QCOMPARE(sizes[2], 1643);
        QCOMPARE(sizes[3], 1299);
        QCOMPARE(sizes[32], 1);
    }

    // Rule counts of arules' apriori() on Groceries (default minlen = 1, maxlen = 10):
    // (0.01, 0.5) -> 15 rules: https://blog.csdn.net/zhf1234abc/article/details/47998877
    // (0.001, 0.6) -> 2918 rules: https://blog.csdn.net/jianlin0402/article/details/79339711
    // (0.001, 0.5) -> 5668 and (0.001, 0.8) -> 410: the figures quoted in issue 5.
    void groceriesRuleCounts_data() {
        QTest::addColumn<double>("support");
        QTest::addColumn<double>("confidence");
        QTest::addColumn<int>("rules");
        QTest::newRow("0.01 0.5") << 0.01 << 0.5 << 15;
        QTest::newRow("0.001 0.6") << 0.001 << 0.6 << 2918;
        QTest::newRow("0.001 0.5") << 0.001 << 0.5 << 5668;
        QTest::newRow("0.001 0.8") << 0.001 << 0.8 << 410;
    }
    void groceriesRuleCounts() {
        QFETCH(double, support);
        QFETCH(double, confidence);
        QFETCH(int, rules);
        const QString path = datasets() + QStringLiteral("/groceries/groceries.csv");
        if (!QFile::exists(path))
            QSKIP(qPrintable(QStringLiteral("dataset absent: %1").arg(path)));
        const BasketSet set = readBasketFile(path, {});
        RuleOptions options;
        options.minSupport = support;
        options.minConfidence = confidence;
        const RuleResult result = findAssociationRules(set, options);
        QCOMPARE(int(result.rules.size()), rules);
    }

    // Measures of single rules at (0.01, 0.5), as printed by inspect() in the page above.
    void groceriesRuleMeasures_data() {
        QTest::addColumn<QStringList>("antecedent");
        QTest::addColumn<QString>("consequent");
        QTest::addColumn<double>("support");
        QTest::addColumn<double>("confidence");
        QTest::addColumn<double>("lift");
        QTest::newRow("curd, yogurt")
            << QStringList{"curd", "yogurt"} << "whole milk" << 0.01006609 << 0.5823529 << 2.279125;
        QTest::newRow("citrus, roots") << QStringList{"citrus fruit", "root vegetables"}
                                       << "other vegetables" << 0.01037112 << 0.5862069 << 3.029608;
        QTest::newRow("vegetables, yogurt") << QStringList{"other vegetables", "yogurt"}
                                            << "whole milk" << 0.02226741 << 0.5128806 << 2.007235;
    }
    void groceriesRuleMeasures() {
        QFETCH(QStringList, antecedent);
        QFETCH(QString, consequent);
        QFETCH(double, support);
        QFETCH(double, confidence);
        QFETCH(double, lift);
        const QString path = datasets() + QStringLiteral("/groceries/groceries.csv");
        if (!QFile::exists(path))
            QSKIP(qPrintable(QStringLiteral("dataset absent: %1").arg(path)));
        const BasketSet set = readBasketFile(path, {});
        RuleOptions options;
        options.minSupport = 0.01;
        options.minConfidence = 0.5;
        const RuleResult result = findAssociationRules(set, options);
        std::set<std::string> wanted;
        for (const QString& item : antecedent)
            wanted.insert(item.toStdString());
        for (const AssociationRule& rule : result.rules) {
            std::set<std::string> names;
            for (const ItemId item : rule.antecedent)
                names.insert(set.itemNames[item]);
            if (names != wanted || set.itemNames[rule.consequent] != consequent.toStdString())
                continue;
            QVERIFY(std::abs(rule.support - support) < 5e-9);
            QVERIFY(std::abs(rule.confidence - confidence) < 5e-8);
            QVERIFY(std::abs(rule.lift - lift) < 5e-7);
            return;
        }
        QFAIL("rule not found");
    }
};

QTEST_GUILESS_MAIN(TestRules)
#include "tst_rules.moc"
