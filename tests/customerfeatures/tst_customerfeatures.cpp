// Customer features from basket lines: a tiny hand-written project imported through the CLI with
// every figure worked out by hand below, the plain-struct entry point, and the demo project.
#include "CliRun.h"

#include "data/Project.h"
#include "data/Sqlite.h"
#include "data/ValueParser.h"
#include "targeting/CustomerFeatures.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using mb::targeting::CustomerFeatureTable;

namespace {

// customer -> column -> text, from a features CSV (plain comma split: no quoted fields here).
QMap<QString, QMap<QString, QString>> readFeatures(const QString& path) {
    QMap<QString, QMap<QString, QString>> rows;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return rows;
    const QStringList header = QString::fromUtf8(file.readLine()).trimmed().split(',');
    while (!file.atEnd()) {
        const QStringList fields = QString::fromUtf8(file.readLine()).trimmed().split(',');
        for (int c = 1; c < header.size(); ++c)
            rows[fields[0]][header[c]] = fields.value(c);
    }
    return rows;
}

std::int32_t day(const char* iso) {
    return mb::data::parseDateTime(iso, mb::data::DateOrder::Iso)->days;
}

}  // namespace

class TestCustomerFeatures : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString project_;

    QString write(const QString& name, const QByteArray& content) {
        QFile file(dir_.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write");
        file.write(content);
        return file.fileName();
    }

    QMap<QString, QMap<QString, QMap<QString, QString>>> byAsOf_;  // one run per as-of date

    QMap<QString, QMap<QString, QString>> features(const QString& asOf) {
        if (byAsOf_.contains(asOf))
            return byAsOf_.value(asOf);
        const QString out = dir_.filePath(QStringLiteral("features-%1.csv").arg(asOf));
        QStringList arguments{"customer-features", project_, "--out", out};
        if (!asOf.isEmpty())
            arguments << "--as-of" << asOf;
        const mbtest::CliRun run = mbtest::runCli(arguments);
        if (run.exitCode != 0)
            qWarning() << run.err;
        byAsOf_.insert(asOf, readFeatures(out));
        return byAsOf_.value(asOf);
    }

private Q_SLOTS:
    void initTestCase() {
        project_ = dir_.filePath(QStringLiteral("tiny.merchbench"));
        const QString products =
            write("products.csv",
                  "product,name,category,regular_price\nP1,Apples,produce,2.00\n"
                  "P2,Milk,dairy,1.00\nP3,Cheese,dairy,5.00\nP4,Cookies,snacks,3.00\n");
        const QString customers = write("customers.csv",
                                        "customer,segment,consent_offers,consent_email,"
                                        "signup_date\nA,regular,1,1,2024-01-01\n");
        // Basket b5 is anonymous; b7's value is missing, so it is quantity x price.
        const QString baskets = write("baskets.csv",
                                      "basket,product,customer,quantity,value,price,time,store\n"
                                      "b1,P1,A,2,4.00,2.00,2024-03-01T10:00:00,S1\n"
                                      "b1,P2,A,1,0.80,0.80,2024-03-01T10:00:00,S1\n"
                                      "b2,P3,A,1,5.00,5.00,2024-03-05T18:00:00,S1\n"
                                      "b3,P4,B,3,7.50,2.50,2024-03-03T09:00:00,S1\n"
                                      "b4,P1,B,1,2.00,2.00,2024-03-09T12:00:00,S1\n"
                                      "b5,P2,,1,1.00,1.00,2024-03-10T08:00:00,S1\n"
                                      "b6,P4,C,2,6.00,3.00,2024-03-10T20:00:00,S1\n"
                                      "b7,P3,D,2,,4.00,2024-03-02T11:00:00,S1\n");
        for (const auto& [file, kind] :
             {std::pair{products, "products"}, std::pair{customers, "customers"},
              std::pair{baskets, "baskets"}}) {
            const mbtest::CliRun run =
                mbtest::runCli({"import", project_, file, "--kind", kind, "--create-missing"});
            QVERIFY2(run.exitCode == 0, run.err.constData());
        }
    }

    void exitCodes_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        const QString out = dir_.filePath(QStringLiteral("codes.csv"));
        QTest::newRow("help") << QStringList{"customer-features", "--help"} << 0;
        QTest::newRow("no out") << QStringList{"customer-features", project_} << 1;
        QTest::newRow("bad date")
            << QStringList{"customer-features", project_, "--as-of", "soon", "--out", out} << 1;
        QTest::newRow("missing project")
            << QStringList{"customer-features", dir_.filePath("nope.merchbench"), "--out", out}
            << 2;
    }

    void exitCodes() {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QCOMPARE(mbtest::runCli(arguments).exitCode, exitCode);
    }

    // Worked by hand. Default as-of: the day after the last basket (b5, 2024-03-10) = 03-11.
    // 2024 is a leap year: 01-01 -> 03-11 is 31 + 29 + 10 = 70 days.
    void tinyProject_data() {
        QTest::addColumn<QString>("asOf");
        QTest::addColumn<QString>("customer");
        QTest::addColumn<QString>("column");
        QTest::addColumn<double>("expected");
        const auto add = [](const char* asOf, const char* customer, const char* column,
                            double expected) {
            QTest::addRow("%s %s %s", asOf[0] ? asOf : "default", customer, column)
                << QString::fromLatin1(asOf) << QString::fromLatin1(customer)
                << QString::fromLatin1(column) << expected;
        };
        // A: b1 (03-01: apples 4.00 at full price, milk 0.80 below 1.00) and b2 (03-05:
        // cheese 5.00).
        add("", "A", "recency_days", 11 - 5);
        add("", "A", "frequency", 2);
        add("", "A", "monetary_total", 4.00 + 0.80 + 5.00);
        add("", "A", "monetary_mean", (4.00 + 0.80 + 5.00) / 2);
        add("", "A", "discount_share", 0.80 / 9.80);
        add("", "A", "tenure_days", 70);  // from signup
        add("", "A", "share_produce", 4.00 / 9.80);
        add("", "A", "share_dairy", 5.80 / 9.80);
        add("", "A", "share_snacks", 0);
        // B: b3 (03-03: cookies 7.50 at 2.50 < 3.00) and b4 (03-09: apples 2.00); no signup.
        add("", "B", "recency_days", 11 - 9);
        add("", "B", "frequency", 2);
        add("", "B", "monetary_mean", 9.50 / 2);
        add("", "B", "discount_share", 7.50 / 9.50);
        add("", "B", "tenure_days", 11 - 3);  // from the first basket
        add("", "B", "share_snacks", 7.50 / 9.50);
        add("", "B", "share_produce", 2.00 / 9.50);
        // C: b6 (03-10: cookies 6.00 at full price).
        add("", "C", "recency_days", 1);
        add("", "C", "tenure_days", 1);
        add("", "C", "discount_share", 0);
        add("", "C", "share_snacks", 1);
        // D: b7 (03-02: 2 cheeses at 4.00 < 5.00, value missing so 2 x 4.00).
        add("", "D", "monetary_total", 8.00);
        add("", "D", "discount_share", 1);
        add("", "D", "recency_days", 11 - 2);
        add("", "D", "share_dairy", 1);
        // As of 03-06: b2 (03-05) counts, b4 and b6 are in the future.
        add("2024-03-06", "A", "recency_days", 1);
        add("2024-03-06", "A", "frequency", 2);
        add("2024-03-06", "A", "tenure_days", 31 + 29 + 5);
        add("2024-03-06", "B", "frequency", 1);
        add("2024-03-06", "B", "monetary_total", 7.50);
        add("2024-03-06", "B", "discount_share", 1);
        add("2024-03-06", "B", "recency_days", 3);
        add("2024-03-06", "B", "tenure_days", 3);
        // As of 03-04: A has b1 only.
        add("2024-03-04", "A", "frequency", 1);
        add("2024-03-04", "A", "monetary_total", 4.80);
        add("2024-03-04", "A", "discount_share", 0.80 / 4.80);
        add("2024-03-04", "A", "share_dairy", 0.80 / 4.80);
        add("2024-03-04", "A", "recency_days", 3);
        add("2024-03-04", "B", "recency_days", 1);
    }

    void tinyProject() {
        QFETCH(QString, asOf);
        QFETCH(QString, customer);
        QFETCH(QString, column);
        QFETCH(double, expected);
        const auto rows = features(asOf);
        QVERIFY(rows.contains(customer));
        bool ok = false;
        const double value = rows[customer].value(column).toDouble(&ok);
        QVERIFY2(ok, qPrintable(column));
        QVERIFY2(std::abs(value - expected) < 1e-12,
                 qPrintable(QStringLiteral("%1 vs %2").arg(value).arg(expected)));
    }

    // Who gets a row: everyone with a basket before the as-of day, and nobody anonymous.
    void tinyRows_data() {
        QTest::addColumn<QString>("asOf");
        QTest::addColumn<QStringList>("customers");
        QTest::newRow("default") << QString() << QStringList{"A", "B", "C", "D"};
        QTest::newRow("03-06") << QStringLiteral("2024-03-06") << QStringList{"A", "B", "D"};
        QTest::newRow("03-02") << QStringLiteral("2024-03-02") << QStringList{"A"};
        QTest::newRow("before all") << QStringLiteral("2024-01-01") << QStringList{};
    }

    void tinyRows() {
        QFETCH(QString, asOf);
        QFETCH(QStringList, customers);
        QCOMPARE(features(asOf).keys(), customers);
    }

    // The plain-struct entry point: undated baskets count for value but not for recency.
    void plainStructs() {
        mb::targeting::CustomerPurchaseHistory history;
        history.products["P1"] = {"produce", 2.0};
        history.products["P2"] = {"", std::nan("")};
        history.lines.push_back({"X", "b1", "P1", "", 2.0, 1.0, day("2024-05-01")});
        history.lines.push_back({"X", "b2", "P2", "bakery", 3.0, 3.0, std::nullopt});
        history.lines.push_back({"X", "b2", "P9", "", 5.0, 5.0, std::nullopt});
        history.lines.push_back({"", "b3", "P1", "", 9.0, 2.0, day("2024-05-07")});
        const CustomerFeatureTable table = mb::targeting::computeCustomerFeatures(history);
        QCOMPARE(table.asOfDay, day("2024-05-08"));  // the anonymous basket is still data
        QCOMPARE(table.customers, std::vector<std::string>{"X"});
        QCOMPARE(table.value(0, "frequency"), 2.0);
        QCOMPARE(table.value(0, "monetary_total"), 10.0);
        QCOMPARE(table.value(0, "recency_days"), 7.0);
        QCOMPARE(table.value(0, "tenure_days"), 7.0);
        QCOMPARE(table.value(0, "discount_share"), 2.0 / 10.0);  // P1 at 1.00 below 2.00
        QCOMPARE(table.value(0, "share_produce"), 0.2);
        QCOMPARE(table.value(0, "share_bakery"), 0.3);  // the line's own category
        QCOMPARE(table.value(0, std::string("share_") + mb::targeting::kUnknownCategory), 0.5);
        QCOMPARE(table.column("nothing"), -1);
        QCOMPARE(table.row("X"), 0);
        QCOMPARE(table.row("Y"), -1);
    }

    // Every demo customer with a basket gets a row whose frequency is their distinct baskets
    // (counted here by SQL), and the category shares of a customer add up to 1.
    void demoProject() {
        const QString out = dir_.filePath(QStringLiteral("demo"));
        const mbtest::CliRun demo = mbtest::runCli({QStringLiteral("demo"), out});
        QCOMPARE(demo.exitCode, 0);
        const QString project = out + QStringLiteral("/demo.merchbench");
        const QString csv = dir_.filePath(QStringLiteral("demo-features.csv"));
        const mbtest::CliRun run =
            mbtest::runCli({"customer-features", project, "--out", csv, "--json"});
        QCOMPARE(run.exitCode, 0);
        const auto rows = readFeatures(csv);
        QMap<QString, qint64> baskets;
        std::int32_t lastDay = 0;
        {
            const auto opened = mb::data::Project::open(project);
            mb::data::Statement query(
                opened->db(),
                "SELECT customer, COUNT(DISTINCT basket) FROM basket_lines "
                "WHERE customer IS NOT NULL AND customer <> '' GROUP BY customer");
            while (query.step())
                baskets.insert(query.text(0), query.int64(1));
            mb::data::Statement last(opened->db(), "SELECT MAX(time) FROM basket_lines");
            QVERIFY(last.step());
            lastDay = mb::data::parseDateTime(last.textView(0), mb::data::DateOrder::Iso)->days;
        }
        QVERIFY(baskets.size() > 100);
        QCOMPARE(run.json().value(QStringLiteral("customers")).toInteger(), qint64(baskets.size()));
        QCOMPARE(rows.keys(), baskets.keys());
        QCOMPARE(run.json().value(QStringLiteral("as_of")).toString(),
                 mb::data::formatIsoDate(lastDay + 1));
        for (auto it = rows.begin(); it != rows.end(); ++it) {
            QCOMPARE(it.value().value("frequency").toLongLong(), baskets.value(it.key()));
            double shares = 0;
            for (auto column = it.value().begin(); column != it.value().end(); ++column) {
                if (column.key().startsWith(QStringLiteral("share_")))
                    shares += column.value().toDouble();
            }
            QVERIFY2(std::abs(shares - 1.0) < 1e-9, qPrintable(it.key()));
            QVERIFY(it.value().value("recency_days").toDouble() >= 1);
            QVERIFY(it.value().value("tenure_days").toDouble() >=
                    it.value().value("recency_days").toDouble());
        }
    }
};

QTEST_GUILESS_MAIN(TestCustomerFeatures)
#include "tst_customerfeatures.moc"
