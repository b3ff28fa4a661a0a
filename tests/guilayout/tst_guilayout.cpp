// The Layout page on the demo project: floor plan, live what-if edits with undo, the impulse
// categories against the traffic shares, the optimiser against the CLI's answer, cancel,
// exports and screenshots.
#include "CliRun.h"
#include "ElisionCheck.h"
#include "GuiTestMain.h"
#include "MainWindow.h"
#include "ProjectConnection.h"
#include "QtWarnings.h"
#include "ScenarioManagerChecks.h"
#include "common/Error.h"
#include "common/Numbers.h"
#include "common/ResultFreshness.h"
#include "common/StatCard.h"
#include "common/TaskBar.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "export/CsvExport.h"
#include "layout/AffinityHeatmap.h"
#include "layout/FloorPlanView.h"
#include "layout/ImpulseCategoryList.h"
#include "layout/LayoutMoveLimit.h"
#include "layout/LayoutPage.h"
#include "layout/LayoutScenario.h"
#include "layout/OptimisePanel.h"
#include "layout/PredictionText.h"
#include "layout/Seriation.h"
#include "layout/StorePlan.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QMainWindow>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <algorithm>
#include <memory>

using namespace mb;
using namespace mb::ui;

namespace {

bool near(double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

// The effect the headline tests and screenshots predict with (as `--effect 1.15,1.05,1.25`).
layout::ProximityEffect givenEffect() {
    layout::ProximityEffect effect;
    effect.ratePer10m = 1.15;
    effect.ciLow = 1.05;
    effect.ciHigh = 1.25;
    return effect;
}

}  // namespace

class TestLayoutPage : public QObject {
    Q_OBJECT
private slots:
    void init() { mbtest::failOnQtWarnings(); }
    void initTestCase();
    void cleanupTestCase();
    void seriationKeepsClustersTogether_data();
    void seriationKeepsClustersTogether();
    void floorPlanShowsZonesAndBlocks();
    void heatmapPutsPlantedPairsSideBySide();
    void editMatchesScoreAndUndoes_data();
    void editMatchesScoreAndUndoes();
    void mouseDragMovesCategory();
    void impulseToggleChangesExposure_data();
    void impulseToggleChangesExposure();
    void optimiseMatchesCli_data();
    void optimiseMatchesCli();
    void scenarioFileMatchesCli();
    void cancelStopsOptimiser();
    void exportsAreValid_data();
    void exportsAreValid();
    void toolbarStaysPut();
    void backToImportedIsOneStep();
    void scoreCardsSayWhatTheyMeasure();
    void headlineShowsPredictionInMoney();
    void measuresTheEffectWhenTheFloorMoves();
    void storeChooserShowsEachStore();
    void maxMovesMatchesCli_data();
    void maxMovesMatchesCli();
    void proposalOutOfDateAfterImpulseChange();
    void savedScenarioComesBack();
    void scenariosRenamedAndDeleted();
    void screenshots();
    void impulseSurvivesReload();
    void newProjectShowsNothingOfTheOld();
    void dataChangeMarksProposalOutOfDate();
    void windowFitsTheScreen_data();
    void windowFitsTheScreen();

private:
    // The floor on the page as a proposed layout file (category,zone) named `name` in the
    // test's folder; its path.
    QString writeFloor(const QString& name) const {
        const layout::LayoutModel& model = page_->scenario()->model();
        QByteArray proposed = "category,zone\n";
        for (int c = 0; c < model.categoryCount(); ++c)
            if (const int zone = page_->scenario()->zoneOf(c); zone >= 0)
                proposed += (model.categories[c] + u',' + model.zones[zone] + u'\n').toUtf8();
        const QString file = dir_.filePath(name);
        QFile out(file);
        if (out.open(QIODevice::WriteOnly))
            out.write(proposed);
        return file;
    }
    int categoryIndex(const QString& name) const {
        return page_->scenario()->model().categoryIndex(name);
    }
    int zoneIndex(const QString& name) const { return page_->scenario()->model().zoneIndex(name); }
    // A category's share of store traffic in its imported zone, straight from the project's
    // layout and traffic tables (the demo chain's traffic is S0001's, the store the page shows).
    double importedTrafficShare(const QString& category) const {
        auto project = data::Project::open(project_, data::Project::OpenMode::MustExist);
        data::Statement share(project->db(),
                              "SELECT (SELECT SUM(visits) FROM traffic WHERE visits > 0 AND zone = "
                              "(SELECT zone FROM layout WHERE category = ? AND store = 'S0001')) / "
                              "(SELECT SUM(visits) FROM traffic WHERE visits > 0)");
        share.bind(1, category);
        return share.step() && !share.isNull(0) ? share.real(0) : 0.0;
    }

    // Runs the optimiser from the panel and waits for it.
    bool optimise() {
        QSignalSpy ended(page_.get(), &LayoutPage::optimiseEnded);
        page_->optimisePanel()->runButton()->click();
        return ended.wait(60000) && page_->result();
    }
    static QByteArray bytesOf(const QString& path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(missing)");
    }
    // The project's data change (as a new traffic import would change them): one count fewer.
    static void dropOneTrafficCount(const QString& path) {
        auto project = data::Project::open(path, data::Project::OpenMode::MustExist);
        data::Statement drop(project->db(),
                             "DELETE FROM traffic WHERE (zone, time) = (SELECT zone, time FROM "
                             "traffic ORDER BY zone, time LIMIT 1)");
        drop.step();
    }
    // A copy of the demo whose imported layout differs: bakery and snacks swap zones.
    QString otherProject() {
        const QString path = dir_.filePath(QStringLiteral("other.merchbench"));
        if (!QFile::exists(path)) {
            if (!QFile::copy(project_, path))
                return {};
            auto project = data::Project::open(path, data::Project::OpenMode::MustExist);
            data::Statement swap(project->db(),
                                 "UPDATE layout SET zone = CASE category WHEN 'bakery' THEN "
                                 "(SELECT zone FROM layout WHERE category = 'snacks' AND store = "
                                 "'S0001') ELSE (SELECT zone FROM layout WHERE category = 'bakery' "
                                 "AND store = 'S0001') END "
                                 "WHERE category IN ('bakery', 'snacks') AND store = 'S0001'");
            swap.step();
        }
        return path;
    }

