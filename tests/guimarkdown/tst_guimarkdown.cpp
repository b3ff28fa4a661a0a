// The markdown page under the offscreen platform, on the demo project: planning in the
// background gives the same season as `merchbench-cli markdown` (whole or scoped to chosen
// products and stores), overrides are evaluated exactly and undone, locked weeks re-solve the
// policy as optimiseMarkdown does and undo without solving again, scenario B shows beside A,
// the leftover distribution agrees with the optimiser's expectations, exports and approval
// write what they claim, and screenshots of the page and its charts are saved.
#include "CliRun.h"
#include "CsvRows.h"
#include "DemoWindow.h"
#include "GuiTestMain.h"
#include "ProjectConnection.h"
#include "ProjectThrough.h"
#include "QtWarnings.h"
#include "ScenarioManagerChecks.h"
#include "common/ChartPanel.h"
#include "common/Error.h"
#include "common/FilterBar.h"
#include "common/Numbers.h"
#include "common/Progress.h"
#include "common/ResultFreshness.h"
#include "common/RowFilterModel.h"
#include "common/StatCard.h"
#include "common/TableExportButton.h"
#include "common/TaskBar.h"
#include "data/Project.h"
#include "data/SavedScenarios.h"
#include "data/Sqlite.h"
#include "markdown/ItemCharts.h"
#include "markdown/ItemPlanModel.h"
#include "markdown/LeftoverDistribution.h"
#include "markdown/MarkdownApproval.h"
#include "markdown/MarkdownOptimiser.h"
#include "markdown/MarkdownPage.h"
#include "markdown/MarkdownRun.h"
#include "markdown/PriceChangeList.h"
#include "markdown/PriceChangeModel.h"
#include "markdown/RulesPanel.h"
#include "markdown/ScheduleEdits.h"
#include "markdown/ScopePicker.h"
#include "markdown/SeasonItemModel.h"
#include "markdown/SeasonSummary.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QToolButton>
#include <QUndoStack>
#include <array>
#include <cmath>
#include <memory>

using namespace mb;
using namespace mb::ui;

namespace {

constexpr int kPlanWaitMs = 60000;
const QString kExitWeek = QStringLiteral("2024-09-16");

bool near(double a, double b, double tolerance = 1e-6) {
    return std::abs(a - b) <= tolerance * std::max(1.0, std::abs(b));
}

// The page's season totals against `merchbench-cli markdown --json` on the same inputs.
void compareWithCli(const markdown::SeasonPlan& season, const QJsonObject& cli) {
    QCOMPARE(season.plannedItems(), cli[QStringLiteral("items_planned")].toInt());
    QCOMPARE(static_cast<qint64>(season.items.size()), cli[QStringLiteral("items")].toInteger());
    QCOMPARE(season.weeks, cli[QStringLiteral("weeks")].toInt());
    QCOMPARE(season.fixedRule.name, cli[QStringLiteral("fixed_rule")].toString());
    const std::pair<double, const char*> figures[] = {
        {season.expectedObjective(), "expected_objective"},
        {season.expectedRevenue(), "expected_revenue"},
        {season.expectedMargin(), "expected_margin"},
        {season.noMarkdownObjective(), "no_markdown_objective"},
        {season.fixedRuleObjective(), "fixed_rule_objective"}};
    for (const auto& [value, key] : figures)
        QVERIFY2(near(value, cli[QLatin1String(key)].toDouble(), 1e-9),
                 qPrintable(QStringLiteral("%1: page %2, cli %3")
                                .arg(QLatin1String(key))
                                .arg(value, 0, 'f', 6)
                                .arg(cli[QLatin1String(key)].toDouble(), 0, 'f', 6)));
}

}  // namespace

class TestGuiMarkdown : public QObject {
    Q_OBJECT
private slots:
    void init() { mbtest::failOnQtWarnings(); }
    void initTestCase();
    void cleanupTestCase();
    void rulesPanelRoundTrip_data();
    void rulesPanelRoundTrip();
    void budgetAndMinOnHandFields();
    void ladderText_data();
    void ladderText();
    void planMatchesCli();
    void leftoverDistributionMatchesOptimiser_data();
    void leftoverDistributionMatchesOptimiser();
    void overrideIsExactAndUndoable_data();
    void overrideIsExactAndUndoable();
    void lockWeekResolvesPolicy_data();
    void lockWeekResolvesPolicy();
    void filterAndPicker();
    void exportsAreValid_data();
    void exportsAreValid();
    void approveRecordsDecisions();
    void failedApprovalIsRecordedAsFailed();
    void exportMatchesCli_data();
    void exportMatchesCli();
    void scopedPlanMatchesCli_data();
    void scopedPlanMatchesCli();
    void scenarioBMatchesCli();
    void cancelKeepsThePlan();
    void planWithoutUnitCostsIsRefused();
    void stepEditorCommitsWithoutWarning();
    void outOfDate_data();
    void outOfDate();
    void planSeasonAsksBeforeDiscardingEdits();
    void savedScenarioComesBack();
    void scenariosRenamedAndDeleted();
    void noLeftoversAfterOpeningAnotherProject();
    void screenshots();
    void pricePointsAndExitWeeksShow_data();
    void pricePointsAndExitWeeksShow();
    void fitsTheScreen_data();
    void fitsTheScreen();

private:
    QJsonObject runCliPlan(const QString& rulesPath, const QStringList& extra = {});
    QString writeRules(const markdown::PlanningRules& rules, const QString& name);
    bool waitForLock(bool* applied = nullptr);
    void planAndWait();
    void planIfStale();
    // Two edited weeks (a fixed schedule) on one item and a locked week on another.
    void editTwoWeeksAndLockOne();
    std::int64_t countRows(const std::string& sql) const;
    int plannedItem(int rank) const;
    QString screenshotFolder();

    QTemporaryDir dir_;
    QString project_;
    QString rulesPath_;
    markdown::PlanningRules rules_;
    QJsonObject cliSummary_;
    std::unique_ptr<ProjectConnection> connection_;
    std::unique_ptr<QWidget> window_;
    MarkdownPage* page_ = nullptr;
};

QJsonObject TestGuiMarkdown::runCliPlan(const QString& rulesPath, const QStringList& extra) {
    const mbtest::CliRun run = mbtest::runCli(
        QStringList{QStringLiteral("markdown"), project_, QStringLiteral("--exit-week"), kExitWeek,
                    QStringLiteral("--rules"), rulesPath, QStringLiteral("--out"),
                    dir_.filePath(QStringLiteral("cli-plan.csv")), QStringLiteral("--json")} +
        extra);
    if (run.exitCode != 0)
        qWarning("%s", run.err.constData());
    return run.exitCode == 0 ? run.json() : QJsonObject();
}

QString TestGuiMarkdown::writeRules(const markdown::PlanningRules& rules, const QString& name) {
    const QString path = dir_.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(QJsonDocument(markdown::planningRulesToJson(rules)).toJson());
    return path;
}

// Waits for the page's lock or unlock solve; false when none ended in time.
bool TestGuiMarkdown::waitForLock(bool* applied) {
    QSignalSpy finished(page_, &MarkdownPage::lockFinished);
    if (!page_->taskBar()->isRunning() && finished.isEmpty())
        return false;
    if (!finished.wait(kPlanWaitMs))
        return false;
    if (applied)
        *applied = finished.front().front().toBool();
    return true;
}

void TestGuiMarkdown::initTestCase() {
    QVERIFY(dir_.isValid());
    const QString demo = dir_.filePath(QStringLiteral("demo"));
    QString error;
    QVERIFY2(mbtest::buildDemoWithCli(demo, &project_, &error), qPrintable(error));
    rulesPath_ = demo + QStringLiteral("/exports/markdown-rules.json");
    QFile rules(rulesPath_);
    QVERIFY2(rules.open(QIODevice::ReadOnly), qPrintable(rulesPath_));
    rules_ = markdown::readPlanningRules(rules.readAll(), rulesPath_);
    cliSummary_ = runCliPlan(rulesPath_);
    QVERIFY(!cliSummary_.isEmpty());

    // The page in a window the size of the application's, beside a stand-in for its navigation.
    window_ = std::make_unique<QWidget>();
    auto* layout = new QHBoxLayout(window_.get());
    layout->setContentsMargins(0, 0, 0, 0);
    auto* navigation = new QListWidget(window_.get());
    navigation->addItems({QStringLiteral("Data"), QStringLiteral("Markdown"),
                          QStringLiteral("Targeting"), QStringLiteral("Layout")});
    navigation->setCurrentRow(1);
    navigation->setFixedWidth(168);
    page_ = new MarkdownPage(window_.get());
    // No message box in a test: a question nobody expected is a warning, answered Cancel.
    page_->setDiscardQuestion([](const QString& text) {
        qWarning("unexpected question: %s", qPrintable(text));
        return false;
    });
    page_->setApproveQuestion([](const QString& text) {
        qWarning("unexpected question: %s", qPrintable(text));
        return false;
    });
    layout->addWidget(navigation);
    layout->addWidget(page_, 1);
    window_->resize(1400, 900);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    connection_ = std::make_unique<ProjectConnection>(project_);
    QVERIFY(connection_->isOpen());
    page_->setConnection(connection_.get());
    // The demo ran `markdown` already, so the page proposes its exit week and rules.
    QCOMPARE(page_->exitDateEdit()->date(), QDate::fromString(kExitWeek, Qt::ISODate));
    markdown::PlanningRules shown;
    QString problem;
    QVERIFY2(page_->rulesA()->readRules(shown, problem), qPrintable(problem));
    QCOMPARE(markdown::planningRulesToJson(shown), markdown::planningRulesToJson(rules_));
    planAndWait();
}

void TestGuiMarkdown::cleanupTestCase() {
    if (page_)
        page_->setConnection(nullptr);
    window_.reset();
    connection_.reset();
}

void TestGuiMarkdown::planAndWait() {
    QSignalSpy finished(page_, &MarkdownPage::planFinished);
    QTest::mouseClick(page_->planButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!page_->taskBar()->isRunning(), kPlanWaitMs);
    QVERIFY2(finished.count() == 1, qPrintable(page_->statusText()));
    QVERIFY(page_->result());
}

void TestGuiMarkdown::planIfStale() {
    page_->compareBox()->setChecked(false);
    page_->refresh();
    if (!page_->result() || page_->result()->b || page_->freshness() != Freshness::Current)
        planAndWait();
}

std::int64_t TestGuiMarkdown::countRows(const std::string& sql) const {
    return data::queryInt(data::Project::open(project_)->db(), sql);
}

