// Customer features with returns and an as-of date: a return is not a purchase occasion, value
// is net of returns, a customer with only returns gets no row, and `--as-of D` reads nothing
// dated from D on (deleting those rows from a copy of the project changes nothing), on
// hand-built projects with the answers worked out below and on UCI Online Retail.
#include "CliRun.h"
#include "TestFile.h"

#include "common/MemoryBudget.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "data/ValueParser.h"
#include "targeting/CustomerFeatures.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using mb::targeting::CustomerBasketLine;
using mb::targeting::CustomerFeatureTable;

namespace {

std::int32_t day(const char* iso) {
    return mb::data::parseDateTime(iso, mb::data::DateOrder::Iso)->days;
}

// "P7": built by appending, as `"P" + std::to_string(7)` trips GCC 12's -Wrestrict.
std::string label(const char* prefix, int number) {
    std::string text(prefix);
    text += std::to_string(number);
    return text;
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

CustomerBasketLine line(const char* customer, const char* basket, const char* product, double value,
                        const char* when, bool isReturn) {
    CustomerBasketLine result{customer, basket, product, "", value, std::nan(""), day(when)};
    result.isReturn = isReturn;
    return result;
}

}  // namespace

class TestFeatureReturns : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    QString importProject(const QString& name, const QByteArray& products,
                          const QByteArray& baskets) {
        const QString project = dir_.filePath(name + QStringLiteral(".merchbench"));
        for (const auto& [file, kind] :
             {std::pair{mbtest::writeTestFile(dir_, name + "-products.csv", products), "products"},
              std::pair{mbtest::writeTestFile(dir_, name + "-baskets.csv", baskets), "baskets"}}) {
            const mbtest::CliRun run =
                mbtest::runCli({"import", project, file, "--kind", kind, "--create-missing"});
            if (run.exitCode != 0)
                qWarning() << run.err;
        }
        return project;
    }

    // customer-features on PROJECT and on a copy without the basket lines dated from AS_OF on:
    // both outputs, byte for byte, and how many lines the copy lost.
    struct CutRun {
        QByteArray whole;
        QByteArray cut;
        qint64 deleted = 0;
    };
    CutRun withAndWithoutLaterRows(const QString& project, const QString& asOf) {
        CutRun outputs;
        const QString copy = project + QStringLiteral(".cut.merchbench");
        QFile::remove(copy);
        if (!QFile::copy(project, copy))
            qFatal("cannot copy the project");
        {
            auto opened = mb::data::Project::open(copy, mb::data::Project::OpenMode::MustExist);
            mb::data::Statement cut(opened->db(),
                                    "DELETE FROM basket_lines WHERE substr(time, 1, 10) >= ?1");
            cut.bind(1, asOf);
            cut.step();
            outputs.deleted = mb::data::queryInt(opened->db(), "SELECT changes()");
        }
        for (const QString& input : {project, copy}) {
            const QString out = input + QStringLiteral(".features.csv");
            const mbtest::CliRun run =
                mbtest::runCli({"customer-features", input, "--as-of", asOf, "--out", out});
            if (run.exitCode != 0)
                qWarning() << run.err;
            (input == project ? outputs.whole : outputs.cut) = readAll(out);
        }
        return outputs;
    }

private Q_SLOTS:
    // X bought P1 for 10 (b1), bought P2 for 5 and returned P1 for 4 (b2), and returned 3 more
    // later (b3, returns only); Y only returned. Frequency 2 (b1, b2); monetary_total
    // 10 + 5 - 4 - 3 = 8, mean 4; recency from b2, the last purchase (the as-of day is given);
    // shares and discount of the 15 purchased.
    void plainStructs() {
        mb::targeting::CustomerPurchaseHistory history;
        history.products["P1"] = {"toys", 12.0};
        history.products["P2"] = {"cards", std::nan("")};
        history.lines.push_back(line("X", "b1", "P1", 10.0, "2024-05-01", false));
        history.lines.push_back(line("X", "b2", "P2", 5.0, "2024-05-03", false));
        history.lines.push_back(line("X", "b2", "P1", -4.0, "2024-05-03", true));
        history.lines.push_back(line("X", "b3", "P1", -3.0, "2024-05-06", true));
        history.lines.push_back(line("Y", "b4", "P2", -1.0, "2024-05-02", true));
        history.lines[0].unitPrice = 10.0;  // below the regular 12: bought on discount
        const CustomerFeatureTable table =
            mb::targeting::computeCustomerFeatures(history, day("2024-05-10"));
        QCOMPARE(table.customers, std::vector<std::string>{"X"});
        QCOMPARE(table.value(0, "frequency"), 2.0);
        QCOMPARE(table.value(0, "monetary_total"), 8.0);
        QCOMPARE(table.value(0, "monetary_mean"), 4.0);
        QCOMPARE(table.value(0, "recency_days"), 7.0);  // 05-03 to 05-10
        QCOMPARE(table.value(0, "tenure_days"), 9.0);   // 05-01 to 05-10
        QCOMPARE(table.value(0, "share_toys"), 10.0 / 15.0);
        QCOMPARE(table.value(0, "share_cards"), 5.0 / 15.0);
        QCOMPARE(table.value(0, "discount_share"), 10.0 / 15.0);
        QCOMPARE(table.purchaseBaskets, std::int64_t(2));
        QCOMPARE(table.returnLines, std::int64_t(3));
        QCOMPARE(table.onlyReturnCustomers, std::int64_t(1));
    }

