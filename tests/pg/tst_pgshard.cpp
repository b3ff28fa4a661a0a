// `run REQUEST.json --source postgresql://... --shard I/N --sink postgresql://... --run-key K`:
// the union of N shards' published price changes is the single-process run's, row for row, for
// N = 1, 2, 3 and 7, and so are the demand models and, for N = 2, 3 and 7, a plan under a
// markdown budget (its shards run at once and price the chain's budget together through the
// sink); a shard run twice publishes once; a failing shard leaves nothing.
// The chain is a generated one, loaded into a real PostgreSQL server behind merchbench_<kind>
// views (with aliased columns, as a retailer's DBA would name them).
#include "CliRun.h"
#include "PgTestServer.h"
#include "data/CsvReader.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "pg/PgCopyIn.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <functional>
#include <memory>

using mbtest::runCli;

class TestPgShard : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void theShardsTogetherAreTheSingleRun_data();
    void theShardsTogetherAreTheSingleRun();
    void aShardRunTwicePublishesItsRowsOnce();
    void aShardWhoseSourceFailsLeavesNothing();
    void aShardWhoseRowsClashInTheSinkLeavesNothing();
    void theBudgetedShardsTogetherAreTheSingleRun_data();
    void theBudgetedShardsTogetherAreTheSingleRun();
    void aBudgetedShardWaitsForTheOthersAndARerunCatchesUp();
    void aRunKeyHoldingAnotherRunIsRefused();
    void aKilledShardsFolderIsRemovedByTheNextShard();
    void aSliceWithNothingToPlanPublishesNoRows();
    void aRoleThatMayOnlyInsertAndSelectPublishesAShard();
    void theDemandShardsTogetherAreTheSingleFit_data();
    void theDemandShardsTogetherAreTheSingleFit();
    void theCategoryShardsTogetherAreTheSingleFit_data();
    void theCategoryShardsTogetherAreTheSingleFit();
    void cleanupTestCase();

private:
    // Every published price change of a run key, ordered, as text: what a store system reads.
    QStringList priceChanges(const QString& runKey) const;
    mbtest::CliRun shard(const QString& request, const QString& source, int i, int n,
                         const QString& runKey) const {
        return runCli({QStringLiteral("run"), request, QStringLiteral("--source"), source,
                       QStringLiteral("--shard"), QStringLiteral("%1/%2").arg(i).arg(n),
                       QStringLiteral("--sink"), uri_, QStringLiteral("--run-key"), runKey,
                       QStringLiteral("--json")});
    }
    // Shards i of n for each i in `which`, all running at once (a budgeted run's shards wait
    // for one another), with more options, to the test's sink or another; their runs in the
    // order of `which`.
    std::vector<mbtest::CliRun> shardsTogether(const QString& request, const QList<int>& which,
                                               int n, const QString& runKey,
                                               const QStringList& more = {},
                                               const QString& sink = QString(),
                                               const QString& source = QString()) const;
    // The models of `demand --out`, each row as compact JSON, sorted.
    static QStringList modelsFile(const QString& path) {
        QFile csv(path);
        if (!csv.open(QIODevice::ReadOnly))
            return {};
        mb::data::CsvReader reader(&csv, mb::data::CsvDialect{});
        mb::data::CsvRecord record;
        QStringList header, models;
        while (reader.next(record)) {
            QStringList cells;
            for (const std::string& field : record.fields)
                cells << QString::fromStdString(field);
            if (header.isEmpty()) {
                header = cells;
                continue;
            }
            QJsonObject row;
            for (qsizetype c = 0; c < header.size(); ++c)
                row.insert(header[c], cells.value(c));
            models << QString::fromUtf8(QJsonDocument(row).toJson(QJsonDocument::Compact));
        }
        models.sort();
        return models;
    }
    // The models a run key published, as modelsFile reads them.
    QStringList publishedModels(const QString& runKey) const {
        QStringList published;
        for (const QString& details : schema_.admin->column(
                 QStringLiteral("SELECT details::text FROM merchbench.demand_models WHERE "
                                "run_key = $1"),
                 {runKey}, QStringLiteral("reading the demand models")))
            published << QString::fromUtf8(
                QJsonDocument(QJsonDocument::fromJson(details.toUtf8()).object())
                    .toJson(QJsonDocument::Compact));
        published.sort();
        return published;
    }
    // Every view of the source into a project, as the single run reads it; what went wrong.
    static QString importViews(const QString& project, const QString& source) {
        for (const char* kind : {"stores", "products", "sales", "inventory"}) {
            const auto imported =
                runCli({QStringLiteral("import"), project, QStringLiteral("--from"), source,
                        QStringLiteral("--table"),
                        QStringLiteral("merchbench_%1").arg(QLatin1String(kind)),
                        QStringLiteral("--kind"), QLatin1String(kind)});
            if (imported.exitCode != 0)
                return QString::fromUtf8(imported.err);
        }
        return {};
    }
    // The request of a recorded run, as `request PROJECT RUN_ID` prints it, in a file (empty
    // when it cannot be had).
    QString saveRequest(const QString& project, const QString& runId, const QString& name) const {
        const auto request = runCli({QStringLiteral("request"), project, runId});
        const QString path = dir_.filePath(name + QStringLiteral(".json"));
        QFile file(path);
        if (request.exitCode != 0 || !file.open(QIODevice::WriteOnly) ||
            file.write(request.out) < 0)
            return {};
        return path;
    }
    // A copy of a request file with one change, written beside it.
    QString variant(const QString& path, const QString& name,
                    const std::function<void(QJsonObject&)>& change) const {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        QJsonObject request = QJsonDocument::fromJson(file.readAll()).object();
        change(request);
        const QString changed = dir_.filePath(name + QStringLiteral(".json"));
        QFile out(changed);
        if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(request).toJson()) < 0)
            return {};
        return changed;
    }
    QString key(const QString& name) const {
        return QStringLiteral("%1-%2").arg(name).arg(QCoreApplication::applicationPid());
    }
    QString sourceIn(const QString& schema) const {
        return uri_ + (uri_.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?')) +
               QStringLiteral("options=-csearch_path%3D") + schema;
    }

    QString uri_;
    QString role_;    // the publishing role one test makes, dropped at the end
    QString source_;  // the chain's views
    QString request_;
    QString demandRequest_;
    QStringList demandModels_;    // the single fit's rows of `demand --out`, as JSON, sorted
    QString categoryRequest_;     // the demand request at category level
    QStringList categoryModels_;  // its single fit's models, as demandModels_
    QTemporaryDir dir_;
    mbtest::PgScratchSchema schema_;
    mbtest::PgScratchSchema broken_;  // the same views with one bad sales row
    mbtest::PgScratchSchema noCost_;  // the same views without the unit costs of one category
    QSet<QString> categories_;
    long long singleItems_ = 0;
    double singleSpend_ = 0.0;  // the single plan's expected markdown spend
    QString budgeted_;          // request_ with a markdown budget that binds
};

