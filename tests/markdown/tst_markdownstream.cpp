// A chain's markdown run keeps no item's policy table once the item is planned and handed on
// (SeasonPlanner's sink): on a generated chain of more items than one planning batch, the run's
// files are byte for byte those written from a season whose items were all kept whole, the sink
// sees every item once in item order, and a run cancelled between batches leaves the project's
// decisions and the output files as they were.
#include "CliRun.h"

#include "common/Progress.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "jobs/RecordedRun.h"
#include "markdown/MarkdownPlanJob.h"
#include "markdown/PriceChangeList.h"
#include "markdown/SeasonItemList.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace mb;

namespace {

// Every item the planner hands on, as the page would collect it.
class CollectingSink : public markdown::ItemPlanSink {
public:
    std::vector<std::size_t> indices;
    std::vector<double> objectives;
    std::vector<bool> policyKept;
    void add(std::size_t index, const markdown::ItemPlan& item) override {
        indices.push_back(index);
        objectives.push_back(item.plan.expectedObjective);
        // A planned item's policy covers every unit of its stock when handed on.
        policyKept.push_back(!item.planned ||
                             item.plan.policy.problem().inventory == item.input.inventory);
    }
};

QByteArray contents(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

markdown::MarkdownPlanRequest chainRequest() {
    markdown::MarkdownPlanRequest request;
    request.exitWeek = QDate(2024, 9, 16);
    request.rules.ladder = {1.0, 0.85, 0.7, 0.55, 0.4};
    request.rules.objective = markdown::MarkdownObjective::Revenue;
    request.rules.salvageShareOfCost = 0.25;
    request.rules.rules.maxMarkdowns = 3;
    request.rules.rules.minWeeksBetween = 2;
    request.rules.simulations = 40;
    request.rules.seed = 5;
    return request;
}

qint64 count(data::Project& project, const char* sql) {
    return data::queryInt(project.db(), sql);
}

}  // namespace

class TestMarkdownStream : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString project_;

private Q_SLOTS:
    void initTestCase() {
        // Scale 3: 30 stores, over 200 items with stock, so several planning batches.
        const QString csv = dir_.filePath(QStringLiteral("chain"));
        const mbtest::CliRun generated =
            mbtest::runCli({QStringLiteral("generate"), csv, QStringLiteral("--seed"),
                            QStringLiteral("11"), QStringLiteral("--scale"), QStringLiteral("3")});
        QVERIFY2(generated.exitCode == 0, generated.err.constData());
        project_ = dir_.filePath(QStringLiteral("chain.merchbench"));
        for (const char* kind : {"products", "stores", "sales", "inventory"}) {
            const mbtest::CliRun imported = mbtest::runCli(
                {QStringLiteral("import"), project_,
                 csv + QLatin1Char('/') + QLatin1String(kind) + QStringLiteral(".csv"),
                 QStringLiteral("--kind"), QLatin1String(kind)});
            QVERIFY2(imported.exitCode == 0, imported.err.constData());
        }
    }