void TestGuiMarkdown::editTwoWeeksAndLockOne() {
    const int fixedItem = plannedItem(1);
    const int lockedItem = plannedItem(3);
    QVERIFY(fixedItem >= 0 && lockedItem >= 0 && fixedItem != lockedItem);
    const markdown::ItemPlan& fixed = page_->result()->a.season.items[size_t(fixedItem)];
    std::vector<int> steps = planSteps(fixed);
    QVERIFY(steps.size() >= 2);
    const int deepest = int(fixed.input.ladder.size()) - 1;
    page_->edits()->overrideWeek(fixedItem, int(steps.size()),
                                 steps.back() == deepest ? 0 : deepest);
    page_->edits()->overrideWeek(fixedItem, int(steps.size()) - 1,
                                 steps[steps.size() - 2] == deepest ? 0 : deepest);
    QVERIFY(page_->edits()->edit(fixedItem));
    page_->selectItem(lockedItem);
    const markdown::ItemPlan& locked = page_->result()->a.season.items[size_t(lockedItem)];
    const std::vector<int> planned = planSteps(locked);
    bool applied = false;
    for (int step :
         {std::min(planned.back() + 1, int(locked.input.ladder.size()) - 1), planned.back()}) {
        QVERIFY(page_->lockWeek(int(planned.size()), step));
        QVERIFY(waitForLock(&applied));
        if (applied)
            break;
    }
    QVERIFY2(applied, qPrintable(page_->statusText()));
    QCOMPARE(page_->edits()->editedItems().size(), 2);
}

int TestGuiMarkdown::plannedItem(int rank) const {
    const auto& items = page_->result()->a.season.items;
    std::vector<int> planned;
    for (int i = 0; i < static_cast<int>(items.size()); ++i)
        if (items[size_t(i)].planned && items[size_t(i)].input.weeks > 2)
            planned.push_back(i);
    if (planned.empty())
        return -1;
    return planned[size_t(rank) * (planned.size() - 1) / 4];
}

QString TestGuiMarkdown::screenshotFolder() {
    QString folder = qEnvironmentVariable("MERCHBENCH_SCREENSHOTS");
    if (folder.isEmpty())
        folder = dir_.filePath(QStringLiteral("screenshots"));
    QDir().mkpath(folder);
    return folder;
}

void TestGuiMarkdown::rulesPanelRoundTrip_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("defaults") << QByteArray("{}");
    QTest::newRow("demo") << QByteArray(
        R"({"ladder":[1,0.85,0.7,0.55,0.4],"objective":"margin","salvage_share_of_cost":0.25,
            "distribution":"fitted","rules":{"monotone":true,"max_markdowns":3,
            "min_weeks_between":2,"margin_floor":-0.5},"simulations":200,"seed":7})");
    QTest::newRow("revenue, poisson, earliest week") << QByteArray(
        R"({"ladder":[1,0.75,0.5],"objective":"revenue","distribution":"poisson",
            "rules":{"earliest_week":3,"max_markdowns":0,"margin_floor":0.1}})");
    QTest::newRow("price endings, no-change weeks") << QByteArray(
        R"({"ladder":[1,0.8,0.6],"rules":{"price_endings":[0.49,0.99],"no_change_weeks":2}})");
    QTest::newRow("all or nothing")
        << QByteArray(R"({"schedule_per":"cluster","all_or_nothing":true})");
    QTest::newRow("cluster without all or nothing") << QByteArray(R"({"schedule_per":"cluster"})");
    QTest::newRow("budget, min on hand") << QByteArray(
        R"({"ladder":[1,0.8,0.6],"markdown_budget":25000,"rules":{"min_on_hand":5}})");
    QTest::newRow("budget of nothing") << QByteArray(R"({"markdown_budget":0})");
    QTest::newRow("salvage value kept") << QByteArray(
        R"({"ladder":[1,0.8],"salvage_value":1.5,"rules":{"monotone":false,"start_step":1}})");
}

void TestGuiMarkdown::rulesPanelRoundTrip() {
    QFETCH(QByteArray, json);
    const markdown::PlanningRules rules = markdown::readPlanningRules(json, QStringLiteral("t"));
    RulesPanel panel;
    panel.setRules(rules);
    markdown::PlanningRules read;
    QString problem;
    QVERIFY2(panel.readRules(read, problem), qPrintable(problem));
    QCOMPARE(markdown::planningRulesToJson(read), markdown::planningRulesToJson(rules));
}

// The budget and min on-hand fields write the rules the CLI reads; a budget with all or nothing
// is refused as the rules file refuses it.
void TestGuiMarkdown::budgetAndMinOnHandFields() {
    RulesPanel panel;
    panel.setRules(markdown::PlanningRules());
    markdown::PlanningRules read;
    QString problem;
    QVERIFY2(panel.readRules(read, problem), qPrintable(problem));
    QCOMPARE(read.markdownBudget, -1.0);
    QCOMPARE(read.rules.minOnHand, 0);
    panel.budgetBox()->setValue(12000.0);
    panel.minOnHandBox()->setValue(8);
    QVERIFY2(panel.readRules(read, problem), qPrintable(problem));
    QCOMPARE(read.markdownBudget, 12000.0);
    QCOMPARE(read.rules.minOnHand, 8);
    const markdown::PlanningRules back = markdown::readPlanningRules(
        QJsonDocument(markdown::planningRulesToJson(read)).toJson(), QStringLiteral("t"));
    QCOMPARE(back.markdownBudget, 12000.0);
    QCOMPARE(back.rules.minOnHand, 8);
    panel.allOrNothingBox()->setChecked(true);
    QVERIFY(!panel.readRules(read, problem));
    QVERIFY(problem.contains(QStringLiteral("budget")));
    panel.budgetBox()->setValue(panel.budgetBox()->minimum());
    QVERIFY2(panel.readRules(read, problem), qPrintable(problem));
    QCOMPARE(read.markdownBudget, -1.0);
}

void TestGuiMarkdown::ladderText_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("steps");  // -1: rejected
    QTest::newRow("commas") << QStringLiteral("100, 85, 70") << 3;
    QTest::newRow("spaces and signs") << QStringLiteral("100% 90%  50%") << 3;
    QTest::newRow("rising") << QStringLiteral("100, 80, 90") << -1;
    QTest::newRow("over 100") << QStringLiteral("120, 80") << -1;
    QTest::newRow("one step") << QStringLiteral("100") << -1;
    QTest::newRow("not a number") << QStringLiteral("100, abc") << -1;
    QTest::newRow("zero") << QStringLiteral("100, 0") << -1;
}

void TestGuiMarkdown::ladderText() {
    QFETCH(QString, text);
    QFETCH(int, steps);
    std::vector<double> ladder;
    QString problem;
    const bool ok = RulesPanel::parseLadder(text, ladder, problem);
    QCOMPARE(ok, steps > 0);
    if (!ok) {
        QVERIFY(!problem.isEmpty());
        return;
    }
    QCOMPARE(static_cast<int>(ladder.size()), steps);
    std::vector<double> again;
    QVERIFY(RulesPanel::parseLadder(RulesPanel::ladderText(ladder), again, problem));
    QCOMPARE(again, ladder);
}