    QTemporaryDir dir_;
    QString project_;
    QString shots_;
    std::unique_ptr<ProjectConnection> connection_;
    std::unique_ptr<LayoutPage> page_;
};

void TestLayoutPage::initTestCase() {
    QVERIFY(dir_.isValid());
    const mbtest::CliRun demo = mbtest::runCli({QStringLiteral("demo"), dir_.path()});
    QVERIFY2(demo.exitCode == 0, demo.err.constData());
    project_ = dir_.filePath(QStringLiteral("demo.merchbench"));
    shots_ = qEnvironmentVariable("MERCHBENCH_SCREENSHOTS", dir_.filePath(QStringLiteral("shots")));
    QDir().mkpath(shots_);
    connection_ = std::make_unique<ProjectConnection>(project_);
    QVERIFY(connection_->isOpen());
    page_ = std::make_unique<LayoutPage>();
    page_->resize(1400, 900);
    page_->show();
    QSignalSpy loaded(page_.get(), &LayoutPage::loaded);
    page_->setConnection(connection_.get());
    QVERIFY2(loaded.wait(30000), qPrintable(page_->loadError()));
    QVERIFY(page_->isLoaded());
}

void TestLayoutPage::cleanupTestCase() {
    if (page_)
        page_->setConnection(nullptr);
    page_.reset();
    connection_.reset();
}

void TestLayoutPage::seriationKeepsClustersTogether_data() {
    QTest::addColumn<QList<int>>("clusterOf");
    QTest::newRow("two interleaved") << QList<int>{0, 1, 0, 1, 0, 1};
    QTest::newRow("three, uneven") << QList<int>{2, 0, 1, 2, 0, 2, 1, 0};
    QTest::newRow("one each") << QList<int>{0, 1, 2};
}

void TestLayoutPage::seriationKeepsClustersTogether() {
    QFETCH(QList<int>, clusterOf);
    const int n = static_cast<int>(clusterOf.size());
    // Similar (0.8, varying a little) within a planted cluster, unrelated (0.05) across.
    std::vector<double> similarity(static_cast<std::size_t>(n * n), 0.0);
    for (int a = 0; a < n; ++a)
        for (int b = 0; b < n; ++b)
            if (a != b)
                similarity[static_cast<std::size_t>(a * n + b)] =
                    clusterOf[a] == clusterOf[b] ? 0.8 - 0.01 * std::abs(a - b) : 0.05;
    const std::vector<int> order = layout::clusterLeafOrder(similarity, n);
    QCOMPARE(static_cast<int>(order.size()), n);
    QList<int> sorted(order.begin(), order.end());
    std::sort(sorted.begin(), sorted.end());
    for (int i = 0; i < n; ++i)
        QCOMPARE(sorted[i], i);
    // Each cluster occupies one run of positions.
    for (int cluster = 0; cluster <= *std::max_element(clusterOf.begin(), clusterOf.end());
         ++cluster) {
        int runs = 0;
        for (int i = 0; i < n; ++i)
            if (clusterOf[order[static_cast<std::size_t>(i)]] == cluster &&
                (i == 0 || clusterOf[order[static_cast<std::size_t>(i - 1)]] != cluster))
                ++runs;
        QCOMPARE(runs, 1);
    }
}

void TestLayoutPage::floorPlanShowsZonesAndBlocks() {
    // Counted independently from the project file.
    auto project = data::Project::open(project_, data::Project::OpenMode::MustExist);
    const int zones = static_cast<int>(layout::readProjectFloorPlan(*project).zones.size());
    // The demo chain's page shows S0001, the store whose traffic the project holds.
    const int placed =
        static_cast<int>(layout::readProjectLayout(*project, QStringLiteral("S0001")).size());
    QCOMPARE(zones, 16);
    QCOMPARE(placed, 8);
    QCOMPARE(page_->floorView()->zoneItemCount(), zones);
    QCOMPARE(page_->floorView()->blockCount(), placed);
    QCOMPARE(page_->flowView()->zoneItemCount(), zones);
    QVERIFY(page_->flowView()->arrowCount() > 0);
    // Traffic colouring: the zone with the most visits is the darkest.
    const std::vector<double>& visits = page_->inputs()->zoneVisits;
    const auto busiest =
        static_cast<int>(std::max_element(visits.begin(), visits.end()) - visits.begin());
    const auto quietest =
        static_cast<int>(std::min_element(visits.begin(), visits.end()) - visits.begin());
    QVERIFY(page_->floorView()->zoneFill(busiest).lightness() <
            page_->floorView()->zoneFill(quietest).lightness());
}

void TestLayoutPage::heatmapPutsPlantedPairsSideBySide() {
    const QStringList order = page_->heatmap()->orderedCategories();
    QCOMPARE(order.size(), page_->scenario()->model().categoryCount());
    const QList<QPair<QString, QString>> planted = {
        {"bakery", "dairy"}, {"beverages", "snacks"}, {"home", "seasonal"}};
    for (const auto& [a, b] : planted)
        QCOMPARE(std::abs(order.indexOf(a) - order.indexOf(b)), 1);
}

void TestLayoutPage::editMatchesScoreAndUndoes_data() {
    QTest::addColumn<QString>("category");
    QTest::addColumn<QString>("target");  // a zone, or a category to swap with
    QTest::addColumn<bool>("swap");
    QTest::newRow("move bakery next to dairy") << "bakery"
                                               << "Z04" << false;
    QTest::newRow("move snacks to Z16") << "snacks"
                                        << "Z16" << false;
    QTest::newRow("swap home and seasonal") << "home"
                                            << "seasonal" << true;
    QTest::newRow("swap produce and apparel") << "produce"
                                              << "apparel" << true;
}

void TestLayoutPage::editMatchesScoreAndUndoes() {
    QFETCH(QString, category);
    QFETCH(QString, target);
    QFETCH(bool, swap);
    LayoutScenario* scenario = page_->scenario();
    const layout::LayoutModel& model = scenario->model();
    const std::vector<int> before = scenario->assignment();
    std::vector<int> expected = before;
    const int c = categoryIndex(category);
    QVERIFY(c >= 0);
    if (swap) {
        const int other = categoryIndex(target);
        QVERIFY(other >= 0);
        std::swap(expected[static_cast<std::size_t>(c)], expected[static_cast<std::size_t>(other)]);
        page_->swapCategories(category, target);
    } else {
        QVERIFY(zoneIndex(target) >= 0);
        expected[static_cast<std::size_t>(c)] = zoneIndex(target);
        page_->moveCategory(category, target);
    }
    QCOMPARE(scenario->assignment(), expected);
    const layout::LayoutScoreTerms scored = layout::scoreLayout(model, expected);
    QVERIFY(near(scenario->terms().total, scored.total));
    QVERIFY(near(scenario->terms().adjacency, scored.adjacency));
    QVERIFY(near(scenario->terms().walkingMetres, scored.walkingMetres));
    StatCardRow* cards = page_->scoreCards();
    QCOMPARE(cards->card(0)->valueText(), formatNumber(scored.adjacency, 4));
    QCOMPARE(cards->card(1)->valueText(), formatNumber(scored.exposure, 4));
    QCOMPARE(cards->card(3)->valueText(), formatNumber(scored.total, 4));
    // The headline gives the store's cross-category share, whatever the floor.
    QVERIFY(page_->headlineCards()->card(0)->valueText().endsWith(u'%'));

    page_->undoAction()->trigger();
    QCOMPARE(scenario->assignment(), before);
    const layout::LayoutScoreTerms original = layout::scoreLayout(model, before);
    QVERIFY(near(scenario->terms().total, original.total));
    QCOMPARE(cards->card(3)->valueText(), formatNumber(original.total, 4));
    page_->redoAction()->trigger();
    QCOMPARE(scenario->assignment(), expected);
    page_->undoAction()->trigger();
    QCOMPARE(scenario->assignment(), before);
}

void TestLayoutPage::mouseDragMovesCategory() {
    page_->tabs()->setCurrentIndex(0);
    QApplication::processEvents();
    FloorPlanView* floor = page_->floorView();
    const int c = categoryIndex(QStringLiteral("apparel"));
    const int zone = zoneIndex(QStringLiteral("Z05"));
    QVERIFY(page_->scenario()->zoneOf(c) != zone);
    const layout::LayoutScoreTerms expected = page_->scenario()->moveChange(c, zone);
    const QPoint from = floor->blockViewportCentre(c);
    const QPoint to = floor->zoneViewportCentre(zone);
    QVERIFY(floor->viewport()->rect().contains(from));
    QVERIFY(floor->viewport()->rect().contains(to));
    QTest::mousePress(floor->viewport(), Qt::LeftButton, {}, from);
    QTest::mouseMove(floor->viewport(), (from + to) / 2);
    QTest::mouseMove(floor->viewport(), to);
    // The hover line shows the live change of the total before the drop.
    QVERIFY2(page_->hoverLabel()->text().contains(QStringLiteral("Move apparel to Z05")),
             qPrintable(page_->hoverLabel()->text()));
    const QString total = formatNumber(std::abs(expected.total), 4);
    QVERIFY2(page_->hoverLabel()->text().contains(total), qPrintable(page_->hoverLabel()->text()));
    QTest::mouseRelease(floor->viewport(), Qt::LeftButton, {}, to);
    QCOMPARE(page_->scenario()->zoneOf(c), zone);
    QCOMPARE(page_->scenario()->undoStack()->count() > 0, true);
    page_->undoAction()->trigger();
    QVERIFY(page_->scenario()->zoneOf(c) != zone);
}

void TestLayoutPage::impulseToggleChangesExposure_data() {
    QTest::addColumn<QString>("category");
    QTest::addColumn<QString>("alreadyImpulse");  // ticked first, or empty
    QTest::newRow("snacks alone") << "snacks" << QString();
    QTest::newRow("seasonal with snacks") << "seasonal"
                                          << "snacks";
    QTest::newRow("beverages with produce") << "beverages"
                                            << "produce";
}

void TestLayoutPage::impulseToggleChangesExposure() {
    QFETCH(QString, category);
    QFETCH(QString, alreadyImpulse);
    page_->tabs()->setCurrentIndex(0);
    page_->setColouring(LayoutPage::Colouring::Exposure);
    LayoutScenario* scenario = page_->scenario();
    QCOMPARE(scenario->assignment(), page_->scenario()->imported());
    QVERIFY(page_->impulseCategories().isEmpty());
    QListWidget* list = page_->impulseList()->listWidget();
    QCOMPARE(list->count(), scenario->model().categoryCount());
    const auto tick = [&](const QString& name, bool on) {
        const int c = categoryIndex(name);
        QVERIFY(c >= 0);
        QCOMPARE(list->item(c)->text(), name);
        list->item(c)->setCheckState(on ? Qt::Checked : Qt::Unchecked);  // as a click does
    };
    const int undoStart = scenario->undoStack()->index();
    if (!alreadyImpulse.isEmpty()) {
        tick(alreadyImpulse, true);
        QVERIFY(near(scenario->terms().exposure, importedTrafficShare(alreadyImpulse)));
    }
    const layout::LayoutScoreTerms before = scenario->terms();
    const int zone = scenario->zoneOf(categoryIndex(category));
    QVERIFY(zone >= 0);
    const int lightnessBefore = page_->floorView()->zoneFill(zone).lightness();

    tick(category, true);
    const double share = importedTrafficShare(category);
    QVERIFY(share > 0);
    const layout::LayoutScoreTerms& after = scenario->terms();
    QVERIFY2(near(after.exposure - before.exposure, share),
             qPrintable(QStringLiteral("change %1, traffic share %2")
                            .arg(after.exposure - before.exposure, 0, 'g', 17)
                            .arg(share, 0, 'g', 17)));
    QVERIFY(near(after.total - before.total, scenario->model().weights.exposure * share));
    QVERIFY(near(after.adjacency, before.adjacency));
    // The imported layout is the same floor, so it gains the same exposure.
    QVERIFY(near(scenario->importedTerms().exposure, after.exposure));
    StatCardRow* cards = page_->scoreCards();
    QCOMPARE(cards->card(1)->valueText(), formatNumber(before.exposure + share, 4));
    QVERIFY(page_->impulseCategories().contains(category));
    // The zone's part of the exposure now shades it.
    QVERIFY(page_->floorView()->zoneFill(zone).lightness() < lightnessBefore);

    page_->undoAction()->trigger();
    QVERIFY(near(scenario->terms().exposure, before.exposure));
    QCOMPARE(list->item(categoryIndex(category))->checkState(), Qt::Unchecked);
    QCOMPARE(cards->card(1)->valueText(), formatNumber(before.exposure, 4));
    QCOMPARE(page_->floorView()->zoneFill(zone).lightness(), lightnessBefore);
    page_->redoAction()->trigger();
    QCOMPARE(list->item(categoryIndex(category))->checkState(), Qt::Checked);
    QVERIFY(near(scenario->terms().exposure, before.exposure + share));
    // Unticking is an edit of its own.
    tick(category, false);
    QVERIFY(near(scenario->terms().exposure, before.exposure));
    while (scenario->undoStack()->index() > undoStart)
        page_->undoAction()->trigger();
    QVERIFY(page_->impulseCategories().isEmpty());
    QCOMPARE(scenario->terms().exposure, 0.0);
    page_->setColouring(LayoutPage::Colouring::Traffic);
}

void TestLayoutPage::optimiseMatchesCli_data() {
    QTest::addColumn<int>("seed");
    QTest::addColumn<int>("iterations");
    QTest::addColumn<QString>("fix");          // CATEGORY=ZONE or empty
    QTest::addColumn<QStringList>("impulse");  // set on the page, passed to the CLI via export
    QTest::newRow("seed 1") << 1 << 2000 << QString() << QStringList();
    QTest::newRow("seed 7, dairy fixed")
        << 7 << 3000 << QStringLiteral("dairy=Z10") << QStringList();
    QTest::newRow("seed 7, snacks and seasonal impulse")
        << 7 << 3000 << QStringLiteral("produce=Z01")
        << QStringList{QStringLiteral("snacks"), QStringLiteral("seasonal")};
    QTest::newRow("seed 3, beverages impulse")
        << 3 << 2000 << QString() << QStringList{QStringLiteral("beverages")};
}

void TestLayoutPage::optimiseMatchesCli() {
    QFETCH(int, seed);
    QFETCH(int, iterations);
    QFETCH(QString, fix);
    QFETCH(QStringList, impulse);
    QCOMPARE(page_->scenario()->assignment(), page_->scenario()->imported());
    const int undoStart = page_->scenario()->undoStack()->index();
    page_->setImpulseCategories(impulse);
    QCOMPARE(page_->impulseCategories().size(), impulse.size());
    // The CLI gets the impulse categories the page exported with the scenario.
    const QString scenarioCsv = dir_.filePath(QStringLiteral("impulse-scenario.csv"));
    page_->exportScenario(scenarioCsv);
    QFile sidecar(exporting::parametersSidecarPath(scenarioCsv));
    QVERIFY(sidecar.open(QIODevice::ReadOnly));
    QStringList exported;
    for (const QJsonValue& name :
         QJsonDocument::fromJson(sidecar.readAll()).object()[QStringLiteral("impulse")].toArray())
        exported.append(name.toString());
    QCOMPARE(QSet<QString>(exported.begin(), exported.end()),
             QSet<QString>(impulse.begin(), impulse.end()));
    QStringList arguments = {
        QStringLiteral("layout"),       project_,
        QStringLiteral("--store"),      QStringLiteral("S0001"),
        QStringLiteral("--optimize"),   QStringLiteral("--json"),
        QStringLiteral("--seconds"),    QStringLiteral("60"),
        QStringLiteral("--iterations"), QString::number(iterations),
        QStringLiteral("--seed"),       QString::number(seed),
        QStringLiteral("--out"),        dir_.filePath(QStringLiteral("cli.csv"))};
    if (!exported.isEmpty())
        arguments << QStringLiteral("--impulse") << exported.join(u',');
    OptimisePanel* panel = page_->optimisePanel();
    for (int c = 0; c < page_->scenario()->model().categoryCount(); ++c)
        panel->setFixedZone(c, -1);
    if (!fix.isEmpty()) {
        arguments << QStringLiteral("--fix") << fix;
        panel->setFixedZone(categoryIndex(fix.section(u'=', 0, 0)),
                            zoneIndex(fix.section(u'=', 1, 1)));
    }
    const mbtest::CliRun cli = mbtest::runCli(arguments);
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    const double cliTotal =
        cli.json()[QStringLiteral("proposed")][QStringLiteral("total")].toDouble();
    const double cliBefore =
        cli.json()[QStringLiteral("current")][QStringLiteral("total")].toDouble();
    // The floor now scores its exposure as the CLI does.
    QVERIFY(near(page_->scenario()->terms().exposure,
                 cli.json()[QStringLiteral("current")][QStringLiteral("exposure")].toDouble()));
    QCOMPARE(cli.json()[QStringLiteral("parameters")][QStringLiteral("impulse")].toArray().size(),
             impulse.size());
    QCOMPARE(impulse.isEmpty(), page_->scenario()->terms().exposure == 0.0);

    panel->setSeed(static_cast<std::uint64_t>(seed));
    panel->setIterations(iterations);
    panel->setSeconds(60);
    QSignalSpy ended(page_.get(), &LayoutPage::optimiseEnded);
    panel->runButton()->click();
    QVERIFY(ended.wait(60000));
    QVERIFY2(page_->proposal(), qPrintable(page_->taskBar()->statusText()));
    QVERIFY(panel->hasProposal());
    QVERIFY2(near(page_->proposal()->after.total, cliTotal),
             qPrintable(QStringLiteral("page %1, CLI %2")
                            .arg(page_->proposal()->after.total, 0, 'g', 17)
                            .arg(cliTotal, 0, 'g', 17)));
    QVERIFY(near(page_->proposal()->before.total, cliBefore));
    // With the chain's measured effect the search maximised the predicted co-purchases, as the
    // CLI says.
    QCOMPARE(cli.json()[QStringLiteral("objective")].toString(),
             QStringLiteral("predicted_co_purchases"));
    QVERIFY2(panel->summaryLabel()->text().contains(
                 QStringLiteral("maximised the predicted co-purchases: %1 now, %2 proposed")
                     .arg(formatNumber(cli.json()[QStringLiteral("predicted_co_purchases")]
                                                 [QStringLiteral("current")]
                                                     .toDouble(),
                                       0),
                          formatNumber(cli.json()[QStringLiteral("predicted_co_purchases")]
                                                 [QStringLiteral("proposed")]
                                                     .toDouble(),
                                       0))),
             qPrintable(panel->summaryLabel()->text()));
    QCOMPARE(panel->termsTable()->rowCount(), 5);
    QVERIFY(near(panel->termsTable()->item(4, 2)->data(Qt::UserRole).toDouble(), cliTotal));
    if (!fix.isEmpty())
        QCOMPARE(page_->proposal()
                     ->proposed[static_cast<std::size_t>(categoryIndex(fix.section(u'=', 0, 0)))],
                 zoneIndex(fix.section(u'=', 1, 1)));

    // Apply is one undoable step; the floor then scores as the proposal.
    if (panel->applyButton()->isEnabled()) {
        panel->applyButton()->click();
        QCOMPARE(page_->scenario()->assignment(), page_->proposal()->proposed);
        QVERIFY(near(page_->scenario()->terms().total, cliTotal));
        page_->undoAction()->trigger();
    }
    QCOMPARE(page_->scenario()->assignment(), page_->scenario()->imported());
    while (page_->scenario()->undoStack()->index() > undoStart)
        page_->undoAction()->trigger();
    QVERIFY(page_->impulseCategories().isEmpty());
    page_->discardProposal();
}

void TestLayoutPage::scenarioFileMatchesCli() {
    // The page's export and the CLI's --out go through one writer: for the same request on the
    // same project they are the same bytes, first for the imported layout scored, then for the
    // demo's optimisation applied to the floor.
    QCOMPARE(page_->scenario()->assignment(), page_->scenario()->imported());
    const int undoStart = page_->scenario()->undoStack()->index();
    const auto bytesOf = [](const QString& path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(missing)");
    };
    const QString pageScore = dir_.filePath(QStringLiteral("page-score.csv"));
    const QString cliScore = dir_.filePath(QStringLiteral("cli-score.csv"));
    page_->exportScenario(pageScore);
    const mbtest::CliRun score =
        mbtest::runCli({QStringLiteral("layout"), project_, QStringLiteral("--store"),
                        QStringLiteral("S0001"), QStringLiteral("--out"), cliScore});
    QVERIFY2(score.exitCode == 0, score.err.constData());
    QCOMPARE(bytesOf(pageScore).count('\n'), 1 + 8);
    QCOMPARE(bytesOf(pageScore), bytesOf(cliScore));

    OptimisePanel* panel = page_->optimisePanel();
    for (int c = 0; c < page_->scenario()->model().categoryCount(); ++c)
        panel->setFixedZone(c, -1);
    panel->setFixedZone(categoryIndex(QStringLiteral("produce")), zoneIndex(QStringLiteral("Z01")));
    panel->setSeed(7);
    panel->setIterations(20000);
    panel->setSeconds(60);
    page_->setImpulseCategories({QStringLiteral("snacks"), QStringLiteral("seasonal")});
    QSignalSpy ended(page_.get(), &LayoutPage::optimiseEnded);
    panel->runButton()->click();
    QVERIFY(ended.wait(60000));
    QVERIFY2(page_->result(), qPrintable(page_->taskBar()->statusText()));
    QVERIFY(panel->applyButton()->isEnabled());
    panel->applyButton()->click();
    const QString pageOut = dir_.filePath(QStringLiteral("page-optimised.csv"));
    page_->exportScenario(pageOut);

    const mbtest::CliRun cli = mbtest::runCli(
        {QStringLiteral("layout"), project_, QStringLiteral("--store"), QStringLiteral("S0001"),
         QStringLiteral("--optimize"), QStringLiteral("--json"), QStringLiteral("--seconds"),
         QStringLiteral("60"), QStringLiteral("--iterations"), QStringLiteral("20000"),
         QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--fix"),
         QStringLiteral("produce=Z01"), QStringLiteral("--impulse"),
         page_->impulseCategories().join(u','), QStringLiteral("--out"),
         dir_.filePath(QStringLiteral("cli-optimised.csv"))});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    // The page asked for exactly what the CLI asked for.
    QCOMPARE(page_->result()->provenance.request,
             cli.json().value(QStringLiteral("parameters")).toObject());
    const QByteArray pageBytes = bytesOf(pageOut);
    QVERIFY(pageBytes.contains(",1,"));  // the optimisation moved categories
    QCOMPARE(pageBytes, bytesOf(dir_.filePath(QStringLiteral("cli-optimised.csv"))));

    while (page_->scenario()->undoStack()->index() > undoStart)
        page_->undoAction()->trigger();
    panel->setFixedZone(categoryIndex(QStringLiteral("produce")), -1);
    page_->discardProposal();
    QCOMPARE(page_->scenario()->assignment(), page_->scenario()->imported());
}

void TestLayoutPage::cancelStopsOptimiser() {
    OptimisePanel* panel = page_->optimisePanel();
    panel->setSeconds(600);
    panel->setIterations(2000000000);
    QSignalSpy ended(page_.get(), &LayoutPage::optimiseEnded);
    QSignalSpy cancelled(page_->taskBar(), &TaskBar::cancelled);
    page_->startOptimise();
    QVERIFY(page_->taskBar()->isRunning());
    QTest::qWait(300);
    page_->cancelOptimise();
    QVERIFY(ended.wait(20000));
    QCOMPARE(cancelled.count(), 1);
    QVERIFY(!page_->proposal());
    QVERIFY(!panel->hasProposal());
    QVERIFY(panel->runButton()->isEnabled());
    QCOMPARE(page_->scenario()->assignment(), page_->scenario()->imported());
    panel->setSeconds(60);
    panel->setIterations(2000);
}

void TestLayoutPage::exportsAreValid_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("start");  // what a valid file of the kind begins with
    QTest::newRow("scenario csv") << "scenario.csv"
                                  << QByteArray("category,current_zone,proposed_zone");
    QTest::newRow("floor png") << "floor.png" << QByteArray("\x89PNG");
    QTest::newRow("floor svg") << "floor.svg" << QByteArray("<?xml");
    QTest::newRow("floor pdf") << "floor.pdf" << QByteArray("%PDF");
    QTest::newRow("heatmap png") << "heatmap.png" << QByteArray("\x89PNG");
    QTest::newRow("heatmap pdf") << "heatmap.pdf" << QByteArray("%PDF");
}

