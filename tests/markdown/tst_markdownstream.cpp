// A chain's markdown run keeps no item's policy table once the item is planned and handed on
// (SeasonPlanner's sink): on a generated chain of more items than one planning batch, the run's
// files are byte for byte those written from a season whose items were all kept whole, the sink
// sees every item once in item order, and a run cancelled between batches leaves the project's
// decisions and the output files as they were. The run's demand fit, made in batches of a few
// products (or of one product's stores) read one at a time, is the whole history's fit field for
// field, and its plan is the whole fit's plan byte for byte.
#include "CliRun.h"

#include "common/Progress.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "demand/DemandEstimator.h"
#include "demand/SalesHistoryLoader.h"
#include "demand/SeriesBatches.h"
#include "demand/StockOuts.h"
#include "jobs/RecordedRun.h"
#include "markdown/MarkdownPlanJob.h"
#include "markdown/PriceChangeList.h"
#include "markdown/SeasonItemList.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <cstring>

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

// Bit for bit, NaN equal to NaN: the batched fit must do the very same arithmetic.
bool same(double a, double b) {
    return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b));
}

bool same(const demand::Coefficient& a, const demand::Coefficient& b) {
    return same(a.value, b.value) && same(a.standardError, b.standardError);
}

bool same(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](double x, double y) { return same(x, y); });
}