void TestGuiMarkdown::planMatchesCli() {
    const MarkdownRunResultPtr run = page_->result();
    const markdown::SeasonPlan& season = run->a.season;
    const QJsonObject& cli = cliSummary_;
    compareWithCli(season, cli);
    if (QTest::currentTestFailed())
        return;
    // The cards say the same.
    StatCard* objective = page_->summary()->cards()->card(1);
    QVERIFY(objective->valueText()
                .remove(QLatin1Char(','))
                .startsWith(QString::number(std::llround(season.expectedObjective()))));
    QVERIFY(page_->summary()->cards()->card(0)->valueText().startsWith(
        QString::number(season.plannedItems())));
    // The picker lists every item, highest leftover risk first.
    QSortFilterProxyModel* picker = page_->filterBar()->proxy();
    QCOMPARE(picker->rowCount(), static_cast<int>(season.items.size()));
    QAbstractItemModelTester tester(picker->sourceModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    double previous = 2.0;
    for (int row = 0; row < picker->rowCount(); ++row) {
        const double risk =
            picker->index(row, SeasonItemModel::LeftoverRisk).data(Qt::EditRole).toDouble();
        QVERIFY(risk <= previous);
        previous = risk;
    }
    QVERIFY(page_->currentItem() >= 0);
    QVERIFY(page_->planModel()->rowCount() == season.weeks ||
            !season.items[size_t(page_->currentItem())].planned);
}

void TestGuiMarkdown::leftoverDistributionMatchesOptimiser_data() {
    QTest::addColumn<int>("rank");
    for (int rank = 0; rank <= 4; ++rank)
        QTest::addRow("planned item %d/4", rank) << rank;
}

void TestGuiMarkdown::leftoverDistributionMatchesOptimiser() {
    QFETCH(int, rank);
    const int index = plannedItem(rank);
    QVERIFY(index >= 0);
    const markdown::ItemPlan& item = page_->result()->a.season.items[size_t(index)];
    // The policy's distribution against evaluatePolicy's expectation (an independent recursion).
    const std::vector<double> plan = leftoverDistribution(item.plan.policy);
    double total = 0.0;
    for (double p : plan)
        total += p;
    QVERIFY(near(total, 1.0, 1e-9));
    QVERIFY2(near(markdown::distributionMean(plan), item.plan.expectedLeftover, 1e-7),
             qPrintable(QStringLiteral("%1 vs %2")
                            .arg(markdown::distributionMean(plan))
                            .arg(item.plan.expectedLeftover)));
    const markdown::FixedSchedule none = markdown::noMarkdownSchedule(item.input);
    const std::vector<double> fixed = leftoverDistribution(item.input, none.steps);
    QVERIFY(near(markdown::distributionMean(fixed),
                 markdown::evaluateSchedule(item.input, none).expectedLeftover, 1e-7));
    QVERIFY(near(page_->result()->a.leftoverRisk[size_t(index)],
                 markdown::distributionMean(fixed) / item.input.inventory, 1e-7));
}

void TestGuiMarkdown::overrideIsExactAndUndoable_data() {
    QTest::addColumn<int>("rank");
    QTest::addColumn<bool>("withinRules");
    for (int rank = 0; rank <= 4; rank += 2) {
        QTest::addRow("item %d/4, within the rules", rank) << rank << true;
        QTest::addRow("item %d/4, any step", rank) << rank << false;
    }
}

void TestGuiMarkdown::overrideIsExactAndUndoable() {
    QFETCH(int, rank);
    QFETCH(bool, withinRules);
    const int index = plannedItem(rank);
    QVERIFY(index >= 0);
    page_->selectItem(index);
    QCOMPARE(page_->currentItem(), index);
    const markdown::ItemPlan& item = page_->result()->a.season.items[size_t(index)];
    const std::vector<int> planned = planSteps(item);
    // The first week and step that differ from the plan and (if asked) keep to the rules.
    int week = -1, step = -1;
    for (int w = 0; w < static_cast<int>(planned.size()) && week < 0; ++w)
        for (int s = 0; s < static_cast<int>(item.input.ladder.size()) && week < 0; ++s) {
            if (s == planned[size_t(w)])
                continue;
            std::vector<int> trial = planned;
            trial[size_t(w)] = s;
            if (!withinRules || scheduleRuleBreaks(item.input, trial).isEmpty()) {
                week = w;
                step = s;
            }
        }
    if (week < 0)
        QSKIP("no week of this item can change within the rules");
    ItemPlanModel* model = page_->planModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QModelIndex cell = model->index(week, ItemPlanModel::Step);
    QVERIFY(model->flags(cell) & Qt::ItemIsEditable);
    QVERIFY(model->setData(cell, step, Qt::EditRole));

    const ItemEdit* edit = page_->edits()->edit(index);
    QVERIFY(edit);
    std::vector<int> expected = planned;
    expected[size_t(week)] = step;
    QCOMPARE(edit->steps, expected);
    const markdown::MarkdownPlan exact = markdown::evaluateSchedule(item.input, {{}, expected});
    QVERIFY(near(edit->plan.expectedObjective, exact.expectedObjective, 1e-12));
    QCOMPARE(edit->ruleBreaks.isEmpty(), scheduleRuleBreaks(item.input, expected).isEmpty());
    if (withinRules)
        QVERIFY2(edit->plan.expectedObjective <= item.plan.expectedObjective + 1e-7,
                 qPrintable(QStringLiteral("edit %1 > optimum %2")
                                .arg(edit->plan.expectedObjective)
                                .arg(item.plan.expectedObjective)));
    QCOMPARE(model->index(week, ItemPlanModel::Step).data(Qt::EditRole).toInt(), step);
    QCOMPARE(page_->result()->a.season.items[size_t(index)].plan.expectedObjective,
             item.plan.expectedObjective);
    const double season = SeasonSummary::editedObjective(*page_->result(), *page_->edits());
    QVERIFY(near(season - page_->result()->a.season.expectedObjective(),
                 exact.expectedObjective - item.plan.expectedObjective, 1e-9));
    QVERIFY(page_->summary()->cards()->card(5)->deltaText().size() > 0);

    QUndoStack* undo = page_->edits()->undoStack();
    QVERIFY(undo->canUndo());
    undo->undo();
    QVERIFY(!page_->edits()->edit(index));
    QCOMPARE(model->index(week, ItemPlanModel::Step).data(Qt::EditRole).toInt(),
             planned[size_t(week)]);
    undo->redo();
    QVERIFY(page_->edits()->edit(index));
    QCOMPARE(page_->edits()->edit(index)->steps, expected);
    undo->undo();
    QVERIFY(!page_->edits()->edit(index));
}

void TestGuiMarkdown::lockWeekResolvesPolicy_data() {
    QTest::addColumn<int>("rank");
    QTest::addColumn<int>("depth");  // steps below the plan's step that week, capped at the ladder
    for (int rank = 0; rank <= 4; rank += 2) {
        QTest::addRow("item %d/4, one step deeper", rank) << rank << 1;
        QTest::addRow("item %d/4, the plan's own step", rank) << rank << 0;
    }
}

void TestGuiMarkdown::lockWeekResolvesPolicy() {
    QFETCH(int, rank);
    QFETCH(int, depth);
    const int index = plannedItem(rank);
    QVERIFY(index >= 0);
    page_->selectItem(index);
    const markdown::ItemPlan& item = page_->result()->a.season.items[size_t(index)];
    const std::vector<int> planned = planSteps(item);
    const int weeks = static_cast<int>(planned.size());
    const int steps = static_cast<int>(item.input.ladder.size());
    const int week = (weeks + 1) / 2;
    const int step = std::clamp(planned[size_t(week - 1)] + depth, 0, steps - 1);
    // The independent answer: the optimiser itself, given the lock.
    markdown::MarkdownProblem problem = item.input;
    problem.rules.lockedSteps.assign(size_t(weeks), -1);
    problem.rules.lockedSteps[size_t(week - 1)] = step;
    double expected = 0.0;
    QString impossible;
    try {
        expected = markdown::optimiseMarkdown(problem).expectedObjective;
    } catch (const Error& error) {
        impossible = error.message();
    }

    // As a user does: choose the week's price in the table, then press Lock week.
    ItemPlanModel* model = page_->planModel();
    QUndoStack* undo = page_->edits()->undoStack();
    const int before = undo->index();
    const QString planFigures = page_->itemFiguresLabel()->text();
    model->setData(model->index(week - 1, ItemPlanModel::Step), step, Qt::EditRole);
    const int afterOverride = undo->index();
    page_->planView()->setCurrentIndex(model->index(week - 1, ItemPlanModel::Step));
    QCOMPARE(page_->lockButton()->text(), QStringLiteral("Lock week"));
    const int solves = page_->lockSolveCount();
    QSignalSpy finished(page_, &MarkdownPage::lockFinished);
    QVERIFY(page_->lockSelectedWeek());
    QVERIFY(finished.wait(kPlanWaitMs) || !finished.isEmpty());
    QCOMPARE(page_->lockSolveCount(), solves + 1);
    qInfo("lock solve of %d weeks x %d units x %d steps: %lld ms", weeks, item.input.inventory,
          steps, page_->taskBar()->task()->elapsedMs());
    if (!impossible.isEmpty()) {
        QCOMPARE(finished.front().front().toBool(), false);
        QVERIFY2(page_->statusText().contains(impossible.left(30)),
                 qPrintable(page_->statusText()));
        QCOMPARE(undo->index(), afterOverride);
    } else {
        QCOMPARE(finished.front().front().toBool(), true);
        const ItemEdit* edit = page_->edits()->edit(index);
        QVERIFY(edit);
        QVERIFY(!edit->isFixed());
        QVERIFY(edit->isLocked(week));
        QVERIFY(edit->ruleBreaks.isEmpty());
        QVERIFY2(near(edit->plan.expectedObjective, expected, 1e-12),
                 qPrintable(QStringLiteral("page %1, optimiser %2")
                                .arg(edit->plan.expectedObjective, 0, 'f', 9)
                                .arg(expected, 0, 'f', 9)));
        QVERIFY(edit->plan.expectedObjective <= item.plan.expectedObjective + 1e-7);
        // The table shows the locked step in that week, with its padlock.
        QCOMPARE(model->index(week - 1, ItemPlanModel::Step).data(Qt::EditRole).toInt(), step);
        QVERIFY(model->index(week - 1, ItemPlanModel::Lock).data(Qt::EditRole).toBool());
        QVERIFY(!model->index(week - 1, ItemPlanModel::Lock).data(Qt::DecorationRole).isNull());
        QCOMPARE(model->index(week % weeks, ItemPlanModel::Lock).data(Qt::EditRole).toBool(),
                 false);
        QCOMPARE(page_->lockButton()->text(), QStringLiteral("Unlock week"));
        const markdown::MarkdownPlan locked = edit->plan;
        const QString lockedFigures = page_->itemFiguresLabel()->text();

        // Undo to the plan's figures exactly, redo to the locked ones, with no solve between.
        while (undo->index() > before)
            undo->undo();
        QVERIFY(!page_->edits()->edit(index));
        QCOMPARE(page_->itemFiguresLabel()->text(), planFigures);
        QCOMPARE(model->index(week - 1, ItemPlanModel::Units).data(Qt::EditRole).toDouble(),
                 item.plan.schedule[size_t(week - 1)].expectedUnits);
        while (undo->canRedo())
            undo->redo();
        QVERIFY(!page_->taskBar()->isRunning());
        QCOMPARE(page_->lockSolveCount(), solves + 1);
        QVERIFY(page_->edits()->edit(index));
        QCOMPARE(page_->edits()->edit(index)->plan.expectedObjective, locked.expectedObjective);
        QCOMPARE(page_->edits()->edit(index)->plan.expectedSellThrough, locked.expectedSellThrough);
        QCOMPARE(page_->itemFiguresLabel()->text(), lockedFigures);

        // Unlocking the only lock returns to the plan at once, and is undoable too.
        finished.clear();
        page_->planView()->setCurrentIndex(model->index(week - 1, ItemPlanModel::Step));
        QVERIFY(page_->lockSelectedWeek());
        QCOMPARE(finished.count(), 1);
        QVERIFY(!page_->edits()->edit(index));
        QCOMPARE(page_->lockSolveCount(), solves + 1);
        undo->undo();
        QVERIFY(page_->edits()->edit(index));
        QCOMPARE(page_->edits()->edit(index)->plan.expectedObjective, locked.expectedObjective);
    }
    while (undo->index() > before)
        undo->undo();
    QVERIFY(!page_->edits()->edit(index));
}

void TestGuiMarkdown::filterAndPicker() {
    FilterBar* filters = page_->filterBar();
    const auto& items = page_->result()->a.season.items;
    const QString product = items.front().item.product;
    int expected = 0;
    for (const markdown::ItemPlan& item : items)
        expected += item.item.product.contains(product, Qt::CaseInsensitive) ||
                            item.item.store.contains(product, Qt::CaseInsensitive)
                        ? 1
                        : 0;
    filters->setSearchText(product);
    QCOMPARE(filters->shownRows(), expected);
    filters->clear();
    const QString category = items.back().item.category;
    const int inCategory = static_cast<int>(std::count_if(
        items.begin(), items.end(),
        [&](const markdown::ItemPlan& item) { return item.item.category == category; }));
    // The bar fills its choices after a short pause; choose again until the value is there.
    QTRY_VERIFY_WITH_TIMEOUT((filters->setChoice(SeasonItemModel::Category, category),
                              filters->shownRows() == inCategory),
                             5000);
    filters->clear();
    QCOMPARE(filters->shownRows(), static_cast<int>(items.size()));
    // Picking a row shows that item.
    QTableView* picker = page_->pickerView();
    const QModelIndex last = picker->model()->index(picker->model()->rowCount() - 1, 0);
    picker->setCurrentIndex(last);
    QCOMPARE(page_->currentItem(), last.data(SeasonItemModel::kItemRole).toInt());
}

void TestGuiMarkdown::exportsAreValid_data() {
    QTest::addColumn<QString>("suffix");
    for (const char* suffix : {"csv", "xlsx", "png", "svg", "pdf"})
        QTest::newRow(suffix) << QString::fromLatin1(suffix);
}

void TestGuiMarkdown::exportsAreValid() {
    QFETCH(QString, suffix);
    page_->selectItem(plannedItem(2));
    const QString base = dir_.filePath(QStringLiteral("export-"));
    QStringList written;
    if (suffix == QStringLiteral("csv") || suffix == QStringLiteral("xlsx")) {
        const QString path = base + QStringLiteral("price-changes.") + suffix;
        page_->exportButton()->exportTo(path);
        written.append(path);
    } else {
        for (ChartPanel* chart : page_->charts()->charts()) {
            QVERIFY(!chart->chart()->series().isEmpty());
            const QString path = base + chart->objectName() + QLatin1Char('.') + suffix;
            chart->exportTo(path);
            written.append(path);
        }
    }
    for (const QString& path : written) {
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        const QByteArray bytes = file.readAll();
        if (suffix == QStringLiteral("csv")) {
            const QList<QByteArray> lines = bytes.trimmed().split('\n');
            QCOMPARE(lines.size(), page_->priceChanges()->rowCount() + 1);
            QVERIFY(lines.front().startsWith("product,store,category,week,step,new_price"));
            QVERIFY(QFile::exists(base + QStringLiteral("price-changes.params.json")));
        } else if (suffix == QStringLiteral("xlsx")) {
            QVERIFY(bytes.startsWith("PK"));
        } else if (suffix == QStringLiteral("png")) {
            const QImage image(path);
            QVERIFY(!image.isNull());
            QVERIFY(image.width() > 300);
            QVERIFY(QFile::exists(path + QStringLiteral(".params.json")));
        } else if (suffix == QStringLiteral("svg")) {
            QVERIFY(bytes.contains("<svg"));
        } else {
            QVERIFY(bytes.startsWith("%PDF"));
        }
    }
    if (suffix == QStringLiteral("png")) {
        QFile sidecar(written.front() + QStringLiteral(".params.json"));
        QVERIFY(sidecar.open(QIODevice::ReadOnly));
        const QJsonObject parameters = QJsonDocument::fromJson(sidecar.readAll()).object();
        QCOMPARE(parameters[QStringLiteral("exit_week")].toString(), kExitWeek);
        QCOMPARE(parameters[QStringLiteral("rules")].toObject(),
                 markdown::planningRulesToJson(rules_));
    }
}

namespace {

// Weeks (0-based) where a schedule changes price, from the rules' start step.
std::vector<int> changeWeeks(const std::vector<int>& steps, int startStep) {
    std::vector<int> weeks;
    int previous = startStep;
    for (int w = 0; w < static_cast<int>(steps.size()); ++w) {
        if (steps[size_t(w)] != previous)
            weeks.push_back(w);
        previous = steps[size_t(w)];
    }
    return weeks;
}

}  // namespace

void TestGuiMarkdown::approveRecordsDecisions() {
    // Two edits, a fixed schedule and a locked week, so the approved list carries both.
    const int fixedItem = plannedItem(1);
    const int lockedItem = plannedItem(3);
    QVERIFY(fixedItem != lockedItem);
    const auto& items = page_->result()->a.season.items;
    const markdown::ItemPlan& fixed = items[size_t(fixedItem)];
    std::vector<int> steps = planSteps(fixed);
    steps.back() = steps.back() == 0 ? 1 : 0;
    page_->edits()->pushEdit(fixedItem, fixedScheduleEdit(fixed.input, {}, steps),
                             QStringLiteral("test"));
    const markdown::ItemPlan& locked = items[size_t(lockedItem)];
    const std::vector<int> planned = planSteps(locked);
    const std::vector<int> planChanges = changeWeeks(planned, locked.input.rules.startStep);
    // Lock the week of the plan's first markdown one step deeper, or the last week at -15%.
    const int lockWeek = planChanges.empty() ? int(planned.size()) - 1 : planChanges.front();
    const int lockStep =
        std::min(planned[size_t(lockWeek)] + 1, int(locked.input.ladder.size()) - 1);
    std::vector<int> locks(planned.size(), -1);
    locks[size_t(lockWeek)] = lockStep;
    const ItemEditPtr lockedEdit = lockedPolicyEdit(locked.input, locks);
    page_->edits()->pushEdit(lockedItem, lockedEdit, QStringLiteral("test lock"));
    const std::vector<int> lockedChanges =
        changeWeeks(lockedEdit->steps, locked.input.rules.startStep);
    const auto lockedRows = std::count(lockedChanges.begin(), lockedChanges.end(), lockWeek);

    const int changes = page_->priceChanges()->rowCount();
    QVERIFY(changes > 0);
    int sourceLocked = 0;
    for (int row = 0; row < changes; ++row)
        sourceLocked += page_->priceChanges()->index(row, PriceChangeModel::Source).data() ==
                                QStringLiteral("locked")
                            ? 1
                            : 0;
    QCOMPARE(sourceLocked, int(lockedRows));
    QSignalSpy approved(page_, &MarkdownPage::approved);
    const qint64 runId = page_->approve();
    QVERIFY2(runId > 0, qPrintable(page_->statusText()));
    QCOMPARE(approved.count(), 1);
    const auto project = data::Project::open(project_, data::Project::OpenMode::MustExist);
    const std::string where = "run_id = " + std::to_string(runId);
    const auto count = [&](const std::string& condition) {
        return data::queryInt(
            project->db(), "SELECT COUNT(*) FROM decisions WHERE " + where + " AND " + condition);
    };
    QCOMPARE(count("kind = 'price_change' AND status = 'approved'"), std::int64_t(changes));
    QCOMPARE(count("json_extract(payload, '$.edited') = 1"),
             std::int64_t(changeWeeks(steps, fixed.input.rules.startStep).size() +
                          lockedChanges.size()));
    QCOMPARE(count("json_extract(payload, '$.locked') = 1"), std::int64_t(lockedRows));
    // The locked item's decisions follow the re-solved policy's path, week by week.
    const std::string subject =
        "subject = '" + (locked.item.product + QLatin1Char('@') + locked.item.store).toStdString() +
        "'";
    QCOMPARE(count(subject), std::int64_t(lockedChanges.size()));
    for (int week : lockedChanges) {
        const QString date =
            page_->result()->a.season.firstWeek.addDays(7 * week).toString(Qt::ISODate);
        QCOMPARE(count(subject + " AND json_extract(payload, '$.week') = '" + date.toStdString() +
                       "' AND json_extract(payload, '$.step') = " +
                       std::to_string(lockedEdit->steps[size_t(week)])),
                 std::int64_t(1));
    }
    QCOMPARE(data::queryInt(project->db(),
                            "SELECT COUNT(*) FROM runs WHERE id = " + std::to_string(runId) +
                                " AND analysis = 'markdown' AND status = 'finished'"),
             std::int64_t(1));
    // The run records the plan's request (what `request` prints and `run` replays) and the
    // fingerprint taken when the plan's data were read, not at approval.
    {
        data::Statement run(project->db(),
                            "SELECT parameters, input_fingerprint FROM runs WHERE id = ?1");
        run.bind(1, static_cast<std::int64_t>(runId));
        QVERIFY(run.step());
        QCOMPARE(QJsonDocument::fromJson(run.text(0).toUtf8()).object(),
                 page_->result()->a.provenance.request);
        QCOMPARE(run.text(1), page_->result()->a.provenance.inputFingerprint);
        QVERIFY(!run.text(1).isEmpty());
    }
    page_->edits()->undoStack()->undo();
    page_->edits()->undoStack()->undo();
    QVERIFY(page_->edits()->editedItems().isEmpty());
}

// An approval whose decisions cannot be written (a trigger stands in for a full disk) is
// recorded as a failed run with the reason: nothing approved, no run left running, and the
// page says so.
void TestGuiMarkdown::failedApprovalIsRecordedAsFailed() {
    const auto count = [this](const std::string& sql) {
        return data::queryInt(data::Project::open(project_)->db(), sql);
    };
    const std::int64_t runs = count("SELECT COUNT(*) FROM runs");
    const std::int64_t approved = count("SELECT COUNT(*) FROM decisions WHERE status = 'approved'");
    data::exec(data::Project::open(project_)->db(),
               "CREATE TRIGGER refuse_decisions BEFORE INSERT ON decisions "
               "BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    QSignalSpy approvedSpy(page_, &MarkdownPage::approved);
    const qint64 runId = page_->approve();
    data::exec(data::Project::open(project_)->db(), "DROP TRIGGER refuse_decisions");
    QCOMPARE(runId, qint64(-1));
    QCOMPARE(approvedSpy.count(), 0);
    QVERIFY2(page_->statusText().contains(QStringLiteral("Approval failed")),
             qPrintable(page_->statusText()));
    QCOMPARE(count("SELECT COUNT(*) FROM runs"), runs + 1);
    QCOMPARE(count("SELECT COUNT(*) FROM runs WHERE status = 'running'"), std::int64_t(0));
    QCOMPARE(count("SELECT COUNT(*) FROM runs WHERE status = 'failed' AND analysis = 'markdown' "
                   "AND summary LIKE '%disk full%'"),
             std::int64_t(1));
    QCOMPARE(count("SELECT COUNT(*) FROM decisions WHERE status = 'approved'"), approved);
    // The failed run carries the plan's request and the fingerprint of the data it read.
    QCOMPARE(count("SELECT COUNT(*) FROM runs WHERE status = 'failed' AND input_fingerprint = '" +
                   page_->result()->a.provenance.inputFingerprint.toStdString() + "'"),
             std::int64_t(1));
}

void TestGuiMarkdown::exportMatchesCli_data() {
    QTest::addColumn<bool>("perCluster");
    QTest::addColumn<double>("budgetShare");  // of the plan's spend without a budget; 0: none
    QTest::newRow("per store") << false << 0.0;
    QTest::newRow("per cluster") << true << 0.0;
    QTest::newRow("under a markdown budget") << false << 0.5;
}

// The price-change list exported from the page and the one `merchbench-cli run` writes for the
// page's own request on the same project are one file, byte for byte: prices in cents, a row
// per store of a cluster's shared schedule, the same columns.
void TestGuiMarkdown::exportMatchesCli() {
    QFETCH(bool, perCluster);
    QFETCH(double, budgetShare);
    const QString tag = perCluster          ? QStringLiteral("cluster")
                        : budgetShare > 0.0 ? QStringLiteral("budget")
                                            : QStringLiteral("store");
    const bool ownRules = perCluster || budgetShare > 0.0;
    if (ownRules) {
        markdown::PlanningRules rules = rules_;
        rules.schedulePerCluster = perCluster;
        const double freeSpend = page_->result()->a.season.markdownSpend();
        QVERIFY(freeSpend > 0.0);
        if (budgetShare > 0.0)
            rules.markdownBudget = std::floor(budgetShare * freeSpend);  // the box's whole money
        page_->rulesA()->setRules(rules);
        planAndWait();
        if (budgetShare > 0.0) {
            // The budget binds: the plan spends at most it, and the page says so.
            const markdown::SeasonPlan& season = page_->result()->a.season;
            QVERIFY(season.budget.has_value());
            QVERIFY(season.budget->binds);
            QCOMPARE(season.budget->budget, rules.markdownBudget);
            QVERIFY(season.markdownSpend() <= rules.markdownBudget * (1.0 + 1e-9));
            QVERIFY2(page_->statusText().contains(QStringLiteral("Markdown spend")),
                     qPrintable(page_->statusText()));
        }
    }
    QVERIFY(page_->edits()->editedItems().isEmpty());
    const QString fromPage = dir_.filePath(QStringLiteral("page-%1.csv").arg(tag));
    page_->exportButton()->exportTo(fromPage);
    const QString requestPath = dir_.filePath(QStringLiteral("page-%1-request.json").arg(tag));
    {
        QFile request(requestPath);
        QVERIFY(request.open(QIODevice::WriteOnly));
        request.write(QJsonDocument(page_->result()->a.provenance.request).toJson());
    }
    const QString folder = dir_.filePath(QStringLiteral("cli-%1").arg(tag));
    const mbtest::CliRun run =
        mbtest::runCli({QStringLiteral("run"), requestPath, QStringLiteral("--project"), project_,
                        QStringLiteral("--out"), folder, QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.json()[QStringLiteral("input_changed")].toBool(true), false);
    const QByteArray pageBytes = mbtest::fileBytes(fromPage);
    QCOMPARE(pageBytes, mbtest::fileBytes(folder + QStringLiteral("/markdown-price-changes.csv")));
    const auto rows = mbtest::readCsvRows(fromPage);
    QCOMPARE(rows.size(), page_->priceChanges()->rowCount());
    QVERIFY(!rows.isEmpty());
    for (const auto& row : rows) {
        // Whole cents, written with two decimals.
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d+\\.\\d\\d$"))
                     .match(row[QStringLiteral("new_price")])
                     .hasMatch(),
                 qPrintable(row[QStringLiteral("new_price")]));
        QCOMPARE(row[QStringLiteral("shared_with_cluster")].isEmpty(), !perCluster);
        QVERIFY(!row[QStringLiteral("store")].isEmpty());
    }
    if (perCluster) {
        // Some cluster schedule is shared by several stores, each with its own row.
        QHash<QString, QSet<QString>> storesOfChange;
        for (const auto& row : rows)
            storesOfChange[row[QStringLiteral("product")] + u'/' +
                           row[QStringLiteral("shared_with_cluster")] + u'/' +
                           row[QStringLiteral("week")]]
                .insert(row[QStringLiteral("store")]);
        QVERIFY(std::any_of(storesOfChange.begin(), storesOfChange.end(),
                            [](const QSet<QString>& stores) { return stores.size() > 1; }));
    }
    if (ownRules) {
        page_->rulesA()->setRules(rules_);
        planAndWait();
    }
}

void TestGuiMarkdown::scopedPlanMatchesCli_data() {
    QTest::addColumn<int>("products");  // how many of the season's products to choose; 0 = all
    QTest::addColumn<int>("stores");
    QTest::newRow("two products in two stores") << 2 << 2;
    QTest::newRow("three products, every store") << 3 << 0;
}

void TestGuiMarkdown::scopedPlanMatchesCli() {
    QFETCH(int, products);
    QFETCH(int, stores);
    // The ids come from the full plan, spread over its items.
    const MarkdownRunResultPtr whole = page_->result();
    const auto& items = whole->a.season.items;
    QStringList productIds, storeIds;
    for (size_t i = 0; i < items.size(); i += items.size() / 7 + 1) {
        if (productIds.size() < products && !productIds.contains(items[i].item.product))
            productIds.append(items[i].item.product);
        if (storeIds.size() < stores && !storeIds.contains(items[i].item.store))
            storeIds.append(items[i].item.store);
    }
    QCOMPARE(productIds.size(), products);
    QCOMPARE(storeIds.size(), stores);
    // The earliest markdown in week 3, so an impossible lock can be tried on the scoped plan.
    markdown::PlanningRules rules = rules_;
    rules.rules.earliestWeek = 3;
    const QString rulesPath = writeRules(rules, QStringLiteral("rules-scoped.json"));
    QStringList extra;
    if (!productIds.isEmpty())
        extra << QStringLiteral("--products") << productIds.join(QLatin1Char(','));
    if (!storeIds.isEmpty())
        extra << QStringLiteral("--stores") << storeIds.join(QLatin1Char(','));
    const QJsonObject cli = runCliPlan(rulesPath, extra);
    QVERIFY(!cli.isEmpty());

    page_->productPicker()->setSelectedIds(productIds);
    page_->storePicker()->setSelectedIds(storeIds);
    QCOMPARE(page_->productPicker()->selectedIds(), productIds);
    QVERIFY(page_->productPicker()->text().contains(
        productIds.size() <= 2 ? productIds.front() : QString::number(productIds.size())));
    page_->rulesA()->setRules(rules);
    // The picker's list as a merchandiser sees it, searched by a word of the choices.
    QMenu* menu = page_->productPicker()->menu();
    page_->productPicker()->searchEdit()->setText(items.front().item.category);
    menu->popup(page_->productPicker()->mapToGlobal(QPoint(0, page_->productPicker()->height())));
    QVERIFY(QTest::qWaitForWindowExposed(menu));
    QVERIFY2(page_->productPicker()->listView()->model()->rowCount() > 0,
             qPrintable(QStringLiteral("%1 choices, none with %2")
                            .arg(page_->productPicker()->choiceCount())
                            .arg(items.front().item.category)));
    QVERIFY(page_->productPicker()->listView()->model()->rowCount() <
            page_->productPicker()->choiceCount());
    QVERIFY(menu->grab().save(
        QDir(screenshotFolder()).filePath(QStringLiteral("markdown-product-scope.png"))));
    menu->hide();
    page_->productPicker()->searchEdit()->clear();
    planAndWait();
    const markdown::SeasonPlan& season = page_->result()->a.season;
    for (const markdown::ItemPlan& item : season.items) {
        QVERIFY(productIds.isEmpty() || productIds.contains(item.item.product));
        QVERIFY(storeIds.isEmpty() || storeIds.contains(item.item.store));
    }
    compareWithCli(season, cli);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(markdownParameters(*page_->result())[QStringLiteral("products")].toArray().size(),
             productIds.size());

    // A lock before the earliest markdown week cannot be kept: the status says why, and
    // nothing changes.
    int index = -1;
    for (int i = 0; i < static_cast<int>(season.items.size()) && index < 0; ++i)
        if (season.items[size_t(i)].planned && season.weeks >= 3)
            index = i;
    QVERIFY(index >= 0);
    page_->selectItem(index);
    const int undoIndex = page_->edits()->undoStack()->index();
    const QString figuresBefore = page_->itemFiguresLabel()->text();
    bool applied = true;
    QVERIFY(page_->lockWeek(1, 1));
    QVERIFY(waitForLock(&applied));
    QVERIFY(!applied);
    QVERIFY2(page_->statusText().contains(QStringLiteral("earliest")),
             qPrintable(page_->statusText()));
    QVERIFY(!page_->edits()->edit(index));
    QCOMPARE(page_->edits()->undoStack()->index(), undoIndex);
    QCOMPARE(page_->itemFiguresLabel()->text(), figuresBefore);
    QCOMPARE(window_->width(), 1400);  // a long reason wraps; it does not widen the window

    // Back to the whole project and the demo's rules for the tests that follow.
    page_->productPicker()->setSelectedIds({});
    page_->storePicker()->setSelectedIds({});
    QVERIFY(page_->productPicker()->selectedIds().isEmpty());
    page_->rulesA()->setRules(rules_);
    planAndWait();
    QCOMPARE(page_->result()->a.season.items.size(), items.size());
}

void TestGuiMarkdown::scenarioBMatchesCli() {
    if (qEnvironmentVariableIntValue("MERCHBENCH_QUICK") == 1)
        QSKIP("MERCHBENCH_QUICK=1: the second plan and CLI run are skipped");
    markdown::PlanningRules rulesB = rules_;
    rulesB.objective = markdown::MarkdownObjective::Revenue;
    rulesB.rules.maxMarkdowns = 1;
    const QString pathB = dir_.filePath(QStringLiteral("rules-b.json"));
    {
        QFile file(pathB);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(markdown::planningRulesToJson(rulesB)).toJson());
    }
    const QJsonObject cliB = runCliPlan(pathB);
    QVERIFY(!cliB.isEmpty());
    page_->compareBox()->setChecked(true);
    page_->rulesB()->setRules(rulesB);
    planAndWait();
    const MarkdownRunResultPtr run = page_->result();
    QVERIFY(run->b.has_value());
    QVERIFY(near(run->b->season.expectedObjective(),
                 cliB[QStringLiteral("expected_objective")].toDouble(), 1e-9));
    QVERIFY(near(run->a.season.expectedObjective(),
                 cliSummary_[QStringLiteral("expected_objective")].toDouble(), 1e-9));
    QTableWidget* table = page_->summary()->scenarios();
    QVERIFY(table->isVisible());
    QCOMPARE(table->rowCount(), 3);
    QVERIFY(table->item(1, 1)->text().startsWith(QStringLiteral("revenue")));
    // Like with like: both scenarios on the same measures, whatever each one maximised, each
    // summed here from the items, and B − A under each.
    const auto measures = [](const markdown::SeasonPlan& season) {
        std::array<double, SeasonSummary::Count> m{};
        double onHand = 0.0;
        for (const markdown::ItemPlan& item : season.items) {
            if (!item.planned)
                continue;
            m[SeasonSummary::Items] += 1;
            m[SeasonSummary::Revenue] += item.plan.expectedRevenue;
            m[SeasonSummary::Margin] += item.plan.expectedMargin;
            m[SeasonSummary::MarginWithSalvage] +=
                item.plan.expectedMargin + item.plan.expectedSalvage;
            m[SeasonSummary::Units] += item.plan.expectedUnits;
            m[SeasonSummary::Leftover] += item.plan.expectedLeftover;
            onHand += item.item.onHand;
        }
        m[SeasonSummary::SellThrough] = m[SeasonSummary::Units] / onHand;
        return m;
    };
    const auto a = measures(run->a.season);
    const auto b = measures(run->b->season);
    QVERIFY(
        near(b[SeasonSummary::Revenue], cliB[QStringLiteral("expected_revenue")].toDouble(), 1e-9));
    QVERIFY(near(a[SeasonSummary::Margin],
                 cliSummary_[QStringLiteral("expected_margin")].toDouble(), 1e-9));
    QCOMPARE(table->columnCount(), 2 + SeasonSummary::Count);
    QCOMPARE(table->horizontalHeaderItem(2 + SeasonSummary::MarginWithSalvage)->text(),
             QStringLiteral("Margin + salvage"));
    for (int m = 0; m < SeasonSummary::Count; ++m) {
        const QString header = table->horizontalHeaderItem(2 + m)->text();
        QVERIFY2(near(table->item(0, 2 + m)->data(Qt::UserRole).toDouble(), a[size_t(m)], 1e-12),
                 qPrintable(header));
        QVERIFY2(near(table->item(1, 2 + m)->data(Qt::UserRole).toDouble(), b[size_t(m)], 1e-12),
                 qPrintable(header));
        const double difference = b[size_t(m)] - a[size_t(m)];
        QVERIFY2(near(table->item(2, 2 + m)->data(Qt::UserRole).toDouble(), difference, 1e-12),
                 qPrintable(header));
        const QString shown = m == SeasonSummary::SellThrough
                                  ? formatNumber(std::abs(100.0 * difference), 1)
                                  : formatNumber(std::abs(difference));
        QVERIFY2(table->item(2, 2 + m)->text().contains(shown),
                 qPrintable(header + QStringLiteral(": ") + table->item(2, 2 + m)->text()));
    }

    // One item under both rule sets: B's price series, B's steps in the table, both figures.
    const int index = plannedItem(2);
    page_->selectItem(index);
    const markdown::ItemPlan& itemA = run->a.season.items[size_t(index)];
    const markdown::ItemPlan* itemB = nullptr;
    for (const markdown::ItemPlan& candidate : run->b->season.items)
        if (candidate.item.product == itemA.item.product &&
            candidate.item.store == itemA.item.store)
            itemB = &candidate;
    QVERIFY(itemB && itemB->planned);
    QCOMPARE(page_->scenarioBItem(index), itemB);
    QLineSeries* seriesB = nullptr;
    for (QAbstractSeries* series : page_->charts()->priceChart()->chart()->series())
        if (series->name() == QStringLiteral("Scenario B"))
            seriesB = qobject_cast<QLineSeries*>(series);
    QVERIFY(seriesB);
    const QList<QPointF> points = seriesB->points();
    QCOMPARE(points.size(), 2 * int(itemB->plan.schedule.size()));
    for (int w = 0; w < static_cast<int>(itemB->plan.schedule.size()); ++w) {
        const double price = itemB->input.price(itemB->plan.schedule[size_t(w)].step);
        QCOMPARE(points[2 * w].y(), price);
        QCOMPARE(points[2 * w + 1].y(), price);
    }
    ItemPlanModel* model = page_->planModel();
    QVERIFY(!page_->planView()->isColumnHidden(ItemPlanModel::ScenarioB));
    for (int w = 0; w < model->rowCount(); ++w)
        QCOMPARE(model->index(w, ItemPlanModel::ScenarioB).data(Qt::EditRole).toInt(),
                 itemB->plan.schedule[size_t(w)].step);
    const QString figures = page_->itemFiguresLabel()->text();
    const double itemDifference = itemB->plan.expectedObjective - itemA.plan.expectedObjective;
    QVERIFY2(figures.contains(formatNumber(itemB->plan.expectedObjective, 0)) &&
                 figures.contains(formatNumber(std::abs(itemDifference), 0)) &&
                 figures.contains(formatPercent(itemB->plan.expectedSellThrough, 0)),
             qPrintable(figures));
    QTest::qWait(200);  // the charts lay out again in the smaller space
    const QString path =
        QDir(screenshotFolder()).filePath(QStringLiteral("markdown-page-scenarios.png"));
    QVERIFY(window_->grab().save(path));

    // Show scenario B: the cards, the price-change list and Approve are B's.
    page_->showScenarioB(true);
    QVERIFY(page_->showsScenarioB());
    QCOMPARE(page_->shownResult()->a.provenance.request, run->b->provenance.request);
    QVERIFY2(page_->summary()->cards()->card(1)->valueText().contains(
                 formatNumber(run->b->season.expectedObjective())),
             qPrintable(page_->summary()->cards()->card(1)->valueText()));
    const std::vector<markdown::PriceChange> changesB =
        markdown::seasonPriceChanges(run->b->season, run->b->rules.schedulePerCluster);
    QCOMPARE(page_->priceChanges()->rowCount(), int(changesB.size()));
    QVERIFY(!changesB.empty());
    // Editing is of scenario A: B's table takes no override.
    QVERIFY(page_->planView()->editTriggers() == QAbstractItemView::NoEditTriggers);
    QVERIFY(!page_->lockWeek(1, 0));
    const QString question = page_->approvalSummary();
    QVERIFY2(question.contains(QStringLiteral("scenario B")) &&
                 question.contains(QStringLiteral("%1 price changes").arg(changesB.size())) &&
                 question.contains(formatMoney(run->b->season.expectedRevenue())) &&
                 question.contains(formatMoney(run->b->season.expectedMargin())),
             qPrintable(question));
    QTest::qWait(200);
    QVERIFY(window_->grab().save(
        QDir(screenshotFolder()).filePath(QStringLiteral("markdown-page-scenario-b.png"))));
    // Declined, nothing is recorded; accepted, B's changes are.
    const auto count = [this](const std::string& sql) {
        return data::queryInt(data::Project::open(project_)->db(), sql);
    };
    const std::int64_t runsBefore = count("SELECT COUNT(*) FROM runs");
    QString asked;
    page_->setApproveQuestion([&asked](const QString& text) {
        asked = text;
        return false;
    });
    QCOMPARE(page_->approveAsked(), qint64(-1));
    QCOMPARE(asked, question);
    QCOMPARE(count("SELECT COUNT(*) FROM runs"), runsBefore);
    page_->setApproveQuestion([](const QString&) { return true; });
    const qint64 runId = page_->approveAsked();
    QVERIFY2(runId > 0, qPrintable(page_->statusText()));
    const std::string where = " WHERE run_id = " + std::to_string(runId);
    QCOMPARE(count("SELECT COUNT(*) FROM decisions" + where), std::int64_t(changesB.size()));
    {
        const auto project = data::Project::open(project_);
        data::Statement recorded(project->db(), "SELECT parameters FROM runs WHERE id = ?1");
        recorded.bind(1, static_cast<std::int64_t>(runId));
        QVERIFY(recorded.step());
        QCOMPARE(QJsonDocument::fromJson(recorded.text(0).toUtf8()).object(),
                 run->b->provenance.request);
    }
    for (const markdown::PriceChange& change : changesB)
        QCOMPARE(count("SELECT COUNT(*) FROM decisions" + where + " AND subject = '" +
                       (change.product + QLatin1Char('@') + change.store).toStdString() +
                       "' AND json_extract(payload, '$.week') = '" +
                       change.week.toString(Qt::ISODate).toStdString() +
                       "' AND json_extract(payload, '$.step') = " + std::to_string(change.step)),
                 std::int64_t(1));
    page_->showScenarioB(false);
    QCOMPARE(page_->shownResult(), page_->result());
    page_->compareBox()->setChecked(false);
}

void TestGuiMarkdown::cancelKeepsThePlan() {
    const MarkdownRunResultPtr before = page_->result();
    QSignalSpy cancelled(page_->taskBar(), &TaskBar::cancelled);
    QVERIFY(page_->planSeason());
    page_->taskBar()->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(!page_->taskBar()->isRunning(), kPlanWaitMs);
    if (cancelled.isEmpty())
        QSKIP("the plan finished before the cancel reached it");
    QCOMPARE(page_->result(), before);
}

// Choosing a week's step in the plan table's own editor commits it, and the table updates in
// place: the view is never asked to close an editor it no longer has.
void TestGuiMarkdown::stepEditorCommitsWithoutWarning() {
    planIfStale();
    const int index = plannedItem(2);
    page_->selectItem(index);
    // Any warning fails, but the offscreen platform's own about window hints it cannot pass on.
    QTest::failOnWarning(
        QRegularExpression(QStringLiteral("^(?!This plugin does not support propagateSizeHints)")));
    const markdown::ItemPlan& item = page_->result()->a.season.items[size_t(index)];
    const std::vector<int> planned = planSteps(item);
    QTableView* view = page_->planView();
    for (int week : {1, int(planned.size())}) {
        const QModelIndex cell = page_->planModel()->index(week - 1, ItemPlanModel::Step);
        view->setCurrentIndex(cell);
        view->edit(cell);
        auto* editor = qobject_cast<QComboBox*>(view->indexWidget(cell));
        if (!editor)
            editor = view->viewport()->findChild<QComboBox*>();
        QVERIFY(editor);
        const int step = planned[size_t(week - 1)] == 0 ? 1 : 0;
        editor->setCurrentIndex(editor->findData(step));
        emit editor->activated(editor->currentIndex());
        QCoreApplication::processEvents();
        QCOMPARE(
            page_->planModel()->index(week - 1, ItemPlanModel::Step).data(Qt::EditRole).toInt(),
            step);
    }
    QCOMPARE(page_->edits()->edit(index)->steps.front(), planned.front() == 0 ? 1 : 0);
    QTest::qWait(50);  // deferred deletes of the editors run here
    page_->edits()->undoStack()->undo();
    page_->edits()->undoStack()->undo();
    QVERIFY(!page_->edits()->edit(index));
}

void TestGuiMarkdown::outOfDate_data() {
    QTest::addColumn<QString>("change");
    for (const char* change : {"rules", "scope", "exit week", "compare", "data"})
        QTest::newRow(change) << QString::fromLatin1(change);
}

// A plan whose request no longer matches the controls, or whose data changed, says so above
// it, and is neither approved nor exported; the same controls again make it current.
void TestGuiMarkdown::outOfDate() {
    QFETCH(QString, change);
    planIfStale();
    OutOfDateBanner* banner = page_->outOfDateBanner();
    QCOMPARE(page_->freshness(), Freshness::Current);
    QVERIFY(banner->isHidden());
    QVERIFY(page_->exportButton()->isEnabled());
    const markdown::ItemPlan& first = page_->result()->a.season.items.front();
    if (change == QStringLiteral("rules")) {
        page_->rulesA()->maxMarkdownsBox()->setValue(page_->rulesA()->maxMarkdownsBox()->value() +
                                                     1);
    } else if (change == QStringLiteral("scope")) {
        page_->productPicker()->setSelectedIds({first.item.product});
    } else if (change == QStringLiteral("exit week")) {
        page_->exitDateEdit()->setDate(page_->exitDateEdit()->date().addDays(7));
    } else if (change == QStringLiteral("compare")) {
        page_->compareBox()->setChecked(true);
    } else {
        // A new product imported into the project: its data are not those of the plan.
        const QString file = dir_.filePath(QStringLiteral("new-product.csv"));
        QFile csv(file);
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write(
            "product,name,category,unit_cost,regular_price\n"
            "P-NEW-1,Test product,produce,1.00,2.50\n");
        csv.close();
        const mbtest::CliRun imported =
            mbtest::runCli({QStringLiteral("import"), project_, file, QStringLiteral("--kind"),
                            QStringLiteral("products")});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        page_->refresh();
    }
    const Freshness expected =
        change == QStringLiteral("data") ? Freshness::DataChanged : Freshness::ControlsChanged;
    QCOMPARE(page_->freshness(), expected);
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().startsWith(QStringLiteral("Out of date")), qPrintable(banner->text()));
    QVERIFY(page_->planOutOfDateBanner()->isVisible());
    QCOMPARE(page_->planOutOfDateBanner()->text(), banner->text());
    if (change == QStringLiteral("rules"))
        QVERIFY(window_->grab().save(
            QDir(screenshotFolder()).filePath(QStringLiteral("markdown-page-out-of-date.png"))));
    QVERIFY(!page_->exportButton()->isEnabled());

    const std::int64_t runs = countRows("SELECT COUNT(*) FROM runs");
    const std::int64_t decisions = countRows("SELECT COUNT(*) FROM decisions");
    page_->setApproveQuestion([](const QString&) {
        qWarning("an out-of-date plan was offered for approval");
        return false;
    });
    QCOMPARE(page_->approve(), qint64(-1));
    QCOMPARE(page_->approveAsked(), qint64(-1));
    QCOMPARE(page_->statusText(), banner->text());
    QCOMPARE(countRows("SELECT COUNT(*) FROM runs"), runs);
    QCOMPARE(countRows("SELECT COUNT(*) FROM decisions"), decisions);
    // Every way out of the page: each format of the price-change list, called directly.
    for (const QString& suffix : {QStringLiteral("csv"), QStringLiteral("xlsx")}) {
        const QString stale = dir_.filePath(QStringLiteral("stale-%1.%2").arg(change, suffix));
        try {
            page_->exportButton()->exportTo(stale);
            QFAIL(qPrintable(QStringLiteral("an out-of-date plan was exported as %1").arg(suffix)));
        } catch (const Error& error) {
            QCOMPARE(error.message(), banner->text());
        }
        QVERIFY(!QFile::exists(stale));
    }
    const QString path = dir_.filePath(QStringLiteral("stale-%1.csv").arg(change));

    if (change == QStringLiteral("rules")) {
        page_->rulesA()->maxMarkdownsBox()->setValue(page_->rulesA()->maxMarkdownsBox()->value() -
                                                     1);
    } else if (change == QStringLiteral("scope")) {
        page_->productPicker()->setSelectedIds({});
    } else if (change == QStringLiteral("exit week")) {
        page_->exitDateEdit()->setDate(page_->exitDateEdit()->date().addDays(-7));
    } else if (change == QStringLiteral("compare")) {
        page_->compareBox()->setChecked(false);
    } else {
        planAndWait();  // the data cannot change back: planning again makes the plan current
    }
    QCOMPARE(page_->freshness(), Freshness::Current);
    QVERIFY(banner->isHidden());
    QVERIFY(page_->planOutOfDateBanner()->isHidden());
    QVERIFY(page_->exportButton()->isEnabled());
    page_->exportButton()->exportTo(path);
    QVERIFY(QFile::exists(path));
}