void TestPgShard::initTestCase() {
    MB_TEST_PG_URI(uri);
    uri_ = uri;
    schema_.create(uri, QStringLiteral("tst_pgshard"));
    broken_.create(uri, QStringLiteral("tst_pgshard_broken"));
    noCost_.create(uri, QStringLiteral("tst_pgshard_nocost"));
    const QString chain = dir_.filePath(QStringLiteral("chain"));
    const auto generated = runCli(
        {QStringLiteral("generate"), chain, QStringLiteral("--scale"), QStringLiteral("0.5")});
    QVERIFY2(generated.exitCode == 0, generated.err.constData());
    // The generated files through the importer, then its tables into the source as they are.
    const QString loaded = dir_.filePath(QStringLiteral("loaded.merchbench"));
    for (const char* kind : {"stores", "products", "sales", "inventory"}) {
        const auto imported = runCli({QStringLiteral("import"), loaded,
                                      chain + QStringLiteral("/%1.csv").arg(QLatin1String(kind)),
                                      QStringLiteral("--kind"), QLatin1String(kind)});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
    }
    const QString s = schema_.name;
    schema_.admin->exec(
        QStringLiteral(
            "CREATE TABLE %1.stores_t (store text, name text, region text, cluster text, area "
            "double precision);"
            "CREATE TABLE %1.products_t (product text, name text, category text, unit_cost "
            "numeric, regular_price numeric);"
            "CREATE TABLE %1.sales_t (week date, store text, product text, units double "
            "precision, revenue double precision, price numeric, regular_price numeric, feature "
            "integer, display integer, tpr integer);"
            "CREATE TABLE %1.inventory_t (store text, product text, date date, on_hand double "
            "precision)")
            .arg(s),
        QStringLiteral("making the source tables"));
    const auto project = mb::data::Project::open(loaded);
    const QStringList tables{
        QStringLiteral("stores_t:store,name,region,cluster,area"),
        QStringLiteral("products_t:product,name,category,unit_cost,regular_price"),
        QStringLiteral(
            "sales_t:week,store,product,units,revenue,price,regular_price,feature,display,tpr"),
        QStringLiteral("inventory_t:store,product,date,on_hand")};
    schema_.admin->exec(QStringLiteral("BEGIN"), QStringLiteral("loading"));
    for (const QString& table : tables) {
        const QString name = table.section(QLatin1Char(':'), 0, 0);
        const QStringList columns = table.section(QLatin1Char(':'), 1).split(QLatin1Char(','));
        mb::pg::PgCopyIn copy(*schema_.admin, s + QLatin1Char('.') + name, columns);
        mb::data::Statement rows(project->db(),
                                 QStringLiteral("SELECT %1 FROM %2")
                                     .arg(columns.join(QLatin1Char(',')), name.chopped(2))
                                     .toStdString());
        while (rows.step()) {
            QStringList values;
            for (int c = 0; c < columns.size(); ++c)
                values << (rows.isNull(c) ? QString() : rows.text(c));
            copy.addRow(values);
        }
        QVERIFY(copy.finish() > 0);
    }
    schema_.admin->exec(QStringLiteral("COMMIT"), QStringLiteral("loading"));
    // The DBA's views, under aliases the importer knows. The generated chain counts stock of two
    // categories only: every other product gets a count too, so every category has items, and
    // dairy's latest count is a week older than the chain's, so dairy has none in the plan (a
    // shard must not plan it from its own latest count).
    const QString views = QStringLiteral(
        "CREATE VIEW %1.merchbench_stores AS SELECT store AS store_id, name, region, cluster, "
        "area FROM %2.stores_t;"
        "CREATE VIEW %1.merchbench_products AS SELECT product AS sku, name, category, "
        "%4 AS unit_cost, regular_price FROM %2.products_t;"
        "CREATE VIEW %1.merchbench_sales AS SELECT week, store, product AS sku, %3 AS units, "
        "revenue, price, regular_price, feature, display, tpr FROM %2.sales_t;"
        "CREATE VIEW %1.merchbench_inventory AS SELECT store, product, date, on_hand FROM "
        "%2.inventory_t UNION ALL SELECT s.store, p.product, CASE WHEN p.category = 'dairy' "
        "THEN i.latest - 7 ELSE i.latest END, 100 + abs(hashtext(s.store || p.product)) % 200 "
        "FROM %2.stores_t s CROSS JOIN %2.products_t p CROSS JOIN (SELECT max(date) AS latest "
        "FROM %2.inventory_t) i WHERE p.product NOT IN (SELECT product FROM %2.inventory_t)");
    const QString cost = QStringLiteral("unit_cost");
    schema_.admin->exec(views.arg(s, s, QStringLiteral("units::text"), cost),
                        QStringLiteral("views"));
    // No unit cost for home: under the margin objective no item of home can be planned.
    schema_.admin->exec(views.arg(noCost_.name, s, QStringLiteral("units::text"),
                                  QStringLiteral("CASE WHEN category = 'home' THEN NULL ELSE "
                                                 "unit_cost END")),
                        QStringLiteral("views without costs"));
    // One unit count of the first apparel product that no importer takes as a number.
    schema_.admin->exec(
        views.arg(broken_.name, s,
                  QStringLiteral("CASE WHEN product = (SELECT min(product) FROM %1.products_t "
                                 "WHERE category = 'apparel') AND week = (SELECT max(week) FROM "
                                 "%1.sales_t) THEN 'twelve' ELSE units::text END")
                      .arg(s),
                  cost),
        QStringLiteral("broken views"));
    source_ = sourceIn(s);

    // The single-process run: a project holding the same data, read from the same views.
    const QString single = dir_.filePath(QStringLiteral("single.merchbench"));
    const QString imported = importViews(single, source_);
    QVERIFY2(imported.isEmpty(), qPrintable(imported));
    {
        QFile rules(dir_.filePath(QStringLiteral("rules.json")));
        QVERIFY(rules.open(QIODevice::WriteOnly));
        rules.write(R"({"objective": "revenue", "schedule_per": "cluster"})");
    }
    const auto plan = runCli({QStringLiteral("markdown"), single, QStringLiteral("--exit-week"),
                              QStringLiteral("2024-09-09"), QStringLiteral("--rules"),
                              dir_.filePath(QStringLiteral("rules.json")), QStringLiteral("--out"),
                              dir_.filePath(QStringLiteral("plan.csv")), QStringLiteral("--json")});
    QVERIFY2(plan.exitCode == 0, plan.err.constData());
    singleItems_ = plan.json().value(QStringLiteral("items")).toInteger();
    singleSpend_ = plan.json().value(QStringLiteral("markdown_spend")).toDouble();
    const QString runId = QString::number(plan.json().value(QStringLiteral("run_id")).toInteger());
    const auto published =
        runCli({QStringLiteral("publish"), single, runId, QStringLiteral("--to"), uri_,
                QStringLiteral("--run-key"), key(QStringLiteral("single"))});
    QVERIFY2(published.exitCode == 0, published.err.constData());
    request_ = saveRequest(single, runId, QStringLiteral("request"));
    QVERIFY(!request_.isEmpty());
    // The same plan with a budget of half what it spends: the single budgeted run.
    const double budget = plan.json().value(QStringLiteral("markdown_spend")).toDouble() / 2.0;
    QVERIFY(budget > 0.0);
    budgeted_ = variant(request_, QStringLiteral("budgeted"), [budget](QJsonObject& request) {
        QJsonObject rules = request.value(QStringLiteral("rules")).toObject();
        rules[QStringLiteral("markdown_budget")] = budget;
        request[QStringLiteral("rules")] = rules;
    });
    const auto budgetedPlan = runCli({QStringLiteral("run"), budgeted_, QStringLiteral("--project"),
                                      single, QStringLiteral("--json")});
    QVERIFY2(budgetedPlan.exitCode == 0, budgetedPlan.err.constData());
    QVERIFY(budgetedPlan.json()
                .value(QStringLiteral("result"))
                .toObject()
                .value(QStringLiteral("budget_binds"))
                .toBool());
    const auto publishedBudget =
        runCli({QStringLiteral("publish"), single,
                QString::number(budgetedPlan.json().value(QStringLiteral("run_id")).toInteger()),
                QStringLiteral("--to"), uri_, QStringLiteral("--run-key"),
                key(QStringLiteral("single-budget"))});
    QVERIFY2(publishedBudget.exitCode == 0, publishedBudget.err.constData());
    // The budget changes the plan: its shards have something to agree on.
    QVERIFY(priceChanges(key(QStringLiteral("single-budget"))) !=
            priceChanges(key(QStringLiteral("single"))));
    // The single demand fit, its models as `demand --out` writes them.
    const QString models = dir_.filePath(QStringLiteral("demand.csv"));
    const auto fit = runCli({QStringLiteral("demand"), single, QStringLiteral("--out"), models,
                             QStringLiteral("--json")});
    QVERIFY2(fit.exitCode == 0, fit.err.constData());
    demandRequest_ =
        saveRequest(single, QString::number(fit.json().value(QStringLiteral("run_id")).toInteger()),
                    QStringLiteral("demand-request"));
    QVERIFY(!demandRequest_.isEmpty());
    demandModels_ = modelsFile(models);
    QVERIFY(demandModels_.size() > 100);
    // The same fit at category level: one model per category, shrunk toward their common mean.
    categoryRequest_ =
        variant(demandRequest_, QStringLiteral("category-level"), [](QJsonObject& request) {
            request[QStringLiteral("level")] = QStringLiteral("category");
        });
    const QString categoryFolder = dir_.filePath(QStringLiteral("category-fit"));
    const auto categoryFit =
        runCli({QStringLiteral("run"), categoryRequest_, QStringLiteral("--project"), single,
                QStringLiteral("--out"), categoryFolder});
    QVERIFY2(categoryFit.exitCode == 0, categoryFit.err.constData());
    categoryModels_ = modelsFile(categoryFolder + QStringLiteral("/demand.csv"));
    QVERIFY(categoryModels_.size() >= 6);

    mb::data::Statement names(project->db(), "SELECT DISTINCT category FROM products");
    while (names.step())
        categories_.insert(names.text(0));
    // What makes the comparison worth making: changes in most categories, none in dairy.
    QSet<QString> changed;
    for (const QString& row : priceChanges(key(QStringLiteral("single"))))
        changed.insert(row.section(QLatin1Char('|'), 6, 6));
    QVERIFY2(changed.size() >= 6, qPrintable(QStringList(changed.values()).join(u',')));
    QVERIFY(!changed.contains(QStringLiteral("dairy")));
}

