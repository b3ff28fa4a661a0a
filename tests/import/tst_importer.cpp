// The importer: every kind's validation with exact positions, reject/skip, cancel, idempotent
// re-import, mapping, formats.
#include "ImportFixture.h"

#include "data/Kind.h"

#include <QSet>

using mb::data::ImportOptions;
using mb::data::ImportReport;

class TestImporter : public QObject {
    Q_OBJECT

private:
    // Products A and B, store S1, zones Z1 and Z2: what the reference checks need.
    static void addReferenceData(ImportFixture& fixture) {
        QVERIFY(fixture
                    .import(QStringLiteral("p.csv"), "product,category\nA,dairy\nB,bakery\n",
                            QStringLiteral("products"))
                    .committed);
        QVERIFY(fixture.import(QStringLiteral("s.csv"), "store\nS1\n", QStringLiteral("stores"))
                    .committed);
        QVERIFY(fixture
                    .import(QStringLiteral("z.csv"), "zone,type\nZ1,entrance\nZ2,aisle\n",
                            QStringLiteral("zones"))
                    .committed);
    }

private Q_SLOTS:
    void validationError_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("value");

        QTest::newRow("products: negative cost")
            << "products" << QByteArray("product,unit_cost\nC,1.5\nD,-2\n") << 3 << 3
            << "unit_cost must be at least 0"
            << "-2";
        QTest::newRow("products: duplicate key")
            << "products" << QByteArray("product,name\nC,x\nD,y\nC,z\n") << 4 << 1
            << "duplicate product (first at line 2)"
            << "product=C";
        QTest::newRow("products: required value missing")
            << "products" << QByteArray("product,name\nC,x\nNA,y\n") << 3 << 1
            << "product is required but missing"
            << "NA";
        QTest::newRow("products: record spanning lines")
            << "products" << QByteArray("product,name,unit_cost\nC,\"two\nlines\",abc\n") << 3 << 8
            << "unit_cost must be a number"
            << "abc";
        QTest::newRow("products: columns counted in characters")
            << "products"
            << QByteArray(
                   "product,name,unit_cost\nC,Cr\xc3\xa8me br\xc3\xbbl\xc3\xa9"
                   "e,abc\n")
            << 2 << 16 << "unit_cost must be a number"
            << "abc";
        QTest::newRow("products: BOM and CRLF")
            << "products" << QByteArray("\xef\xbb\xbfproduct,unit_cost\r\nC,x\r\n") << 2 << 3
            << "unit_cost must be a number"
            << "x";
        QTest::newRow("products: too few fields")
            << "products" << QByteArray("product,name\nC,x\nD\n") << 3 << 1
            << "expected 2 fields as in the header, found 1"
            << "";
        QTest::newRow("products: required column missing")
            << "products" << QByteArray("name,brand\nx,y\n") << 1 << 0
            << "required column 'product' not found"
            << "";
        QTest::newRow("products: invalid UTF-8")
            << "products" << QByteArray("product,name\nC,caf\xe9\n") << 2 << 3
            << "name is not valid UTF-8"
            << "";
        QTest::newRow("stores: area not a number")
            << "stores" << QByteArray("store,area\nS2,12x\n") << 2 << 4 << "area must be a number"
            << "12x";
        QTest::newRow("sales: unknown product")
            << "sales" << QByteArray("week,store,product,units\n2024-01-03,S1,Q,5\n") << 2 << 15
            << "unknown product: not in the project's products"
            << "Q";
        QTest::newRow("sales: unknown store")
            << "sales" << QByteArray("week,store,product,units\n2024-01-03,S9,A,5\n") << 2 << 12
            << "unknown store"
            << "S9";
        QTest::newRow("sales: impossible date")
            << "sales" << QByteArray("week,store,product,units\n2024-13-01,S1,A,5\n") << 2 << 1
            << "week must be a date"
            << "2024-13-01";
        QTest::newRow("sales: bad flag")
            << "sales" << QByteArray("week,store,product,units,feature\n2024-01-01,S1,A,5,maybe\n")
            << 2 << 19 << "feature must be a flag"
            << "maybe";
        QTest::newRow("sales: two dates in one week")
            << "sales"
            << QByteArray("week,store,product,units\n2024-01-01,S1,A,5\n2024-01-03,S1,A,6\n") << 3
            << 15 << "duplicate product + store + week (first at line 2)"
            << "";
        QTest::newRow("sales: units missing")
            << "sales" << QByteArray("week,store,product,units\n2024-01-01,S1,A,\n") << 2 << 17
            << "units is required but missing"
            << "";
        QTest::newRow("sales: negative price")
            << "sales" << QByteArray("week,store,product,units,price\n2024-01-01,S1,A,1,-0.5\n")
            << 2 << 19 << "price must be at least 0"
            << "-0.5";
        QTest::newRow("inventory: negative on hand")
            << "inventory" << QByteArray("store,product,date,on_hand\nS1,A,2024-02-01,-4\n") << 2
            << 17 << "on_hand must be at least 0"
            << "-4";
        QTest::newRow("inventory: bad date")
            << "inventory" << QByteArray("store,product,date,on_hand\nS1,A,31/02/2024,4\n") << 2
            << 6 << "date must be a date"
            << "31/02/2024";
        QTest::newRow("baskets: neither product nor category")
            << "baskets" << QByteArray("basket,product,category\nB1,A,\nB1,,\n") << 3 << 1
            << "the row names no product or category"
            << "";
        QTest::newRow("baskets: bad quantity")
            << "baskets" << QByteArray("basket,product,quantity\nB1,A,two\n") << 2 << 6
            << "quantity must be a number"
            << "two";
        QTest::newRow("customers: bad consent")
            << "customers" << QByteArray("customer,consent_offers\nC1,1\nC2,perhaps\n") << 3 << 4
            << "consent_offers must be a flag"
            << "perhaps";
        QTest::newRow("campaign: arm missing")
            << "campaign" << QByteArray("arm,spend\ncontrol,1\n,2\n") << 3 << 1
            << "arm is required but missing"
            << "";
        QTest::newRow("offers: fractional capacity")
            << "offers" << QByteArray("offer,capacity\nO1,2.5\n") << 2 << 4
            << "capacity must be a whole number"
            << "2.5";
        QTest::newRow("zones: negative width")
            << "zones" << QByteArray("zone,width\nZ3,-1\n") << 2 << 4 << "width must be at least 0"
            << "-1";
        QTest::newRow("zone_links: unknown zone")
            << "zone_links" << QByteArray("zone_a,zone_b,distance\nZ1,Z9,3\n") << 2 << 4
            << "unknown zone_b: not in the project's zones"
            << "Z9";
        QTest::newRow("layout: unknown zone")
            << "layout" << QByteArray("category,zone\ndairy,Z1\nbakery,Z7\n") << 3 << 8
            << "unknown zone"
            << "Z7";
        QTest::newRow("traffic: bad time")
            << "traffic" << QByteArray("time,zone,visits\n2024-01-01 25:00,Z1,3\n") << 2 << 1
            << "time must be a date"
            << "2024-01-01 25:00";
        QTest::newRow("paths: shopper missing")
            << "paths"
            << QByteArray("time,shopper,zone\n2024-01-01 10:00,7,Z1\n2024-01-01 10:01,NULL,Z2\n")
            << 3 << 18 << "shopper is required but missing"
            << "NULL";
    }

    void validationError() {
        QFETCH(QString, kind);
        QFETCH(QByteArray, content);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        QFETCH(QString, value);

        ImportFixture fixture;
        addReferenceData(fixture);
        const mb::data::KindSpec* spec = mb::data::findKind(kind);
        QVERIFY(spec);
        const qint64 before = fixture.project().rowCount(*spec);
        const qint64 importsBefore = fixture.count(QStringLiteral("SELECT count(*) FROM imports"));

        const ImportReport report = fixture.import(QStringLiteral("bad.csv"), content, kind);
        QVERIFY2(!report.committed, qPrintable(errorsText(report)));
        QVERIFY(report.errorCount >= 1);
        const mb::data::ImportIssue& issue = report.errors.front();
        QVERIFY2(issue.message.contains(message), qPrintable(errorsText(report)));
        QCOMPARE(issue.line, line);
        QCOMPARE(issue.column, column);
        if (!value.isEmpty())
            QVERIFY2(issue.value.contains(value), qPrintable(issue.value));
        QVERIFY(issue.format(QStringLiteral("bad.csv"))
                    .startsWith(QStringLiteral("bad.csv:%1:%2: ").arg(line).arg(column)));
        // A rejected file changes nothing.
        QCOMPARE(fixture.project().rowCount(*spec), before);
        QCOMPARE(fixture.count(QStringLiteral("SELECT count(*) FROM imports")), importsBefore);
    }

    void skipModeWritesGoodRowsAndAReport() {
        ImportFixture fixture;
        ImportOptions options;
        options.kind = QStringLiteral("products");
        options.onError = mb::data::OnError::Skip;
        options.errorReportPath = fixture.dir() + QStringLiteral("/errors.csv");
        const ImportReport report = fixture.import(
            QStringLiteral("p.csv"), "product,unit_cost\nA,1\nB,=2\nC,3\nD,-1\n", options);
        QVERIFY(report.committed);
        QCOMPARE(report.rowsRead, 4);
        QCOMPARE(report.rowsImported, 2);
        QCOMPARE(report.rowsRejected, 2);
        QCOMPARE(fixture.count(QStringLiteral("SELECT count(*) FROM products")), 2);
        QFile errors(options.errorReportPath);
        QVERIFY(errors.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = errors.readAll().split('\n');
        QCOMPARE(lines.first().trimmed(), QByteArray("file,line,column,field,message,value"));
        QVERIFY(lines.at(1).startsWith("\"p.csv\",3,3,"));
        // The value "=2" must not become a formula in a spreadsheet.
        QVERIFY2(lines.at(1).contains("\"'=2\""), lines.at(1).constData());
    }

    void cancelLeavesProjectUnchanged() {
        ImportFixture fixture;
        QByteArray content = "product,unit_cost\n";
        for (int i = 0; i < 50000; ++i)
            content += "P" + QByteArray::number(i) + ",1.5\n";
        mb::ProgressToken token;
        token.setListener([&](double fraction) {
            if (fraction > 0 && fraction < 1)
                token.cancel();
        });
        ImportOptions options;
        options.kind = QStringLiteral("products");
        const ImportReport report =
            mb::data::Importer(fixture.project())
                .run(fixture.write(QStringLiteral("big.csv"), content), options, &token);
        QVERIFY(report.cancelled);
        QVERIFY(!report.committed);
        QVERIFY(report.rowsRead > 0 && report.rowsRead < 50000);
        QCOMPARE(fixture.count(QStringLiteral("SELECT count(*) FROM products")), 0);
        QCOMPARE(fixture.count(QStringLiteral("SELECT count(*) FROM imports")), 0);
    }

    // Rows after the date sample are read and converted on a second thread: errors there must
    // keep their exact positions and order, and every good row must arrive intact.
    void rowsBeyondTheSampleKeepPositionsAndValues() {
        ImportFixture fixture;
        QByteArray content = "product,unit_cost,regular_price\n";
        const QSet<int> badCost{2500, 4097, 4098, 9001};
        const QSet<int> badPrice{6000, 9001};
        for (int i = 1; i <= 12000; ++i) {
            content += "P" + QByteArray::number(i) + ",";
            content +=
                badCost.contains(i) ? "x" + QByteArray::number(i) : QByteArray::number(i) + ".25";
            content += ",";
            content += badPrice.contains(i) ? QByteArray("-1") : QByteArray::number(i % 7 + 1);
            content += "\n";
        }
        ImportOptions options;
        options.kind = QStringLiteral("products");
        options.onError = mb::data::OnError::Skip;
        options.errorReportPath = fixture.dir() + QStringLiteral("/errors.csv");
        const ImportReport report = fixture.import(QStringLiteral("many.csv"), content, options);
        QVERIFY(report.committed);
        QCOMPARE(report.rowsRead, 12000);
        QCOMPARE(report.rowsRejected, 5);  // row 9001 has two bad fields
        QStringList expected;
        for (int row : {2500, 4097, 4098, 6000, 9001}) {
            const int line = row + 1;
            if (badCost.contains(row))
                expected.append(
                    QStringLiteral("f:%1:%2:").arg(line).arg(2 + QString::number(row).size() + 1));
            if (badPrice.contains(row))
                expected.append(QStringLiteral("f:%1:").arg(line));
        }
        const QStringList errors = errorsText(report).split(u'\n');
        QCOMPARE(errors.size(), expected.size());
        for (int i = 0; i < errors.size(); ++i)
            QVERIFY2(errors[i].startsWith(expected[i]),
                     qPrintable(errors[i] + " vs " + expected[i]));
        QCOMPARE(fixture.count(QStringLiteral("SELECT count(*) FROM products")), 11995);
        // Sum of i + 0.25 over the good rows, computed here independently.
        double expectedCost = 0;
        for (int i = 1; i <= 12000; ++i)
            if (!badCost.contains(i) && !badPrice.contains(i))
                expectedCost += i + 0.25;
        QCOMPARE(fixture.text(QStringLiteral("SELECT sum(unit_cost) FROM products")).toDouble(),
                 expectedCost);
        QCOMPARE(
            fixture.count(QStringLiteral("SELECT line FROM products WHERE product = 'P11999'")),
            12000);
    }

    void reimportOfKeyedKindUpdatesInPlace() {
        ImportFixture fixture;
        addReferenceData(fixture);
        const QByteArray sales =
            "week,store,product,units,price\n"
            "2024-01-01,S1,A,5,2.0\n2024-01-08,S1,A,6,2.0\n2024-01-08,S1,B,1,3.0\n";
        QVERIFY(
            fixture.import(QStringLiteral("sales.csv"), sales, QStringLiteral("sales")).committed);
        QCOMPARE(fixture.count(QStringLiteral("SELECT count(*) FROM sales")), 3);
        const ImportReport again =
            fixture.import(QStringLiteral("sales.csv"), sales, QStringLiteral("sales"));
        QVERIFY2(again.committed, qPrintable(errorsText(again)));
        QCOMPARE(fixture.count(QStringLiteral("SELECT count(*) FROM sales")), 3);
        QCOMPARE(fixture.count(QStringLiteral("SELECT count(*) FROM imports WHERE kind = 'sales'")),
                 1);
        // A corrected file replaces the values it names.
        QVERIFY(fixture
                    .import(QStringLiteral("fix.csv"),
                            "week,store,product,units\n2024-01-03,S1,A,9\n",
                            QStringLiteral("sales"))
                    .committed);
        QCOMPARE(fixture.count(QStringLiteral("SELECT count(*) FROM sales")), 3);
        QCOMPARE(fixture.count(QStringLiteral(
                     "SELECT units FROM sales WHERE week = '2024-01-01' AND product = 'A'")),
                 9);
        QCOMPARE(fixture.text(QStringLiteral(
                     "SELECT price FROM sales WHERE week = '2024-01-01' AND product = 'A'")),
                 QStringLiteral("2.0"));
    }

    // Layout rows are keyed by category, store and valid_from: re-importing a file updates the
    // rows it wrote; another store or date is another row; a file without those columns is the
    // shared placement since always.
    void layoutPerStoreAndDateReimportsInPlace() {
        ImportFixture fixture;
        QVERIFY(fixture
                    .import(QStringLiteral("zones.csv"),
                            "zone,type,store\nE,entrance,\nZ1,,\nZ2,,\nC,checkout,\nZ9,,S2\n",
                            QStringLiteral("zones"))
                    .committed);
        const QByteArray layout =
            "category,zone,store,valid_from\n"
            "bakery,Z1,,\n"
            "bakery,Z2,S1,2024-06-01\n"
            "bakery,Z1,S1,2024-09-01\n"
            "bakery,Z9,S2,2024-03-01\n";
        const ImportReport first =
            fixture.import(QStringLiteral("layout.csv"), layout, QStringLiteral("layout"));
        QVERIFY2(first.committed && first.errorCount == 0, qPrintable(errorsText(first)));
        QCOMPARE(fixture.count(QStringLiteral("SELECT count(*) FROM layout")), 4);
        QCOMPARE(fixture.text(QStringLiteral("SELECT valid_from FROM layout WHERE store = 'S2'")),
                 QStringLiteral("2024-03-01"));
        const ImportReport again =
            fixture.import(QStringLiteral("layout.csv"), layout, QStringLiteral("layout"));
        QVERIFY2(again.committed && again.errorCount == 0, qPrintable(errorsText(again)));
        QCOMPARE(fixture.count(QStringLiteral("SELECT count(*) FROM layout")), 4);
        // A file without store and valid_from columns updates the shared row.
        QVERIFY(fixture
                    .import(QStringLiteral("shared.csv"), "category,zone\nbakery,Z2\n",
                            QStringLiteral("layout"))
                    .committed);
        QCOMPARE(fixture.count(QStringLiteral("SELECT count(*) FROM layout")), 4);
        QCOMPARE(fixture.text(QStringLiteral("SELECT zone FROM layout WHERE store = ''")),
                 QStringLiteral("Z2"));
        // The same key twice in one file is a duplicate, whether the columns are blank or not.
        const ImportReport twice = fixture.import(
            QStringLiteral("twice.csv"),
            "category,zone,store,valid_from\nbakery,Z1,,\nbakery,Z2,,\n", QStringLiteral("layout"));
        QVERIFY(!twice.committed);
        QVERIFY2(errorsText(twice).contains(
                     QStringLiteral("duplicate category + store + valid_from (first at line 2)")),
                 qPrintable(errorsText(twice)));
    }

    // A layout row or a zone link names a zone of its store's plan (its own zones or the shared
    // ones); any other is an error at its line and column, with the value.
    void layoutZoneMustBeOnTheStoresPlan_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("expected");  // "" = imports
        QTest::newRow("store zone, own store")
            << QStringLiteral("layout") << QByteArray("category,store,zone\nbakery,S2,Z9\n")
            << QString();
        QTest::newRow("shared zone, any store")
            << QStringLiteral("layout") << QByteArray("category,store,zone\nbakery,S7,Z1\n")
            << QString();
        QTest::newRow("another store's zone")
            << QStringLiteral("layout") << QByteArray("category,store,zone\nbakery,S1,Z9\n")
            << QStringLiteral(
                   "f:2:11: unknown zone: not in the project's zones of store S1's floor plan");
        QTest::newRow("store zone in the shared layout")
            << QStringLiteral("layout") << QByteArray("category,store,zone\nbakery,,Z9\n")
            << QStringLiteral(
                   "f:2:9: unknown zone: not in the project's zones of the shared floor plan");
        QTest::newRow("link to another store's zone")
            << QStringLiteral("zone_links") << QByteArray("zone_a,zone_b,store\nZ1,Z9,S1\n")
            << QStringLiteral(
                   "f:2:4: unknown zone_b: not in the project's zones of store S1's floor plan");
        QTest::newRow("link within a store's plan")
            << QStringLiteral("zone_links") << QByteArray("zone_a,zone_b,store\nZ1,Z9,S2\n")
            << QString();
    }

    void layoutZoneMustBeOnTheStoresPlan() {
        QFETCH(QString, kind);
        QFETCH(QByteArray, file);
        QFETCH(QString, expected);
        ImportFixture fixture;
        QVERIFY(fixture
                    .import(QStringLiteral("zones.csv"), "zone,store\nZ1,\nZ9,S2\n",
                            QStringLiteral("zones"))
                    .committed);
        const ImportReport report = fixture.import(QStringLiteral("f.csv"), file, kind);
        if (expected.isEmpty()) {
            QVERIFY2(report.committed && report.errorCount == 0, qPrintable(errorsText(report)));
            return;
        }
        QVERIFY(!report.committed);
        QVERIFY2(errorsText(report).startsWith(expected), qPrintable(errorsText(report)));
        QVERIFY2(errorsText(report).contains(QStringLiteral("(Z9)")),
                 qPrintable(errorsText(report)));
    }

    // --create-missing adds an unknown zone to the plan of the row's store, not to every store's.
    void createMissingAddsTheZoneToTheRowsStore() {
        ImportFixture fixture;
        ImportOptions options;
        options.kind = QStringLiteral("layout");
        options.createMissing = true;
        const ImportReport report =
            fixture.import(QStringLiteral("layout.csv"),
                           "category,zone,store\nbakery,Z8,S1\ndairy,Z1,\n", options);
        QVERIFY2(report.committed && report.errorCount == 0, qPrintable(errorsText(report)));
        QCOMPARE(fixture.text(QStringLiteral("SELECT group_concat(zone || '@' || store, ' ') FROM "
                                             "(SELECT * FROM zones ORDER BY zone)")),
                 QStringLiteral("Z1@ Z8@S1"));
    }

    void reimportOfKeylessKindIsRecognised() {
        ImportFixture fixture;
        // A product may repeat within a basket, so rows have no natural key.
        const QByteArray baskets = "basket,product,quantity\nB1,A,1\nB1,A,1\nB2,B,2\n";
        const ImportReport first =
            fixture.import(QStringLiteral("b.csv"), baskets, QStringLiteral("baskets"));
        QVERIFY(first.committed);
        QCOMPARE(fixture.count(QStringLiteral("SELECT count(*) FROM basket_lines")), 3);
        const ImportReport second =
            fixture.import(QStringLiteral("b.csv"), baskets, QStringLiteral("baskets"));
        QVERIFY(second.committed);
        QVERIFY(!second.replacedImport.isEmpty());
        QCOMPARE(fixture.count(QStringLiteral("SELECT count(*) FROM basket_lines")), 3);
        // A different file adds its rows.
        QVERIFY(fixture
                    .import(QStringLiteral("c.csv"), "basket,product\nB3,A\n",
                            QStringLiteral("baskets"))
                    .committed);
        QCOMPARE(fixture.count(QStringLiteral("SELECT count(*) FROM basket_lines")), 4);
    }

    void basketPerLineFormat() {
        ImportFixture fixture;
        ImportOptions options;
        options.kind = QStringLiteral("baskets");
        options.format = mb::data::FileFormat::BasketPerLine;
        options.mapping[QStringLiteral("item")] = QStringLiteral("category");
        const ImportReport report =
            fixture.import(QStringLiteral("g.csv"),
                           "citrus fruit,semi-finished bread,margarine,ready soups\r\ntropical "
                           "fruit,yogurt,coffee\r\n"
                           "whole milk\r\n\"bottled water\",\"cake bar\"\r\n",
                           options);
        QVERIFY2(report.committed, qPrintable(errorsText(report)));
        QCOMPARE(report.rowsRead, 4);
        QCOMPARE(report.rowsImported, 10);
        QCOMPARE(fixture.count(QStringLiteral("SELECT count(DISTINCT basket) FROM basket_lines")),
                 4);
        QCOMPARE(fixture.count(
                     QStringLiteral("SELECT count(*) FROM basket_lines WHERE category = 'yogurt'")),
                 1);
        QCOMPARE(fixture.count(
                     QStringLiteral("SELECT count(*) FROM basket_lines WHERE product IS NOT NULL")),
                 0);
    }

    void aliasesAndUnmappedColumns() {
        ImportFixture fixture;
        const ImportReport report =
            fixture.import(QStringLiteral("products.csv"),
                           "\"upc_id\",\"description\",\"manufacturer\",\"category\",\"sub_"
                           "category\",\"product_size\"\n"
                           "\"1111009477\",\"PL MINI TWIST PRETZELS\",\"PRIVATE LABEL\",\"BAG "
                           "SNACKS\",\"PRETZELS\",\"15 OZ\"\n",
                           QStringLiteral("products"));
        QVERIFY2(report.committed, qPrintable(errorsText(report)));
        QCOMPARE(report.mapping.at(QStringLiteral("upc_id")), QStringLiteral("product"));
        QCOMPARE(report.mapping.at(QStringLiteral("manufacturer")), QStringLiteral("brand"));
        QCOMPARE(report.unmappedColumns, QStringList{QStringLiteral("product_size")});
        QVERIFY(report.warnings.join(u' ').contains(QStringLiteral("product_size")));
        QCOMPARE(fixture.text(QStringLiteral("SELECT subcategory FROM products")),
                 QStringLiteral("PRETZELS"));
    }

    void explicitMappingWins() {
        ImportFixture fixture;
        ImportOptions options;
        options.kind = QStringLiteral("products");
        options.mapping[QStringLiteral("Artikel")] = QStringLiteral("product");
        options.mapping[QStringLiteral("name")] = QStringLiteral("ignore");
        options.mapping[QStringLiteral("Bezeichnung")] = QStringLiteral("name");
        const ImportReport report = fixture.import(
            QStringLiteral("p.csv"), "Artikel;name;Bezeichnung\nA1;x;K\xc3\xa4se\n", options);
        QVERIFY2(report.committed, qPrintable(errorsText(report)));
        QCOMPARE(report.delimiter, ';');
        QCOMPARE(fixture.text(QStringLiteral("SELECT name FROM products WHERE product = 'A1'")),
                 QString::fromUtf8("K\xc3\xa4se"));
    }

    void mappingToUnknownFieldIsAnError() {
        ImportFixture fixture;
        ImportOptions options;
        options.kind = QStringLiteral("products");
        options.mapping[QStringLiteral("sku")] = QStringLiteral("prodcut");
        const ImportReport report = fixture.import(QStringLiteral("p.csv"), "sku\nA\n", options);
        QVERIFY(!report.committed);
        QVERIFY(report.errors.front().message.contains(QStringLiteral("has no field 'prodcut'")));
    }

    void createMissingReferences() {
        ImportFixture fixture;
        ImportOptions options;
        options.kind = QStringLiteral("sales");
        options.createMissing = true;
        const ImportReport report = fixture.import(
            QStringLiteral("s.csv"),
            "week,store,product,units\n2024-01-01,S1,A,1\n2024-01-01,S2,A,2\n", options);
        QVERIFY2(report.committed, qPrintable(errorsText(report)));
        QCOMPARE(fixture.count(QStringLiteral("SELECT count(*) FROM products")), 1);
        QCOMPARE(fixture.count(QStringLiteral("SELECT count(*) FROM stores")), 2);
    }

    void numberFormats_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("decimalComma");
        QTest::addColumn<char>("thousands");
        QTest::addColumn<double>("expected");
        QTest::newRow("plain") << QByteArray("product,regular_price\nA,1234.5\n") << false << '\0'
                               << 1234.5;
        QTest::newRow("decimal comma, semicolons")
            << QByteArray("product;regular_price\nA;1234,5\n") << true << '\0' << 1234.5;
        QTest::newRow("thousands comma")
            << QByteArray("product,regular_price\nA,\"1,234.5\"\n") << false << ',' << 1234.5;
        QTest::newRow("thousands dot, decimal comma")
            << QByteArray("product;regular_price\nA;1.234,5\n") << true << '.' << 1234.5;
        QTest::newRow("tab separated")
            << QByteArray("product\tregular_price\nA\t7\n") << false << '\0' << 7.0;
        QTest::newRow("NA is missing")
            << QByteArray("product,regular_price\nA,NA\n") << false << '\0' << -1.0;
        QTest::newRow("NULL is missing")
            << QByteArray("product,regular_price\nA,NULL\n") << false << '\0' << -1.0;
    }

    void numberFormats() {
        QFETCH(QByteArray, content);
        QFETCH(bool, decimalComma);
        QFETCH(char, thousands);
        QFETCH(double, expected);
        ImportFixture fixture;
        ImportOptions options;
        options.kind = QStringLiteral("products");
        options.decimalComma = decimalComma;
        options.thousandsSeparator = thousands;
        const ImportReport report = fixture.import(QStringLiteral("p.csv"), content, options);
        QVERIFY2(report.committed, qPrintable(errorsText(report)));
        const QString stored =
            fixture.text(QStringLiteral("SELECT coalesce(regular_price, -1) FROM products"));
        QCOMPARE(stored.toDouble(), expected);
    }

    void dateOrders_data() {
        QTest::addColumn<QByteArray>("dates");
        QTest::addColumn<QString>("dateFormat");
        QTest::addColumn<QString>("first");
        QTest::newRow("iso") << QByteArray("2024-03-05\n2024-03-06\n") << "auto"
                             << "2024-03-05";
        QTest::newRow("d/m/Y detected") << QByteArray("05/03/2024\n13/03/2024\n") << "auto"
                                        << "2024-03-05";
        QTest::newRow("m/d/Y detected") << QByteArray("03/05/2024\n03/13/2024\n") << "auto"
                                        << "2024-03-05";
        QTest::newRow("m/d/Y explicit") << QByteArray("03/05/2024\n03/06/2024\n") << "mdy"
                                        << "2024-03-05";
        QTest::newRow("d.m.Y with time")
            << QByteArray("05.03.2024 10:30\n06.03.2024 11:00\n") << "dmy"
            << "2024-03-05";
    }

    void dateOrders() {
        QFETCH(QByteArray, dates);
        QFETCH(QString, dateFormat);
        QFETCH(QString, first);
        ImportFixture fixture;
        QByteArray content = "customer,signup_date\n";
        int i = 0;
        for (const QByteArray& date : dates.split('\n')) {
            if (!date.isEmpty())
                content += "C" + QByteArray::number(++i) + "," + date + "\n";
        }
        ImportOptions options;
        options.kind = QStringLiteral("customers");
        options.dateFormat = dateFormat;
        const ImportReport report = fixture.import(QStringLiteral("c.csv"), content, options);
        QVERIFY2(report.committed, qPrintable(errorsText(report)));
        QCOMPARE(
            fixture.text(QStringLiteral("SELECT signup_date FROM customers WHERE customer = 'C1'")),
            first);
    }

    void weekIsStoredAsItsMonday() {
        ImportFixture fixture;
        addReferenceData(fixture);
        const ImportReport report = fixture.import(
            QStringLiteral("s.csv"),
            "week_end_date,store_id,upc_id,units\n2024-01-07,S1,A,1\n2024-01-10,S1,A,2\n",
            QStringLiteral("sales"));
        QVERIFY2(report.committed, qPrintable(errorsText(report)));
        QCOMPARE(fixture.text(QStringLiteral(
                     "SELECT group_concat(week, ' ') FROM (SELECT week FROM sales ORDER BY week)")),
                 QStringLiteral("2024-01-01 2024-01-08"));
    }

    void campaignKeepsFeaturesAndOutcomes() {
        ImportFixture fixture;
        ImportOptions options;
        options.kind = QStringLiteral("campaign");
        options.mapping[QStringLiteral("segment")] = QStringLiteral("arm");
        options.controlArm = QStringLiteral("No E-Mail");
        options.outcomes = {QStringLiteral("visit"), QStringLiteral("spend")};
        options.campaign = QStringLiteral("spring");
        const ImportReport report =
            fixture.import(QStringLiteral("h.csv"),
                           "recency,zip_code,segment,visit,spend\n10,Surburban,Womens "
                           "E-Mail,0,0\n6,Rural,No E-Mail,1,29.99\n",
                           options);
        QVERIFY2(report.committed, qPrintable(errorsText(report)));
        QCOMPARE(fixture.count(QStringLiteral(
                     "SELECT count(*) FROM campaign_rows WHERE campaign = 'spring'")),
                 2);
        QCOMPARE(fixture.text(QStringLiteral(
                     "SELECT json_extract(data, '$.zip_code') FROM campaign_rows WHERE line = 2")),
                 QStringLiteral("Surburban"));
        QCOMPARE(fixture.text(QStringLiteral(
                     "SELECT json_extract(data, '$.spend') FROM campaign_rows WHERE line = 3")),
                 QStringLiteral("29.99"));
        QCOMPARE(fixture.text(QStringLiteral("SELECT features FROM campaigns")),
                 QStringLiteral("[\"recency\",\"zip_code\"]"));
        QCOMPARE(fixture.text(QStringLiteral("SELECT control_arm FROM campaigns")),
                 QStringLiteral("No E-Mail"));
        options.controlArm = QStringLiteral("Nobody");
        const ImportReport nobody =
            fixture.import(QStringLiteral("h2.csv"), "segment,visit,spend\nA,0,0\n", options);
        QVERIFY(!nobody.committed);
        QVERIFY2(nobody.errorCount == 1, qPrintable(errorsText(nobody)));
        QVERIFY(
            nobody.errors.front().message.contains(QStringLiteral("no row has the control arm")));
    }

    void unterminatedQuoteRejectsFile() {
        ImportFixture fixture;
        const ImportReport report =
            fixture.import(QStringLiteral("p.csv"), "product,name\nA,ok\nB,\"never closed\nC,x\n",
                           QStringLiteral("products"));
        QVERIFY(!report.committed);
        QCOMPARE(report.errors.back().line, 3);
        QCOMPARE(report.errors.back().column, 3);
        QCOMPARE(fixture.count(QStringLiteral("SELECT count(*) FROM products")), 0);
    }

    void latin1FileIsConvertedAndLocated() {
        ImportFixture fixture;
        ImportOptions options;
        options.kind = QStringLiteral("products");
        options.encoding = QStringLiteral("ISO-8859-1");
        const ImportReport bad = fixture.import(
            QStringLiteral("l.csv"), "product,name,unit_cost\nA,Cr\xe8me \xa3,abc\n", options);
        QVERIFY(!bad.committed);
        QCOMPARE(bad.errors.front().line, 2);
        QCOMPARE(bad.errors.front().column, 11);
        const ImportReport good =
            fixture.import(QStringLiteral("m.csv"), "product,name\nA,Cr\xe8me \xa3\n", options);
        QVERIFY2(good.committed, qPrintable(errorsText(good)));
        QCOMPARE(fixture.text(QStringLiteral("SELECT name FROM products")),
                 QString::fromUtf8("Cr\xc3\xa8me \xc2\xa3"));
    }

    void emptyFileIsAnError() {
        ImportFixture fixture;
        const ImportReport report =
            fixture.import(QStringLiteral("e.csv"), "", QStringLiteral("stores"));
        QVERIFY(!report.committed);
        QVERIFY(report.errors.front().message.contains(QStringLiteral("empty")));
    }
};

QTEST_GUILESS_MAIN(TestImporter)
#include "tst_importer.moc"
