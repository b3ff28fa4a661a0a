// jobs::RunRecorder and computeAndRecord: a run and its decisions land together or not at all;
// a failed or cancelled run is recorded as such without decisions; a read-only project refuses
// a run that must be recorded and quietly skips one that need not be.
#include "../faults/TmpfsMount.h"
#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "jobs/RecordedRun.h"
#include "jobs/RunRecorder.h"

#include <QJsonDocument>
#include <QtTest>

using mb::jobs::Decision;
using mb::jobs::RunRecorder;

namespace {

qint64 count(const mb::data::Project& project, const char* sql) {
    mb::data::Statement query(project.db(), sql);
    query.step();
    return query.int64(0);
}

mb::jobs::Provenance provenance() {
    mb::jobs::Provenance provenance;
    provenance.analysis = QStringLiteral("probe");
    provenance.request = QJsonObject{{QStringLiteral("analysis"), QStringLiteral("probe")},
                                     {QStringLiteral("depth"), 3}};
    provenance.inputFingerprint = QStringLiteral("f00d");
    provenance.seed = 11;
    return provenance;
}

std::vector<Decision> threeDecisions() {
    std::vector<Decision> decisions;
    for (int i = 0; i < 3; ++i)
        decisions.push_back({QStringLiteral("price_change"),
                             QStringLiteral("P%1|S1|2024-09-02").arg(i),
                             QJsonObject{{QStringLiteral("new_price_minor"), 199 - i}}});
    return decisions;
}

struct RecordedStatus {
    QString status;
    QJsonObject summary;
};

RecordedStatus lastRun(const mb::data::Project& project) {
    mb::data::Statement query(project.db(),
                              "SELECT status, summary FROM runs ORDER BY id DESC LIMIT 1");
    if (!query.step())
        return {};
    return {query.text(0), QJsonDocument::fromJson(query.text(1).toUtf8()).object()};
}

}  // namespace

class RunRecorderTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    int projects_ = 0;

    std::unique_ptr<mb::data::Project> newProject() {
        return mb::data::Project::open(
            dir_.filePath(QStringLiteral("p%1.merchbench").arg(++projects_)));
    }