QStringList TestPgShard::priceChanges(const QString& runKey) const {
    return schema_.admin->column(
        QStringLiteral(
            "SELECT concat_ws('|', product, store, week, new_price, new_price_minor, step, "
            "category, discount, expected_units, expected_revenue, expected_margin, "
            "expected_sell_through, cluster, status, details::text) FROM merchbench.price_changes "
            "WHERE run_key = $1 ORDER BY product, store, week"),
        {runKey}, QStringLiteral("reading the price changes"));
}

void TestPgShard::theShardsTogetherAreTheSingleRun_data() {
    QTest::addColumn<int>("shards");
    for (const int n : {1, 2, 3, 7})
        QTest::addRow("N=%d", n) << n;
}

void TestPgShard::theShardsTogetherAreTheSingleRun() {
    QFETCH(int, shards);
    const QString runKey = key(QStringLiteral("chain%1").arg(shards));
    QSet<QString> seen;
    long long items = 0, changes = 0;
    double spend = 0.0;
    for (int i = 1; i <= shards; ++i) {
        const auto run = shard(request_, source_, i, shards, runKey);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject report = run.json();
        QCOMPARE(report.value(QStringLiteral("already_published")).toBool(), false);
        // Each category in exactly one shard.
        for (const QJsonValue& category : report.value(QStringLiteral("categories")).toArray()) {
            QVERIFY2(!seen.contains(category.toString()), qPrintable(category.toString()));
            seen.insert(category.toString());
        }
        // A shard that plans nothing says why (dairy's older stock count, an empty slice).
        if (report.value(QStringLiteral("items")).toInteger() == 0)
            QVERIFY2(!report.value(QStringLiteral("warnings")).toArray().isEmpty(),
                     qPrintable(QStringLiteral("shard %1/%2 planned nothing and said nothing")
                                    .arg(i)
                                    .arg(shards)));
        items += report.value(QStringLiteral("items")).toInteger();
        changes += report.value(QStringLiteral("price_changes")).toInteger();
        spend += report.value(QStringLiteral("markdown_spend")).toDouble(-1.0);
    }
    QCOMPARE(seen, categories_);
    QCOMPARE(items, singleItems_);
    // The shards' spends add up to the chain's (scripts/pg-chain-bench.sh budgets from it).
    QVERIFY2(
        singleSpend_ > 0.0 && std::abs(spend - singleSpend_) <= 1e-9 * singleSpend_,
        qPrintable(
            QStringLiteral("%1 against %2").arg(spend, 0, 'f', 6).arg(singleSpend_, 0, 'f', 6)));
    const QStringList single = priceChanges(key(QStringLiteral("single")));
    const QStringList union_ = priceChanges(runKey);
    QCOMPARE(union_.size(), single.size());
    for (qsizetype r = 0; r < single.size(); ++r)
        QCOMPARE(union_[r], single[r]);
    QCOMPARE(changes, static_cast<long long>(single.size()));
    // The sink says every shard is in, with its counts.
    const QStringList rows = schema_.admin->column(
        QStringLiteral("SELECT count(*) || ' ' || sum(price_changes) || ' ' || sum(items) FROM "
                       "merchbench.run_shards WHERE run_key = $1 AND shards = $2"),
        {runKey, QString::number(shards)}, QStringLiteral("reading run_shards"));
    QCOMPARE(rows.value(0), QStringLiteral("%1 %2 %3").arg(shards).arg(changes).arg(items));
    // Each row carries the shard that wrote it, one of 1..N.
    const QStringList numbers = schema_.admin->column(
        QStringLiteral("SELECT DISTINCT shard::text FROM merchbench.price_changes WHERE run_key = "
                       "$1 AND (shard IS NULL OR shard < 1 OR shard > $2)"),
        {runKey, QString::number(shards)}, QStringLiteral("reading the shards"));
    QVERIFY2(numbers.isEmpty(), qPrintable(numbers.join(u',')));
}

