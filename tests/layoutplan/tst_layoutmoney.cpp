// `merchbench-cli layout --store S --proposed LAYOUT.csv | --optimize --effect R,LOW,HIGH`:
// the cross-category basket share, the proposal's predicted change and its money per week, on a
// two-store chain written out here (28 days of baskets with values). Moving dairy next to
// bakery is the only change to a pair bought together, so the prediction is worked out here by
// hand; the file's rows for other stores are left out; the optimiser's proposal predicts the
// same through a file as through --optimize, and its run replays to the same figures; nothing is
// invented without an effect, a time or a value.
#include "CliRun.h"
#include "TestFile.h"

#include "common/Progress.h"
#include "data/Importer.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "jobs/RunRecorder.h"
#include "layout/LayoutInputs.h"
#include "layout/LayoutRequest.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

namespace {

bool near(double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

// A corridor, 10 m between neighbours, shared by both stores.
const QByteArray kZones =
    "zone,name,type,x,y,width,height\n"
    "E,Entrance,entrance,0,0,10,8\n"
    "Z1,Aisle 1,department,10,0,10,8\n"
    "Z2,Aisle 2,department,20,0,10,8\n"
    "Z3,Aisle 3,department,30,0,10,8\n"
    "Z4,Aisle 4,department,40,0,10,8\n"
    "C,Checkout,checkout,50,0,10,8\n";
const QByteArray kLinks =
    "zone_a,zone_b,distance\n"
    "E,Z1,10\nZ1,Z2,10\nZ2,Z3,10\nZ3,Z4,10\nZ4,C,10\n";
// S2 keeps bakery and dairy 30 m apart.
const QByteArray kLayout =
    "category,zone,store\n"
    "bakery,Z1,S1\ndairy,Z2,S1\nproduce,Z3,S1\nsnacks,Z4,S1\n"
    "bakery,Z4,S2\ndairy,Z1,S2\nproduce,Z2,S2\nsnacks,Z3,S2\n";

// Ten baskets a day for 28 days in each store: {bakery, dairy} x3, {bakery} x2, {dairy},
// {produce, snacks}, {produce} x2, {snacks}. Dairy is bought with bakery only. One line per
// category, worth bakery 3, dairy 2, produce 4, snacks 1.5.
QByteArray basketLines() {
    QByteArray csv = "basket,category,store,time,quantity,value\n";
    const QList<QStringList> kinds{
        {"bakery", "dairy"}, {"bakery", "dairy"},   {"bakery", "dairy"}, {"bakery"}, {"bakery"},
        {"dairy"},           {"produce", "snacks"}, {"produce"},         {"snacks"}, {"produce"}};
    const QHash<QString, QString> value{
        {"bakery", "3"}, {"dairy", "2"}, {"produce", "4"}, {"snacks", "1.5"}};
    for (const QString store : {"S1", "S2"})
        for (int day = 1; day <= 28; ++day)
            for (int k = 0; k < 10; ++k) {
                const QString basket = QStringLiteral("%1-%2-%3").arg(store).arg(day).arg(k);
                const QString time =
                    QStringLiteral("2024-02-%1 10:00:00").arg(day, 2, 10, QChar(u'0'));
                for (const QString& category : kinds[k])
                    csv += QStringLiteral("%1,%2,%3,%4,1,%5\n")
                               .arg(basket, category, store, time, value.value(category))
                               .toUtf8();
            }
    return csv;
}

}  // namespace

class TestLayoutMoney : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString chain_;

    QString write(const QString& name, const QByteArray& content) {
        return mbtest::writeTestFile(dir_, name, content);
    }

    QString copyOfChain(const QString& name) {
        const QString path = dir_.filePath(name);
        QFile::remove(path);
        if (!QFile::copy(chain_, path))
            qFatal("cannot copy %s", qPrintable(chain_));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        return path;
    }

