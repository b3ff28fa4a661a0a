// merchbench-cli rules and affinity as a user runs them: exit codes, --json fields, CSV header,
// formula-injection-safe fields, long files and the Groceries counts.
#include "CliRun.h"

#include <sys/resource.h>
#include <QFile>
#include <QJsonArray>
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

    // A category-level run of rules or affinity that keeps every rule or pair of these tiny files.
    static QStringList categoryRun(const char* command, const QString& input, const QString& out) {
        QStringList arguments{command, input, "--level", "category", "--out", out};
        if (QLatin1String(command) == QLatin1String("rules"))
            return arguments << "--min-support"
                             << "0.1"
                             << "--min-confidence"
                             << "0.1";
        return arguments << "--min-baskets"
                         << "1";
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
        // An output folder that does not exist is refused before any work, as a usage error.
        QTest::newRow("unwritable out")
            << QStringList{"affinity", lines_, "--out", "/nonexistent/dir/o.csv"} << 1;
        QTest::newRow("memory limit not a size")
            << QStringList{"affinity", lines_, "--memory-limit", "lots", "--out", out} << 1;
        QTest::newRow("memory limit zero") << QStringList{"rules",
                                                          lines_,
                                                          "--min-support",
                                                          "0.1",
                                                          "--min-confidence",
                                                          "0.5",
                                                          "--memory-limit",
                                                          "0",
                                                          "--out",
                                                          out}
                                           << 1;
        QTest::newRow("min-baskets zero")
            << QStringList{"affinity", lines_, "--min-baskets", "0", "--out", out} << 1;
        QTest::newRow("bad quantity")
            << QStringList{"rules",
                           write(QStringLiteral("badqty.csv"), "basket,product,qty\n1,A,x\n"),
                           "--min-support",
                           "0.1",
                           "--min-confidence",
                           "0.5",
                           "--out",
                           out}
            << 2;
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
        const mbtest::CliRun result =
            mbtest::runCli({"affinity", lines_, "--min-baskets", "1", "--out", out, "--json"});
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
        const mbtest::CliRun result =
            mbtest::runCli({"affinity", input, "--min-baskets", "1", "--out", out, "--json"});
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
                const mbtest::CliRun run = mbtest::runCli(categoryRun(command, input, out));
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

    // Category level where only some lines have a category (of their own or their product's):
    // the others are left out, and the planner is told how many lines and baskets, and how to
    // supply them, in the text output and the --json warnings. B2 has no categorised line.
    void categoryLevelWithSomeCategoriesWarns() {
        const QString file = write(QStringLiteral("some-categories.csv"),
                                   "basket,product,category\nB1,X,dairy\nB1,Y,\nB2,Y,\nB2,Z,\n"
                                   "B3,X,dairy\nB3,W,bakery\n");
        const QString lines = write(QStringLiteral("some-categories-lines.csv"),
                                    "basket,product\nB1,X\nB1,Y\nB2,Y\nB2,Z\nB3,X\nB3,W\n");
        const QString products = write(QStringLiteral("some-categories-products.csv"),
                                       "product,category\nX,dairy\nW,bakery\nY,\nZ,\n");
        const QString project = dir_.filePath(QStringLiteral("some-categories.merchbench"));
        for (const QStringList& import :
             {QStringList{"import", project, lines, "--kind", "baskets"},
              QStringList{"import", project, products, "--kind", "products"}}) {
            const mbtest::CliRun imported = mbtest::runCli(import);
            QVERIFY2(imported.exitCode == 0, imported.err.constData());
        }
        const QString out = dir_.filePath(QStringLiteral("some-categories-out.csv"));
        for (const QString& input : {file, project}) {
            for (const char* command : {"rules", "affinity"}) {
                QStringList arguments = categoryRun(command, input, out);
                const QString expected =
                    input + QStringLiteral(
                                ": 3 of 6 lines have no category, of their own or "
                                "their product's (or no basket) and are left out, and "
                                "with them 1 baskets that had no other line: give the "
                                "basket lines a category column, or import products "
                                "with a category column (kind products)");
                const mbtest::CliRun text = mbtest::runCli(arguments);
                QVERIFY2(text.exitCode == 0, text.err.constData());
                QVERIFY2(
                    QString::fromUtf8(text.err).contains(QStringLiteral("warning: ") + expected),
                    text.err.constData());
                const mbtest::CliRun json = mbtest::runCli(arguments << "--json");
                QVERIFY2(json.exitCode == 0, json.err.constData());
                const QJsonObject summary = json.json();
                QCOMPARE(summary.value("transactions").toInt(), 2);
                QCOMPARE(summary.value("skipped_lines").toInt(), 3);
                QCOMPARE(summary.value("skipped_baskets").toInt(), 1);
                const QJsonArray warnings = summary.value("warnings").toArray();
                QCOMPARE(warnings.size(), 1);
                QVERIFY2(warnings.at(0).toString().startsWith(expected),
                         qPrintable(warnings.at(0).toString()));
            }
        }
        // Every line has a product: the product level leaves nothing out and says nothing.
        const mbtest::CliRun productLevel =
            mbtest::runCli({"affinity", project, "--out", out, "--json"});
        QCOMPARE(productLevel.exitCode, 0);
        QVERIFY(productLevel.json().value("warnings").toArray().isEmpty());
        QVERIFY2(productLevel.err.isEmpty(), productLevel.err.constData());
    }

    // The default floor: pairs seen together in fewer than 10 baskets are left out and counted,
    // in the summary and in the text output. a+b in 10 baskets, a+c in 9, b+c in 1.
    void affinityDefaultFloor() {
        QByteArray content;
        for (int i = 0; i < 10; ++i)
            content += "a,b\n";
        for (int i = 0; i < 9; ++i)
            content += "a,c\n";
        content += "b,c\n";
        const QString input = write(QStringLiteral("floor.csv"), content);
        const QString out = dir_.filePath(QStringLiteral("floor-pairs.csv"));
        const mbtest::CliRun json = mbtest::runCli({"affinity", input, "--out", out, "--json"});
        QCOMPARE(json.exitCode, 0);
        QCOMPARE(json.json().value("pairs").toInt(), 1);
        QCOMPARE(json.json().value("pairs_below_min_baskets").toInt(), 2);
        QCOMPARE(json.json().value("min_baskets").toInt(), 10);
        QVERIFY(readAll(out).split('\n').at(1).startsWith("a,b,19,11,10,"));
        const mbtest::CliRun text = mbtest::runCli({"affinity", input, "--out", out});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("2 pairs seen together in fewer than 10 baskets left out "
                                   "(--min-baskets 1 lists them)"),
                 text.out.constData());
        const mbtest::CliRun help = mbtest::runCli({"affinity", "--help"});
        QVERIFY(QString::fromUtf8(help.out).simplified().contains(
            QStringLiteral("the larger of 10 and 0.1% of the baskets")));
    }

    // UCI Online Retail as planners run it: invoices as baskets at product level. Only the
    // 20,728 invoices with a bought line are transactions; at 0.001 mining passes a 256 MB
    // limit and stops with exit 2, a message saying how far it got, and no output file; the
    // same command at 0.01 gives the same CSV, byte for byte, under a small and the default
    // budget.
    void uciOnlineRetail() {
        const QString path = QStringLiteral(MERCHBENCH_SHARED_DATASETS) +
                             QStringLiteral("/uci-online-retail/online_retail.csv.gz");
        if (!QFile::exists(path))
            QSKIP(qPrintable(QStringLiteral("dataset absent: %1").arg(path)));
        const QString stopped = dir_.filePath(QStringLiteral("uci-0.001.csv"));
        const mbtest::CliRun big =
            mbtest::runCli({"rules", path, "--min-support", "0.001", "--min-confidence", "0.5",
                            "--memory-limit", "256M", "--out", stopped});
        QCOMPARE(big.exitCode, 2);
        QVERIFY2(big.err.startsWith("rules: stopped at the 256 MB memory limit after "),
                 big.err.constData());
        QVERIFY2(big.err.contains("at support 0.001 (21 of 20,728 baskets) the itemsets do not "
                                  "fit. Raise --min-support, lower --max-len (now 10), use "
                                  "--level category, or allow more with --memory-limit."),
                 big.err.constData());
        QVERIFY(!QFile::exists(stopped));

        QByteArray csv[2];
        const char* limits[2] = {"64M", nullptr};
        for (int run = 0; run < 2; ++run) {
            const QString out = dir_.filePath(QStringLiteral("uci-0.01-%1.csv").arg(run));
            QStringList arguments{"rules", path, "--min-support", "0.01", "--min-confidence", "0.5",
                                  "--out", out,  "--json"};
            if (limits[run])
                arguments << "--memory-limit" << QString::fromLatin1(limits[run]);
            const mbtest::CliRun result = mbtest::runCli(arguments);
            QCOMPARE(result.exitCode, 0);
            const QJsonObject json = result.json();
            QCOMPARE(json.value("transactions").toInt(), 20728);
            QCOMPARE(json.value("return_lines").toInt(), 10624);
            QCOMPARE(json.value("return_baskets").toInt(), 25900 - 20728);
            QCOMPARE(json.value("rules").toInt(), 775);
            QVERIFY(json.value("memory_peak").toDouble() <= json.value("memory_limit").toDouble());
            csv[run] = readAll(out);
        }
        QVERIFY(csv[0].size() > 1000);
        QCOMPARE(csv[0], csv[1]);
    }

    // affinity's default floor on the real data: the larger of 10 and 0.1% of the baskets, so
    // UCI's list fits a spreadsheet (at most 1,048,576 rows) while Groceries keeps 10; the pairs
    // left out are counted exactly (listed and left out make every pair --min-baskets 1 lists).
    void affinityDefaultFloorOnRealData_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("format");
        QTest::addColumn<int>("floor");
        QTest::newRow("UCI Online Retail")
            << QStringLiteral("/uci-online-retail/online_retail.csv.gz") << QStringList{} << 21;
        QTest::newRow("Groceries")
            << QStringLiteral("/groceries/groceries.csv") << QStringList{"--format", "lines"} << 10;
    }
    void affinityDefaultFloorOnRealData() {
        QFETCH(QString, file);
        QFETCH(QStringList, format);
        QFETCH(int, floor);
        const QString path = QStringLiteral(MERCHBENCH_SHARED_DATASETS) + file;
        if (!QFile::exists(path))
            QSKIP(qPrintable(QStringLiteral("dataset absent: %1").arg(path)));
        const QString out = dir_.filePath(QStringLiteral("real-pairs.csv"));
        const mbtest::CliRun byDefault =
            mbtest::runCli(QStringList{"affinity", path, "--out", out, "--json"} + format);
        QVERIFY2(byDefault.exitCode == 0, byDefault.err.constData());
        const QJsonObject json = byDefault.json();
        QCOMPARE(json.value("min_baskets").toInt(), floor);
        const int pairs = json.value("pairs").toInt();
        QVERIFY(pairs > 0);
        QCOMPARE(readAll(out).count('\n'), pairs + 1);
        QVERIFY(pairs + 1 <= 1048576);
        const mbtest::CliRun all =
            mbtest::runCli(QStringList{"affinity", path, "--min-baskets", "1", "--min-support", "0",
                                       "--out", out, "--json"} +
                           format);
        QVERIFY2(all.exitCode == 0, all.err.constData());
        QCOMPARE(all.json().value("pairs_below_min_baskets").toInt(), 0);
        QCOMPARE(qint64(pairs) + json.value("pairs_below_min_baskets").toInteger(),
                 all.json().value("pairs").toInteger());
    }

    // When the system refuses memory before the budget is reached (here an address-space limit
    // of 512 MB under a budget of 100 GB), the command still ends with exit 2 and a message, never
    // an abort. Dense baskets: every line holds 20 of 30 items, so itemsets grow without end.
    void outOfMemoryIsAnError() {
#ifdef MERCHBENCH_SANITIZED
        QSKIP(
            "a sanitizer's shadow memory does not fit a 512 MB address-space limit; the "
            "Release build runs this case");
#endif
        QByteArray content;
        for (int line = 0; line < 2000; ++line) {
            QByteArrayList items;
            for (int item = 0; item < 30; ++item) {
                if ((item * 7 + line * 13) % 30 < 20)
                    items << "i" + QByteArray::number(item);
            }
            content += items.join(',') + '\n';
        }
        const QString input = write(QStringLiteral("dense.csv"), content);
        const QString out = dir_.filePath(QStringLiteral("dense-rules.csv"));
        QProcess process;
        process.setChildProcessModifier([] {
            const rlimit limit{rlim_t(512) << 20, rlim_t(512) << 20};
            setrlimit(RLIMIT_AS, &limit);
        });
        process.start(QStringLiteral(MERCHBENCH_CLI_PATH),
                      {"rules", input, "--min-support", "0.01", "--min-confidence", "0.5",
                       "--memory-limit", "100G", "--out", out});
        QVERIFY(process.waitForFinished(120000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 2);
        const QByteArray err = process.readAllStandardError();
        QVERIFY2(err.startsWith("merchbench-cli rules: out of memory: the system refused more "
                                "memory before the analysis finished."),
                 err.constData());
        QVERIFY(!QFile::exists(out));
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