// Plan season with edits or locks on screen asks before it drops them; Cancel keeps them.
void TestGuiMarkdown::planSeasonAsksBeforeDiscardingEdits() {
    planIfStale();
    QString asked;
    bool answer = false;
    page_->setDiscardQuestion([&](const QString& text) {
        asked = text;
        return answer;
    });
    // Nothing to lose: no question.
    QVERIFY(page_->discardQuestion().isEmpty());
    editTwoWeeksAndLockOne();
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(page_->discardQuestion(), QStringLiteral("Discard 2 edits and 1 lock?"));
    QVERIFY(page_->hasUnsavedWork());
    QCOMPARE(page_->unsavedWorkDescription(),
             QStringLiteral("a markdown plan with 2 edits and 1 lock"));
    const MarkdownRunResultPtr before = page_->result();
    QVERIFY(!page_->planSeason());
    QCOMPARE(asked, QStringLiteral("Discard 2 edits and 1 lock?"));
    QCOMPARE(page_->result(), before);
    QCOMPARE(page_->edits()->editedItems().size(), 2);
    QVERIFY(!page_->taskBar()->isRunning());
    answer = true;
    asked.clear();
    planAndWait();
    QCOMPARE(asked, QStringLiteral("Discard 2 edits and 1 lock?"));
    QVERIFY(page_->result() != before);
    QVERIFY(page_->edits()->editedItems().isEmpty());
    QVERIFY(!page_->hasUnsavedWork());
    page_->setDiscardQuestion([](const QString& text) {
        qWarning("unexpected question: %s", qPrintable(text));
        return false;
    });
}