void TestLayoutPage::exportsAreValid() {
    QFETCH(QString, file);
    QFETCH(QByteArray, start);
    page_->moveCategory(QStringLiteral("bakery"), QStringLiteral("Z09"));
    const QString path = dir_.filePath(file);
    if (file.startsWith(QLatin1String("scenario")))
        page_->exportScenario(path);
    else if (file.startsWith(QLatin1String("floor")))
        page_->exportFloorPlan(path);
    else
        page_->exportHeatmap(path);
    QFile out(path);
    QVERIFY(out.open(QIODevice::ReadOnly));
    const QByteArray bytes = out.readAll();
    QVERIFY2(bytes.startsWith(start), bytes.left(40).constData());
    if (file.endsWith(QLatin1String(".png"))) {
        const QImage image(path);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 400 && image.height() > 300);
    }
    if (file.endsWith(QLatin1String(".csv"))) {
        const QList<QByteArray> lines = bytes.trimmed().split('\n');
        QCOMPARE(lines.size(), 1 + 8);
        bool bakeryMoved = false;
        for (const QByteArray& line : lines)
            if (line.startsWith("bakery,"))
                bakeryMoved = line.contains(",Z09,") && line.contains(",1,");
        QVERIFY(bakeryMoved);
        QFile sidecar(exporting::parametersSidecarPath(path));
        QVERIFY(sidecar.open(QIODevice::ReadOnly));
        const QJsonObject parameters = QJsonDocument::fromJson(sidecar.readAll()).object();
        QVERIFY(parameters.contains(QStringLiteral("current_terms")));
        QCOMPARE(parameters[QStringLiteral("edits")].toArray().size(), 1);
    }
    page_->undoAction()->trigger();
}