void TestPgShard::aShardRunTwicePublishesItsRowsOnce() {
    const QString runKey = key(QStringLiteral("twice"));
    const auto first = shard(request_, source_, 1, 2, runKey);
    QVERIFY2(first.exitCode == 0, first.err.constData());
    const QStringList rows = priceChanges(runKey);
    QVERIFY(!rows.isEmpty());
    const auto again =
        runCli({QStringLiteral("run"), request_, QStringLiteral("--source"), source_,
                QStringLiteral("--shard"), QStringLiteral("1/2"), QStringLiteral("--sink"), uri_,
                QStringLiteral("--run-key"), runKey});
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QVERIFY2(again.out.contains(
                 QStringLiteral("shard 1/2 of run %1 is already published").arg(runKey).toUtf8()),
             again.out.constData());
    QCOMPARE(priceChanges(runKey), rows);
    const QStringList shards = schema_.admin->column(
        QStringLiteral("SELECT count(*)::text FROM merchbench.run_shards WHERE run_key = $1"),
        {runKey}, QStringLiteral("reading run_shards"));
    QCOMPARE(shards.value(0), QStringLiteral("1"));
}

void TestPgShard::aShardWhoseSourceFailsLeavesNothing() {
    const QString runKey = key(QStringLiteral("broken"));
    // The shard holding apparel (where the bad row is) fails; the run's other shard is fine.
    int failed = 0;
    for (int i = 1; i <= 2; ++i) {
        const auto run = shard(request_, sourceIn(broken_.name), i, 2, runKey);
        if (run.exitCode == 0)
            continue;
        ++failed;
        QVERIFY2(run.err.contains("merchbench_sales: row") && run.err.contains("twelve") &&
                     run.err.contains("nothing of it was published"),
                 run.err.constData());
        QVERIFY(!run.err.contains(mbtest::passwordOf(uri_).toUtf8()));
        const QStringList in = schema_.admin->column(
            QStringLiteral("SELECT count(*)::text FROM merchbench.run_shards WHERE run_key = $1 "
                           "AND shard = $2"),
            {runKey, QString::number(i)}, QStringLiteral("reading run_shards"));
        QCOMPARE(in.value(0), QStringLiteral("0"));
        const QStringList rows = schema_.admin->column(
            QStringLiteral("SELECT count(*)::text FROM merchbench.price_changes WHERE run_key = "
                           "$1 AND shard = $2"),
            {runKey, QString::number(i)}, QStringLiteral("reading the price changes"));
        QCOMPARE(rows.value(0), QStringLiteral("0"));
    }
    QCOMPARE(failed, 1);
}

