#include "CliRun.h"

#include <sqlite3.h>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using mbtest::runCli;

namespace {

QStringList readLines(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

QString queryText(const QString& database, const char* sql) {
    sqlite3* db = nullptr;
    QString value;
    if (sqlite3_open_v2(database.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) ==
        SQLITE_OK) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK &&
            sqlite3_step(statement) == SQLITE_ROW)
            value =
                QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return value;
}

}  // namespace

class TestUpliftTrainCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString project_;
    int demoRows_ = 0;

    QString out(const QString& name) const { return dir_.filePath(name); }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        project_ = dir_.filePath(QStringLiteral("demo.merchbench"));
        const QString campaign =
            QStringLiteral(MERCHBENCH_SOURCE_DIR "/datasets/demo/campaign.csv");
        demoRows_ = int(readLines(campaign).size()) - 1;
        const auto run =
            runCli({QStringLiteral("import"), project_, campaign, QStringLiteral("--kind"),
                    QStringLiteral("campaign"), QStringLiteral("--campaign"),
                    QStringLiteral("demo_campaign"), QStringLiteral("--control"),
                    QStringLiteral("control"), QStringLiteral("--outcome"), QStringLiteral("visit"),
                    QStringLiteral("--outcome"), QStringLiteral("purchase"),
                    QStringLiteral("--outcome"), QStringLiteral("spend")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
    }

    void trainsAndWritesScores_data() {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("outcome");
        QTest::addColumn<QStringList>("arms");
        const QStringList both{QStringLiteral("offer_a"), QStringLiteral("offer_b")};
        QTest::newRow("tlearner purchase")
            << QStringList{QStringLiteral("--model"), QStringLiteral("tlearner"),
                           QStringLiteral("--outcome"), QStringLiteral("purchase")}
            << QStringLiteral("purchase") << both;
        QTest::newRow("tlearner spend")
            << QStringList{QStringLiteral("--outcome"), QStringLiteral("spend")}
            << QStringLiteral("spend") << both;
        QTest::newRow("default outcome") << QStringList{} << QStringLiteral("visit") << both;
        QTest::newRow("classtransform one arm")
            << QStringList{QStringLiteral("--model"),   QStringLiteral("classtransform"),
                           QStringLiteral("--outcome"), QStringLiteral("purchase"),
                           QStringLiteral("--arm"),     QStringLiteral("offer_b")}
            << QStringLiteral("purchase") << QStringList{QStringLiteral("offer_b")};
        QTest::newRow("forest ed")
            << QStringList{QStringLiteral("--model"),     QStringLiteral("forest"),
                           QStringLiteral("--criterion"), QStringLiteral("ed"),
                           QStringLiteral("--trees"),     QStringLiteral("10"),
                           QStringLiteral("--outcome"),   QStringLiteral("purchase")}
            << QStringLiteral("purchase") << both;
    }
    void trainsAndWritesScores() {
        QFETCH(QStringList, options);
        QFETCH(QString, outcome);
        QFETCH(QStringList, arms);
        const QString scores = out(QStringLiteral("scores.csv"));
        QFile::remove(scores);
        const auto run =
            runCli(QStringList{QStringLiteral("uplift-train"), project_,
                               QStringLiteral("--campaign"), QStringLiteral("demo_campaign"),
                               QStringLiteral("--seed"), QStringLiteral("3"),
                               QStringLiteral("--out"), scores, QStringLiteral("--json")} +
                   options);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = run.json();
        QCOMPARE(json.value(QStringLiteral("outcome")).toString(), outcome);
        QCOMPARE(json.value(QStringLiteral("arms")).toVariant().toStringList(), arms);
        const qint64 train = json.value(QStringLiteral("n_train")).toInteger();
        const qint64 holdout = json.value(QStringLiteral("n_holdout")).toInteger();
        QVERIFY(json.value(QStringLiteral("seconds")).toDouble() >= 0.0);
        QVERIFY(std::abs(double(holdout) / double(train + holdout) - 0.3) < 0.01);
        if (arms.size() == 2)
            QCOMPARE(int(train + holdout), demoRows_);
        for (const QString& arm : arms) {
            const QJsonObject m =
                json.value(QStringLiteral("holdout")).toObject().value(arm).toObject();
            for (const char* key : {"qini_auc", "uplift_auc", "uplift_at_k", "ate", "ate_se"})
                QVERIFY2(m.value(QLatin1String(key)).isDouble(), key);
            QVERIFY(m.value(QStringLiteral("ate_se")).toDouble() > 0.0);
        }

        const QStringList lines = readLines(scores);
        QCOMPARE(lines.size(), int(train + holdout) + 1);
        QStringList header{QStringLiteral("customer"), QStringLiteral("arm")};
        for (const QString& arm : arms)
            header << QStringLiteral("uplift_") + arm;
        header << QStringLiteral("control_response") << QStringLiteral("holdout");
        QCOMPARE(lines.first().split(QLatin1Char(',')), header);
        int heldOut = 0;
        for (int i = 1; i < lines.size(); ++i) {
            const QStringList fields = lines[i].split(QLatin1Char(','));
            QCOMPARE(fields.size(), header.size());
            QVERIFY(fields[1] == QLatin1String("control") || arms.contains(fields[1]));
            heldOut += fields.last().toInt();
        }
        QCOMPARE(heldOut, int(holdout));

        const QString runId = QString::number(json.value(QStringLiteral("run_id")).toInteger());
        const QByteArray where = (" FROM runs WHERE id = " + runId).toUtf8();
        QCOMPARE(queryText(project_, ("SELECT analysis" + where).constData()),
                 QStringLiteral("uplift-train"));
        QCOMPARE(queryText(project_, ("SELECT status" + where).constData()),
                 QStringLiteral("finished"));
        QCOMPARE(queryText(project_, ("SELECT seed" + where).constData()), QStringLiteral("3"));
        QVERIFY(queryText(project_, ("SELECT parameters" + where).constData())
                    .contains(QStringLiteral("\"seed\":3")));
    }

    void sameSeedSameScores() {
        QStringList lines[2];
        for (int i = 0; i < 2; ++i) {
            const QString scores = out(QStringLiteral("forest%1.csv").arg(i));
            const auto run =
                runCli({QStringLiteral("uplift-train"), project_, QStringLiteral("--campaign"),
                        QStringLiteral("demo_campaign"), QStringLiteral("--model"),
                        QStringLiteral("forest"), QStringLiteral("--trees"), QStringLiteral("8"),
                        QStringLiteral("--outcome"), QStringLiteral("purchase"),
                        QStringLiteral("--out"), scores});
            QVERIFY2(run.exitCode == 0, run.err.constData());
            QVERIFY(run.out.contains("offer_a"));
            lines[i] = readLines(scores);
        }
        QVERIFY(lines[0].size() > 1);
        QCOMPARE(lines[0], lines[1]);
    }

    void badUsage_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString campaign = QStringLiteral("demo_campaign");
        QTest::newRow("unknown model")
            << QStringList{QStringLiteral("--campaign"), campaign,
                           QStringLiteral("--model"),    QStringLiteral("magic"),
                           QStringLiteral("--out"),      QStringLiteral("x")}
            << 1 << QStringLiteral("--model");
        QTest::newRow("no out") << QStringList{QStringLiteral("--campaign"), campaign} << 1
                                << QStringLiteral("--out");
        QTest::newRow("bad holdout")
            << QStringList{QStringLiteral("--campaign"), campaign,
                           QStringLiteral("--holdout"),  QStringLiteral("1.5"),
                           QStringLiteral("--out"),      QStringLiteral("x")}
            << 1 << QStringLiteral("--holdout");
        QTest::newRow("unknown outcome")
            << QStringList{QStringLiteral("--campaign"), campaign,
                           QStringLiteral("--outcome"),  QStringLiteral("margin"),
                           QStringLiteral("--out"),      QStringLiteral("x")}
            << 1 << QStringLiteral("purchase");
        QTest::newRow("unknown arm")
            << QStringList{QStringLiteral("--campaign"), campaign,
                           QStringLiteral("--arm"),      QStringLiteral("control"),
                           QStringLiteral("--out"),      QStringLiteral("x")}
            << 1 << QStringLiteral("offer_a, offer_b");
        QTest::newRow("unknown campaign")
            << QStringList{QStringLiteral("--campaign"), QStringLiteral("winter"),
                           QStringLiteral("--out"), QStringLiteral("x")}
            << 2 << QStringLiteral("demo_campaign");
    }
    void badUsage() {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const auto run = runCli(QStringList{QStringLiteral("uplift-train"), project_} + arguments);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
    }

    void notAProject() {
        const auto run = runCli({QStringLiteral("uplift-train"), out(QStringLiteral("none")),
                                 QStringLiteral("--campaign"), QStringLiteral("c"),
                                 QStringLiteral("--out"), out(QStringLiteral("x.csv"))});
        QCOMPARE(run.exitCode, 2);
    }

    void help() {
        const auto run = runCli({QStringLiteral("uplift-train"), QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("--criterion"));
    }

    // Hillstrom's MineThatData e-mail test (64,000 customers): Mens E-Mail visit rate 0.1828
    // against 0.1062 without e-mail, an average effect of about 0.077 (Hillstrom, 2008).
    void hillstromMensEmailVisits() {
        if (qEnvironmentVariableIsSet("MERCHBENCH_QUICK"))
            QSKIP("MERCHBENCH_QUICK: Hillstrom import skipped");
        const QString csv = QStringLiteral(MERCHBENCH_SHARED_DATASETS "/hillstrom/hillstrom.csv");
        if (!QFile::exists(csv))
            QSKIP(qPrintable(QStringLiteral("%1 absent").arg(csv)));
        const QString project = dir_.filePath(QStringLiteral("hillstrom.merchbench"));
        const auto imported = runCli(
            {QStringLiteral("import"), project, csv, QStringLiteral("--kind"),
             QStringLiteral("campaign"), QStringLiteral("--map"), QStringLiteral("segment=arm"),
             QStringLiteral("--control"), QStringLiteral("No E-Mail"), QStringLiteral("--outcome"),
             QStringLiteral("visit"), QStringLiteral("--outcome"), QStringLiteral("conversion"),
             QStringLiteral("--outcome"), QStringLiteral("spend"), QStringLiteral("--campaign"),
             QStringLiteral("hillstrom")});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        const auto run = runCli(
            {QStringLiteral("uplift-train"), project, QStringLiteral("--campaign"),
             QStringLiteral("hillstrom"), QStringLiteral("--outcome"), QStringLiteral("visit"),
             QStringLiteral("--arm"), QStringLiteral("Mens E-Mail"), QStringLiteral("--out"),
             dir_.filePath(QStringLiteral("h.csv")), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject m = run.json()
                                  .value(QStringLiteral("holdout"))
                                  .toObject()
                                  .value(QStringLiteral("Mens E-Mail"))
                                  .toObject();
        const double ate = m.value(QStringLiteral("ate")).toDouble();
        const double qini = m.value(QStringLiteral("qini_auc")).toDouble();
        qInfo(
            "Hillstrom Mens E-Mail visit: holdout ATE %.4f (se %.4f), Qini AUC %.4f, "
            "uplift@30%% %.4f, %.2f s",
            ate, m.value(QStringLiteral("ate_se")).toDouble(), qini,
            m.value(QStringLiteral("uplift_at_k")).toDouble(),
            run.json().value(QStringLiteral("seconds")).toDouble());
        QVERIFY2(std::abs(ate - (0.1828 - 0.1062)) < 0.005, qPrintable(QString::number(ate)));
        QVERIFY(qini > 0.0);
    }
};

QTEST_GUILESS_MAIN(TestUpliftTrainCli)
#include "tst_uplifttraincli.moc"
