// merchbench-cli rules and affinity as a user runs them: exit codes, --json fields, CSV header,
// formula-injection-safe fields, long files and the Groceries counts.
#include "CliRun.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace

class TestRulesCli : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString lines_;  // a small one-basket-per-line file with hostile item names

    QString write(const QString& name, const QByteArray& content) {
        QFile file(dir_.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write");
        file.write(content);
        return file.fileName();
    }

private Q_SLOTS:
    void initTestCase() {
        lines_ = write(QStringLiteral("baskets.csv"),
                       "=cmd,milk,bread\n+sum,milk\n-x,bread,milk\n@at,milk,bread\nmilk,bread\n"
                       "\"tab\tstart\",bread\n");
    }

    void exitCodes_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        const QString out = dir_.filePath(QStringLiteral("o.csv"));
        for (const char* command : {"rules", "affinity"})
            QTest::newRow(command) << QStringList{QString::fromLatin1(command), "--help"} << 0;
        QTest::newRow("rules without thresholds")
            << QStringList{"rules", lines_, "--out", out} << 1;
        QTest::newRow("rules support above 1")
            << QStringList{"rules", lines_, "--min-support", "1.5", "--min-confidence", "0.5",
                           "--out", out}
            << 1;
        QTest::newRow("rules bad max-len")
            << QStringList{"rules", lines_,      "--min-support", "0.1",   "--min-confidence",
                           "0.5",   "--max-len", "2.5",           "--out", out}
            << 1;
        QTest::newRow("rules bad level")
            << QStringList{"rules", lines_,    "--min-support", "0.1",   "--min-confidence",
                           "0.5",   "--level", "aisle",         "--out", out}
            << 1;
        QTest::newRow("affinity without out") << QStringList{"affinity", lines_} << 1;
        QTest::newRow("affinity missing file")
            << QStringList{"affinity", "/nonexistent/b.csv", "--out", out} << 2;
        QTest::newRow("rules missing project") << QStringList{"rules",
                                                              "/nonexistent/p.merchbench",
                                                              "--min-support",
                                                              "0.1",
                                                              "--min-confidence",
                                                              "0.5",
                                                              "--out",
                                                              out}
                                               << 2;
        QTest::newRow("category level of a lines file")
            << QStringList{"affinity", lines_, "--level", "category", "--out", out} << 2;
        QTest::newRow("unwritable out")
            << QStringList{"affinity", lines_, "--out", "/nonexistent/dir/o.csv"} << 2;
    }
    void exitCodes() {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        const mbtest::CliRun result = mbtest::runCli(arguments);
        QCOMPARE(result.exitCode, exitCode);
        if (exitCode == 2)
            QVERIFY(!result.err.isEmpty());
    }

    void rulesJsonAndCsv() {
        const QString out = dir_.filePath(QStringLiteral("rules.csv"));
        const mbtest::CliRun result =
            mbtest::runCli({"rules", lines_, "--min-support", "0.1", "--min-confidence", "0.1",
                            "--out", out, "--json"});
        QCOMPARE(result.exitCode, 0);
        const QJsonObject json = result.json();
        QCOMPARE(json.value("transactions").toInt(), 6);
        QCOMPARE(json.value("items").toInt(), 7);
        QVERIFY(json.contains("itemsets"));
        const QByteArray csv = readAll(out);
        const QList<QByteArray> rows = csv.split('\n');
        QCOMPARE(rows.first().trimmed(),
                 QByteArray("antecedent,consequent,support,confidence,coverage,lift,count,"
                            "leverage,conviction"));
        // Data rows (the last split piece is empty after the final CRLF).
        QCOMPARE(json.value("rules").toInt(), rows.size() - 2);
        QVERIFY(csv.contains("{milk}"));
    }

    void formulaInjection_data() {
        QTest::addColumn<QByteArray>("field");
        QTest::newRow("=") << QByteArray("\"'=cmd\"");
        QTest::newRow("+") << QByteArray("\"'+sum\"");
        QTest::newRow("-") << QByteArray("\"'-x\"");
        QTest::newRow("@") << QByteArray("\"'@at\"");
    }
    void formulaInjection() {
        QFETCH(QByteArray, field);
        const QString out = dir_.filePath(QStringLiteral("pairs.csv"));
        const mbtest::CliRun result = mbtest::runCli({"affinity", lines_, "--out", out, "--json"});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.json().value("pairs").toInt() > 0);
        const QByteArray csv = readAll(out);
        QVERIFY2(csv.contains(field), csv.constData());
    }

    void affinityLongFile() {
        const QString input = write(QStringLiteral("long.csv"),
                                    "InvoiceNo,StockCode,Description\n1,A,x\n1,B,y\n2,A,x\n"
                                    "2,B,y\n3,A,x\n4,C,z\n");
        const QString out = dir_.filePath(QStringLiteral("long-pairs.csv"));
        const mbtest::CliRun result = mbtest::runCli({"affinity", input, "--out", out, "--json"});
        QCOMPARE(result.exitCode, 0);
        const QJsonObject json = result.json();
        QCOMPARE(json.value("format").toString(), QStringLiteral("long"));
        QCOMPARE(json.value("transactions").toInt(), 4);
        QCOMPARE(json.value("pairs").toInt(), 1);  // only A with B is ever bought together
        const QList<QByteArray> rows = readAll(out).split('\n');
        QVERIFY(rows.first().startsWith("item_a,item_b,baskets_a,baskets_b,baskets_both,support"));
        QVERIFY(rows.first().trimmed().endsWith("chi_squared_p,fisher_p"));
        QVERIFY(rows.at(1).startsWith("A,B,3,2,2,0.5,"));
    }

    // Category level on data without categories: an error naming what to supply, never
    // "0 baskets" with exit 0; the product level of the same data still works.
    void categoryLevelWithoutCategoriesIsAnError() {
        const QByteArray baskets = "basket,product,category\nB1,X,\nB1,Y,\nB2,X,\nB2,Y,\nB3,Y,\n";
        const QString file = write(QStringLiteral("no-categories.csv"), baskets);
        const QString project = dir_.filePath(QStringLiteral("no-categories.merchbench"));
        const mbtest::CliRun imported =
            mbtest::runCli({"import", project, file, "--kind", "baskets"});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        const QString out = dir_.filePath(QStringLiteral("category-out.csv"));
        for (const QString& input : {file, project}) {
            for (const char* command : {"rules", "affinity"}) {
                QStringList arguments{command, input, "--level", "category", "--out", out};
                if (QLatin1String(command) == QLatin1String("rules"))
                    arguments << "--min-support"
                              << "0.1"
                              << "--min-confidence"
                              << "0.1";
                const mbtest::CliRun run = mbtest::runCli(arguments);
                QCOMPARE(run.exitCode, 2);
                QVERIFY2(run.err.contains("no basket line has a category") &&
                             run.err.contains("--level product"),
                         run.err.constData());
                QVERIFY(!QFile::exists(out));
            }
        }
        const mbtest::CliRun products =
            mbtest::runCli({"affinity", project, "--level", "product", "--out", out, "--json"});
        QCOMPARE(products.exitCode, 0);
        QCOMPARE(products.json().value("transactions").toInt(), 3);
    }

    void groceries() {
        const QString path =
            QStringLiteral(MERCHBENCH_SHARED_DATASETS) + QStringLiteral("/groceries/groceries.csv");
        if (!QFile::exists(path))
            QSKIP(qPrintable(QStringLiteral("dataset absent: %1").arg(path)));
        const QString out = dir_.filePath(QStringLiteral("groceries.csv"));
        const mbtest::CliRun result =
            mbtest::runCli({"rules", path, "--format", "lines", "--min-support", "0.001",
                            "--min-confidence", "0.8", "--out", out, "--json"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.json().value("transactions").toInt(), 9835);
        QCOMPARE(result.json().value("items").toInt(), 169);
        QCOMPARE(result.json().value("rules").toInt(), 410);  // apriori(Groceries, 0.001, 0.8)
    }
};

QTEST_GUILESS_MAIN(TestRulesCli)
#include "tst_rules_cli.moc"
