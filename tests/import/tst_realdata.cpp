// Real public retail files (../shared/datasets), imported as a user would: merchbench-cli import
// with the column mapping. Row counts are the ones the datasets' README gives, or counted here
// independently from the raw file. Skipped, with a message, when the folder is absent.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestRealData : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString project_;
    QString shared_ = QStringLiteral(MERCHBENCH_SHARED_DATASETS);

    QJsonObject runImport(const QStringList& arguments) {
        QProcess process;
        QStringList all{QStringLiteral("import"), project_};
        all << arguments << QStringLiteral("--json");
        process.start(QStringLiteral(MERCHBENCH_CLI_PATH), all);
        if (!process.waitForFinished(300000))
            qFatal("merchbench-cli did not finish");
        const QJsonObject report =
            QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        if (process.exitCode() != 0) {
            qWarning() << process.readAllStandardError() << report.value(QStringLiteral("errors"));
        }
        return report;
    }

    QString data(const QString& relative) const { return shared_ + QLatin1Char('/') + relative; }

    static qint64 dataLines(const QString& path) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return -1;
        qint64 lines = 0;
        while (!file.atEnd()) {
            if (!file.readLine().trimmed().isEmpty())
                ++lines;
        }
        return lines - 1;  // the header
    }

private Q_SLOTS:
    void initTestCase() {
        if (!QDir(shared_).exists()) {
            QSKIP(qPrintable(
                QStringLiteral("the public datasets are not at %1; real-data tests skipped")
                    .arg(shared_)));
        }
        project_ = dir_.filePath(QStringLiteral("real.merchbench"));
    }

    void dunnhumbyCatalogue() {
        QJsonObject products = runImport({data(QStringLiteral("dunnhumby-frat/products.csv")),
                                          QStringLiteral("--kind"), QStringLiteral("products")});
        QCOMPARE(products.value(QStringLiteral("rows_imported")).toInteger(), 58);
        QVERIFY(products.value(QStringLiteral("unmapped_columns"))
                    .toArray()
                    .contains(QStringLiteral("volume_ml")));
        QJsonObject stores = runImport({data(QStringLiteral("dunnhumby-frat/stores.csv")),
                                        QStringLiteral("--kind"), QStringLiteral("stores")});
        QCOMPARE(stores.value(QStringLiteral("rows_imported")).toInteger(), 77);
    }

    void dunnhumbyWeeklySales() {
        if (qEnvironmentVariableIsSet("MERCHBENCH_QUICK"))
            QSKIP("MERCHBENCH_QUICK: large file skipped");
        QJsonObject sales = runImport({data(QStringLiteral("dunnhumby-frat/weekly_sales.csv.gz")),
                                       QStringLiteral("--kind"), QStringLiteral("sales")});
        QCOMPARE(sales.value(QStringLiteral("rows_read")).toInteger(), 524950);
        QCOMPARE(sales.value(QStringLiteral("rows_imported")).toInteger(), 524950);
        QCOMPARE(sales.value(QStringLiteral("mapping"))
                     .toObject()
                     .value(QStringLiteral("base_price"))
                     .toString(),
                 QStringLiteral("regular_price"));
        QCOMPARE(sales.value(QStringLiteral("mapping"))
                     .toObject()
                     .value(QStringLiteral("spend"))
                     .toString(),
                 QStringLiteral("revenue"));
    }

    void dominicksOrangeJuice() {
        // No store or date columns: one store for all rows, and the row number as the week number.
        QJsonObject oj = runImport(
            {data(QStringLiteral("dominicks-oj/oj.csv")), QStringLiteral("--kind"),
             QStringLiteral("sales"), QStringLiteral("--map"), QStringLiteral("No=week"),
             QStringLiteral("--map"), QStringLiteral("brand=product"), QStringLiteral("--map"),
             QStringLiteral("sales=units"), QStringLiteral("--set"),
             QStringLiteral("store=dominicks"), QStringLiteral("--create-missing")});
        QCOMPARE(oj.value(QStringLiteral("rows_imported")).toInteger(), 28947);
    }

    void hillstromCampaign() {
        QJsonObject campaign = runImport(
            {data(QStringLiteral("hillstrom/hillstrom.csv")), QStringLiteral("--kind"),
             QStringLiteral("campaign"), QStringLiteral("--map"), QStringLiteral("segment=arm"),
             QStringLiteral("--control"), QStringLiteral("No E-Mail"), QStringLiteral("--outcome"),
             QStringLiteral("visit"), QStringLiteral("--outcome"), QStringLiteral("conversion"),
             QStringLiteral("--outcome"), QStringLiteral("spend"), QStringLiteral("--campaign"),
             QStringLiteral("hillstrom")});
        QCOMPARE(campaign.value(QStringLiteral("rows_imported")).toInteger(), 64000);
    }

    void onlineRetailInvoicesAsBaskets() {
        if (qEnvironmentVariableIsSet("MERCHBENCH_QUICK"))
            QSKIP("MERCHBENCH_QUICK: large file skipped");
        QJsonObject retail =
            runImport({data(QStringLiteral("uci-online-retail/online_retail.csv.gz")),
                       QStringLiteral("--kind"), QStringLiteral("baskets")});
        QCOMPARE(retail.value(QStringLiteral("rows_imported")).toInteger(), 541909);
        const QJsonObject mapping = retail.value(QStringLiteral("mapping")).toObject();
        QCOMPARE(mapping.value(QStringLiteral("InvoiceNo")).toString(), QStringLiteral("basket"));
        QCOMPARE(mapping.value(QStringLiteral("StockCode")).toString(), QStringLiteral("product"));
        QCOMPARE(mapping.value(QStringLiteral("CustomerID")).toString(),
                 QStringLiteral("customer"));
    }

    void groceriesOneBasketPerLine() {
        QJsonObject groceries = runImport(
            {data(QStringLiteral("groceries/groceries.csv")), QStringLiteral("--kind"),
             QStringLiteral("baskets"), QStringLiteral("--format"), QStringLiteral("lines"),
             QStringLiteral("--map"), QStringLiteral("item=category")});
        QCOMPARE(groceries.value(QStringLiteral("rows_read")).toInteger(), 9835);
        // arules' summary(Groceries): 9835 transactions x 169 items at density 0.02609146.
        QCOMPARE(groceries.value(QStringLiteral("rows_imported")).toInteger(), 43367);
    }

    void supermarketPaths_data() {
        QTest::addColumn<QString>("day");
        for (const char* day : {"monday", "tuesday", "wednesday", "thursday", "friday"}) {
            QTest::newRow(day) << QString::fromLatin1(day);
        }
    }

    void supermarketPaths() {
        QFETCH(QString, day);
        const QString file = data(QStringLiteral("supermarket-paths/%1.csv").arg(day));
        QJsonObject paths = runImport({file, QStringLiteral("--kind"), QStringLiteral("paths"),
                                       QStringLiteral("--create-missing")});
        QCOMPARE(paths.value(QStringLiteral("delimiter")).toString(), QStringLiteral(";"));
        QCOMPARE(paths.value(QStringLiteral("rows_imported")).toInteger(), dataLines(file));
    }
};

QTEST_GUILESS_MAIN(TestRealData)
#include "tst_realdata.moc"
