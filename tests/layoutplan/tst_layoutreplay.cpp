// Replaying the demo's affinity, rules, traffic and layout runs as a user would: `request`
// prints a run's request, `run` runs it again on the unchanged project; the files are the same
// bytes, the layout's decisions the same rows, and the new run's recorded request is the
// original's. A layout search bounded only by time says that its replay may differ.
#include "CliRun.h"

#include "data/Project.h"
#include "data/Sqlite.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

namespace {

QByteArray fileBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(missing)");
}

// The recorded request without the keys `request` adds for the run it prints.
QJsonObject withoutRunKeys(QJsonObject request) {
    request.remove(QStringLiteral("run_id"));
    return request;
}

}  // namespace

class TestLayoutReplay : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString project_;
    QString exports_;

    qint64 runOf(const QString& analysis) const {
        const auto project =
            mb::data::Project::open(project_, mb::data::Project::OpenMode::MustExist);
        mb::data::Statement query(project->db(),
                                  "SELECT id FROM runs WHERE analysis = ?1 ORDER BY id LIMIT 1");
        query.bind(1, analysis);
        return query.step() ? query.int64(0) : -1;
    }

    QStringList decisionsOf(qint64 runId) const {
        const auto project =
            mb::data::Project::open(project_, mb::data::Project::OpenMode::MustExist);
        mb::data::Statement query(
            project->db(),
            "SELECT kind, subject, payload FROM decisions WHERE run_id = ?1 ORDER BY id");
        query.bind(1, static_cast<std::int64_t>(runId));
        QStringList rows;
        while (query.step())
            rows << query.text(0) + u'|' + query.text(1) + u'|' + query.text(2);
        return rows;
    }

    QJsonObject requestOf(qint64 runId) const {
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("request"), project_, QString::number(runId)});
        if (run.exitCode != 0)
            qWarning("%s", run.err.constData());
        return run.json();
    }

    QString writeRequest(const QString& name, const QJsonObject& request) const {
        const QString path = dir_.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(request).toJson()) < 0)
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const mbtest::CliRun demo =
            mbtest::runCli({QStringLiteral("demo"), dir_.filePath(QStringLiteral("demo"))});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        project_ = dir_.filePath(QStringLiteral("demo/demo.merchbench"));
        exports_ = dir_.filePath(QStringLiteral("demo/exports"));
    }

    void replaysTheDemosRun_data() {
        QTest::addColumn<QString>("analysis");
        QTest::addColumn<QStringList>("files");  // written by `run --out`, as the demo's exports
        QTest::addColumn<QStringList>("exported");
        QTest::newRow("affinity") << "affinity" << QStringList{"category-affinity.csv"}
                                  << QStringList{"category-affinity.csv"};
        QTest::newRow("rules") << "rules" << QStringList{"category-rules.csv"}
                               << QStringList{"category-rules.csv"};
        QTest::newRow("traffic") << "traffic"
                                 << QStringList{"zones.csv", "hours.csv", "transitions.csv",
                                                "paths.csv"}
                                 << QStringList{"traffic/zones.csv", "traffic/hours.csv",
                                                "traffic/transitions.csv", "traffic/paths.csv"};
        QTest::newRow("layout") << "layout" << QStringList{"layout-scenario.csv"}
                                << QStringList{"layout-scenario.csv"};
    }
    void replaysTheDemosRun() {
        QFETCH(QString, analysis);
        QFETCH(QStringList, files);
        QFETCH(QStringList, exported);
        const qint64 original = runOf(analysis);
        QVERIFY2(original > 0, "the demo records this analysis' run");
        const QJsonObject request = requestOf(original);
        QCOMPARE(request.value(QStringLiteral("analysis")).toString(), analysis);
        QVERIFY(!request.value(QStringLiteral("input_fingerprint")).toString().isEmpty());

        const QString out = dir_.filePath(QStringLiteral("replay-") + analysis);
        const mbtest::CliRun replay =
            mbtest::runCli({QStringLiteral("run"), writeRequest(analysis + ".json", request),
                            QStringLiteral("--project"), project_, QStringLiteral("--out"), out,
                            QStringLiteral("--json")});
        QVERIFY2(replay.exitCode == 0, replay.err.constData());
        const QJsonObject summary = replay.json();
        QCOMPARE(summary.value(QStringLiteral("input_changed")).toBool(true), false);
        QCOMPARE(summary.value(QStringLiteral("replay_may_differ")).toBool(true), false);
        const qint64 replayed = summary.value(QStringLiteral("run_id")).toInteger(-1);
        QVERIFY(replayed > original);

        for (qsizetype i = 0; i < files.size(); ++i) {
            const QByteArray again = fileBytes(QDir(out).filePath(files[i]));
            QVERIFY2(again.count('\n') > 1, qPrintable(files[i]));
            QVERIFY2(again == fileBytes(QDir(exports_).filePath(exported[i])),
                     qPrintable(files[i]));
        }
        QCOMPARE(decisionsOf(replayed), decisionsOf(original));
        if (analysis == QLatin1String("layout"))
            QCOMPARE(decisionsOf(replayed).size(), 8);  // one per category on the demo's floor
        QCOMPARE(withoutRunKeys(requestOf(replayed)), withoutRunKeys(request));
    }

    void timeBoundSearchSaysReplayMayDiffer() {
        QJsonObject request = requestOf(runOf(QStringLiteral("layout")));
        request.insert(QStringLiteral("iterations"), 0);
        request.insert(QStringLiteral("seconds"), 0.2);
        const QString path = writeRequest(QStringLiteral("layout-seconds.json"), request);
        const mbtest::CliRun json =
            mbtest::runCli({QStringLiteral("run"), path, QStringLiteral("--project"), project_,
                            QStringLiteral("--json")});
        QVERIFY2(json.exitCode == 0, json.err.constData());
        QCOMPARE(json.json().value(QStringLiteral("replay_may_differ")).toBool(), true);
        const QJsonArray warnings = json.json().value(QStringLiteral("warnings")).toArray();
        QVERIFY(!warnings.isEmpty());
        QVERIFY2(warnings.last().toString().contains(QStringLiteral("may find a different answer")),
                 qPrintable(warnings.last().toString()));
        const mbtest::CliRun text =
            mbtest::runCli({QStringLiteral("run"), path, QStringLiteral("--project"), project_});
        QVERIFY2(text.exitCode == 0, text.err.constData());
        QVERIFY2(text.err.contains("a replay may find a different answer"), text.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestLayoutReplay)
#include "tst_layoutreplay.moc"