// A plan with two edited weeks and a locked week, saved as a scenario, comes back exactly after
// the project is closed and opened again: the price-change list is the same file, byte for byte.
void TestGuiMarkdown::savedScenarioComesBack() {
    planIfStale();
    editTwoWeeksAndLockOne();
    if (QTest::currentTestFailed())
        return;
    const QString before = dir_.filePath(QStringLiteral("scenario-before.csv"));
    page_->exportButton()->exportTo(before);
    const int editedBefore = int(page_->edits()->editedItems().size());
    QVERIFY(page_->hasUnsavedWork());
    QVERIFY(page_->saveScenario(QStringLiteral("Deeper at the end")));
    QVERIFY(!page_->hasUnsavedWork());
    QCOMPARE(page_->scenarioName(), QStringLiteral("Deeper at the end"));
    QVERIFY(data::savedScenario(connection_->project(), QStringLiteral("markdown"),
                                QStringLiteral("Deeper at the end")));

    // Closed and opened again: nothing shows until the scenario is chosen.
    page_->setConnection(nullptr);
    connection_ = std::make_unique<ProjectConnection>(project_);
    page_->setConnection(connection_.get());
    QVERIFY(!page_->result());
    QVERIFY2(page_->scenarioBox()->findText(QStringLiteral("Deeper at the end")) == 0,
             qPrintable(page_->statusText()));
    QSignalSpy loaded(page_, &MarkdownPage::scenarioLoaded);
    QVERIFY(page_->loadScenario(QStringLiteral("Deeper at the end")));
    QVERIFY(loaded.wait(kPlanWaitMs));
    QVERIFY2(loaded.front().front().toBool(), qPrintable(page_->statusText()));
    QCOMPARE(int(page_->edits()->editedItems().size()), editedBefore);
    QCOMPARE(page_->freshness(), Freshness::Current);
    QVERIFY(!page_->hasUnsavedWork());
    QCOMPARE(page_->scenarioBox()->currentText(), QStringLiteral("Deeper at the end"));
    QVERIFY(!page_->edits()->undoStack()->canUndo());
    const QString after = dir_.filePath(QStringLiteral("scenario-after.csv"));
    page_->exportButton()->exportTo(after);
    QCOMPARE(mbtest::fileBytes(after), mbtest::fileBytes(before));

    // Saving again after a further edit replaces the scenario; an undo back to the saved
    // edits is nothing unsaved.
    page_->edits()->revertItem(page_->edits()->editedItems().front());
    QVERIFY(page_->hasUnsavedWork());
    page_->edits()->undoStack()->undo();
    QVERIFY(!page_->hasUnsavedWork());
    page_->edits()->revertItem(page_->edits()->editedItems().front());
    QString error;
    QVERIFY2(page_->saveWork(&error), qPrintable(error));
    QCOMPARE(data::savedScenarios(connection_->project(), QStringLiteral("markdown")).size(),
             size_t(1));
    page_->edits()->revertItem(page_->edits()->editedItems().front());
    QVERIFY(page_->edits()->editedItems().isEmpty());
    QVERIFY(!page_->hasUnsavedWork());
}