    mbtest::CliRun layout(const QString& project, const QStringList& extra, const QString& out) {
        QFile::remove(dir_.filePath(out));
        return mbtest::runCli(QStringList{QStringLiteral("layout"), project,
                                          QStringLiteral("--out"), dir_.filePath(out),
                                          QStringLiteral("--json")} +
                              extra);
    }

    // The proposed file of S2: dairy to Z3 (a row for every store) and snacks to Z1 (S2's own
    // row), with rows of S1 that must be left out.
    QString proposedFile() {
        return write(QStringLiteral("proposed.csv"),
                     "category,zone,store\n"
                     "dairy,Z3,\n"
                     "produce,Z4,S1\n"
                     "snacks,Z1,S2\n"
                     "bakery,Z2,S1\n");
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        chain_ = dir_.filePath(QStringLiteral("chain.merchbench"));
        auto project = mb::data::Project::open(chain_);
        for (const auto& [kind, content] :
             QList<std::pair<QString, QByteArray>>{{QStringLiteral("zones"), kZones},
                                                   {QStringLiteral("zone_links"), kLinks},
                                                   {QStringLiteral("layout"), kLayout},
                                                   {QStringLiteral("baskets"), basketLines()}}) {
            mb::data::ImportOptions options;
            options.kind = kind;
            const mb::data::ImportReport report = mb::data::Importer(*project).run(
                write(kind + QStringLiteral(".csv"), content), options);
            QVERIFY2(report.errorCount == 0 && report.committed, qPrintable(kind));
        }
    }

    // S2: dairy (Z1 -> Z3) comes from 30 m to 10 m of bakery; snacks (Z3 -> Z1) stays 10 m from
    // produce, and dairy and snacks are never bought with the others. Per 10 baskets: bakery
    // and dairy together 3, bakery 5 (alone 2), dairy 4 (alone 1); 4 of 10 cross-category.
    void predictsAProposedLayoutByHand() {
        const mbtest::CliRun run =
            layout(chain_,
                   {QStringLiteral("--store"), QStringLiteral("S2"), QStringLiteral("--proposed"),
                    proposedFile(), QStringLiteral("--effect"), QStringLiteral("1.2,1.1,1.3")},
                   QStringLiteral("proposed-out.csv"));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = run.json();
        QCOMPARE(json.value(QStringLiteral("baskets")).toInt(), 280);
        QVERIFY(near(json.value(QStringLiteral("cross_category_share")).toDouble(), 0.4));
        const QJsonObject detail = json.value(QStringLiteral("prediction")).toObject();
        QVERIFY(near(detail.value(QStringLiteral("weeks")).toDouble(), 4.0));
        // 20 m closer at rate R: 3 x (R^2 - 1) more co-purchases per 10 baskets, 70 baskets a
        // week; each gain turns a single-category basket cross-category (bakery's baskets
        // without dairy are all bakery alone, dairy's likewise); worth (3 + 2) / 2 each.
        const auto perWeek = [](double rate) { return 7.0 * 3.0 * (rate * rate - 1.0); };
        const auto change = [](double rate) { return 3.0 * (rate * rate - 1.0) / 4.0; };
        QVERIFY(near(json.value(QStringLiteral("predicted_change")).toDouble(), change(1.2)));
        QVERIFY(near(json.value(QStringLiteral("predicted_change_low")).toDouble(), change(1.1)));
        QVERIFY(near(json.value(QStringLiteral("predicted_change_high")).toDouble(), change(1.3)));
        QVERIFY(near(json.value(QStringLiteral("weekly_revenue_change")).toDouble(),
                     2.5 * perWeek(1.2)));
        QVERIFY(near(json.value(QStringLiteral("weekly_revenue_change_low")).toDouble(),
                     2.5 * perWeek(1.1)));
        QVERIFY(near(detail.value(QStringLiteral("attach_purchases_per_week")).toDouble(),
                     perWeek(1.2)));
        QCOMPARE(detail.value(QStringLiteral("effect"))
                     .toObject()
                     .value(QStringLiteral("source"))
                     .toString(),
                 QStringLiteral("given in the request"));
        // The moves are the file's rows for S2; dairy's brings it all.
        const QJsonArray moves = detail.value(QStringLiteral("moves")).toArray();
        QCOMPARE(moves.size(), 2);
        QCOMPARE(moves[0].toObject().value(QStringLiteral("category")).toString(),
                 QStringLiteral("dairy"));
        QCOMPARE(moves[0].toObject().value(QStringLiteral("to")).toString(), QStringLiteral("Z3"));
        QVERIFY(near(moves[0].toObject().value(QStringLiteral("weekly_revenue_change")).toDouble(),
                     2.5 * perWeek(1.2)));
        QCOMPARE(moves[1].toObject().value(QStringLiteral("category")).toString(),
                 QStringLiteral("snacks"));
        QCOMPARE(moves[1].toObject().value(QStringLiteral("predicted_change")).toDouble(), 0.0);
        QCOMPARE(json.value(QStringLiteral("moved_categories")).toInt(), 2);
        // A proposal is scored, not recorded.
        QVERIFY(!json.contains(QStringLiteral("run_id")));
        const QJsonObject parameters = json.value(QStringLiteral("parameters")).toObject();
        QCOMPARE(parameters.value(QStringLiteral("proposed_layout")).toArray().size(), 2);
    }