// The first field in which two models differ, or empty.
QString differs(const demand::DemandModel& a, const demand::DemandModel& b) {
    if (a.product != b.product || a.store != b.store || a.category != b.category)
        return QStringLiteral("key");
    if (a.fitted != b.fitted || a.problem != b.problem)
        return QStringLiteral("fitted");
    if (a.members.size() != b.members.size())
        return QStringLiteral("members");
    for (std::size_t m = 0; m < a.members.size(); ++m) {
        const demand::DemandMember& x = a.members[m];
        const demand::DemandMember& y = b.members[m];
        if (x.series != y.series || x.product != y.product || x.store != y.store ||
            !same(x.intercept, y.intercept) || x.lifeStartDay != y.lifeStartDay ||
            x.lastDay != y.lastDay || !same(x.lifeIntercepts, y.lifeIntercepts))
            return QStringLiteral("member %1").arg(m);
    }
    if (!same(a.elasticity, b.elasticity) ||
        !same(a.elasticityClassicalSe, b.elasticityClassicalSe) || a.clusters != b.clusters)
        return QStringLiteral("elasticity");
    if (!same(a.featureLift, b.featureLift) || !same(a.displayLift, b.displayLift) ||
        !same(a.tprLift, b.tprLift) || !same(a.lifecyclePerWeek, b.lifecyclePerWeek))
        return QStringLiteral("lifts");
    if (a.season.source != b.season.source || !same(a.season.sine, b.season.sine) ||
        !same(a.season.cosine, b.season.cosine))
        return QStringLiteral("season");
    if (!same(a.elasticityShrunk, b.elasticityShrunk) ||
        !same(a.shrinkageWeight, b.shrinkageWeight))
        return QStringLiteral("shrinkage");
    if (a.observations != b.observations || a.zeroWeeks != b.zeroWeeks ||
        a.censoredWeeks != b.censoredWeeks || !same(a.r2, b.r2) ||
        !same(a.residualVariance, b.residualVariance) || !same(a.smearing, b.smearing) ||
        !same(a.positiveShare, b.positiveShare) ||
        !same(a.pearsonDispersion, b.pearsonDispersion) ||
        !same(a.negativeBinomialSize, b.negativeBinomialSize))
        return QStringLiteral("fit statistics");
    if (!same(a.wapeHoldout, b.wapeHoldout) || a.holdoutWeeks != b.holdoutWeeks ||
        a.holdoutProblem != b.holdoutProblem)
        return QStringLiteral("holdout");
    return {};
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

    void batchesCutAtProductsOrStores() {
        const auto key = [](const char* product, const char* store) {
            return demand::SeriesKey{QLatin1String(product), QLatin1String(store), {}};
        };
        const std::vector<demand::SeriesKey> keys = {key("A", "1"), key("A", "2"), key("B", "1"),
                                                     key("C", "1"), key("C", "2"), key("C", "3"),
                                                     key("C", "4"), key("C", "5"), key("D", "1")};
        // Whole products while they fit; C, larger than a batch, cut into runs of its stores.
        const std::vector<demand::SeriesBatch> split = demand::seriesBatches(keys, 3, true);
        QCOMPARE(split.size(), std::size_t(4));
        QCOMPARE(split[0].products, QStringList({QStringLiteral("A"), QStringLiteral("B")}));
        QVERIFY(split[0].stores.isEmpty());
        QCOMPARE(split[1].products, QStringList({QStringLiteral("C")}));
        QCOMPARE(split[1].stores,
                 QStringList({QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")}));
        QCOMPARE(split[2].stores, QStringList({QStringLiteral("4"), QStringLiteral("5")}));
        QCOMPARE(split[3].products, QStringList({QStringLiteral("D")}));
        std::size_t covered = 0;
        for (const demand::SeriesBatch& batch : split)
            covered += batch.series;
        QCOMPARE(covered, keys.size());
        // A model pooling a product's stores keeps the product whole.
        const std::vector<demand::SeriesBatch> whole = demand::seriesBatches(keys, 3, false);
        QCOMPARE(whole.size(), std::size_t(3));
        QCOMPARE(whole[1].products, QStringList({QStringLiteral("C")}));
        QVERIFY(whole[1].stores.isEmpty());
        QCOMPARE(whole[1].series, std::size_t(5));
    }

    void batchedFitEqualsWholeFit_data() {
        QTest::addColumn<int>("batch");
        QTest::addColumn<int>("level");
        // One series a batch, a run of a product's stores, a product or two, everything at once.
        QTest::newRow("series") << 1 << int(demand::DemandLevel::ProductStore);
        QTest::newRow("stores") << 7 << int(demand::DemandLevel::ProductStore);
        QTest::newRow("products") << 40 << int(demand::DemandLevel::ProductStore);
        QTest::newRow("all") << 100000 << int(demand::DemandLevel::ProductStore);
        QTest::newRow("product level") << 7 << int(demand::DemandLevel::Product);
    }

    void batchedFitEqualsWholeFit() {
        QFETCH(int, batch);
        QFETCH(int, level);
        const auto project = data::Project::open(project_);
        const markdown::MarkdownPlanInputs inputs =
            markdown::loadMarkdownPlan(*project, chainRequest());
        demand::DemandOptions options;
        options.level = static_cast<demand::DemandLevel>(level);
        options.threads = 2;
        // Few enough that each category's season is fitted on a spread of its series.
        options.seasonSeriesLimit = 9;
        const demand::DemandFit whole = demand::fitDemand(inputs.history, options);

        demand::ProjectSeriesSource source(project->db(), inputs.season.salesFilter());
        const std::vector<demand::SeriesKey> keys = source.keys();
        QCOMPARE(keys.size(), inputs.history.series.size());
        for (std::size_t s = 0; s < keys.size(); ++s) {
            QCOMPARE(keys[s].product, inputs.history.series[s].product);
            QCOMPARE(keys[s].store, inputs.history.series[s].store);
            QCOMPARE(keys[s].category, inputs.history.series[s].category);
        }
        demand::SalesHistory lastWeeks;
        ProgressToken progress;
        double reported = 0.0;
        progress.setListener([&](double fraction) { reported = fraction; });
        const demand::DemandFit batched = demand::fitDemandInBatches(
            source, options, static_cast<std::size_t>(batch), &lastWeeks, &progress);
        QVERIFY(!batched.cancelled);
        QCOMPARE(reported, 1.0);
        const bool perStore = options.level == demand::DemandLevel::ProductStore;
        QVERIFY(whole.models.size() > (perStore ? 100u : 3u));
        QCOMPARE(batched.models.size(), whole.models.size());
        int shrunk = 0;
        for (std::size_t i = 0; i < whole.models.size(); ++i) {
            const QString field = differs(batched.models[i], whole.models[i]);
            QVERIFY2(field.isEmpty(),
                     qPrintable(QStringLiteral("model %1 (%2 in %3): %4")
                                    .arg(i)
                                    .arg(whole.models[i].product, whole.models[i].store, field)));
            shrunk += std::isfinite(whole.models[i].elasticityShrunk) ? 1 : 0;
        }
        QVERIFY(shrunk > (perStore ? 100 : 3));
        // Each series' last week, in history order, and the reads' counts add up.
        QCOMPARE(lastWeeks.series.size(), inputs.history.series.size());
        for (std::size_t s = 0; s < lastWeeks.series.size(); ++s) {
            QCOMPARE(lastWeeks.series[s].weeks.size(), std::size_t(1));
            QCOMPARE(lastWeeks.series[s].weeks.front().day,
                     inputs.history.series[s].weeks.back().day);
            QCOMPARE(lastWeeks.series[s].weeks.front().regularPrice,
                     inputs.history.series[s].weeks.back().regularPrice);
        }
        QCOMPARE(lastWeeks.stockCounts, inputs.history.stockCounts);
        QCOMPARE(lastWeeks.skippedRows, inputs.history.skippedRows);
    }

    void batchedFitGivesWholePlan() {
        const auto project = data::Project::open(project_);
        const markdown::MarkdownPlanRequest request = chainRequest();
        const markdown::MarkdownPlanInputs inputs = markdown::loadMarkdownPlan(*project, request);
        ProgressToken wholeProgress;
        const markdown::MarkdownPlanResult whole =
            markdown::computeMarkdownPlan(inputs, request, wholeProgress, 2);
        // Batches of 5 series: every product is cut into runs of its stores.
        ProgressToken fitting;
        markdown::FittedMarkdownPlanInputs fitted =
            markdown::loadAndFitMarkdownPlan(*project, request, fitting, 2, 5);
        QVERIFY(!fitted.fit.cancelled);
        QCOMPARE(fitted.inputs.fingerprint, inputs.fingerprint);
        QCOMPARE(fitted.inputs.warnings, inputs.warnings);
        // Planned as the run plans: each item keeps its figures, not the demand it was planned on.
        ProgressToken planning;
        const markdown::MarkdownPlanResult batched =
            markdown::planMarkdowns(fitted.inputs, fitted.fit, request, planning, 2, nullptr,
                                    markdown::ItemPlanKeeping::Figures);
        QCOMPARE(markdown::seasonPlanFigures(batched.season),
                 markdown::seasonPlanFigures(whole.season));
        QCOMPARE(batched.season.markdownSpend(), whole.season.markdownSpend());
        for (std::size_t i = 0; i < batched.season.items.size(); ++i) {
            QVERIFY(batched.season.items[i].input.demand.mean.empty());
            QCOMPARE(batched.season.items[i].plan.schedule.size(),
                     whole.season.items[i].plan.schedule.size());
        }
        QVERIFY(batched.season.plannedItems() > 3 * markdown::kPlanningBatchItems);
        const QString paths[4] = {dir_.filePath(QStringLiteral("fit-whole.csv")),
                                  dir_.filePath(QStringLiteral("fit-whole-items.csv")),
                                  dir_.filePath(QStringLiteral("fit-batched.csv")),
                                  dir_.filePath(QStringLiteral("fit-batched-items.csv"))};
        markdown::writePriceChangeList(paths[0], whole.priceChanges, {});
        markdown::writeSeasonItems(paths[1], whole.season, nullptr, {});
        markdown::writePriceChangeList(paths[2], batched.priceChanges, {});
        markdown::writeSeasonItems(paths[3], batched.season, nullptr, {});
        QVERIFY(contents(paths[0]).count('\n') > 10);
        QCOMPARE(contents(paths[2]), contents(paths[0]));
        QCOMPARE(contents(paths[3]), contents(paths[1]));
    }

    void cancelledBatchedFitStops() {
        const auto project = data::Project::open(project_);
        ProgressToken progress;
        int reports = 0;
        progress.setListener([&](double) {
            if (++reports == 2)
                progress.cancel();
        });
        const markdown::FittedMarkdownPlanInputs fitted =
            markdown::loadAndFitMarkdownPlan(*project, chainRequest(), progress, 1, 5);
        QVERIFY(fitted.fit.cancelled);
        QVERIFY(fitted.fit.models.empty());
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