// The Manage… button's dialog renames and deletes the page's scenarios; the plan on screen keeps
// its scenario under the new name.
void TestGuiMarkdown::scenariosRenamedAndDeleted() {
    planIfStale();
    QVERIFY(page_->saveScenario(QStringLiteral("Early and shallow")));
    QVERIFY(page_->saveScenario(QStringLiteral("Late and deep")));
    QCOMPARE(page_->scenarioName(), QStringLiteral("Late and deep"));
    auto* manage = page_->findChild<QPushButton*>(QStringLiteral("manageScenarios"));
    QVERIFY(manage);
    manage->click();
    auto* dialog = page_->findChild<ScenarioManager*>();
    const auto listed = [this] { return mbtest::comboTexts(page_->scenarioBox()); };
    mbtest::checkManagingScenarios(dialog, project_, QStringLiteral("markdown"),
                                   QStringLiteral("Late and deep"),
                                   QStringLiteral("Early and shallow"), listed);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(page_->scenarioName(), QStringLiteral("Late and deep (renamed)"));
    QCOMPARE(page_->scenarioBox()->currentText(), QStringLiteral("Late and deep (renamed)"));
}

// After File > New (or Open) the page shows nothing of the previous project.
void TestGuiMarkdown::noLeftoversAfterOpeningAnotherProject() {
    planIfStale();
    page_->compareBox()->setChecked(true);
    editTwoWeeksAndLockOne();
    if (QTest::currentTestFailed())
        return;
    page_->pickerView()->selectRow(1);
    QVERIFY(page_->currentItem() >= 0);
    page_->filterBar()->setSearchText(page_->result()->a.season.items.front().item.product);

    const QString empty = dir_.filePath(QStringLiteral("empty.merchbench"));
    QFile::remove(empty);
    data::Project::open(empty, data::Project::OpenMode::CreateIfMissing);
    auto other = std::make_unique<ProjectConnection>(empty);
    QVERIFY(other->isOpen());
    page_->setConnection(nullptr);
    page_->setConnection(other.get());
    // Back to the demo whatever happens: the page must not outlive the connection it uses.
    auto backToDemo = qScopeGuard([this] {
        page_->setConnection(nullptr);
        page_->setConnection(connection_.get());
    });

    QVERIFY(!page_->result());
    QVERIFY(!page_->shownResult());
    QCOMPARE(page_->currentItem(), -1);
    QVERIFY(page_->edits()->editedItems().isEmpty());
    QCOMPARE(page_->edits()->undoStack()->count(), 0);
    QCOMPARE(page_->pickerView()->model()->rowCount(), 0);
    QCOMPARE(page_->planModel()->rowCount(), 0);
    QCOMPARE(page_->priceChanges()->rowCount(), 0);
    for (int card = 0; card < page_->summary()->cards()->count(); ++card) {
        QCOMPARE(page_->summary()->cards()->card(card)->valueText(), QStringLiteral("–"));
        QVERIFY(page_->summary()->cards()->card(card)->intervalText().isEmpty());
    }
    QVERIFY(page_->summary()->scenarios()->isHidden());
    QVERIFY(page_->outOfDateBanner()->isHidden());
    QVERIFY(page_->planOutOfDateBanner()->isHidden());
    QVERIFY(!page_->compareBox()->isChecked());
    QVERIFY(!page_->approveButton()->isEnabled());
    QVERIFY(!page_->exportButton()->isEnabled());
    QCOMPARE(page_->scenarioBox()->count(), 0);
    QVERIFY(page_->scenarioName().isEmpty());
    QVERIFY(!page_->hasUnsavedWork());
    QCOMPARE(page_->productPicker()->choiceCount(), 0);
    QCOMPARE(page_->storePicker()->choiceCount(), 0);
    QVERIFY(page_->filterBar()->findChild<QLineEdit*>()->text().isEmpty());
    QCOMPARE(page_->statusText(),
             QStringLiteral("Set the exit week and the rules, then press Plan season."));
    QVERIFY(page_->itemFiguresLabel()->text().isEmpty());
    for (ChartPanel* chart : page_->charts()->charts())
        QVERIFY(chart->chart()->series().isEmpty());
    // The new project has no stock count: the exit week is proposed from today.
    QCOMPARE(page_->exitDateEdit()->date(), markdownPageDefaults(*other).exitDate);
    QVERIFY(page_->exitDateEdit()->date() != QDate::fromString(kExitWeek, Qt::ISODate));
    // Planning the empty project fails with its own reason, not the demo's plan.
    page_->planSeason();
    QTRY_VERIFY_WITH_TIMEOUT(!page_->taskBar()->isRunning(), kPlanWaitMs);
    QVERIFY(!page_->result());

    // Back to the demo: its own saved scenario and proposals, nothing of the empty project.
    backToDemo.dismiss();
    page_->setConnection(nullptr);
    page_->setConnection(connection_.get());
    QCOMPARE(page_->exitDateEdit()->date(), QDate::fromString(kExitWeek, Qt::ISODate));
    QVERIFY(page_->productPicker()->choiceCount() > 0);
    QCOMPARE(page_->scenarioBox()->count(),
             int(data::savedScenarios(connection_->project(), QStringLiteral("markdown")).size()));
    QVERIFY(page_->scenarioBox()->count() > 0);
    QVERIFY(!page_->statusText().contains(QStringLiteral("failed")));
    other.reset();
    planAndWait();
}