    void streamedRunEqualsCollectedPlan() {
        const markdown::MarkdownPlanRequest request = chainRequest();
        const auto project = data::Project::open(project_);
        const QString out = dir_.filePath(QStringLiteral("streamed.csv"));
        const QString items = dir_.filePath(QStringLiteral("streamed-items.csv"));
        ProgressToken progress;
        jobs::JobContext context{project.get(), progress, {}};
        context.outputs.insert(QStringLiteral("out"), out);
        context.outputs.insert(QStringLiteral("items"), items);
        const jobs::JobOutcome outcome = markdown::runMarkdownPlanJob(request.toJson(), context);
        const int itemCount = outcome.summary[QStringLiteral("items")].toInt();
        QVERIFY2(itemCount > 3 * markdown::kPlanningBatchItems,
                 qPrintable(QString::number(itemCount)));

        // The same plan with every item kept whole, as the page keeps them, written by the
        // same writers.
        const markdown::MarkdownPlanInputs inputs = markdown::loadMarkdownPlan(*project, request);
        ProgressToken collecting;
        CollectingSink sink;
        const markdown::MarkdownPlanResult whole = markdown::computeMarkdownPlan(
            inputs, request, collecting, 1, &sink, markdown::ItemPlanKeeping::Whole);
        const QString wholeOut = dir_.filePath(QStringLiteral("whole.csv"));
        const QString wholeItems = dir_.filePath(QStringLiteral("whole-items.csv"));
        markdown::writePriceChangeList(wholeOut, whole.priceChanges, {});
        markdown::writeSeasonItems(wholeItems, whole.season, nullptr, {});
        QVERIFY(!contents(out).isEmpty());
        QCOMPARE(contents(out), contents(wholeOut));
        QCOMPARE(contents(items), contents(wholeItems));

        // Every item handed on once, in item order, with its policy (kept whole here).
        QCOMPARE(sink.indices.size(), whole.season.items.size());
        for (std::size_t i = 0; i < sink.indices.size(); ++i) {
            QCOMPARE(sink.indices[i], i);
            QCOMPARE(sink.objectives[i], whole.season.items[i].plan.expectedObjective);
            QVERIFY(sink.policyKept[i]);
        }
        // Streamed, the sink still sees each policy, and the season keeps none of them.
        ProgressToken streaming;
        CollectingSink streamed;
        const markdown::MarkdownPlanResult slim = markdown::computeMarkdownPlan(
            inputs, request, streaming, 2, &streamed, markdown::ItemPlanKeeping::WithoutPolicy);
        QCOMPARE(streamed.indices, sink.indices);
        QCOMPARE(streamed.objectives, sink.objectives);
        QCOMPARE(streamed.policyKept, sink.policyKept);
        int planned = 0;
        for (const markdown::ItemPlan& item : slim.season.items) {
            planned += item.planned ? 1 : 0;
            QCOMPARE(item.plan.policy.problem().inventory, 0);
        }
        QVERIFY(planned > 0);
        // The run recorded one decision per row of its list.
        const qint64 rows = contents(out).count('\n') - 1;
        QCOMPARE(data::queryInt(project->db(),
                                QStringLiteral("SELECT count(*) FROM decisions WHERE run_id = %1")
                                    .arg(outcome.runId)
                                    .toStdString()),
                 rows);
    }

    void cancelledStreamingRunLeavesNothing() {
        const auto project = data::Project::open(project_);
        const qint64 decisions = count(*project, "SELECT count(*) FROM decisions");
        const qint64 finished =
            count(*project, "SELECT count(*) FROM runs WHERE status = 'finished'");
        const QString out = dir_.filePath(QStringLiteral("cancelled.csv"));
        const QString items = dir_.filePath(QStringLiteral("cancelled-items.csv"));
        // Cancelled once the first batches are planned (the fit ends at a quarter of the run).
        double cancelledAt = 0.0;
        ProgressToken progress;
        progress.setListener([&](double fraction) {
            if (fraction > 0.5 && !progress.isCancelled()) {
                cancelledAt = fraction;
                progress.cancel();
            }
        });
        jobs::JobContext context{project.get(), progress, {}};
        context.outputs.insert(QStringLiteral("out"), out);
        context.outputs.insert(QStringLiteral("items"), items);
        bool cancelled = false;
        try {
            markdown::runMarkdownPlanJob(chainRequest().toJson(), context, 1);
        } catch (const jobs::Cancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QVERIFY(cancelledAt > 0.5 && cancelledAt < 1.0);
        QVERIFY(!QFile::exists(out));
        QVERIFY(!QFile::exists(items));
        QCOMPARE(count(*project, "SELECT count(*) FROM decisions"), decisions);
        QCOMPARE(count(*project, "SELECT count(*) FROM runs WHERE status = 'finished'"), finished);
        QCOMPARE(count(*project, "SELECT count(*) FROM runs WHERE status = 'cancelled'"),
                 qint64(1));
    }
};

QTEST_GUILESS_MAIN(TestMarkdownStream)
#include "tst_markdownstream.moc"