    // 300 customers x 506 columns (500 categories) need 1.2 MB: over a 1 MB budget the table is
    // refused with what to change; under 2 MB it is the same table as without a budget.
    void memoryBudget() {
        mb::targeting::CustomerPurchaseHistory history;
        for (int c = 0; c < 500; ++c)
            history.products[label("P", c)] = {label("cat", c), 1.0};
        for (int k = 0; k < 300; ++k) {
            const std::string customer = label("K", k);
            history.lines.push_back(
                {customer, label("b", k), label("P", k), "", 1.0, 1.0, day("2024-05-01")});
            history.lines.push_back(
                {customer, label("b", k), label("P", k + 200), "", 1.0, 1.0, day("2024-05-01")});
        }
        mb::MemoryBudget small(1 << 20);
        try {
            mb::targeting::computeCustomerFeatures(history, std::nullopt, nullptr, &small);
            QFAIL("the table fitted in 1 MB");
        } catch (const mb::MemoryBudgetExceeded& error) {
            QCOMPARE(error.message(),
                     QStringLiteral("the feature table of 300 customers x 506 columns needs "
                                    "1.2 MB, over the 1.0 MB memory limit: give products "
                                    "fewer, broader categories, or allow more with "
                                    "--memory-limit."));
        }
        mb::MemoryBudget enough(2 << 20);
        const CustomerFeatureTable bounded =
            mb::targeting::computeCustomerFeatures(history, std::nullopt, nullptr, &enough);
        const CustomerFeatureTable free = mb::targeting::computeCustomerFeatures(history);
        QCOMPARE(bounded.customers.size(), std::size_t(300));
        QVERIFY(bounded.values == free.values);
    }

    // Through the project: a return whose file states a positive value still counts against
    // the customer, and the summary says so.
    void project() {
        const QString project =
            importProject(QStringLiteral("returns"),
                          "product,category,regular_price\nP1,produce,2.00\nP2,dairy,1.00\n",
                          "basket,product,customer,quantity,value,price,time\n"
                          "r1,P1,E,2,4.00,2.00,2024-03-01T10:00:00\n"
                          "r2,P1,E,-1,-2.00,2.00,2024-03-02T10:00:00\n"
                          "r3,P2,F,-1,1.00,1.00,2024-03-03T10:00:00\n"
                          "r4,P2,E,1,1.00,1.00,2024-03-04T10:00:00\n"
                          "r4,P1,E,-1,2.00,2.00,2024-03-04T10:00:00\n");
        const QString out = dir_.filePath(QStringLiteral("returns-features.csv"));
        const mbtest::CliRun run =
            mbtest::runCli({"customer-features", project, "--out", out, "--json"});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = run.json();
        QCOMPARE(json.value("customers").toInt(), 1);
        QCOMPARE(json.value("purchase_baskets").toInt(), 2);  // r1 and r4
        QCOMPARE(json.value("return_lines").toInt(), 3);
        QCOMPARE(json.value("customers_with_only_returns").toInt(), 1);
        QCOMPARE(json.value("monetary").toString(), QStringLiteral("net of returns"));
        const QList<QByteArray> rows = readAll(out).split('\n');
        QCOMPARE(rows.value(0).trimmed(),
                 QByteArray("customer,recency_days,frequency,monetary_mean,monetary_total,"
                            "discount_share,tenure_days,share_dairy,share_produce"));
        // E: 4 + 1 - 2 - 2 = 1 net over 2 occasions; last purchase 03-04, as of 03-05.
        QCOMPARE(rows.value(1).trimmed(), QByteArray("E,1,2,0.5,1,0,4,0.2,0.8"));
        const mbtest::CliRun help = mbtest::runCli({"customer-features", "--help"});
        QVERIFY(QString::fromUtf8(help.out).simplified().contains(
            QStringLiteral("monetary_total and monetary_mean are net of returns")));
    }