void TestGuiMarkdown::screenshots() {
    if (!page_->result() || page_->result()->b)
        planAndWait();  // back to one scenario, as the page opens
    // An item with markdowns and an override, so every series shows.
    const int index = plannedItem(2);
    page_->selectItem(index);
    const markdown::ItemPlan& item = page_->result()->a.season.items[size_t(index)];
    std::vector<int> steps = planSteps(item);
    const int lastWeek = static_cast<int>(steps.size());
    page_->edits()->overrideWeek(index, lastWeek,
                                 std::min(steps.back() + 1, int(item.input.ladder.size()) - 1));
    for (int row = 0; row < page_->pickerView()->model()->rowCount(); ++row)
        if (page_->pickerView()->model()->index(row, 0).data(SeasonItemModel::kItemRole).toInt() ==
            index)
            page_->pickerView()->selectRow(row);
    QTest::qWait(200);
    const QString folder = screenshotFolder();
    const QString windowPath = QDir(folder).filePath(QStringLiteral("markdown-page.png"));
    QVERIFY(window_->grab().save(windowPath));
    QCOMPARE(QImage(windowPath).size(), QSize(1400, 900));
    for (ChartPanel* chart : page_->charts()->charts()) {
        const QString path = QDir(folder).filePath(QStringLiteral("markdown-") +
                                                   chart->objectName() + QStringLiteral(".png"));
        QVERIFY(chart->grab().save(path));
        QVERIFY(chart->width() >= 260);
    }
    page_->edits()->undoStack()->undo();

    // The same item with its middle week locked one step deeper.
    const int week = (lastWeek + 1) / 2;
    const int deeper = std::min(steps[size_t(week - 1)] + 1, int(item.input.ladder.size()) - 1);
    page_->planView()->setCurrentIndex(page_->planModel()->index(week - 1, ItemPlanModel::Step));
    bool applied = false;
    // One step deeper when the rules allow it there, else the plan's own step.
    for (int step : {deeper, steps[size_t(week - 1)]}) {
        QVERIFY(page_->lockWeek(week, step));
        QVERIFY(waitForLock(&applied));
        if (applied)
            break;
    }
    QVERIFY2(applied, qPrintable(page_->statusText()));
    QTest::qWait(200);
    QVERIFY(
        window_->grab().save(QDir(folder).filePath(QStringLiteral("markdown-page-locked.png"))));
    page_->edits()->undoStack()->undo();
}