void TestPgShard::aShardWhoseRowsClashInTheSinkLeavesNothing() {
    // A row already under the key where the shard will write one: the COPY fails part way, and
    // the shard's transaction takes back the run_shards row and every row copied before it.
    const QString runKey = key(QStringLiteral("clash"));
    const QStringList single = priceChanges(key(QStringLiteral("single")));
    const QString last = single.last();
    schema_.admin->execParams(
        QStringLiteral("INSERT INTO merchbench.runs (run_key, analysis, project_run_id, request, "
                       "input_fingerprint, program_version, decisions) SELECT $1, analysis, 0, "
                       "request, '', program_version, 0 FROM merchbench.runs WHERE run_key = $2"),
        {runKey, key(QStringLiteral("chain1"))}, QStringLiteral("the run key"));
    schema_.admin->execParams(
        QStringLiteral("INSERT INTO merchbench.price_changes SELECT $1, product, store, week, "
                       "new_price, new_price_minor, step, category, discount, expected_units, "
                       "expected_revenue, expected_margin, expected_sell_through, cluster, "
                       "status, details, 99 FROM merchbench.price_changes WHERE run_key = $2 AND "
                       "product = $3 AND store = $4 AND week = $5"),
        {runKey, key(QStringLiteral("single")), last.section(u'|', 0, 0), last.section(u'|', 1, 1),
         last.section(u'|', 2, 2)},
        QStringLiteral("the clashing row"));
    const auto run = shard(request_, source_, 1, 1, runKey);
    QVERIFY(run.exitCode != 0);
    QVERIFY2(run.err.contains("nothing of it was published"), run.err.constData());
    QCOMPARE(priceChanges(runKey).size(), 1);
    const QStringList shards = schema_.admin->column(
        QStringLiteral("SELECT count(*)::text FROM merchbench.run_shards WHERE run_key = $1"),
        {runKey}, QStringLiteral("reading run_shards"));
    QCOMPARE(shards.value(0), QStringLiteral("0"));
}

std::vector<mbtest::CliRun> TestPgShard::shardsTogether(
    const QString& request, const QList<int>& which, int n, const QString& runKey,
    const QStringList& more, const QString& sink, const QString& source) const {
    std::vector<std::unique_ptr<QProcess>> processes;
    for (const int i : which) {
        processes.push_back(std::make_unique<QProcess>());
        processes.back()->start(
            QStringLiteral(MERCHBENCH_CLI_PATH),
            QStringList{QStringLiteral("run"), request, QStringLiteral("--source"),
                        source.isEmpty() ? source_ : source, QStringLiteral("--shard"),
                        QStringLiteral("%1/%2").arg(i).arg(n), QStringLiteral("--sink"),
                        sink.isEmpty() ? uri_ : sink, QStringLiteral("--run-key"), runKey,
                        QStringLiteral("--json")} +
                more);
    }
    std::vector<mbtest::CliRun> runs(processes.size());
    for (std::size_t k = 0; k < processes.size(); ++k) {
        QProcess& process = *processes[k];
        constexpr int kShardTimeoutMs = 600000;
        if (!process.waitForFinished(kShardTimeoutMs)) {
            process.kill();
            process.waitForFinished();
            continue;  // exitCode -1: still running at the timeout
        }
        runs[k].exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        runs[k].out = process.readAllStandardOutput();
        runs[k].err = process.readAllStandardError();
    }
    return runs;
}