    // The current layout against itself: no moves, no change.
    void noMovesNoChange() {
        const mbtest::CliRun run =
            layout(chain_,
                   {QStringLiteral("--store"), QStringLiteral("S1"), QStringLiteral("--effect"),
                    QStringLiteral("1.2,1.1,1.3")},
                   QStringLiteral("still.csv"));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = run.json();
        for (const char* key : {"predicted_change", "predicted_change_low", "predicted_change_high",
                                "weekly_revenue_change"})
            QCOMPARE(json.value(QLatin1String(key)).toDouble(-1), 0.0);
    }

    // The optimiser's proposal predicts the same through a file as through --optimize, and its
    // recorded run replays to the same figures.
    void optimisedProposalAgreesAndReplays() {
        const QString project = copyOfChain(QStringLiteral("replay.merchbench"));
        const mbtest::CliRun optimised = layout(
            project,
            {QStringLiteral("--store"), QStringLiteral("S2"), QStringLiteral("--optimize"),
             QStringLiteral("--iterations"), QStringLiteral("200"), QStringLiteral("--seconds"),
             QStringLiteral("60"), QStringLiteral("--effect"), QStringLiteral("1.2,1.1,1.3")},
            QStringLiteral("optimised.csv"));
        QVERIFY2(optimised.exitCode == 0, optimised.err.constData());
        const QJsonObject first = optimised.json();
        QVERIFY(first.value(QStringLiteral("run_id")).toInt() > 0);
        QVERIFY(first.value(QStringLiteral("moved_categories")).toInt() > 0);
        // Bakery and dairy end nearer than 30 m: the proposal predicts a rise.
        QVERIFY(first.value(QStringLiteral("predicted_change_low")).toDouble() > 0);

        QFile scenario(dir_.filePath(QStringLiteral("optimised.csv")));
        QVERIFY(scenario.open(QIODevice::ReadOnly));
        QByteArray proposed = "category,zone\n";
        const QList<QByteArray> lines = scenario.readAll().split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QList<QByteArray> fields = lines[i].trimmed().split(',');
            if (fields.size() >= 3)
                proposed += fields[0] + ',' + fields[2] + '\n';
        }
        const mbtest::CliRun throughFile =
            layout(project,
                   {QStringLiteral("--store"), QStringLiteral("S2"), QStringLiteral("--proposed"),
                    write(QStringLiteral("optimised-proposed.csv"), proposed),
                    QStringLiteral("--effect"), QStringLiteral("1.2,1.1,1.3")},
                   QStringLiteral("through-file.csv"));
        QVERIFY2(throughFile.exitCode == 0, throughFile.err.constData());
        for (const char* key : {"predicted_change", "predicted_change_low", "predicted_change_high",
                                "weekly_revenue_change", "cross_category_share"})
            QVERIFY2(near(throughFile.json().value(QLatin1String(key)).toDouble(),
                          first.value(QLatin1String(key)).toDouble()),
                     key);

