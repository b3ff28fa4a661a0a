// merchbench-cli layout on the demo's store S0001 as a user runs it: scoring, optimising with
// --fix, the CSV and the recorded run, and bad input (unknown zone, disconnected floor) with
// exit 2.
#include "CliRun.h"

#include "data/Project.h"
#include "data/Sqlite.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

namespace {

// Rows of the written layout CSV by category: {current_zone, proposed_zone}.
QMap<QString, QStringList> readLayoutCsv(const QString& path) {
    QMap<QString, QStringList> rows;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return rows;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QStringList fields = QString::fromUtf8(lines[i].trimmed()).split(u',');
        if (fields.size() >= 3)
            rows.insert(fields[0], {fields[1], fields[2]});
    }
    return rows;
}

}  // namespace

class TestLayoutCli : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString project_;

    QString copyProject(const QString& name) {
        const QString path = dir_.filePath(name);
        QFile::remove(path);
        if (!QFile::copy(project_, path))
            qFatal("cannot copy %s", qPrintable(project_));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        return path;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const mbtest::CliRun demo =
            mbtest::runCli({QStringLiteral("demo"), dir_.filePath(QStringLiteral("demo"))});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        project_ = dir_.filePath(QStringLiteral("demo/demo.merchbench"));
        QVERIFY2(QFile::exists(project_), qPrintable(project_));
    }

    void scoresCurrentLayout() {
        const QString out = dir_.filePath(QStringLiteral("current.csv"));
        const mbtest::CliRun run = mbtest::runCli(
            {QStringLiteral("layout"), copyProject(QStringLiteral("score.merchbench")),
             QStringLiteral("--store"), QStringLiteral("S0001"), QStringLiteral("--out"), out,
             QStringLiteral("--impulse"), QStringLiteral("snacks,seasonal"),
             QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = run.json();
        const QJsonObject current = json.value(QStringLiteral("current")).toObject();
        QCOMPARE(current, json.value(QStringLiteral("proposed")).toObject());
        QVERIFY(current.value(QStringLiteral("walking_metres")).toDouble() >=
                json.value(QStringLiteral("direct_walk_metres")).toDouble());
        QVERIFY(current.value(QStringLiteral("exposure")).toDouble() > 0);
        QCOMPARE(json.value(QStringLiteral("moved_categories")).toInt(), 0);
        QVERIFY(!json.contains(QStringLiteral("run_id")));
        // The CSV lists the project's layout unchanged.
        const QMap<QString, QStringList> rows = readLayoutCsv(out);
        QCOMPARE(rows.size(), 8);
        QCOMPARE(rows.value(QStringLiteral("produce")),
                 QStringList({QStringLiteral("Z13"), QStringLiteral("Z13")}));
    }

    void optimisesWithFix_data() {
        QTest::addColumn<QString>("weights");
        QTest::addColumn<QString>("fix");
        QTest::newRow("default weights") << QString() << QStringLiteral("produce=Z01");
        QTest::newRow("adjacency only")
            << QStringLiteral("adjacency=1,exposure=0,distance=0") << QStringLiteral("dairy=Z16");
        QTest::newRow("walk heavy") << QStringLiteral("adjacency=1,exposure=0.5,distance=2")
                                    << QStringLiteral("produce=Z13");
    }
    void optimisesWithFix() {
        QFETCH(QString, weights);
        QFETCH(QString, fix);
        const QString project = copyProject(QStringLiteral("optimise.merchbench"));
        const QString out = dir_.filePath(QStringLiteral("proposed.csv"));
        QStringList arguments = {QStringLiteral("layout"),
                                 project,
                                 QStringLiteral("--store"),
                                 QStringLiteral("S0001"),
                                 QStringLiteral("--optimize"),
                                 QStringLiteral("--seconds"),
                                 QStringLiteral("5"),
                                 QStringLiteral("--iterations"),
                                 QStringLiteral("3000"),
                                 QStringLiteral("--fix"),
                                 fix,
                                 QStringLiteral("--impulse"),
                                 QStringLiteral("snacks"),
                                 QStringLiteral("--out"),
                                 out,
                                 QStringLiteral("--json")};
        if (!weights.isEmpty())
            arguments << QStringLiteral("--weights") << weights;
        const mbtest::CliRun run = mbtest::runCli(arguments);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = run.json();
        const double before = json.value(QStringLiteral("current"))
                                  .toObject()
                                  .value(QStringLiteral("total"))
                                  .toDouble();
        const double after = json.value(QStringLiteral("proposed"))
                                 .toObject()
                                 .value(QStringLiteral("total"))
                                 .toDouble();
        QVERIFY2(after >= before - 1e-12,
                 qPrintable(QStringLiteral("%1 < %2").arg(after).arg(before)));
        QVERIFY(std::abs(json.value(QStringLiteral("improvement"))
                             .toObject()
                             .value(QStringLiteral("total"))
                             .toDouble() -
                         (after - before)) < 1e-9);
        const QJsonObject effect = json.value(QStringLiteral("cross_category_effect")).toObject();
        QVERIFY(effect.contains(QStringLiteral("model")));
        QVERIFY(effect.value(QStringLiteral("low")).toDouble() <=
                effect.value(QStringLiteral("high")).toDouble());

        const QStringList categoryZone = fix.split(u'=');
        const QMap<QString, QStringList> rows = readLayoutCsv(out);
        QCOMPARE(rows.size(), 8);
        QCOMPARE(rows.value(categoryZone[0]).value(1), categoryZone[1]);
        // With capacity 1, no two categories share a proposed zone.
        QSet<QString> zones;
        for (const QStringList& row : rows)
            zones.insert(row.value(1));
        QCOMPARE(zones.size(), 8);

        // The run is in the project, finished, with the seed.
        const qint64 runId = json.value(QStringLiteral("run_id")).toInteger(-1);
        QVERIFY(runId > 0);
        const auto opened =
            mb::data::Project::open(project, mb::data::Project::OpenMode::MustExist);
        mb::data::Statement query(opened->db(),
                                  "SELECT analysis, status, seed FROM runs WHERE id = ?1");
        query.bind(1, static_cast<std::int64_t>(runId));
        QVERIFY(query.step());
        QCOMPARE(query.text(0), QStringLiteral("layout"));
        QCOMPARE(query.text(1), QStringLiteral("finished"));
        QCOMPARE(query.int64(2), std::int64_t(1));
    }

    void badInput_data() {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("breakSql");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown zone in --fix")
            << QStringList{QStringLiteral("--optimize"), QStringLiteral("--fix"),
                           QStringLiteral("produce=Z99")}
            << QString() << 2 << "zone is not on the floor plan (produce=Z99)";
        QTest::newRow("unknown category in --fix")
            << QStringList{QStringLiteral("--optimize"), QStringLiteral("--fix"),
                           QStringLiteral("caviar=Z01")}
            << QString() << 2 << "unknown category (caviar=Z01)";
        QTest::newRow("disconnected floor")
            << QStringList{}
            << QStringLiteral("DELETE FROM zone_links WHERE 'Z10' IN (zone_a, zone_b)") << 2
            << "disconnected";
        QTest::newRow("no entrance")
            << QStringList{}
            << QStringLiteral("UPDATE zones SET type = 'aisle' WHERE type = 'entrance'") << 2
            << "type entrance";
        QTest::newRow("bad weights")
            << QStringList{QStringLiteral("--weights"), QStringLiteral("nearness=1")} << QString()
            << 1 << "--weights";
        QTest::newRow("fix contradicts capacity")
            << QStringList{QStringLiteral("--optimize"), QStringLiteral("--fix"),
                           QStringLiteral("produce=Z01"), QStringLiteral("--fix"),
                           QStringLiteral("dairy=Z01")}
            << QString() << 2 << "capacity";
        QTest::newRow("negative max moves")
            << QStringList{QStringLiteral("--optimize"), QStringLiteral("--max-moves"),
                           QStringLiteral("-1")}
            << QString() << 1 << "--max-moves";
        // produce and dairy are elsewhere in the demo: the two fixes are two moves.
        QTest::newRow("fixes need more moves than allowed")
            << QStringList{QStringLiteral("--optimize"),
                           QStringLiteral("--fix"),
                           QStringLiteral("produce=Z01"),
                           QStringLiteral("--fix"),
                           QStringLiteral("dairy=Z16"),
                           QStringLiteral("--max-moves"),
                           QStringLiteral("1")}
            << QString() << 2 << "need 2 moves, more than the 1 allowed";
    }
    void badInput() {
        QFETCH(QStringList, options);
        QFETCH(QString, breakSql);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const QString project = copyProject(QStringLiteral("bad.merchbench"));
        if (!breakSql.isEmpty()) {
            const auto opened =
                mb::data::Project::open(project, mb::data::Project::OpenMode::MustExist);
            mb::data::exec(opened->db(), breakSql.toStdString());
        }
        const QString out = dir_.filePath(QStringLiteral("bad.csv"));
        QFile::remove(out);
        const mbtest::CliRun run =
            mbtest::runCli(QStringList{QStringLiteral("layout"), project, QStringLiteral("--store"),
                                       QStringLiteral("S0001"), QStringLiteral("--out"), out} +
                           options);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
        QVERIFY(!QFile::exists(out));
    }
};

QTEST_GUILESS_MAIN(TestLayoutCli)
#include "tst_layoutcli.moc"