private Q_SLOTS:
    void finishCommitsRunAndDecisionsTogether() {
        const auto project = newProject();
        const auto reader = mb::data::Project::open(project->path());
        RunRecorder recorder(*project, provenance());
        const qint64 id = recorder.begin();
        QVERIFY(id > 0);
        recorder.addDecisions(threeDecisions());
        // Not yet visible to anyone else: nothing is committed before finish().
        QCOMPARE(count(*reader, "SELECT count(*) FROM runs"), qint64(0));
        QCOMPARE(count(*reader, "SELECT count(*) FROM decisions"), qint64(0));
        recorder.finish(QJsonObject{{QStringLiteral("models"), 4}});
        QCOMPARE(count(*reader, "SELECT count(*) FROM runs WHERE status = 'finished'"), qint64(1));
        QCOMPARE(count(*reader, "SELECT count(*) FROM decisions"), qint64(3));
        mb::data::Statement run(reader->db(),
                                "SELECT analysis, parameters, seed, input_fingerprint FROM runs");
        QVERIFY(run.step());
        QCOMPARE(run.text(0), QStringLiteral("probe"));
        QCOMPARE(QJsonDocument::fromJson(run.text(1).toUtf8()).object(), provenance().request);
        QCOMPARE(run.int64(2), std::int64_t(11));
        QCOMPARE(run.text(3), QStringLiteral("f00d"));
        mb::data::Statement decision(
            reader->db(), "SELECT run_id, subject, payload FROM decisions ORDER BY id LIMIT 1");
        QVERIFY(decision.step());
        QCOMPARE(decision.int64(0), std::int64_t(id));
        QCOMPARE(decision.text(1), QStringLiteral("P0|S1|2024-09-02"));
        QCOMPARE(QJsonDocument::fromJson(decision.text(2).toUtf8()).object(),
                 threeDecisions().front().payload);
    }

    void throwBetweenBeginAndFinishLeavesNothing() {
        const auto project = newProject();
        bool thrown = false;
        try {
            RunRecorder recorder(*project, provenance());
            recorder.begin();
            recorder.addDecisions(threeDecisions());
            throw mb::Error(QStringLiteral("disk full"));
        } catch (const mb::Error&) {
            thrown = true;
        }
        QVERIFY(thrown);
        QCOMPARE(count(*project, "SELECT count(*) FROM runs"), qint64(0));
        QCOMPARE(count(*project, "SELECT count(*) FROM decisions"), qint64(0));
    }

    void recordFailureKeepsStatusAndReason_data() {
        QTest::addColumn<QString>("status");
        QTest::newRow("failed") << QStringLiteral("failed");
        QTest::newRow("cancelled") << QStringLiteral("cancelled");
    }
    void recordFailureKeepsStatusAndReason() {
        QFETCH(QString, status);
        const auto project = newProject();
        RunRecorder recorder(*project, provenance());
        recorder.begin();
        recorder.addDecisions(threeDecisions());
        recorder.recordFailure(status, QStringLiteral("the solver stopped"));
        QCOMPARE(count(*project, "SELECT count(*) FROM runs"), qint64(1));
        QCOMPARE(count(*project, "SELECT count(*) FROM decisions"), qint64(0));
        const RecordedStatus run = lastRun(*project);
        QCOMPARE(run.status, status);
        QCOMPARE(run.summary.value(QStringLiteral("error")).toString(),
                 QStringLiteral("the solver stopped"));
        QVERIFY(recorder.id() > 0);
    }

    // The job path: an error or a cancel in compute or record is recorded and rethrown.
    void computeAndRecordMarksFailures_data() {
        QTest::addColumn<int>("where");  // 0: compute throws, 1: record throws, 2: cancelled
        QTest::addColumn<QString>("status");
        QTest::newRow("compute fails") << 0 << QStringLiteral("failed");
        QTest::newRow("record fails") << 1 << QStringLiteral("failed");
        QTest::newRow("cancelled") << 2 << QStringLiteral("cancelled");
    }
    void computeAndRecordMarksFailures() {
        QFETCH(int, where);
        QFETCH(QString, status);
        const auto project = newProject();
        mb::ProgressToken progress;
        mb::jobs::JobContext context{project.get(), progress, {}};
        QString caught;
        try {
            mb::jobs::computeAndRecord(
                context, provenance(),
                [&](mb::ProgressToken& token) {
                    if (where == 0)
                        throw mb::Error(QStringLiteral("singular matrix"));
                    if (where == 2)
                        token.cancel();
                    return 1;
                },
                [&](int, RunRecorder& recorder, mb::jobs::JobOutcome&) {
                    recorder.addDecisions(threeDecisions());
                    if (where == 1)
                        throw mb::Error(QStringLiteral("cannot write plan.csv"));
                });
        } catch (const mb::Error& error) {
            caught = error.message();
        }
        QVERIFY(!caught.isEmpty());
        QCOMPARE(count(*project, "SELECT count(*) FROM runs"), qint64(1));
        QCOMPARE(count(*project, "SELECT count(*) FROM decisions"), qint64(0));
        const RecordedStatus run = lastRun(*project);
        QCOMPARE(run.status, status);
        QCOMPARE(run.summary.value(QStringLiteral("error")).toString(), caught);
    }

    void computeAndRecordFinishes() {
        const auto project = newProject();
        mb::ProgressToken progress;
        mb::jobs::JobContext context{project.get(), progress, {}};
        const mb::jobs::JobOutcome outcome = mb::jobs::computeAndRecord(
            context, provenance(), [](mb::ProgressToken&) { return 3; },
            [](int answer, RunRecorder& recorder, mb::jobs::JobOutcome& outcome) {
                recorder.addDecisions(threeDecisions());
                outcome.summary.insert(QStringLiteral("answer"), answer);
            });
        QVERIFY(outcome.runId > 0);
        QCOMPARE(outcome.provenance.inputFingerprint, QStringLiteral("f00d"));
        QCOMPARE(lastRun(*project).status, QStringLiteral("finished"));
        QCOMPARE(lastRun(*project).summary.value(QStringLiteral("answer")).toInt(), 3);
        QCOMPARE(count(*project, "SELECT count(*) FROM decisions"), qint64(3));
    }

    void readOnlyProject() {
        mbtest::TmpfsMount disk(dir_.filePath(QStringLiteral("disk")), QStringLiteral("16m"));
        if (!disk.mounted())
            QSKIP(qPrintable(QStringLiteral("needs a file system it can make read-only (run as "
                                            "root): %1")
                                 .arg(disk.why())));
        const QString path = dir_.filePath(QStringLiteral("disk/shop.merchbench"));
        mb::data::Project::open(path);
        QVERIFY(disk.remount(QStringLiteral("ro")));
        {
            const auto project =
                mb::data::Project::open(path, mb::data::Project::OpenMode::MustExist);
            QVERIFY(project->isReadOnly());
            QString refused;
            try {
                RunRecorder recorder(*project, provenance(), RunRecorder::Recording::Required);
            } catch (const mb::Error& error) {
                refused = error.message();
            }
            QVERIFY2(refused.contains(QStringLiteral("read-only")) &&
                         refused.contains(QStringLiteral("nothing was written")),
                     qPrintable(refused));

            RunRecorder recorder(*project, provenance(), RunRecorder::Recording::WhenWritable);
            QVERIFY(!recorder.isRecorded());
            QCOMPARE(recorder.begin(), qint64(-1));
            recorder.addDecisions(threeDecisions());
            recorder.finish(QJsonObject{});
            QVERIFY(recorder.idJson().isNull());
            QVERIFY2(recorder.notRecordedWarning().contains(QStringLiteral("is not recorded")),
                     qPrintable(recorder.notRecordedWarning()));
            QCOMPARE(count(*project, "SELECT count(*) FROM runs"), qint64(0));
        }
        QVERIFY(disk.remount(QStringLiteral("rw")));
        const auto project = mb::data::Project::open(path, mb::data::Project::OpenMode::MustExist);
        QCOMPARE(count(*project, "SELECT count(*) FROM runs"), qint64(0));
        QCOMPARE(count(*project, "SELECT count(*) FROM decisions"), qint64(0));
    }
};

QTEST_GUILESS_MAIN(RunRecorderTest)
#include "tst_runrecorder.moc"