void TestPgShard::theBudgetedShardsTogetherAreTheSingleRun_data() {
    QTest::addColumn<int>("shards");
    for (const int n : {2, 3, 7})
        QTest::addRow("N=%d", n) << n;
}

void TestPgShard::theBudgetedShardsTogetherAreTheSingleRun() {
    // The budget caps the chain's spend: the shards price it together, round by round through
    // the sink, and their price changes are the single budgeted run's, row for row.
    QFETCH(int, shards);
    const QString runKey = key(QStringLiteral("budget%1").arg(shards));
    QList<int> all;
    for (int i = 1; i <= shards; ++i)
        all << i;
    const std::vector<mbtest::CliRun> runs = shardsTogether(budgeted_, all, shards, runKey);
    long long items = 0;
    for (int i = 1; i <= shards; ++i) {
        const mbtest::CliRun& run = runs[size_t(i - 1)];
        QVERIFY2(run.exitCode == 0, qPrintable(QStringLiteral("shard %1/%2: %3")
                                                   .arg(i)
                                                   .arg(shards)
                                                   .arg(QString::fromUtf8(run.err))));
        const QJsonObject report = run.json();
        items += report.value(QStringLiteral("items")).toInteger();
        // Every shard took every round of the search, the first without the budget.
        const QJsonObject rounds = report.value(QStringLiteral("rounds")).toObject();
        QVERIFY2(rounds.value(QStringLiteral("published")).toInt() >= 3,
                 qPrintable(QString::fromUtf8(run.out)));
        QCOMPARE(rounds.value(QStringLiteral("reused")).toInt(), 0);
        // A shard with items says the chain's budget binds.
        if (report.value(QStringLiteral("items")).toInteger() > 0)
            QVERIFY2(run.err.contains("the chain's markdown budget"), run.err.constData());
    }
    QCOMPARE(items, singleItems_);
    const QStringList single = priceChanges(key(QStringLiteral("single-budget")));
    QVERIFY(!single.isEmpty());
    const QStringList union_ = priceChanges(runKey);
    QCOMPARE(union_.size(), single.size());
    for (qsizetype r = 0; r < single.size(); ++r)
        QCOMPARE(union_[r], single[r]);
    // Every shard published each round once, at the same spend price.
    const QStringList prices = schema_.admin->column(
        QStringLiteral("SELECT count(DISTINCT value)::text FROM merchbench.shard_rounds WHERE "
                       "run_key = $1 AND exchange = 'budget' GROUP BY round HAVING count(*) <> $2 "
                       "OR count(DISTINCT value) <> 1"),
        {runKey, QString::number(shards)}, QStringLiteral("reading the budget rounds"));
    QVERIFY2(prices.isEmpty(), qPrintable(prices.join(u',')));
}

void TestPgShard::aBudgetedShardWaitsForTheOthersAndARerunCatchesUp() {
    // Shards 1 and 3 of 3 without shard 2: round 0 waits for it, then both fail naming it, and
    // nothing of their decisions is in the sink.
    const QString runKey = key(QStringLiteral("budget-wait"));
    const QStringList shortWait{QStringLiteral("--round-wait"), QStringLiteral("0.05")};
    const std::vector<mbtest::CliRun> waited =
        shardsTogether(budgeted_, {1, 3}, 3, runKey, shortWait);
    for (const mbtest::CliRun& run : waited) {
        QCOMPARE(run.exitCode, 2);
        // Shard 2 is named (and shard 3 too when it published later than the wait).
        static const QRegularExpression missingTwo(
            QStringLiteral("shard\\(s\\) (2|2, 3) of 3 have not published it"));
        QVERIFY2(missingTwo.match(QString::fromUtf8(run.err)).hasMatch() &&
                     run.err.contains("nothing of it was published"),
                 run.err.constData());
    }
    QVERIFY(priceChanges(runKey).isEmpty());
    // All three together: 1 and 3 find their round 0 published and plan only what follows.
    const std::vector<mbtest::CliRun> rerun = shardsTogether(budgeted_, {1, 2, 3}, 3, runKey);
    for (std::size_t k = 0; k < rerun.size(); ++k) {
        QVERIFY2(rerun[k].exitCode == 0, rerun[k].err.constData());
        const QJsonObject rounds = rerun[k].json().value(QStringLiteral("rounds")).toObject();
        QCOMPARE(rounds.value(QStringLiteral("reused")).toInt(), k == 1 ? 0 : 1);
    }
    QCOMPARE(priceChanges(runKey), priceChanges(key(QStringLiteral("single-budget"))));
    // Shard 2 again, alone: it is in, so it neither waits nor writes.
    const auto again = shard(budgeted_, source_, 2, 3, runKey);
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QCOMPARE(again.json().value(QStringLiteral("already_published")).toBool(), true);
}