void TestLayoutPage::screenshots() {
    page_->tabs()->setCurrentIndex(0);
    page_->setColouring(LayoutPage::Colouring::Traffic);
    page_->moveCategory(QStringLiteral("bakery"), QStringLiteral("Z10"));
    QApplication::processEvents();
    QVERIFY(page_->grab().save(shots_ + QStringLiteral("/layout-page.png")));
    page_->setColouring(LayoutPage::Colouring::Adjacency);
    QVERIFY(page_->grab().save(shots_ + QStringLiteral("/layout-page-adjacency.png")));
    page_->setImpulseCategories({QStringLiteral("snacks"), QStringLiteral("seasonal")});
    page_->setColouring(LayoutPage::Colouring::Exposure);
    QApplication::processEvents();
    QVERIFY(page_->grab().save(shots_ + QStringLiteral("/layout-page-impulse.png")));
    page_->undoAction()->trigger();
    page_->tabs()->setCurrentIndex(1);
    QApplication::processEvents();
    QVERIFY(page_->tabs()->currentWidget()->grab().save(shots_ +
                                                        QStringLiteral("/layout-heatmap.png")));
    page_->tabs()->setCurrentIndex(2);
    QApplication::processEvents();
    QVERIFY(
        page_->tabs()->currentWidget()->grab().save(shots_ + QStringLiteral("/layout-flows.png")));
    page_->undoAction()->trigger();
    page_->tabs()->setCurrentIndex(3);
    QSignalSpy ended(page_.get(), &LayoutPage::optimiseEnded);
    page_->startOptimise();
    QVERIFY(ended.wait(60000));
    QApplication::processEvents();
    QVERIFY(page_->grab().save(shots_ + QStringLiteral("/layout-optimise.png")));
    qInfo("screenshots in %s", qPrintable(shots_));
}

void TestLayoutPage::impulseSurvivesReload() {
    // A refresh with the data unchanged keeps the page as it is: no reload, no lost history.
    page_->discardProposal();
    const QStringList impulse = {QStringLiteral("seasonal"), QStringLiteral("snacks")};
    page_->setImpulseCategories(impulse);
    const int undoCount = page_->scenario()->undoStack()->count();
    QSignalSpy loaded(page_.get(), &LayoutPage::loaded);
    page_->refresh();
    QVERIFY(!loaded.wait(500));
    QStringList kept = page_->impulseCategories();
    kept.sort();
    QCOMPARE(kept, impulse);
    QVERIFY(near(page_->scenario()->terms().exposure,
                 importedTrafficShare(impulse[0]) + importedTrafficShare(impulse[1])));
    QCOMPARE(page_->impulseList()->listWidget()->item(categoryIndex(impulse[0]))->checkState(),
             Qt::Checked);
    QCOMPARE(page_->scenario()->undoStack()->count(), undoCount);
    QVERIFY(!page_->scoreBanner()->isOutOfDate());
    page_->undoAction()->trigger();
    QVERIFY(page_->impulseCategories().isEmpty());
}

