// Every run of the demo whose analysis is a job replays exactly: `request` then `run --project
// --out` records the same request, the same decisions (payloads included) and writes the same
// decision files, byte for byte. Analyses of the demo that are not jobs yet are listed; those in
// kMustReplay must be jobs and must replay.
#include "JobsProject.h"
#include "TestFile.h"
#include "jobs/Job.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QtTest>

namespace {

// The analyses whose replay is required; the others are reported until they become jobs.
// Every analysis the demo runs (plus demand, run here too).
const QStringList kMustReplay{QStringLiteral("demand"),       QStringLiteral("affinity"),
                              QStringLiteral("rules"),        QStringLiteral("markdown"),
                              QStringLiteral("uplift-train"), QStringLiteral("target"),
                              QStringLiteral("traffic"),      QStringLiteral("layout")};

struct DecisionRow {
    QString kind, subject, payload, status;
    bool operator==(const DecisionRow&) const = default;
};

std::vector<DecisionRow> decisionsOf(const QString& project, qint64 runId) {
    const auto opened = mb::data::Project::open(project, mb::data::Project::OpenMode::MustExist);
    mb::data::Statement select(opened->db(),
                               "SELECT kind, subject, payload, status FROM decisions WHERE "
                               "run_id = ?1 ORDER BY id");
    select.bind(1, static_cast<std::int64_t>(runId));
    std::vector<DecisionRow> rows;
    while (select.step())
        rows.push_back({select.text(0), select.text(1), select.text(2), select.text(3)});
    return rows;
}

struct RecordedRun {
    qint64 id = -1;
    QString analysis;
    QJsonObject summary;
};

std::vector<RecordedRun> finishedRuns(const QString& project) {
    const auto opened = mb::data::Project::open(project, mb::data::Project::OpenMode::MustExist);
    mb::data::Statement select(
        opened->db(),
        "SELECT id, analysis, summary FROM runs WHERE status = 'finished' ORDER BY id");
    std::vector<RecordedRun> runs;
    while (select.step())
        runs.push_back({select.int64(0), select.text(1),
                        QJsonDocument::fromJson(select.text(2).toUtf8()).object()});
    return runs;
}

// Where the original run wrote the file of `role`: a job's summary names each file it wrote
// under its role ("out": ...), or lists it in "files" under the role's standard name.
QString originalFile(const RecordedRun& run, const QString& role, const QString& standardName) {
    if (run.summary.value(role).isString())
        return run.summary.value(role).toString();
    for (const QJsonValue& file : run.summary.value(QStringLiteral("files")).toArray())
        if (QFileInfo(file.toString()).fileName() == standardName)
            return file.toString();
    return {};
}

}  // namespace

class ReplayTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private Q_SLOTS:
    void everyJobOfTheDemoReplaysExactly() {
        const QString project = mbtest::buildDemo(dir_);
        QVERIFY(!project.isEmpty());
        // The demo does not fit demand models on its own; a planner would. Options away from
        // their defaults, so a replay that dropped one would differ.
        const mbtest::CliRun demand =
            mbtest::runCli({QStringLiteral("demand"), project, QStringLiteral("--level"),
                            QStringLiteral("product"), QStringLiteral("--method"),
                            QStringLiteral("poisson"), QStringLiteral("--holdout-weeks"),
                            QStringLiteral("5"), QStringLiteral("--no-lifecycle"),
                            QStringLiteral("--as-of"), QStringLiteral("2024-06-30"),
                            QStringLiteral("--out"), dir_.filePath(QStringLiteral("demand.csv"))});
        QVERIFY2(demand.exitCode == 0, demand.err.constData());

        QStringList notJobs, replayed;
        for (const RecordedRun& run : finishedRuns(project)) {
            const mb::jobs::JobEntry* job = mb::jobs::findJob(run.analysis);
            if (!job) {
                if (!notJobs.contains(run.analysis))
                    notJobs << run.analysis;
                continue;
            }
            const QString name = QStringLiteral("%1-%2").arg(run.analysis).arg(run.id);
            const mbtest::CliRun printed =
                mbtest::runCli({QStringLiteral("request"), project, QString::number(run.id)});
            QVERIFY2(printed.exitCode == 0, printed.err.constData());
            const QString request = mbtest::writeTestFile(dir_, name + ".json", printed.out);
            const QString out = dir_.filePath(name);
            const mbtest::CliRun replay =
                mbtest::runCli({QStringLiteral("run"), request, QStringLiteral("--project"),
                                project, QStringLiteral("--out"), out, QStringLiteral("--json")},
                               600000);
            QVERIFY2(replay.exitCode == 0, replay.err.constData());
            const QJsonObject summary = replay.json();
            QCOMPARE(summary.value(QStringLiteral("input_changed")).toBool(true), false);
            const qint64 again = summary.value(QStringLiteral("run_id")).toInteger(-1);
            QVERIFY2(again > run.id, qPrintable(name));

            const mbtest::RunRow first = mbtest::runRow(project, run.id);
            const mbtest::RunRow second = mbtest::runRow(project, again);
            QCOMPARE(second.parameters, first.parameters);
            QCOMPARE(second.inputFingerprint, first.inputFingerprint);
            QVERIFY2(decisionsOf(project, again) == decisionsOf(project, run.id), qPrintable(name));

            int compared = 0;
            for (auto file = job->files.begin(); file != job->files.end(); ++file) {
                const QString original = originalFile(run, file.key(), file.value());
                const QString replayedFile = QDir(out).filePath(file.value());
                QVERIFY2(!original.isEmpty(),
                         qPrintable(QStringLiteral("%1: the summary does not say where its %2 "
                                                   "file went")
                                        .arg(name, file.key())));
                const QByteArray bytes = mbtest::fileBytes(original);
                QVERIFY2(!bytes.isEmpty(), qPrintable(original));
                if (file.value().endsWith(QStringLiteral(".xlsx"))) {
                    // A workbook carries its run's id and creation time inside (its parameters
                    // sheet and document properties); its rows are the CSV's, compared above.
                    QVERIFY2(!mbtest::fileBytes(replayedFile).isEmpty(), qPrintable(replayedFile));
                    ++compared;
                    continue;
                }
                QVERIFY2(
                    mbtest::fileBytes(replayedFile) == bytes,
                    qPrintable(QStringLiteral("%1 differs from %2").arg(replayedFile, original)));
                ++compared;
            }
            QVERIFY2(compared == job->files.size(), qPrintable(name));
            replayed << name;
        }
        qInfo("replayed exactly: %s", qPrintable(replayed.join(QStringLiteral(", "))));
        if (!notJobs.isEmpty())
            qInfo("analyses of the demo that are not jobs yet (not replayed): %s",
                  qPrintable(notJobs.join(QStringLiteral(", "))));
        QVERIFY2(notJobs.isEmpty(), qPrintable(QStringLiteral("the demo runs analyses that are not "
                                                              "jobs: ") +
                                               notJobs.join(QStringLiteral(", "))));
        for (const QString& analysis : kMustReplay) {
            QVERIFY2(!notJobs.contains(analysis),
                     qPrintable(analysis + QStringLiteral(" must be a job")));
            const bool found = std::any_of(replayed.begin(), replayed.end(), [&](const QString& n) {
                return n.startsWith(analysis + QLatin1Char('-'));
            });
            QVERIFY2(found, qPrintable(analysis + QStringLiteral(" was not replayed (no run of "
                                                                 "it in the demo)")));
        }
    }
};

QTEST_GUILESS_MAIN(ReplayTest)
#include "tst_replay.moc"
