// merchbench-cli uplift-eval and allocate as a user runs them: exit codes, error locations,
// JSON fields, the offer list's contents and its safety in a spreadsheet.
#include "CliRun.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QStringList campaignColumns{QStringLiteral("--treatment-col"),   QStringLiteral("arm"),
                                  QStringLiteral("--treatment-value"), QStringLiteral("t"),
                                  QStringLiteral("--control-value"),   QStringLiteral("c"),
                                  QStringLiteral("--outcome-col"),     QStringLiteral("y"),
                                  QStringLiteral("--score-col"),       QStringLiteral("s")};

}  // namespace

class TestTargetingCli : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    QString write(const QString& name, const QByteArray& content) {
        QFile file(dir_.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write");
        file.write(content);
        return file.fileName();
    }

    QByteArray read(const QString& path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private Q_SLOTS:
    void exitCodes_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("message");
        const QString good = write("good.csv", "arm,y,s\nc,0,0.1\nt,1,0.3\nc,2,0.9\n");
        const QString badScore = write("bad.csv", "arm,y,s\nc,0,0.1\nt,1,abc\n");
        const QString effects = write("e.csv", "customer,offer,effect,cost\nA,x,1,1\n");
        const QString badCost = write("ec.csv", "customer,offer,effect,cost\nA,x,1,1\nB,x,2,-3\n");
        const QString twice = write("e2.csv", "customer,offer,effect,cost\nA,x,1,1\nA,x,2,1\n");
        const QString out = dir_.filePath("out.csv");
        QTest::newRow("uplift-eval help")
            << QStringList{"uplift-eval", "--help"} << 0 << QByteArray();
        QTest::newRow("allocate help") << QStringList{"allocate", "--help"} << 0 << QByteArray();
        QTest::newRow("uplift-eval without columns")
            << QStringList{"uplift-eval", good} << 1 << QByteArray("--treatment-col");
        QTest::newRow("uplift-eval bad k")
            << (QStringList{"uplift-eval", good} + campaignColumns + QStringList{"--k", "-1"}) << 1
            << QByteArray("--k");
        QTest::newRow("uplift-eval bad strategy")
            << (QStringList{"uplift-eval", good} + campaignColumns +
                QStringList{"--strategy", "best"})
            << 1 << QByteArray("--strategy");
        QTest::newRow("uplift-eval bad score")
            << (QStringList{"uplift-eval", badScore} + campaignColumns) << 2
            << (badScore + ":3:5: score is not a number (abc)").toUtf8();
        QTest::newRow("uplift-eval missing column")
            << (QStringList{"uplift-eval", good, "--treatment-col", "group", "--treatment-value",
                            "t", "--control-value", "c", "--outcome-col", "y", "--score-col", "s"})
            << 2 << (good + ":1:1: missing column (group)").toUtf8();
        QTest::newRow("uplift-eval missing file")
            << (QStringList{"uplift-eval", "/nonexistent.csv"} + campaignColumns) << 2
            << QByteArray("/nonexistent.csv");
        QTest::newRow("allocate without budget")
            << QStringList{"allocate", effects, "--out", out} << 1 << QByteArray("--budget");
        QTest::newRow("allocate bad capacity")
            << QStringList{"allocate", effects, "--budget", "5", "--out", out, "--capacity", "x"}
            << 1 << QByteArray("--capacity");
        QTest::newRow("allocate negative cost")
            << QStringList{"allocate", badCost, "--budget", "5", "--out", out} << 2
            << (badCost + ":3:7: cost is negative (-3)").toUtf8();
        QTest::newRow("allocate repeated pair")
            << QStringList{"allocate", twice, "--budget", "5", "--out", out} << 2
            << (twice + ":3:3: this customer already has a row for this offer (x)").toUtf8();
    }
    void exitCodes() {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, message);
        const mbtest::CliRun result = mbtest::runCli(arguments);
        QCOMPARE(result.exitCode, exitCode);
        if (exitCode == 0)
            QVERIFY(result.out.contains("Usage"));
        else
            QVERIFY2(result.err.contains(message), result.err.constData());
    }

    // sklift's test_qini_auc_score / test_uplift_auc_score case y = [0, 1, 2],
    // uplift = [0.1, 0.3, 0.9], treatment = [0, 1, 0]: qini -0.5, uplift -4/3.
    void upliftEvalJson_data() {
        QTest::addColumn<QByteArray>("rows");
        QTest::addColumn<double>("qini");
        QTest::addColumn<double>("uplift");
        QTest::newRow("sklift case 5")
            << QByteArray("c,0,0.1\nt,1,0.3\nc,2,0.9\nother,9,9\n") << -0.5 << -4.0 / 3.0;
        QTest::newRow("sklift case 6")
            << QByteArray("t,0,0.1\nc,1,0.3\nt,2,0.9\n") << 0.75 << 4.0 / 3.0;
    }
    void upliftEvalJson() {
        QFETCH(QByteArray, rows);
        QFETCH(double, qini);
        QFETCH(double, uplift);
        const QString file = write("campaign.csv", "arm,y,s\n" + rows);
        const mbtest::CliRun result = mbtest::runCli(
            QStringList{"uplift-eval", file} + campaignColumns +
            QStringList{"--k", "1", "--json", "--curves", "--bootstrap", "20", "--seed", "4"});
        QCOMPARE(result.exitCode, 0);
        const QJsonObject json = result.json();
        QVERIFY(qAbs(json.value("qini_auc").toDouble() - qini) < 1e-9);
        QVERIFY(qAbs(json.value("uplift_auc").toDouble() - uplift) < 1e-9);
        for (const char* key : {"uplift_at_k", "ate", "ate_se", "n_treatment", "n_control",
                                "qini_curve", "uplift_curve", "bootstrap"})
            QVERIFY2(json.contains(QLatin1String(key)), key);
        QCOMPARE(json.value("n_treatment").toInt() + json.value("n_control").toInt(), 3);
        QCOMPARE(json.value("ignored_rows").toInt(), rows.count("other"));
        QCOMPARE(json.value("qini_curve").toObject().value("x").toArray().size(), 4);
        const mbtest::CliRun again = mbtest::runCli(
            QStringList{"uplift-eval", file} + campaignColumns +
            QStringList{"--k", "1", "--json", "--curves", "--bootstrap", "20", "--seed", "4"});
        QCOMPARE(again.out, result.out);
    }

    void allocate_data() {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("method");
        QTest::newRow("budget") << QStringList{"--budget", "6"} << "convex-hull-greedy";
        QTest::newRow("capacity") << QStringList{"--budget", "6", "--capacity", "x=1"}
                                  << "lagrangian";
        QTest::newRow("two each") << QStringList{"--budget", "6", "--max-offers-per-customer", "2"}
                                  << "lagrangian";
        QTest::newRow("holdout") << QStringList{"--budget", "6", "--holdout", "0.5", "--seed", "9"}
                                 << "convex-hull-greedy";
    }
    void allocate() {
        QFETCH(QStringList, options);
        QFETCH(QString, method);
        const QString effects = write("effects.csv",
                                      "customer,offer,effect,cost,consent,eligible\n"
                                      "=HYPERLINK(1),x,5,1,1,1\n"
                                      "=HYPERLINK(1),y,6,2,1,1\n"
                                      "+bob,x,4,1,1,1\n"
                                      "carol,x,100,0,0,1\n"
                                      "carol,y,100,0,1,1\n"
                                      "dave,y,3,1,1,0\n"
                                      "\"erin, jr\",y,2,1,1,1\n");
        const QString out = dir_.filePath("allocation.csv");
        QFile::remove(out);
        const mbtest::CliRun result =
            mbtest::runCli(QStringList{"allocate", effects, "--out", out, "--json"} + options);
        QCOMPARE(result.exitCode, 0);
        const QJsonObject json = result.json();
        for (const char* key :
             {"total_cost", "total_effect", "assigned", "lp_bound", "gap", "held_out"})
            QVERIFY2(json.contains(QLatin1String(key)), key);
        QCOMPARE(json.value("method").toString(), method);
        QVERIFY(json.value("total_cost").toDouble() <= 6.0);
        QVERIFY(json.value("lp_bound").toDouble() >= json.value("total_effect").toDouble() - 1e-9);
        const QByteArray csv = read(out);
        const QList<QByteArray> lines = csv.trimmed().split('\n');
        QCOMPARE(lines.first(), QByteArray("customer,offer,effect,cost,control"));
        // carol said no on one row, so she is never listed; dave's only offer is ineligible.
        QVERIFY(!csv.contains("carol"));
        QVERIFY(!csv.contains("dave"));
        QVERIFY(!csv.contains("\n=") && !csv.contains("\n+"));
        int control = 0;
        double effect = 0.0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            if (lines[i].endsWith(",1"))
                ++control;
            else
                effect += lines[i].split(',').at(lines[i].count(',') - 2).toDouble();
        }
        QCOMPARE(control, json.value("held_out").toInt());
        QVERIFY(qAbs(effect - json.value("total_effect").toDouble()) < 1e-9);
        if (options.contains("--holdout")) {
            QVERIFY(control > 0);
            const QByteArray first = csv;
            QCOMPARE(
                mbtest::runCli(QStringList{"allocate", effects, "--out", out} + options).exitCode,
                0);
            QCOMPARE(read(out), first);
        } else {
            QVERIFY(csv.contains("'=HYPERLINK(1)"));
            QVERIFY(csv.contains("'+bob"));
        }
    }
};

QTEST_GUILESS_MAIN(TestTargetingCli)
#include "tst_targetingcli.moc"