void TestLayoutPage::toolbarStaysPut() {
    // Undo's label used to grow with the edit it named, pushing Export onto "Back to imported".
    QToolBar* toolbar = page_->toolBar();
    QWidget* exportButton = page_->exportButton();
    QWidget* back = toolbar->widgetForAction(page_->backToImportedAction());
    QVERIFY(back);
    QApplication::processEvents();
    const QRect exportBefore = exportButton->geometry();
    const QRect backBefore = back->geometry();
    const QRect undoBefore = toolbar->widgetForAction(page_->undoAction())->geometry();
    page_->moveCategory(QStringLiteral("seasonal"), QStringLiteral("Z12"));
    page_->swapCategories(QStringLiteral("home"), QStringLiteral("beverages"));
    QApplication::processEvents();
    QVERIFY(page_->undoAction()->toolTip().contains(QStringLiteral("Swap")));
    QCOMPARE(page_->undoAction()->text(), QStringLiteral("Undo"));
    QCOMPARE(exportButton->geometry(), exportBefore);
    QCOMPARE(back->geometry(), backBefore);
    QCOMPARE(toolbar->widgetForAction(page_->undoAction())->geometry(), undoBefore);
    page_->undoAction()->trigger();
    page_->undoAction()->trigger();
    QApplication::processEvents();
    QCOMPARE(exportButton->geometry(), exportBefore);
    QVERIFY(!page_->undoAction()->isEnabled());
    // Export is at the far end, well away from the destructive reset.
    QVERIFY2(exportButton->geometry().left() - backBefore.right() > 200,
             qPrintable(QStringLiteral("export at %1, back to imported ends at %2")
                            .arg(exportButton->geometry().left())
                            .arg(backBefore.right())));
}

void TestLayoutPage::backToImportedIsOneStep() {
    LayoutScenario* scenario = page_->scenario();
    const int undoStart = scenario->undoStack()->index();
    page_->moveCategory(QStringLiteral("bakery"), QStringLiteral("Z09"));
    page_->swapCategories(QStringLiteral("produce"), QStringLiteral("apparel"));
    const std::vector<int> edited = scenario->assignment();
    QVERIFY(edited != scenario->imported());
    page_->backToImportedAction()->trigger();
    QCOMPARE(scenario->assignment(), scenario->imported());
    QCOMPARE(scenario->undoStack()->index(), undoStart + 3);
    page_->undoAction()->trigger();
    QCOMPARE(scenario->assignment(), edited);
    page_->redoAction()->trigger();
    QCOMPARE(scenario->assignment(), scenario->imported());
    while (scenario->undoStack()->index() > undoStart)
        page_->undoAction()->trigger();
}

void TestLayoutPage::scoreCardsSayWhatTheyMeasure() {
    StatCardRow* cards = page_->scoreCards();
    const QStringList units = {QStringLiteral("(points)"), QStringLiteral("(share of visits)"),
                               QStringLiteral("(m)"), QStringLiteral("(points)")};
    // What each tooltip must say: its unit and the core's definition (LayoutScore.h).
    const QStringList definitions = {QStringLiteral("phi"),
                                     QStringLiteral("share of all counted visits"),
                                     QStringLiteral("entrance"), QStringLiteral("weight")};
    QCOMPARE(cards->count(), 4);
    // The headline in money says what it counts and how it is predicted (LayoutPrediction.h).
    StatCardRow* headline = page_->headlineCards();
    QVERIFY(headline->card(0)->toolTip().contains(QStringLiteral("two or more categories")));
    QVERIFY(headline->card(0)->toolTip().contains(layout::predictionFormula()));
    QVERIFY(headline->card(1)->toolTip().contains(QStringLiteral("attach purchases")));
    for (int card = 0; card < 4; ++card) {
        QVERIFY2(cards->card(card)->labelText().endsWith(units[card]),
                 qPrintable(cards->card(card)->labelText()));
        QVERIFY2(cards->card(card)->toolTip().contains(definitions[card]),
                 qPrintable(cards->card(card)->toolTip()));
        QVERIFY(!cards->card(card)->valueText().isEmpty());
    }
}

// The headline: the store's cross-category share as the baskets hold it; no prediction while
// no effect is measured or given; with one given on the Optimise tab, the floor's predicted
// change and revenue a week, per move and whole, exactly as `layout --proposed --effect` gives
// them for the same layout; back to the imported layout, no moves and no change.
void TestLayoutPage::headlineShowsPredictionInMoney() {
    setMoneyCurrency(connection_->currency());
    QVERIFY(!moneyCurrency().isEmpty());
    LayoutScenario* scenario = page_->scenario();
    const std::vector<int> before = scenario->assignment();
    page_->optimisePanel()->setProximityEffect(std::nullopt);
    StatCard* share = page_->headlineCards()->card(0);
    StatCard* revenue = page_->headlineCards()->card(1);
    double shareNow = 0.0;
    QString store;  // the store the page shows
    {
        auto project = data::Project::open(project_, data::Project::OpenMode::MustExist);
        store = layout::defaultPlanStore(*project);
        data::Statement cross(
            project->db(),
            "SELECT AVG(n >= 2) FROM (SELECT COUNT(DISTINCT "
            "COALESCE(NULLIF(b.category, ''), p.category)) AS n FROM "
            "basket_lines b LEFT JOIN products p ON p.product = b.product WHERE "
            "(b.quantity IS NULL OR b.quantity > 0) AND b.store = ? GROUP BY b.basket) "
            "WHERE n > 0");
        cross.bind(1, store.toStdString());
        QVERIFY(cross.step());
        shareNow = cross.real(0);
    }
    QVERIFY(shareNow > 0 && shareNow < 1);
    QCOMPARE(share->valueText(), formatPercent(shareNow, 1));
    // The imported floor itself: no move, no change, and no effect measured for it.
    QCOMPARE(share->deltaText(), predictedShareText(0.0) + QStringLiteral(" predicted"));
    QVERIFY(page_->movesNote()->text().startsWith(QStringLiteral("No moves yet")));
    QVERIFY2(revenue->valueText().endsWith(formatNumber(0.0, 0)), qPrintable(revenue->valueText()));

    page_->optimisePanel()->setProximityEffect(givenEffect());
    const auto zoneOfCategory = [&](const char* category) {
        return scenario->model().zones[scenario->zoneOf(categoryIndex(QLatin1String(category)))];
    };
    page_->moveCategory(QStringLiteral("snacks"), zoneOfCategory("beverages"));
    page_->moveCategory(QStringLiteral("home"), zoneOfCategory("apparel"));
    const QString file = writeFloor(QStringLiteral("floor-proposed.csv"));
    const mbtest::CliRun cli = mbtest::runCli(
        {QStringLiteral("layout"), project_, QStringLiteral("--store"), store,
         QStringLiteral("--proposed"), file, QStringLiteral("--effect"),
         QStringLiteral("1.15,1.05,1.25"), QStringLiteral("--out"),
         dir_.filePath(QStringLiteral("floor-proposed-out.csv")), QStringLiteral("--json")});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    const QJsonObject json = cli.json();
    const auto number = [&](const QJsonObject& object, const char* key) {
        return object.value(QLatin1String(key)).toDouble();
    };
    QCOMPARE(share->valueText(), formatPercent(number(json, "cross_category_share"), 1));
    QCOMPARE(share->deltaText(), formatSignedPercent(number(json, "predicted_change"), 1) +
                                     QStringLiteral(" predicted"));
    QCOMPARE(share->intervalText(),
             QStringLiteral("%1 to %2")
                 .arg(formatSignedPercent(number(json, "predicted_change_low"), 1),
                      formatSignedPercent(number(json, "predicted_change_high"), 1)));
    QCOMPARE(revenue->valueText(), formatSignedMoney(number(json, "weekly_revenue_change"), 0));
    QVERIFY(revenue->valueText().contains(moneySymbol()));
    const QJsonArray moves = json.value(QStringLiteral("prediction"))
                                 .toObject()
                                 .value(QStringLiteral("moves"))
                                 .toArray();
    QTableWidget* table = page_->movesTable();
    QCOMPARE(table->rowCount(), static_cast<int>(moves.size()));
    QCOMPARE(table->rowCount(), 2);
    for (int row = 0; row < table->rowCount(); ++row) {
        const QJsonObject move = moves[row].toObject();
        QVERIFY(table->item(row, 0)->text().startsWith(
            move.value(QStringLiteral("category")).toString()));
        QCOMPARE(table->item(row, 1)->text(),
                 formatSignedPercent(number(move, "predicted_change"), 1));
        QCOMPARE(table->item(row, 2)->text(),
                 formatSignedMoney(number(move, "weekly_revenue_change"), 0));
    }
    // Nothing cut short, as the page sits in the window on a 1280x800 and a 1920x1080 screen.
    const QSize size = page_->size();
    for (const QSize room : {QSize(1090, 690), QSize(1730, 970)}) {
        page_->resize(room);
        QApplication::processEvents();
        QVERIFY2(mbtest::elidedTexts(page_.get()).isEmpty(),
                 qPrintable(mbtest::elidedTexts(page_.get()).join(u'\n')));
        QVERIFY(page_->grab().save(
            shots_ +
            QStringLiteral("/layout-headline-%1x%2.png").arg(room.width()).arg(room.height())));
    }
    page_->resize(size);

    page_->undoAction()->trigger();
    page_->undoAction()->trigger();
    QCOMPARE(scenario->assignment(), before);
    QCOMPARE(table->rowCount(), 0);
    QCOMPARE(share->deltaText(), formatSignedPercent(0.0, 1) + QStringLiteral(" predicted"));
    QCOMPARE(revenue->valueText(), formatSignedMoney(0.0, 0));
    page_->optimisePanel()->setProximityEffect(std::nullopt);
    setMoneyCurrency(QString());
}