void TestPgShard::aKilledShardsFolderIsRemovedByTheNextShard() {
    // kill -9 while the shard imports its slice: its temporary folder stays behind, and the next
    // shard on the host removes it (and says so).
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("TMPDIR"), temp.path());
    const QString runKey = key(QStringLiteral("killed"));
    const QStringList arguments{QStringLiteral("run"),       request_,
                                QStringLiteral("--source"),  source_,
                                QStringLiteral("--shard"),   QStringLiteral("1/2"),
                                QStringLiteral("--sink"),    uri_,
                                QStringLiteral("--run-key"), runKey,
                                QStringLiteral("--json")};
    QProcess killed;
    killed.setProcessEnvironment(environment);
    killed.start(QStringLiteral(MERCHBENCH_CLI_PATH), arguments);
    QVERIFY(killed.waitForStarted());
    const QDir folder(temp.path());
    const QStringList shardFolders{QStringLiteral("merchbench-shard-*")};
    QTRY_VERIFY_WITH_TIMEOUT(
        !folder.entryList(shardFolders, QDir::Dirs).isEmpty() &&
            QFile::exists(folder.filePath(folder.entryList(shardFolders, QDir::Dirs).first() +
                                          QStringLiteral("/owner"))),
        60000);
    killed.kill();  // SIGKILL: nothing of the shard's own clean-up runs
    QVERIFY(killed.waitForFinished());
    QCOMPARE(folder.entryList(shardFolders, QDir::Dirs).size(), 1);
    QProcess next;
    next.setProcessEnvironment(environment);
    next.start(QStringLiteral(MERCHBENCH_CLI_PATH), arguments);
    QVERIFY(next.waitForFinished(300000));
    const QByteArray err = next.readAllStandardError();
    QVERIFY2(next.exitCode() == 0, err.constData());
    QVERIFY2(err.contains("removed 1 temporary folder"), err.constData());
    QVERIFY(folder.entryList(shardFolders, QDir::Dirs).isEmpty());
}

void TestPgShard::aRunKeyHoldingAnotherRunIsRefused() {
    // The markdown run's key, given to a demand shard: refused before anything is computed.
    const QString runKey = key(QStringLiteral("chain2"));
    const auto run = shard(demandRequest_, source_, 1, 2, runKey);
    QVERIFY(run.exitCode != 0);
    QVERIFY2(run.err.contains("already holds another run"), run.err.constData());
    const QStringList models = schema_.admin->column(
        QStringLiteral("SELECT count(*)::text FROM merchbench.demand_models WHERE run_key = $1"),
        {runKey}, QStringLiteral("reading the demand models"));
    QCOMPARE(models.value(0), QStringLiteral("0"));
}

void TestPgShard::aSliceWithNothingToPlanPublishesNoRows() {
    // Under the margin objective the chain's plan leaves home's items out (no unit cost) and
    // plans the others; with 7 shards home is a slice of its own, with nothing to plan, which
    // publishes no rows instead of stopping the chain's run.
    const QString source = sourceIn(noCost_.name);
    const QString project = dir_.filePath(QStringLiteral("nocost.merchbench"));
    const QString imported = importViews(project, source);
    QVERIFY2(imported.isEmpty(), qPrintable(imported));
    const auto plan =
        runCli({QStringLiteral("markdown"), project, QStringLiteral("--exit-week"),
                QStringLiteral("2024-09-09"), QStringLiteral("--out"),
                dir_.filePath(QStringLiteral("nocost.csv")), QStringLiteral("--json")});
    QVERIFY2(plan.exitCode == 0, plan.err.constData());
    const QString runId = QString::number(plan.json().value(QStringLiteral("run_id")).toInteger());
    const auto published =
        runCli({QStringLiteral("publish"), project, runId, QStringLiteral("--to"), uri_,
                QStringLiteral("--run-key"), key(QStringLiteral("nocost-single"))});
    QVERIFY2(published.exitCode == 0, published.err.constData());
    const QString request = saveRequest(project, runId, QStringLiteral("nocost-request"));
    QVERIFY(!request.isEmpty());
    const QString runKey = key(QStringLiteral("nocost7"));
    bool homeAlone = false;
    for (int i = 1; i <= 7; ++i) {
        const auto run = shard(request, source, i, 7, runKey);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject report = run.json();
        if (report.value(QStringLiteral("categories")).toArray() ==
            QJsonArray{QStringLiteral("home")}) {
            homeAlone = true;
            QCOMPARE(report.value(QStringLiteral("price_changes")).toInteger(), 0);
            QVERIFY2(run.err.contains("no item of this slice can be planned"), run.err.constData());
        }
    }
    QVERIFY(homeAlone);
    const QStringList single = priceChanges(key(QStringLiteral("nocost-single")));
    QVERIFY(!single.isEmpty());
    QCOMPARE(priceChanges(runKey), single);

    // Under a budget the slice refused before the budget's first step still takes every step:
    // the other six do not wait for it, and the union is the single budgeted run.
    const double budget = plan.json().value(QStringLiteral("markdown_spend")).toDouble() / 2.0;
    const QString budgeted =
        variant(request, QStringLiteral("nocost-budget"), [budget](QJsonObject& changed) {
            QJsonObject rules = changed.value(QStringLiteral("rules")).toObject();
            rules[QStringLiteral("markdown_budget")] = budget;
            changed[QStringLiteral("rules")] = rules;
        });
    const auto singleBudget = runCli({QStringLiteral("run"), budgeted, QStringLiteral("--project"),
                                      project, QStringLiteral("--json")});
    QVERIFY2(singleBudget.exitCode == 0, singleBudget.err.constData());
    const auto publishedBudget =
        runCli({QStringLiteral("publish"), project,
                QString::number(singleBudget.json().value(QStringLiteral("run_id")).toInteger()),
                QStringLiteral("--to"), uri_, QStringLiteral("--run-key"),
                key(QStringLiteral("nocost-budget-single"))});
    QVERIFY2(publishedBudget.exitCode == 0, publishedBudget.err.constData());
    const QString budgetKey = key(QStringLiteral("nocost-budget7"));
    for (const mbtest::CliRun& run :
         shardsTogether(budgeted, {1, 2, 3, 4, 5, 6, 7}, 7, budgetKey,
                        {QStringLiteral("--round-wait"), QStringLiteral("2")}, QString(), source))
        QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(priceChanges(budgetKey), priceChanges(key(QStringLiteral("nocost-budget-single"))));
}

