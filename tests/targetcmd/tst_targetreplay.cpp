// Replaying the demo's targeting runs: `request` prints a run's request, `run` plans it again,
// and the replay records the same request and the same decisions, exactly, and writes the same
// offer list.
#include "CliRun.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace mb;

namespace {

QJsonObject parse(const QString& text) {
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

// The run's decisions in the order recorded: kind, subject and payload of each.
QStringList decisions(data::Project& project, qint64 runId) {
    data::Statement select(project.db(),
                           "SELECT kind, subject, payload FROM decisions WHERE run_id = ?1 "
                           "ORDER BY id");
    select.bind(1, static_cast<std::int64_t>(runId));
    QStringList rows;
    while (select.step())
        rows << select.text(0) + u'|' + select.text(1) + u'|' + select.text(2);
    return rows;
}

QJsonObject parameters(data::Project& project, qint64 runId) {
    data::Statement select(project.db(), "SELECT parameters FROM runs WHERE id = ?1");
    select.bind(1, static_cast<std::int64_t>(runId));
    return select.step() ? parse(select.text(0)) : QJsonObject();
}

qint64 lastRun(data::Project& project, const char* analysis) {
    data::Statement select(project.db(),
                           "SELECT max(id) FROM runs WHERE analysis = ?1 AND status = 'finished'");
    select.bindStatic(1, analysis);
    return select.step() && !select.isNull(0) ? select.int64(0) : -1;
}

QByteArray read(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace

class TestTargetReplay : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString project_;
    QString exports_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        if (qEnvironmentVariableIsEmpty("MERCHBENCH_DEMO_DIR"))
            qputenv("MERCHBENCH_DEMO_DIR", MERCHBENCH_SOURCE_DIR "/datasets/demo");
        const QString folder = dir_.filePath(QStringLiteral("demo"));
        const mbtest::CliRun demo = mbtest::runCli({QStringLiteral("demo"), folder}, 600000);
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        project_ = folder + QStringLiteral("/demo.merchbench");
        exports_ = folder + QStringLiteral("/exports");
    }

    void replay_data() {
        QTest::addColumn<QString>("analysis");
        QTest::addColumn<QString>("file");  // the demo's export and the replay's role file
        QTest::addColumn<QString>("replayed");
        QTest::addColumn<bool>("decides");  // whether the run records decisions
        QTest::newRow("target") << "target"
                                << "offer-list.csv"
                                << "offer-list.csv" << true;
        // A model's training decides nothing: its scores are what a replay must repeat.
        QTest::newRow("uplift-train") << "uplift-train"
                                      << "uplift-scores.csv"
                                      << "uplift-scores.csv" << false;
    }
    void replay() {
        QFETCH(QString, analysis);
        QFETCH(QString, file);
        QFETCH(QString, replayed);
        QFETCH(bool, decides);
        qint64 original = -1;
        {
            const auto project = data::Project::open(project_, data::Project::OpenMode::MustExist);
            original = lastRun(*project, analysis.toUtf8().constData());
        }
        QVERIFY2(original > 0, "the demo records the run");

        const mbtest::CliRun request =
            mbtest::runCli({QStringLiteral("request"), project_, QString::number(original)});
        QVERIFY2(request.exitCode == 0, request.err.constData());
        const QJsonObject printed = request.json();
        QCOMPARE(printed.value(QStringLiteral("analysis")).toString(), analysis);
        QCOMPARE(printed.value(QStringLiteral("run_id")).toInteger(), original);
        const QString requestFile = dir_.filePath(analysis + QStringLiteral(".json"));
        {
            QFile out(requestFile);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(request.out);
        }

        const QString outDir = dir_.filePath(analysis + QStringLiteral("-replay"));
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("run"), requestFile, QStringLiteral("--project"),
                            project_, QStringLiteral("--out"), outDir, QStringLiteral("--json")},
                           600000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject summary = run.json();
        QCOMPARE(summary.value(QStringLiteral("input_changed")).toBool(true), false);
        const qint64 replay = summary.value(QStringLiteral("run_id")).toInteger();
        QVERIFY(replay > original);

        const auto project = data::Project::open(project_, data::Project::OpenMode::MustExist);
        const QStringList before = decisions(*project, original);
        QCOMPARE(!before.isEmpty(), decides);
        QCOMPARE(decisions(*project, replay), before);
        QCOMPARE(parameters(*project, replay), parameters(*project, original));
        const QByteArray exported = read(exports_ + u'/' + file);
        QVERIFY(!exported.isEmpty());
        QCOMPARE(read(outDir + u'/' + replayed), exported);
    }

    // The data moved since the request: the replay says so.
    void changedInputIsReported() {
        const QString copy = dir_.filePath(QStringLiteral("changed.merchbench"));
        QVERIFY(QFile::copy(project_, copy));
        qint64 original = -1;
        {
            const auto project = data::Project::open(copy, data::Project::OpenMode::MustExist);
            original = lastRun(*project, "target");
            // Data change through imports, which the fingerprint follows (imports and row counts).
            data::exec(project->db(), "DELETE FROM offers WHERE offer = 'offer_e'");
        }
        const mbtest::CliRun request =
            mbtest::runCli({QStringLiteral("request"), copy, QString::number(original)});
        QVERIFY2(request.exitCode == 0, request.err.constData());
        const QString requestFile = dir_.filePath(QStringLiteral("changed.json"));
        {
            QFile out(requestFile);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(request.out);
        }
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("run"), requestFile, QStringLiteral("--project"), copy,
                            QStringLiteral("--json")},
                           600000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(run.json().value(QStringLiteral("input_changed")).toBool(false), true);
        // The request holds the offers' rows as first read: the replay plans the same offers,
        // the one since removed from the table included, so its decisions are the original's.
        const auto project = data::Project::open(copy, data::Project::OpenMode::MustExist);
        QCOMPARE(decisions(*project, run.json().value(QStringLiteral("run_id")).toInteger()),
                 decisions(*project, original));
    }
};

QTEST_GUILESS_MAIN(TestTargetReplay)
#include "tst_targetreplay.moc"