// The chain's effect (a fit over every store) is measured in the background when the floor
// first has a move and no effect is given: the headline then predicts as `layout --proposed`
// does with the chain's own effect; the task bar's Cancel reaches the fit, and the headline
// says the effect was not measured.
void TestLayoutPage::measuresTheEffectWhenTheFloorMoves() {
    LayoutScenario* scenario = page_->scenario();
    page_->optimisePanel()->setProximityEffect(std::nullopt);
    // A fresh load: nothing measured yet.
    QSignalSpy loaded(page_.get(), &LayoutPage::loaded);
    const auto reload = [&] {
        page_->setConnection(nullptr);
        page_->setConnection(connection_.get());
        return loaded.wait(30000);
    };
    QVERIFY(reload());
    QVERIFY(!page_->taskBar()->isRunning());
    QVERIFY(!page_->floorPrediction().predicted());
    const auto zoneOfCategory = [&](const char* category) {
        return scenario->model().zones[scenario->zoneOf(categoryIndex(QLatin1String(category)))];
    };
    // Cancelled at once: said, never assumed.
    page_->moveCategory(QStringLiteral("snacks"), zoneOfCategory("beverages"));
    QVERIFY(page_->taskBar()->isRunning());
    QVERIFY(page_->movesNote()->text().startsWith(QStringLiteral("Measuring")));
    QSignalSpy cancelled(page_->taskBar(), &TaskBar::cancelled);
    page_->taskBar()->cancel();
    QVERIFY(cancelled.wait(20000));
    QVERIFY(!page_->floorPrediction().predicted());
    QVERIFY2(page_->movesNote()->text().contains(QStringLiteral("cancelled")),
             qPrintable(page_->movesNote()->text()));
    page_->undoAction()->trigger();

    // Measured: the page's prediction is the CLI's with the chain's own effect.
    QVERIFY(reload());
    page_->moveCategory(QStringLiteral("snacks"), zoneOfCategory("beverages"));
    QTRY_VERIFY_WITH_TIMEOUT(page_->floorPrediction().predicted(), 30000);
    QVERIFY(page_->movesNote()->text().isEmpty());
    const QString file = writeFloor(QStringLiteral("measured-proposed.csv"));
    QString store;
    {
        auto project = data::Project::open(project_, data::Project::OpenMode::MustExist);
        store = layout::defaultPlanStore(*project);
    }
    const mbtest::CliRun cli = mbtest::runCli(
        {QStringLiteral("layout"), project_, QStringLiteral("--store"), store,
         QStringLiteral("--proposed"), file, QStringLiteral("--out"),
         dir_.filePath(QStringLiteral("measured-out.csv")), QStringLiteral("--json")});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    const layout::LayoutPrediction prediction = page_->floorPrediction();
    QCOMPARE(prediction.effect.ratePer10m, cli.json()
                                               .value(QStringLiteral("prediction"))
                                               .toObject()
                                               .value(QStringLiteral("effect"))
                                               .toObject()
                                               .value(QStringLiteral("rate_ratio_per_10m"))
                                               .toDouble());
    QCOMPARE(prediction.shareChange.value,
             cli.json().value(QStringLiteral("predicted_change")).toDouble());
    page_->undoAction()->trigger();
    QCOMPARE(scenario->assignment(), scenario->imported());
}

// The demo chain's ten stores are offered on the toolbar; choosing one shows its floor: the
// imported layout is the one `layout --store S` reads as current.
void TestLayoutPage::storeChooserShowsEachStore() {
    QComboBox* stores = page_->storeBox();
    QCOMPARE(stores->count(), 10);
    QVERIFY(stores->isVisibleTo(page_.get()));
    const QString shown = stores->currentText();
    QCOMPARE(shown, QStringLiteral("S0001"));
    const std::vector<int> firstStore = page_->scenario()->imported();
    QSignalSpy loaded(page_.get(), &LayoutPage::loaded);
    page_->showStore(QStringLiteral("S0003"));
    QVERIFY(loaded.wait(30000));
    QCOMPARE(stores->currentText(), QStringLiteral("S0003"));
    // S0003 moved to the pilot layout: its floor is not S0001's.
    QVERIFY(page_->scenario()->imported() != firstStore);
    const QString out = dir_.filePath(QStringLiteral("store-S0003.csv"));
    const mbtest::CliRun cli =
        mbtest::runCli({QStringLiteral("layout"), project_, QStringLiteral("--store"),
                        QStringLiteral("S0003"), QStringLiteral("--out"), out});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    LayoutScenario* scenario = page_->scenario();
    const layout::LayoutModel& model = scenario->model();
    int checked = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> fields = lines[i].split(',');
        const int c = model.categoryIndex(QString::fromUtf8(fields.at(0)));
        QVERIFY(c >= 0);
        QCOMPARE(model.zones[scenario->imported()[static_cast<std::size_t>(c)]],
                 QString::fromUtf8(fields.at(1)));
        ++checked;
    }
    QCOMPARE(checked, 8);
    page_->showStore(shown);
    QVERIFY(loaded.wait(30000));
    QCOMPARE(stores->currentText(), shown);
    QCOMPARE(page_->scenario()->imported(), firstStore);
}

void TestLayoutPage::maxMovesMatchesCli_data() {
    QTest::addColumn<int>("maxMoves");
    QTest::newRow("one move") << 1;
    QTest::newRow("two moves") << 2;
}

void TestLayoutPage::maxMovesMatchesCli() {
    QFETCH(int, maxMoves);
    OptimisePanel* panel = page_->optimisePanel();
    for (int c = 0; c < page_->scenario()->model().categoryCount(); ++c)
        panel->setFixedZone(c, -1);
    panel->setSeed(5);
    panel->setIterations(3000);
    panel->setSeconds(60);
    // Without a limit the demo's optimiser moves more than the limits tried here.
    panel->setMaxMoves(0);
    QVERIFY(optimise());
    QVERIFY2(page_->result()->movedCategories > maxMoves,
             qPrintable(QString::number(page_->result()->movedCategories)));
    panel->maxMovesBox()->setValue(maxMoves);
    QVERIFY(panel->banner()->isOutOfDate());  // the limit is part of the request
    QVERIFY(optimise());
    const layout::LayoutResult* result = page_->result();
    QCOMPARE(result->provenance.request.value(QStringLiteral("max_moves")).toInt(), maxMoves);
    QVERIFY(layout::movedCategoryCount(result->proposal.current, result->proposal.proposed) <=
            maxMoves);
    QVERIFY(result->movedCategories >= 1);
    QVERIFY(!panel->banner()->isOutOfDate());
    const mbtest::CliRun cli = mbtest::runCli(
        {QStringLiteral("layout"), project_, QStringLiteral("--store"), QStringLiteral("S0001"),
         QStringLiteral("--optimize"), QStringLiteral("--json"), QStringLiteral("--seconds"),
         QStringLiteral("60"), QStringLiteral("--iterations"), QStringLiteral("3000"),
         QStringLiteral("--seed"), QStringLiteral("5"), QStringLiteral("--max-moves"),
         QString::number(maxMoves), QStringLiteral("--out"),
         dir_.filePath(QStringLiteral("cli-max-moves.csv"))});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    QCOMPARE(cli.json()[QStringLiteral("moved_categories")].toInt(), result->movedCategories);
    QVERIFY(near(cli.json()[QStringLiteral("proposed")][QStringLiteral("total")].toDouble(),
                 result->proposal.after.total));
    QCOMPARE(result->provenance.request, cli.json()[QStringLiteral("parameters")].toObject());
    panel->setMaxMoves(0);
    page_->discardProposal();
}

void TestLayoutPage::proposalOutOfDateAfterImpulseChange() {
    OptimisePanel* panel = page_->optimisePanel();
    LayoutScenario* scenario = page_->scenario();
    const int undoStart = scenario->undoStack()->index();
    panel->setSeed(3);
    panel->setIterations(2000);
    QVERIFY(optimise());
    QVERIFY(!panel->banner()->isOutOfDate());
    QVERIFY(!page_->scoreBanner()->isOutOfDate());
    QVERIFY(panel->applyButton()->isEnabled());
    page_->setImpulseCategories({QStringLiteral("snacks")});
    QCOMPARE(page_->proposalFreshness(), Freshness::ControlsChanged);
    QVERIFY(panel->banner()->isOutOfDate());
    QVERIFY(!panel->banner()->isHidden());
    QCOMPARE(panel->banner()->text(),
             outOfDateText(Freshness::ControlsChanged, QStringLiteral("proposal"),
                           QStringLiteral("Optimise")));
    QVERIFY(!panel->applyButton()->isEnabled());
    // Export refuses with the banner's sentence and writes nothing.
    const QString path = dir_.filePath(QStringLiteral("stale-scenario.csv"));
    try {
        page_->exportScenario(path);
        QFAIL("exported an out-of-date proposal");
    } catch (const Error& error) {
        QVERIFY2(error.message().contains(panel->banner()->text()), qPrintable(error.message()));
    }
    QVERIFY(!QFile::exists(path));
    QVERIFY(!QFile::exists(exporting::parametersSidecarPath(path)));
    // Apply refuses too.
    const std::vector<int> before = scenario->assignment();
    page_->applyProposal();
    QCOMPARE(scenario->assignment(), before);
    // Taking the change back makes the proposal current again.
    page_->undoAction()->trigger();
    QCOMPARE(page_->proposalFreshness(), Freshness::Current);
    QVERIFY(panel->banner()->isHidden());
    // A weight the scores were not computed with marks the scores too.
    const OptimiseSettings settings = panel->settings();
    OptimiseSettings heavier = settings;
    heavier.weights.adjacency += 1.0;
    panel->setSettings(heavier);
    QCOMPARE(page_->scoreFreshness(), Freshness::ControlsChanged);
    QVERIFY(page_->scoreBanner()->isOutOfDate());
    panel->setSettings(settings);
    QVERIFY(!page_->scoreBanner()->isOutOfDate());
    page_->exportScenario(path);
    QVERIFY(QFile::exists(path));
    while (scenario->undoStack()->index() > undoStart)
        page_->undoAction()->trigger();
    page_->discardProposal();
}