void TestPgShard::aRoleThatMayOnlyInsertAndSelectPublishesAShard() {
    // What `publish --schema-sql` grants, and nothing else: no UPDATE, DELETE or CREATE.
    role_ = QStringLiteral("tst_shard_publisher_%1").arg(QCoreApplication::applicationPid());
    const QString password = QStringLiteral("pw%1x").arg(QCoreApplication::applicationPid());
    schema_.admin->exec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'; GRANT USAGE ON SCHEMA "
                                       "merchbench TO %1; GRANT SELECT, INSERT ON ALL TABLES IN "
                                       "SCHEMA merchbench TO %1")
                            .arg(role_, password),
                        QStringLiteral("making the publishing role"));
    QString sink = uri_;
    sink.replace(QRegularExpression(QStringLiteral("^postgresql://[^:@]*:[^@]*@")),
                 QStringLiteral("postgresql://%1:%2@").arg(role_, password));
    QVERIFY(sink.contains(role_));
    const QString runKey = key(QStringLiteral("limited"));
    const auto run = runCli({QStringLiteral("run"), request_, QStringLiteral("--source"), source_,
                             QStringLiteral("--shard"), QStringLiteral("1/1"),
                             QStringLiteral("--sink"), sink, QStringLiteral("--run-key"), runKey});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(!run.out.contains(password.toUtf8()) && !run.err.contains(password.toUtf8()));
    QCOMPARE(priceChanges(runKey), priceChanges(key(QStringLiteral("single"))));
    // A budgeted run's rounds need no more than that either.
    const QString budgetKey = key(QStringLiteral("limited-budget"));
    for (const mbtest::CliRun& budgeted :
         shardsTogether(budgeted_, {1, 2}, 2, budgetKey, {}, sink)) {
        QVERIFY2(budgeted.exitCode == 0, budgeted.err.constData());
        QVERIFY(!budgeted.out.contains(password.toUtf8()) &&
                !budgeted.err.contains(password.toUtf8()));
    }
    QCOMPARE(priceChanges(budgetKey), priceChanges(key(QStringLiteral("single-budget"))));
}

void TestPgShard::theDemandShardsTogetherAreTheSingleFit_data() {
    theShardsTogetherAreTheSingleRun_data();
}

void TestPgShard::theDemandShardsTogetherAreTheSingleFit() {
    QFETCH(int, shards);
    const QString runKey = key(QStringLiteral("demand%1").arg(shards));
    long long models = 0;
    for (int i = 1; i <= shards; ++i) {
        const auto run = shard(demandRequest_, source_, i, shards, runKey);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        models += run.json().value(QStringLiteral("items")).toInteger();
    }
    QCOMPARE(models, static_cast<long long>(demandModels_.size()));
    // Every model's every figure, to the last digit `demand --out` writes.
    const QStringList published = publishedModels(runKey);
    QCOMPARE(published.size(), demandModels_.size());
    for (qsizetype r = 0; r < published.size(); ++r)
        QCOMPARE(published[r], demandModels_[r]);
}

void TestPgShard::theCategoryShardsTogetherAreTheSingleFit_data() {
    theBudgetedShardsTogetherAreTheSingleRun_data();
}

void TestPgShard::theCategoryShardsTogetherAreTheSingleFit() {
    // Category models shrink toward the mean over every category of the chain: the shards
    // gather the estimates through the sink and each shrinks its own as one fit would.
    QFETCH(int, shards);
    const QString runKey = key(QStringLiteral("category%1").arg(shards));
    QList<int> all;
    for (int i = 1; i <= shards; ++i)
        all << i;
    long long models = 0;
    for (const mbtest::CliRun& run : shardsTogether(categoryRequest_, all, shards, runKey)) {
        QVERIFY2(run.exitCode == 0, run.err.constData());
        models += run.json().value(QStringLiteral("items")).toInteger();
        const QJsonObject rounds = run.json().value(QStringLiteral("rounds")).toObject();
        QCOMPARE(rounds.value(QStringLiteral("published")).toInt(), 1);
    }
    QCOMPARE(models, static_cast<long long>(categoryModels_.size()));
    const QStringList published = publishedModels(runKey);
    QCOMPARE(published.size(), categoryModels_.size());
    for (qsizetype r = 0; r < published.size(); ++r)
        QCOMPARE(published[r], categoryModels_[r]);
}

void TestPgShard::cleanupTestCase() {
    if (!schema_.admin)
        return;
    if (!role_.isEmpty())
        schema_.admin->exec(QStringLiteral("REVOKE ALL ON ALL TABLES IN SCHEMA merchbench FROM %1; "
                                           "REVOKE ALL ON SCHEMA merchbench FROM %1; DROP ROLE %1")
                                .arg(role_),
                            QStringLiteral("dropping the publishing role"));
    // This program's run keys only: another test may be reading the sink.
    const QString mine = QStringLiteral("%-") + QString::number(QCoreApplication::applicationPid());
    for (const char* table : {"price_changes", "demand_models", "run_shards", "runs"})
        schema_.admin->execParams(QStringLiteral("DELETE FROM merchbench.%1 WHERE run_key LIKE $1")
                                      .arg(QLatin1String(table)),
                                  {mine}, QStringLiteral("cleaning up"));
}

QTEST_GUILESS_MAIN(TestPgShard)
#include "tst_pgshard.moc"