        const QString request =
            write(QStringLiteral("request.json"),
                  QJsonDocument(first.value(QStringLiteral("parameters")).toObject()).toJson());
        const mbtest::CliRun replay =
            mbtest::runCli({QStringLiteral("run"), request, QStringLiteral("--project"), project,
                            QStringLiteral("--json")});
        QVERIFY2(replay.exitCode == 0, replay.err.constData());
        const QJsonObject result = replay.json().value(QStringLiteral("result")).toObject();
        for (const char* key : {"predicted_change", "predicted_change_low", "predicted_change_high",
                                "weekly_revenue_change", "weekly_revenue_change_low",
                                "weekly_revenue_change_high", "prediction"})
            QVERIFY2(result.value(QLatin1String(key)) == first.value(QLatin1String(key)), key);
    }

    // Nothing invented: without an effect the share is given and the prediction is null with
    // the reason; a basket line without a time leaves nothing per week; a category without a
    // value leaves no revenue.
    void saysWhatIsMissing() {
        const QStringList proposal{QStringLiteral("--store"), QStringLiteral("S2"),
                                   QStringLiteral("--proposed"), proposedFile()};
        // The two stores' placements identify the chain's effect; one store's baskets alone,
        // with no layout change, cannot.
        const QString oneStore = copyOfChain(QStringLiteral("one-store.merchbench"));
        {
            auto project =
                mb::data::Project::open(oneStore, mb::data::Project::OpenMode::MustExist);
            mb::data::Statement(project->db(), "DELETE FROM basket_lines WHERE store <> 'S2'")
                .step();
        }
        const mbtest::CliRun noEffect = layout(oneStore, proposal, QStringLiteral("no-effect.csv"));
        QVERIFY2(noEffect.exitCode == 0, noEffect.err.constData());
        QVERIFY(
            near(noEffect.json().value(QStringLiteral("cross_category_share")).toDouble(), 0.4));
        QVERIFY(noEffect.json().value(QStringLiteral("predicted_change")).isNull());
        QVERIFY(noEffect.json().value(QStringLiteral("weekly_revenue_change")).isNull());
        QVERIFY2(noEffect.err.contains("no prediction in money"), noEffect.err.constData());

        const QString undated = copyOfChain(QStringLiteral("undated.merchbench"));
        const QString unvalued = copyOfChain(QStringLiteral("unvalued.merchbench"));
        {
            auto project = mb::data::Project::open(undated, mb::data::Project::OpenMode::MustExist);
            mb::data::Statement(project->db(),
                                "UPDATE basket_lines SET time = NULL WHERE basket = 'S2-3-1'")
                .step();
            auto other = mb::data::Project::open(unvalued, mb::data::Project::OpenMode::MustExist);
            mb::data::Statement(other->db(),
                                "UPDATE basket_lines SET value = NULL WHERE category = 'dairy'")
                .step();
        }
        const QStringList withEffect =
            proposal + QStringList{QStringLiteral("--effect"), QStringLiteral("1.2,1.1,1.3")};
        const mbtest::CliRun noTime = layout(undated, withEffect, QStringLiteral("no-time.csv"));
        QVERIFY2(noTime.exitCode == 0, noTime.err.constData());
        QVERIFY(noTime.json().value(QStringLiteral("predicted_change")).toDouble() > 0);
        QVERIFY(noTime.json().value(QStringLiteral("weekly_revenue_change")).isNull());
        QVERIFY2(noTime.err.contains("no weekly figures"), noTime.err.constData());
        const mbtest::CliRun noValue = layout(unvalued, withEffect, QStringLiteral("no-value.csv"));
        QVERIFY2(noValue.exitCode == 0, noValue.err.constData());
        QVERIFY(noValue.json().value(QStringLiteral("weekly_revenue_change")).isNull());
        QVERIFY2(noValue.err.contains("dairy"), noValue.err.constData());
    }

    // The chain's effect is a fit over every store: measured only for a layout to predict, and a
    // cancel reaches it.
    void measuresTheEffectOnlyToPredict() {
        auto project = mb::data::Project::open(chain_, mb::data::Project::OpenMode::MustExist);
        mb::layout::LayoutRequest plain;
        plain.store = QStringLiteral("S2");
        mb::ProgressToken cancelled;
        cancelled.cancel();
        // Nothing to predict: no fit, so a cancelled token is never asked.
        const mb::layout::LayoutInputs inputs =
            mb::layout::loadLayout(*project, plain, mb::layout::ShopperFlows::Skip,
                                   mb::layout::ChainEffect::WhenPredicting, &cancelled);
        QVERIFY(!inputs.chainEffect.identified());
        QVERIFY2(inputs.chainEffect.source.contains(QStringLiteral("only for a layout to predict")),
                 qPrintable(inputs.chainEffect.source));
        mb::layout::LayoutRequest optimise = plain;
        optimise.optimise = true;
        mb::ProgressToken going;
        QVERIFY(mb::layout::loadLayout(*project, optimise, mb::layout::ShopperFlows::Skip,
                                       mb::layout::ChainEffect::WhenPredicting, &going)
                    .chainEffect.identified());
        QVERIFY(mb::layout::loadLayout(*project, plain, mb::layout::ShopperFlows::Skip,
                                       mb::layout::ChainEffect::Always, &going)
                    .chainEffect.identified());
        QVERIFY_THROWS_EXCEPTION(
            mb::jobs::Cancelled,
            mb::layout::loadLayout(*project, optimise, mb::layout::ShopperFlows::Skip,
                                   mb::layout::ChainEffect::WhenPredicting, &cancelled));
        // A given effect is not measured at all.
        optimise.effect = mb::layout::ProximityEffect{1.2, 1.1, 1.3, QString()};
        QCOMPARE(mb::layout::loadLayout(*project, optimise, mb::layout::ShopperFlows::Skip,
                                        mb::layout::ChainEffect::WhenPredicting, &cancelled)
                     .chainEffect.source,
                 QString());
    }

    void badInput_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString store = QStringLiteral("--store");
        QTest::newRow("proposed and optimize")
            << QStringList{store, QStringLiteral("S2"), QStringLiteral("--optimize"),
                           QStringLiteral("--proposed"), QStringLiteral("PROPOSED")}
            << 1 << QStringLiteral("--proposed and --optimize");
        QTest::newRow("effect interval")
            << QStringList{store, QStringLiteral("S2"), QStringLiteral("--effect"),
                           QStringLiteral("1.2,1.3,1.4")}
            << 1 << QStringLiteral("--effect");
        QTest::newRow("unknown category")
            << QStringList{store, QStringLiteral("S2"), QStringLiteral("--proposed"),
                           QStringLiteral("UNKNOWN")}
            << 2 << QStringLiteral("--proposed: unknown category");
        QTest::newRow("placed twice")
            << QStringList{store, QStringLiteral("S2"), QStringLiteral("--proposed"),
                           QStringLiteral("TWICE")}
            << 2 << QStringLiteral("placed twice");
    }
    void badInput() {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        arguments.replaceInStrings(QStringLiteral("PROPOSED"), proposedFile());
        arguments.replaceInStrings(QStringLiteral("UNKNOWN"), write(QStringLiteral("unknown.csv"),
                                                                    "category,zone\nbread,Z2\n"));
        arguments.replaceInStrings(
            QStringLiteral("TWICE"),
            write(QStringLiteral("twice.csv"), "category,zone,store\ndairy,Z2,S2\ndairy,Z3,S2\n"));
        const mbtest::CliRun run = layout(chain_, arguments, QStringLiteral("bad.csv"));
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
        QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("bad.csv"))));
    }
};

QTEST_GUILESS_MAIN(TestLayoutMoney)
#include "tst_layoutmoney.moc"