// The Scenarios menu's "Manage saved scenarios…" renames and deletes them; the menu lists
// what is left.
void TestLayoutPage::scenariosRenamedAndDeleted() {
    page_->moveCategory(QStringLiteral("bakery"), QStringLiteral("Z04"));
    page_->saveScenario(QStringLiteral("Bakery near"));
    page_->moveCategory(QStringLiteral("bakery"), QStringLiteral("Z13"));
    page_->saveScenario(QStringLiteral("Bakery far"));
    auto* scenarios = page_->toolBar()->findChild<QToolButton*>(QStringLiteral("scenarios"));
    QVERIFY(scenarios && scenarios->menu());
    emit scenarios->menu()->aboutToShow();
    QAction* manage = nullptr;
    for (QAction* action : scenarios->menu()->actions())
        if (action->text() == QStringLiteral("Manage saved scenarios…"))
            manage = action;
    QVERIFY(manage && manage->isEnabled());
    manage->trigger();
    const auto listed = [&] {
        emit scenarios->menu()->aboutToShow();
        QStringList names;
        for (QAction* action : scenarios->menu()->actions())
            if (!action->isSeparator() && !action->text().endsWith(u'…'))
                names << action->text();
        return names;
    };
    mbtest::checkManagingScenarios(page_->findChild<ScenarioManager*>(), project_,
                                   QStringLiteral("layout"), QStringLiteral("Bakery near"),
                                   QStringLiteral("Bakery far"), listed);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(data::deleteScenario(connection_->project(), QStringLiteral("layout"),
                                 QStringLiteral("Bakery near (renamed)")));
    page_->scenario()->undoStack()->undo();
    page_->scenario()->undoStack()->undo();
}

void TestLayoutPage::savedScenarioComesBack() {
    LayoutScenario* scenario = page_->scenario();
    QCOMPARE(scenario->assignment(), scenario->imported());
    QVERIFY(!page_->hasUnsavedWork());
    page_->moveCategory(QStringLiteral("bakery"), QStringLiteral("Z04"));
    page_->swapCategories(QStringLiteral("home"), QStringLiteral("produce"));
    page_->setImpulseCategories({QStringLiteral("seasonal"), QStringLiteral("snacks")});
    QVERIFY(page_->hasUnsavedWork());
    QVERIFY2(page_->unsavedWorkDescription().contains(QStringLiteral("3 categories moved")),
             qPrintable(page_->unsavedWorkDescription()));
    page_->saveScenario(QStringLiteral("Bakery by dairy"));
    QVERIFY(!page_->hasUnsavedWork());
    const std::vector<int> saved = scenario->assignment();
    const QString before = dir_.filePath(QStringLiteral("saved-before.csv"));
    page_->exportScenario(before);
    // Another edit is unsaved work again, and saveWork keeps it under a name of its own.
    page_->moveCategory(QStringLiteral("apparel"), QStringLiteral("Z13"));
    QVERIFY(page_->hasUnsavedWork());
    QString error;
    QVERIFY2(page_->saveWork(&error), qPrintable(error));
    QVERIFY(!page_->hasUnsavedWork());
    QCOMPARE(page_->savedScenarioNames().size(), 2);

    // Close and reopen the project: the floor starts from the imported layout, the scenarios
    // are listed, and the saved one comes back as one undoable step.
    page_->setConnection(nullptr);
    connection_ = std::make_unique<ProjectConnection>(project_);
    QSignalSpy loaded(page_.get(), &LayoutPage::loaded);
    page_->setConnection(connection_.get());
    QVERIFY(loaded.wait(30000));
    QCOMPARE(scenario->assignment(), scenario->imported());
    QVERIFY(page_->impulseCategories().isEmpty());
    QVERIFY(page_->savedScenarioNames().contains(QStringLiteral("Bakery by dairy")));
    // The toolbar's Scenarios menu lists them, and choosing one puts it on the floor.
    auto* scenarios = page_->toolBar()->findChild<QToolButton*>(QStringLiteral("scenarios"));
    QVERIFY(scenarios && scenarios->menu());
    emit scenarios->menu()->aboutToShow();
    QAction* load = nullptr;
    for (QAction* action : scenarios->menu()->actions())
        if (action->text() == QStringLiteral("Bakery by dairy"))
            load = action;
    QVERIFY(load && load->isEnabled());
    load->trigger();
    QCOMPARE(scenario->undoStack()->count(), 1);
    QCOMPARE(scenario->assignment(), saved);
    QStringList impulse = page_->impulseCategories();
    impulse.sort();
    QCOMPARE(impulse, QStringList({QStringLiteral("seasonal"), QStringLiteral("snacks")}));
    QVERIFY(!page_->hasUnsavedWork());
    const QString after = dir_.filePath(QStringLiteral("saved-after.csv"));
    page_->exportScenario(after);
    QCOMPARE(bytesOf(after), bytesOf(before));
    page_->undoAction()->trigger();
    QCOMPARE(scenario->assignment(), scenario->imported());
    QVERIFY(page_->impulseCategories().isEmpty());
    QVERIFY(!page_->loadScenario(QStringLiteral("no such scenario")));
}

void TestLayoutPage::newProjectShowsNothingOfTheOld() {
    LayoutScenario* scenario = page_->scenario();
    page_->moveCategory(QStringLiteral("bakery"), QStringLiteral("Z09"));
    page_->setImpulseCategories({QStringLiteral("snacks")});
    page_->optimisePanel()->setIterations(2000);
    QVERIFY(optimise());
    QVERIFY(page_->optimisePanel()->hasProposal());
    QVERIFY(page_->undoAction()->isEnabled());

    // A project that cannot show a layout leaves its error on the page...
    const QString empty = dir_.filePath(QStringLiteral("empty.merchbench"));
    data::Project::open(empty);
    auto emptyConnection = std::make_unique<ProjectConnection>(empty);
    QSignalSpy failed(page_.get(), &LayoutPage::loadFailed);
    page_->setConnection(emptyConnection.get());
    QVERIFY(failed.wait(30000));
    QVERIFY(!page_->messageLabel()->isHidden());
    QVERIFY(!page_->result());
    QVERIFY(!page_->undoAction()->isEnabled());
    // ...which the next project does not show. An optimisation still running when the project
    // closes shows nothing either.
    page_->setConnection(connection_.get());
    QSignalSpy reloaded(page_.get(), &LayoutPage::loaded);
    QVERIFY(reloaded.wait(30000));
    QVERIFY(page_->messageLabel()->isHidden());
    page_->optimisePanel()->setIterations(2000000000);
    page_->optimisePanel()->setSeconds(600);
    page_->startOptimise();
    QVERIFY(page_->taskBar()->isRunning());

    page_->setConnection(nullptr);
    emptyConnection.reset();
    // The cancelled search stops at its next check; under load that can take a while.
    QTRY_VERIFY_WITH_TIMEOUT(!page_->taskBar()->isRunning(), 30000);
    page_->optimisePanel()->setIterations(2000);
    page_->optimisePanel()->setSeconds(60);
    QVERIFY(page_->optimisePanel()->runButton()->isEnabled());
    QVERIFY(!page_->isLoaded());
    QVERIFY(!page_->result());
    QVERIFY(scenario->isEmpty());
    QVERIFY(!page_->undoAction()->isEnabled());
    QVERIFY(!page_->redoAction()->isEnabled());
    QCOMPARE(scenario->undoStack()->count(), 0);
    for (StatCard* shown : {page_->scoreCards()->card(0), page_->scoreCards()->card(1),
                            page_->scoreCards()->card(2), page_->scoreCards()->card(3),
                            page_->headlineCards()->card(0), page_->headlineCards()->card(1)}) {
        QCOMPARE(shown->valueText(), QStringLiteral("\u2013"));  // a cleared card's dash
        QVERIFY(shown->deltaText().isEmpty());
        QVERIFY(shown->intervalText().isEmpty());
    }
    QCOMPARE(page_->movesTable()->rowCount(), 0);
    QCOMPARE(page_->floorView()->zoneItemCount(), 0);
    QCOMPARE(page_->floorView()->blockCount(), 0);
    QCOMPARE(page_->flowView()->zoneItemCount(), 0);
    QVERIFY(page_->heatmap()->orderedCategories().isEmpty());
    QCOMPARE(page_->pairView()->model()->rowCount(), 0);
    QCOMPARE(page_->impulseList()->listWidget()->count(), 0);
    QVERIFY(!page_->optimisePanel()->hasProposal());
    QCOMPARE(page_->optimisePanel()->termsTable()->rowCount(), 0);
    QVERIFY(page_->messageLabel()->isHidden());
    QVERIFY(!page_->hasUnsavedWork());

    // Another project: its own imported layout, no impulse set, no history, no proposal.
    const QString other = otherProject();
    QVERIFY(!other.isEmpty());
    auto otherConnection = std::make_unique<ProjectConnection>(other);
    QSignalSpy loaded(page_.get(), &LayoutPage::loaded);
    page_->setConnection(otherConnection.get());
    QVERIFY(loaded.wait(30000));
    QVERIFY(!page_->undoAction()->isEnabled());
    QVERIFY(page_->impulseCategories().isEmpty());
    QVERIFY(!page_->result());
    QVERIFY(!page_->optimisePanel()->hasProposal());
    QVERIFY(page_->savedScenarioNames().isEmpty() ||
            !page_->savedScenarioNames().contains(QStringLiteral("no such")));
    auto project = data::Project::open(other, data::Project::OpenMode::MustExist);
    for (const auto& [category, zone] :
         layout::readProjectLayout(*project, QStringLiteral("S0001")))
        QCOMPARE(scenario->zoneOf(categoryIndex(category)), zoneIndex(zone));
    QCOMPARE(scenario->assignment(), scenario->imported());
    QCOMPARE(page_->scoreCards()->card(3)->valueText(),
             formatNumber(layout::scoreLayout(scenario->model(), scenario->imported()).total, 4));

    page_->setConnection(nullptr);
    otherConnection.reset();
    page_->setConnection(connection_.get());
    QVERIFY(loaded.wait(30000));
}

