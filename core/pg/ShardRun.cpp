#include "pg/ShardRun.h"

#include "common/Error.h"
#include "data/Importer.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "demand/DemandJob.h"
#include "demand/SalesFilterSql.h"
#include "jobs/Job.h"
#include "markdown/MarkdownPlanRequest.h"
#include "markdown/SeasonInputs.h"
#include "markdown/SeasonPlanner.h"
#include "pg/DemandModelRows.h"
#include "pg/PgConnection.h"
#include "pg/PgImport.h"
#include "pg/RunPublisher.h"
#include "pg/ShardBudget.h"
#include "pg/ShardFolder.h"
#include "pg/ShardPublisher.h"
#include "pg/ShardShrinkage.h"
#include "pg/ShardSource.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>

namespace mb::pg {

namespace {

const QString kMarkdown = QStringLiteral("markdown");
const QString kDemand = QStringLiteral("demand");

// What the slice's run decided (nothing when the slice had nothing to plan).
struct SliceRun {
    qint64 runId = -1;
    QString fingerprint;
    long long items = 0;
    long long priceChanges = 0;
    double markdownSpend = 0.0;  // markdown: the slice's expected markdown spend
    QStringList warnings;
    QString models;  // demand: the models' file
};

// The importer's order: what a kind references is in before it.
const QStringList kSliceKinds{QStringLiteral("stores"), QStringLiteral("products"),
                              QStringLiteral("sales"), QStringLiteral("inventory")};

long long importSlice(data::Project& project, const QString& source, const QString& kind,
                      const QString& query) {
    data::ImportOptions options;
    options.kind = kind;
    const data::ImportReport report =
        importFromPostgres(project, PostgresSource{source, QString(), query}, options);
    if (report.committed)
        return report.rowsImported;
    constexpr qsizetype kShown = 3;
    QStringList issues;
    for (const data::ImportIssue& issue : report.errors) {
        if (issues.size() == kShown)
            break;
        issues << formatSourceIssue(issue, QStringLiteral("merchbench_") + kind);
    }
    if (report.errorCount > kShown)
        issues << QStringLiteral("%1 more").arg(report.errorCount - kShown);
    throw Error(QStringLiteral("the slice's %1 could not be read: %2")
                    .arg(kind, report.failure.isEmpty() || !report.errors.empty()
                                   ? issues.join(QStringLiteral("; "))
                                   : report.failure));
}

// The slice's latest stock count, as loadSeasonInputs finds it on the whole chain.
QDate sliceStockDate(data::Project& project, const QDate& asOf) {
    data::Statement latest(project.db(), asOf.isValid()
                                             ? "SELECT max(date) FROM inventory WHERE date <= ?1"
                                             : "SELECT max(date) FROM inventory");
    if (asOf.isValid())
        latest.bind(1, asOf.toString(Qt::ISODate));
    return latest.step() && !latest.isNull(0)
               ? QDate::fromString(latest.text(0).left(10), Qt::ISODate)
               : QDate();
}

// A slice with nothing to plan still takes its part in the chain's budget: the other shards wait
// for every shard's rounds.
void shareNoBudget(ShardBudget* budget, const markdown::MarkdownPlanRequest& plan, int threads,
                   ProgressToken& progress) {
    if (budget)
        budget->allocate({}, plan.rules.markdownBudget, {}, threads, &progress);
}

SliceRun runMarkdownSlice(data::Project& project, const QJsonObject& request,
                          const QDate& chainStock, ShardBudget* budget, int threads,
                          ProgressToken& progress) {
    const markdown::MarkdownPlanRequest plan = markdown::MarkdownPlanRequest::fromJson(request);
    // The season starts from the chain's stock count: a slice whose latest count is older has
    // no stock on that day, so it has no item of the chain's plan (not items of an older one).
    // Either way the slice publishes nothing, and says why: an empty shard is never silent.
    SliceRun none;
    const QDate sliceStock = sliceStockDate(project, plan.asOf);
    if (sliceStock != chainStock) {
        none.warnings << QStringLiteral(
                             "this slice has no stock count on %1, the chain's latest (its own "
                             "latest is %2): it has no item to plan")
                             .arg(chainStock.toString(Qt::ISODate),
                                  sliceStock.isValid() ? sliceStock.toString(Qt::ISODate)
                                                       : QStringLiteral("none"));
        shareNoBudget(budget, plan, threads, progress);
        return none;
    }
    if (markdown::loadSeasonInputs(project.db(), plan.products, plan.stores, plan.asOf)
            .items.empty()) {
        none.warnings << QStringLiteral(
            "no item of this slice is in stock on the chain's stock count: nothing to plan");
        shareNoBudget(budget, plan, threads, progress);
        return none;
    }
    jobs::JobContext context{&project, progress, {}, jobs::RunRecorder::Recording::Required,
                             threads,  budget};
    jobs::JobOutcome outcome;
    try {
        outcome = jobs::findJob(kMarkdown)->run(request, context);
    } catch (const markdown::NothingToPlan& nothing) {
        // The chain's plan leaves these items unplanned too; it stops only when no slice has
        // any item to plan.
        none.warnings
            << QStringLiteral("no item of this slice can be planned: %1").arg(nothing.message());
        // Refused before its budget's first step (no unit cost for any item under the margin
        // objective): the other shards still wait for its steps.
        if (budget && !budget->tookPart())
            shareNoBudget(budget, plan, threads, progress);
        return none;
    }
    SliceRun run;
    run.runId = outcome.runId;
    run.fingerprint = outcome.provenance.inputFingerprint;
    run.items = outcome.summary.value(QStringLiteral("items")).toInteger();
    run.priceChanges = outcome.summary.value(QStringLiteral("price_changes")).toInteger();
    run.markdownSpend = outcome.summary.value(QStringLiteral("markdown_spend")).toDouble();
    run.warnings = outcome.warnings;
    return run;
}

SliceRun runDemandSlice(data::Project& project, const QJsonObject& request, const QString& models,
                        ShardShrinkage* shrinkage, int threads, ProgressToken& progress) {
    // A slice with no sales the request reads has no model, as in the single run.
    const demand::SalesFilter filter = demand::DemandRequest::fromJson(request).filter();
    data::Statement sales(
        project.db(), "SELECT count(*) FROM sales s" + demand::filterWhere(filter, "s", "week"));
    demand::bindFilter(sales, filter);
    if (!sales.step() || sales.int64(0) == 0) {
        SliceRun none;
        none.warnings << QStringLiteral(
            "this slice has no sales the request reads: it has no model to fit");
        // The other shards' category models wait for every shard's estimates.
        if (shrinkage)
            shrinkage->gather({}, &progress);
        return none;
    }
    jobs::JobContext context{&project,
                             progress,
                             {{QStringLiteral("out"), models}},
                             jobs::RunRecorder::Recording::Required,
                             threads,
                             nullptr,
                             shrinkage};
    const jobs::JobOutcome outcome = jobs::findJob(kDemand)->run(request, context);
    SliceRun run;
    run.runId = outcome.runId;
    run.fingerprint = outcome.provenance.inputFingerprint;
    run.items = outcome.summary.value(QStringLiteral("models")).toInteger();
    run.warnings = outcome.warnings;
    run.models = models;
    return run;
}

// The request as its job reads it; refuses what a slice cannot compute as the whole chain would.
QJsonObject shardableRequest(const QJsonObject& json, const ShardIndex& index, QDate& asOf) {
    const QString analysis = json.value(QStringLiteral("analysis")).toString();
    if (analysis == kMarkdown) {
        const markdown::MarkdownPlanRequest plan = markdown::MarkdownPlanRequest::fromJson(json);
        if (plan.userPlan && index.shards > 1)
            throw Error(QStringLiteral(
                "the request compares with a user plan (user_plan), a comparison over the whole "
                "chain: run it as one shard (--shard 1/1) or without the user plan"));
        asOf = plan.asOf;
        return plan.toJson();
    }
    if (analysis == kDemand) {
        const demand::DemandRequest request = demand::DemandRequest::fromJson(json);
        asOf = request.asOf;
        return request.toJson();
    }
    throw Error(QStringLiteral("a sharded run takes a markdown or demand request; this one's "
                               "\"analysis\" is \"%1\"")
                    .arg(analysis));
}

}  // namespace

QJsonObject ShardReport::toJson() const {
    QJsonArray slice;
    for (const QString& category : categories)
        slice.append(category.isNull() ? QJsonValue() : QJsonValue(category));
    QJsonObject json{{QStringLiteral("run_key"), runKey},
                     {QStringLiteral("analysis"), analysis},
                     {QStringLiteral("shard"), index.shard},
                     {QStringLiteral("shards"), index.shards},
                     {QStringLiteral("sink"), sink},
                     {QStringLiteral("already_published"), alreadyPublished},
                     {QStringLiteral("categories"), slice},
                     {QStringLiteral("imported_rows"), importedRows},
                     {QStringLiteral("items"), items},
                     {QStringLiteral("price_changes"), priceChanges},
                     {QStringLiteral("seconds"), seconds},
                     {QStringLiteral("warnings"), QJsonArray::fromStringList(warnings)}};
    if (analysis == kMarkdown && !alreadyPublished)
        json[QStringLiteral("markdown_spend")] = markdownSpend;
    if (roundsPublished >= 0)
        json[QStringLiteral("rounds")] = QJsonObject{{QStringLiteral("published"), roundsPublished},
                                                     {QStringLiteral("reused"), roundsReused}};
    return json;
}

ShardReport runShard(const ShardRunOptions& options, ProgressToken& progress) {
    QElapsedTimer timer;
    timer.start();
    ShardReport report;
    report.runKey = options.runKey;
    report.index = options.index;
    report.analysis = options.request.value(QStringLiteral("analysis")).toString();
    // Read first: a request that is refused is refused before any database is touched.
    QDate asOf;
    const QJsonObject request = shardableRequest(options.request, options.index, asOf);
    const bool markdown = report.analysis == kMarkdown;
    if (options.runKey.trimmed().isEmpty())
        throw Error(QStringLiteral("--run-key is empty"));
    ShardRecord record;
    record.runKey = options.runKey;
    record.index = options.index;
    record.analysis = report.analysis;
    record.request = request;
    if (shardPublished(options.sink, record)) {
        report.alreadyPublished = true;
        PgConnection sink(options.sink);
        report.sink = sink.displayName();
        return report;
    }

    PgConnection connection(options.source);
    ShardSource source(connection);
    report.categories = shardCategories(source.categories(), options.index);
    // Only a markdown plan starts from a stock count; demand reads the counts the slice has.
    const QDate chainStock = markdown ? source.latestStockDate(asOf) : QDate();
    if (markdown && !chainStock.isValid())
        throw Error(asOf.isValid()
                        ? QStringLiteral("merchbench_inventory has no stock count on or before %1")
                              .arg(asOf.toString(Qt::ISODate))
                        : QStringLiteral("merchbench_inventory has no stock count"));

    // The slice's own project, on disk: its size is the slice's, and it goes when the shard ends.
    const ShardFolder folder;
    const auto project = data::Project::open(folder.filePath(QStringLiteral("slice.merchbench")));
    // What the whole chain shares, found by the shards together: a markdown budget's price, the
    // mean category-level elasticities shrink toward.
    const QString requestText =
        QString::fromUtf8(QJsonDocument(request).toJson(QJsonDocument::Compact));
    std::unique_ptr<ShardBudget> budget;
    std::unique_ptr<ShardShrinkage> shrinkage;
    if (markdown && options.index.shards > 1 &&
        markdown::MarkdownPlanRequest::fromJson(request).rules.markdownBudget >= 0.0)
        budget = std::make_unique<ShardBudget>(options.sink, options.runKey, options.index,
                                               requestText, options.roundWaitSeconds);
    if (!markdown && options.index.shards > 1 &&
        demand::DemandRequest::fromJson(request).level == demand::DemandLevel::Category)
        shrinkage = std::make_unique<ShardShrinkage>(options.sink, options.runKey, options.index,
                                                     requestText, options.roundWaitSeconds);
    SliceRun run;
    if (report.categories.isEmpty()) {
        run.warnings << QStringLiteral(
            "the chain has fewer categories than shards: this shard's slice is empty");
        if (budget)
            shareNoBudget(budget.get(), markdown::MarkdownPlanRequest::fromJson(request),
                          options.threads, progress);
        if (shrinkage)
            shrinkage->gather({}, &progress);
    } else {
        for (const QString& kind : kSliceKinds) {
            // Demand censors sold-out weeks by the stock counts when the source has them.
            if (kind == QStringLiteral("inventory") && !markdown && source.view(kind).isEmpty())
                continue;
            report.importedRows += importSlice(*project, options.source, kind,
                                               source.sliceQuery(kind, report.categories));
        }
        run = markdown ? runMarkdownSlice(*project, options.request, chainStock, budget.get(),
                                          options.threads, progress)
                       : runDemandSlice(*project, options.request,
                                        folder.filePath(QStringLiteral("demand.csv")),
                                        shrinkage.get(), options.threads, progress);
    }
    if (budget) {
        report.roundsPublished = budget->roundsPublished();
        report.roundsReused = budget->roundsReused();
    } else if (shrinkage) {
        report.roundsPublished = shrinkage->roundsPublished();
        report.roundsReused = shrinkage->roundsReused();
    }
    if (folder.removedStale() > 0)
        run.warnings << QStringLiteral(
                            "removed %1 temporary folder(s) of shards killed before on "
                            "this host (%2)")
                            .arg(folder.removedStale())
                            .arg(QDir::tempPath());
    report.items = run.items;
    report.priceChanges = run.priceChanges;
    report.markdownSpend = run.markdownSpend;
    report.warnings = run.warnings;
    report.seconds = static_cast<double>(timer.elapsed()) / 1000.0;

    record.fingerprint = run.fingerprint;
    record.items = run.items;
    record.priceChanges = run.priceChanges;
    record.seconds = report.seconds;
    PublishReport published;
    ShardRows rows;
    if (run.runId >= 0 && markdown) {
        rows = [&](PgConnection& sink, PublishReport& counts) {
            copyRunDecisions(sink, *project, run.runId, counts, options.index.shard);
        };
    } else if (run.runId >= 0) {
        rows = [&](PgConnection& sink, PublishReport&) {
            const long long models =
                copyDemandModels(sink, run.models, options.runKey, options.index.shard);
            if (models != run.items)
                throw Error(QStringLiteral("the slice fitted %1 models but %2 were copied")
                                .arg(run.items)
                                .arg(models));
        };
    }
    report.alreadyPublished = !publishShard(options.sink, record, rows, published);
    report.sink = published.sink;
    return report;
}

}  // namespace mb::pg