void TestGuiMarkdown::fitsTheScreen_data() {
    QTest::addColumn<QSize>("screen");
    QTest::newRow("1280x800") << QSize(1280, 800);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
}

// The page at a laptop's and a desktop's screen, planned with two scenarios and an edited item:
// the window (its frame takes about 40 pixels of height) never needs more than the screen, and
// the pictures are saved to look at.
void TestGuiMarkdown::fitsTheScreen() {
    QFETCH(QSize, screen);
    const QSize available(screen.width(), screen.height() - 40);
    QVERIFY2(window_->minimumSizeHint().width() <= available.width() &&
                 window_->minimumSizeHint().height() <= available.height(),
             qPrintable(QStringLiteral("minimum %1x%2")
                            .arg(window_->minimumSizeHint().width())
                            .arg(window_->minimumSizeHint().height())));
    window_->resize(available);
    // Money in the project's currency, as the main window sets it when a project opens.
    setMoneyCurrency(QStringLiteral("USD"));
    auto noCurrency = qScopeGuard([] { setMoneyCurrency(QString()); });
    page_->setDiscardQuestion([](const QString&) { return true; });
    page_->compareBox()->setChecked(true);
    markdown::PlanningRules rulesB = rules_;
    rulesB.objective = markdown::MarkdownObjective::Revenue;
    page_->rulesB()->setRules(rulesB);
    planAndWait();
    const int index = plannedItem(2);
    page_->selectItem(index);
    const std::vector<int> steps = planSteps(page_->result()->a.season.items[size_t(index)]);
    page_->edits()->overrideWeek(index, int(steps.size()), steps.back() == 0 ? 1 : 0);
    QTest::qWait(200);
    const double objective = page_->result()->a.season.expectedObjective();
    QCOMPARE(page_->summary()->cards()->card(1)->valueText(), formatMoney(objective));
    QVERIFY(page_->summary()->cards()->card(1)->valueText().startsWith(QStringLiteral("$")));
    QVERIFY(page_->summary()->scenarios()->item(2, 3)->text().contains(QStringLiteral("$")));
    QVERIFY(page_->priceChanges()
                ->index(0, PriceChangeModel::NewPrice)
                .data()
                .toString()
                .startsWith(QStringLiteral("$")));
    QCOMPARE(window_->size(), available);
    QVERIFY(window_->minimumSizeHint().height() <= available.height());
    QVERIFY(window_->minimumSizeHint().width() <= available.width());
    const QString name = QStringLiteral("markdown-%1x%2").arg(screen.width()).arg(screen.height());
    QVERIFY(window_->grab().save(QDir(screenshotFolder()).filePath(name + QStringLiteral(".png"))));
    page_->showScenarioB(true);
    QTest::qWait(200);
    QCOMPARE(window_->size(), available);
    QVERIFY(window_->grab().save(
        QDir(screenshotFolder()).filePath(name + QStringLiteral("-scenario-b.png"))));
    page_->showScenarioB(false);
    page_->edits()->undoStack()->undo();
    QVERIFY(page_->edits()->editedItems().isEmpty());
    page_->compareBox()->setChecked(false);
    window_->resize(1400, 900);
}

// Price endings and no-change weeks typed in the rules panel reach the plan: every price in the
// price-change list is on .99 and no change comes before week 3; the item table shows each
// item's exit week. Screenshots of the page so at the two common screen sizes.
void TestGuiMarkdown::pricePointsAndExitWeeksShow_data() {
    QTest::addColumn<QSize>("screen");
    QTest::newRow("1280x800") << QSize(1280, 800);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
}

void TestGuiMarkdown::pricePointsAndExitWeeksShow() {
    QFETCH(QSize, screen);
    page_->compareBox()->setChecked(false);
    QTest::keyClicks(page_->rulesA()->endingsEdit(), QStringLiteral("0.99"));
    page_->rulesA()->noChangeBox()->setValue(2);
    auto restore = qScopeGuard([this] {
        page_->rulesA()->setRules(rules_);
        window_->resize(1400, 900);
    });
    markdown::PlanningRules typed;
    QString problem;
    QVERIFY2(page_->rulesA()->readRules(typed, problem), qPrintable(problem));
    QCOMPARE(typed.rules.priceEndingCents, std::vector<int>{99});
    QCOMPARE(typed.rules.noChangeWeeks, 2);
    planAndWait();
    const PriceChangeModel* changes = page_->priceChanges();
    QVERIFY(changes->rowCount() > 0);
    const QDate firstChange = page_->result()->a.season.firstWeek.addDays(14);
    for (int row = 0; row < changes->rowCount(); ++row) {
        const double price =
            changes->index(row, PriceChangeModel::NewPrice).data(Qt::EditRole).toDouble();
        QCOMPARE(markdown::toMinorUnits(price) % 100, qint64(99));
        QVERIFY(QDate::fromString(changes->index(row, PriceChangeModel::Week).data().toString(),
                                  Qt::ISODate) >= firstChange);
    }
    const markdown::SeasonPlan& season = page_->result()->a.season;
    const QAbstractItemModel* items = page_->pickerView()->model();
    for (int row = 0; row < items->rowCount(); ++row)
        QCOMPARE(items->index(row, SeasonItemModel::Exit).data(Qt::EditRole).toDate(),
                 season.exitWeek);
    window_->resize(screen.width(), screen.height() - 40);
    QTest::qWait(200);
    // Every rule of the panel is on screen, none cut off by the tab.
    const QWidget* box = page_->rulesA()->allOrNothingBox();
    QVERIFY(box->isVisible());
    QVERIFY2(box->visibleRegion().boundingRect().size() == box->size(),
             qPrintable(QStringLiteral("%1x%2 of %3x%4 shown")
                            .arg(box->visibleRegion().boundingRect().width())
                            .arg(box->visibleRegion().boundingRect().height())
                            .arg(box->width())
                            .arg(box->height())));
    const QString name =
        QStringLiteral("markdown-rules-%1x%2.png").arg(screen.width()).arg(screen.height());
    QVERIFY(window_->grab().save(QDir(screenshotFolder()).filePath(name)));
}

MERCHBENCH_GUI_TEST_MAIN(TestGuiMarkdown)

// The page plans through runMarkdownPlan: rules whose margin no item has a cost for are refused
// with the CLI's message (never a plan of margins that are revenue); revenue rules still plan.
void TestGuiMarkdown::planWithoutUnitCostsIsRefused() {
    const QString copy = dir_.filePath(QStringLiteral("no-costs.merchbench"));
    QFile::remove(copy);
    // VACUUM INTO, not QFile::copy: closing another descriptor of the open project drops this
    // process's SQLite locks on it (POSIX locks are per process), and the next CLI run would
    // then take the page's write-ahead log away from under it.
    {
        const auto source = data::Project::open(project_);
        data::Statement vacuum(source->db(), "VACUUM INTO ?1");
        vacuum.bind(1, copy);
        vacuum.step();
    }
    data::exec(data::Project::open(copy)->db(), "UPDATE products SET unit_cost = NULL");
    MarkdownRunRequest request;
    request.projectPath = copy;
    request.exitDate = QDate::fromString(kExitWeek, Qt::ISODate);
    request.rulesA = rules_;
    request.rulesA.objective = markdown::MarkdownObjective::Margin;
    request.rulesA.simulations = 0;
    ProgressToken token;
    try {
        runMarkdownPlan(request, token);
        QFAIL("a margin plan without any unit cost was made");
    } catch (const Error& error) {
        QVERIFY2(error.message().contains(QStringLiteral("unit_cost")),
                 qPrintable(error.message()));
    }
    request.rulesA.objective = markdown::MarkdownObjective::Revenue;
    const MarkdownRunResultPtr run = runMarkdownPlan(request, token);
    QVERIFY(run);
    QCOMPARE(run->a.season.plannedItems(), int(run->a.season.items.size()));
}

#include "tst_guimarkdown.moc"