void TestLayoutPage::dataChangeMarksProposalOutOfDate() {
    // On the other project, so the demo's data stay as the other tests read them.
    const QString other = otherProject();
    auto otherConnection = std::make_unique<ProjectConnection>(other);
    LayoutPage page;
    page.resize(1280, 760);
    page.show();
    QSignalSpy loaded(&page, &LayoutPage::loaded);
    page.setConnection(otherConnection.get());
    QVERIFY(loaded.wait(30000));
    page.optimisePanel()->setIterations(2000);
    QSignalSpy ended(&page, &LayoutPage::optimiseEnded);
    page.optimisePanel()->runButton()->click();
    QVERIFY(ended.wait(60000));
    QVERIFY(page.result());
    QCOMPARE(page.proposalFreshness(), Freshness::Current);
    const QString before = page.dataViewsFingerprint();
    QCOMPARE(before, otherConnection->inputFingerprint());
    dropOneTrafficCount(other);
    QSignalSpy reread(&page, &LayoutPage::dataViewsReread);
    page.refresh();
    // The heatmap, pairs and flows never show the data that are gone: emptied at once, then
    // read again, while the floor and its proposal stay (out of date).
    QVERIFY(page.dataViewsFingerprint().isEmpty());
    QCOMPARE(page.pairView()->model()->rowCount(), 0);
    QVERIFY(reread.wait(30000));
    QCOMPARE(page.dataViewsFingerprint(), otherConnection->inputFingerprint());
    QVERIFY(page.dataViewsFingerprint() != before);
    QVERIFY(page.pairView()->model()->rowCount() > 0);
    QVERIFY(page.result());
    QCOMPARE(page.proposalFreshness(), Freshness::DataChanged);
    QVERIFY(page.optimisePanel()->banner()->isOutOfDate());
    QCOMPARE(page.optimisePanel()->banner()->text(),
             outOfDateText(Freshness::DataChanged, QStringLiteral("proposal"),
                           QStringLiteral("Optimise")));
    QVERIFY(page.scoreBanner()->isOutOfDate());
    QVERIFY(!page.optimisePanel()->applyButton()->isEnabled());
    const QString path = dir_.filePath(QStringLiteral("data-changed.csv"));
    QVERIFY_THROWS_EXCEPTION(Error, page.exportScenario(path));
    QVERIFY(!QFile::exists(path));
    // Optimising again answers the new data.
    page.optimisePanel()->runButton()->click();
    QVERIFY(ended.wait(60000));
    QCOMPARE(page.proposalFreshness(), Freshness::Current);
    QVERIFY(!page.scoreBanner()->isOutOfDate());
    page.exportScenario(path);
    QVERIFY(QFile::exists(path));

    // With nothing to lose (no proposal, the imported floor) new data reload the page, and the
    // impulse categories chosen stay chosen.
    page.discardProposal();
    page.setImpulseCategories({QStringLiteral("snacks")});
    dropOneTrafficCount(other);
    page.refresh();
    QVERIFY(loaded.wait(30000));
    QCOMPARE(page.impulseCategories(), QStringList{QStringLiteral("snacks")});
    QCOMPARE(page.scenario()->undoStack()->count(), 0);  // the starting point, not an edit
    QVERIFY(!page.scoreBanner()->isOutOfDate());
    page.setConnection(nullptr);
}

void TestLayoutPage::windowFitsTheScreen_data() {
    QTest::addColumn<QSize>("screen");
    QTest::newRow("1280x800") << QSize(1280, 800);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
}

void TestLayoutPage::windowFitsTheScreen() {
    QFETCH(QSize, screen);
    const QSize available(screen.width(), screen.height() - 40);  // the window frame
    MainWindow window;
    window.resize(available);
    window.show();
    QString error;
    QVERIFY2(window.openProject(project_, &error), qPrintable(error));
    window.showPage(MainWindow::LayoutPageIndex);
    auto* page = qobject_cast<LayoutPage*>(window.page(MainWindow::LayoutPageIndex));
    QVERIFY(page);
    if (!page->isLoaded()) {
        QSignalSpy loaded(page, &LayoutPage::loaded);
        QVERIFY(loaded.wait(30000));
    }
    page->moveCategory(QStringLiteral("bakery"), QStringLiteral("Z04"));
    page->setImpulseCategories({QStringLiteral("snacks"), QStringLiteral("seasonal")});
    // The headline in money as a planner with an effect sees it.
    page->optimisePanel()->setProximityEffect(givenEffect());
    page->optimisePanel()->setIterations(2000);
    QSignalSpy ended(page, &LayoutPage::optimiseEnded);
    page->startOptimise();
    QVERIFY(ended.wait(60000));
    const QString folder = qEnvironmentVariable("MERCHBENCH_SCREENSHOTS", shots_);
    const QStringList names = {QStringLiteral("floor"), QStringLiteral("affinity"),
                               QStringLiteral("flows"), QStringLiteral("optimise"),
                               QStringLiteral("test")};
    for (int tab = 0; tab < page->tabs()->count(); ++tab) {
        page->tabs()->setCurrentIndex(tab);
        QApplication::processEvents();
        // The page must fit the room the window gives it on that screen (the window's own
        // minimum also counts the other pages).
        const QSize hint = page->minimumSizeHint();
        QVERIFY2(hint.width() <= page->width() &&
                     hint.height() + window.height() - page->height() <= available.height(),
                 qPrintable(QStringLiteral("%1 tab needs %2x%3, has %4x%5 (window %6x%7)")
                                .arg(names[tab])
                                .arg(hint.width())
                                .arg(hint.height())
                                .arg(page->width())
                                .arg(page->height())
                                .arg(window.width())
                                .arg(window.height())));
        QVERIFY(window.grab().save(QStringLiteral("%1/layout-%2-%3x%4.png")
                                       .arg(folder, names[tab])
                                       .arg(screen.width())
                                       .arg(screen.height())));
    }
    // The out-of-date banners as they look: the proposal after an impulse change, the scores
    // after a weight change.
    page->tabs()->setCurrentWidget(page->optimisePanel());
    page->setImpulseCategories({QStringLiteral("snacks")});
    OptimiseSettings settings = page->optimisePanel()->settings();
    settings.weights.exposure = 1.0;
    page->optimisePanel()->setSettings(settings);
    QApplication::processEvents();
    QVERIFY(page->scoreBanner()->isVisible());
    QVERIFY(page->optimisePanel()->banner()->isVisible());
    // The banners do not make the page need more than the screen leaves it beside the
    // window's own bars.
    const int chrome = window.height() - page->height();
    QVERIFY2(page->minimumSizeHint().height() + chrome <= available.height(),
             qPrintable(QStringLiteral("needs %1 + %2, the screen has %3")
                            .arg(page->minimumSizeHint().height())
                            .arg(chrome)
                            .arg(available.height())));
    QVERIFY(window.grab().save(QStringLiteral("%1/layout-out-of-date-%2x%3.png")
                                   .arg(folder)
                                   .arg(screen.width())
                                   .arg(screen.height())));
    page->setConnection(nullptr);
}

MERCHBENCH_GUI_TEST_MAIN(TestLayoutPage)

#include "tst_guilayout.moc"
