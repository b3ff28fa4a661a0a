// Returns are not purchases: lines with a negative or zero quantity, and cancellation invoices
// made only of them, are left out of the baskets that rules and affinity mine, from a basket file
// and from a project alike. Hand-built files with the answer worked out below, and UCI Online
// Retail, whose 25,900 invoices hold 20,728 with a bought line (counted independently in Python
// from the same file: 10,624 lines with a negative quantity in 5,172 invoices).
#include "TestFile.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "layout/BasketReader.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <set>

using namespace mb::layout;

namespace {

std::set<std::string> basketItems(const BasketSet& set, std::size_t basket) {
    std::set<std::string> items;
    for (const ItemId* it = set.basketBegin(basket); it != set.basketEnd(basket); ++it)
        items.insert(set.itemNames[*it]);
    return items;
}

// Every basket as its item names, in any order.
std::multiset<std::set<std::string>> allBaskets(const BasketSet& set) {
    std::multiset<std::set<std::string>> baskets;
    for (std::size_t t = 0; t < set.basketCount(); ++t)
        baskets.insert(basketItems(set, t));
    return baskets;
}

}  // namespace

class TestBasketReturns : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    QString write(const QString& name, const QByteArray& content) {
        return mbtest::writeTestFile(dir_, name, content);
    }

private Q_SLOTS:
    // Invoice 1 bought A and returned B; 2 bought A and B; C3 is a cancellation (A, B back);
    // 4 holds only a zero-quantity line; 5 states no quantity (a purchase); 6 bought C and
    // returned it in the same invoice. Purchases: {A}, {A, B}, {B}, {C}.
    void file() {
        const QString path = write(QStringLiteral("returns.csv"),
                                   "InvoiceNo,StockCode,Quantity\n"
                                   "1,A,2\n1,B,-1\n2,A,1\n2,B,1\nC3,A,-2\nC3,B,-1\n4,D,0\n5,B,\n"
                                   "6,C,1\n6,C,-1\n");
        BasketFileSummary summary;
        const BasketSet set = readBasketFile(path, {}, &summary);
        QCOMPARE(set.basketCount(), std::size_t(4));
        const std::multiset<std::set<std::string>> expected{{"A"}, {"A", "B"}, {"B"}, {"C"}};
        QCOMPARE(allBaskets(set), expected);
        QCOMPARE(set.itemCount(), std::size_t(3));  // D was never bought
        QCOMPARE(summary.returnLines, qint64(5));
        QCOMPARE(summary.returnBaskets, qint64(2));  // C3 and 4
        QCOMPARE(summary.records, qint64(10));
    }

    // Without a quantity column every line is a purchase, as before.
    void fileWithoutQuantity() {
        const QString path = write(QStringLiteral("plain.csv"), "basket,product\n1,A\n1,B\nC2,A\n");
        BasketFileSummary summary;
        const BasketSet set = readBasketFile(path, {}, &summary);
        QCOMPARE(set.basketCount(), std::size_t(2));
        QCOMPARE(summary.returnLines, qint64(0));
    }

    void badQuantity() {
        const QString path =
            write(QStringLiteral("bad.csv"), "basket,product,qty\n1,A,2\n1,B,two\n");
        try {
            readBasketFile(path, {});
            QFAIL("no error");
        } catch (const mb::Error& error) {
            QCOMPARE(error.message(),
                     QStringLiteral("bad.csv:3:5: the quantity is not a number (two)"));
        }
    }

    // The same baskets from a project's basket_lines, at product and category level.
    void project() {
        const QString path = dir_.filePath(QStringLiteral("p.merchbench"));
        {
            auto project = mb::data::Project::open(path);
            mb::data::exec(project->db(),
                           "INSERT INTO products(product, category) VALUES ('A','x'),('B','y'),"
                           "('C','x'),('D','z');"
                           "INSERT INTO basket_lines(basket, product, quantity, import_id) VALUES "
                           "('1','A',2,1),('1','B',-1,1),('2','A',1,1),('2','B',1,1),"
                           "('C3','A',-2,1),('C3','B',-1,1),('4','D',0,1),('5','B',NULL,1),"
                           "('6','C',1,1),('6','C',-1,1);");
        }
        auto project = mb::data::Project::open(path, mb::data::Project::OpenMode::MustExist);
        BasketFileSummary summary;
        const BasketSet products = readProjectBaskets(*project, BasketLevel::Product, &summary);
        const std::multiset<std::set<std::string>> expected{{"A"}, {"A", "B"}, {"B"}, {"C"}};
        QCOMPARE(allBaskets(products), expected);
        QCOMPARE(summary.returnLines, qint64(5));
        QCOMPARE(summary.returnBaskets, qint64(2));
        const BasketSet categories = readProjectBaskets(*project, BasketLevel::Category);
        const std::multiset<std::set<std::string>> byCategory{{"x"}, {"x", "y"}, {"y"}, {"x"}};
        QCOMPARE(allBaskets(categories), byCategory);  // z (D) was never bought
    }

    void uciOnlineRetail() {
        const QString path = QStringLiteral(MERCHBENCH_SHARED_DATASETS) +
                             QStringLiteral("/uci-online-retail/online_retail.csv.gz");
        if (!QFile::exists(path))
            QSKIP(qPrintable(QStringLiteral("dataset absent: %1").arg(path)));
        BasketFileSummary summary;
        const BasketSet set = readBasketFile(path, {}, &summary);
        QCOMPARE(summary.records, qint64(541909));
        QCOMPARE(set.basketCount(), std::size_t(20728));
        QCOMPARE(summary.returnLines, qint64(10624));
        QCOMPARE(summary.returnBaskets, qint64(25900 - 20728));
        // No cancellation invoice is a basket.
        // (Basket names are not kept; every C-invoice line is negative, so none can be bought.)
        std::uint64_t lines = 0;
        for (std::size_t t = 0; t < set.basketCount(); ++t)
            lines += set.basketSize(t);
        QVERIFY(lines <= std::uint64_t(541909 - 10624));
    }
};

QTEST_GUILESS_MAIN(TestBasketReturns)
#include "tst_basketreturns.moc"