    // An empty feature table is an error that says what is missing, not exit 0.
    void nothingToDescribe() {
        const QString anonymous =
            importProject(QStringLiteral("anonymous"), "product,category\nP1,produce\n",
                          "basket,product,quantity,time\nz1,P1,1,2024-03-01T10:00:00\n");
        const QString out = dir_.filePath(QStringLiteral("empty.csv"));
        const mbtest::CliRun none = mbtest::runCli({"customer-features", anonymous, "--out", out});
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(none.err.contains("no basket line names a customer: import baskets with a "
                                   "customer column"),
                 none.err.constData());
        const QString returns =
            importProject(QStringLiteral("early"), "product,category\nP1,produce\n",
                          "basket,product,customer,quantity,time\n"
                          "e1,P1,K,-1,2024-03-01T10:00:00\ne2,P1,K,1,2024-03-09T10:00:00\n");
        const mbtest::CliRun early =
            mbtest::runCli({"customer-features", returns, "--as-of", "2024-03-05", "--out", out});
        QCOMPARE(early.exitCode, 2);
        QVERIFY2(early.err.contains("no customer bought anything before 2024-03-05 (1 return "
                                    "lines before it): choose a later --as-of"),
                 early.err.constData());
        const mbtest::CliRun before =
            mbtest::runCli({"customer-features", returns, "--as-of", "2024-01-01", "--out", out});
        QCOMPARE(before.exitCode, 2);
        QVERIFY2(before.err.contains("no customer bought anything before 2024-01-01 (0 return "
                                     "lines before it)"),
                 before.err.constData());
        QVERIFY(!QFile::exists(out));
    }

    // A basket whose lines straddle the as-of day (an order amended after midnight) and a
    // customer whose later baskets are all after it: cutting the later rows changes nothing.
    void asOfReadsNothingLater() {
        const QString project =
            importProject(QStringLiteral("asof"),
                          "product,category,regular_price\nP1,produce,2.00\nP3,dairy,5.00\n",
                          "basket,product,customer,quantity,value,price,time\n"
                          "s1,P1,G,1,2.00,2.00,2024-03-05T23:00:00\n"
                          "s1,P3,G,1,5.00,5.00,2024-03-06T01:00:00\n"
                          "s2,P3,G,1,5.00,5.00,2024-03-08T10:00:00\n"
                          "s3,P1,H,1,2.00,2.00,2024-03-01T10:00:00\n"
                          "s4,P1,H,-1,-2.00,2.00,2024-03-07T10:00:00\n");
        const auto [whole, cut, deleted] =
            withAndWithoutLaterRows(project, QStringLiteral("2024-03-06"));
        QCOMPARE(deleted, qint64(3));
        QVERIFY(!whole.isEmpty());
        QCOMPARE(whole, cut);
        // G's value is the 2.00 bought before the day, not the 5.00 added after it; H's return
        // comes later. Only produce was bought before the day: one share column.
        QVERIFY2(whole.contains("\nG,1,1,2,2,0,1,1\n"), whole.constData());
        QVERIFY2(whole.contains("\nH,5,1,2,2,0,5,1\n"), whole.constData());
    }

    void asOfUciOnlineRetail() {
        const QString path = QStringLiteral(MERCHBENCH_SHARED_DATASETS) +
                             QStringLiteral("/uci-online-retail/online_retail.csv.gz");
        if (!QFile::exists(path))
            QSKIP(qPrintable(QStringLiteral("dataset absent: %1").arg(path)));
        const QString project = dir_.filePath(QStringLiteral("uci.merchbench"));
        const mbtest::CliRun imported =
            mbtest::runCli({"import", project, path, "--kind", "baskets"});
        QCOMPARE(imported.exitCode, 0);
        const auto [whole, cut, deleted] =
            withAndWithoutLaterRows(project, QStringLiteral("2011-06-01"));
        QVERIFY(deleted > 300000);
        QVERIFY(whole.count('\n') > 2000);
        QCOMPARE(whole, cut);
    }
};

QTEST_GUILESS_MAIN(TestFeatureReturns)
#include "tst_featurereturns.moc"
