// The markdown page under the offscreen platform, on the demo project: planning in the
// background gives the same season as `merchbench-cli markdown`, overrides are evaluated exactly
// and undone, the leftover distribution agrees with the optimiser's expectations, exports and
// approval write what they claim, and screenshots of the page and its charts are saved.
#include "CliRun.h"
#include "GuiTestMain.h"
#include "ProjectConnection.h"
#include "common/ChartPanel.h"
#include "common/Error.h"
#include "common/FilterBar.h"
#include "common/RowFilterModel.h"
#include "common/StatCard.h"
#include "common/TableExportButton.h"
#include "common/TaskBar.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "markdown/ItemCharts.h"
#include "markdown/ItemPlanModel.h"
#include "markdown/LeftoverDistribution.h"
#include "markdown/MarkdownPage.h"
#include "markdown/PriceChangeModel.h"
#include "markdown/RulesPanel.h"
#include "markdown/ScheduleEdits.h"
#include "markdown/ScheduleSearch.h"
#include "markdown/SeasonItemModel.h"
#include "markdown/SeasonSummary.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QChart>
#include <QCheckBox>
#include <QDateEdit>
#include <QDir>
#include <QFile>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QUndoStack>
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

}  // namespace

class TestGuiMarkdown : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void rulesPanelRoundTrip_data();
    void rulesPanelRoundTrip();
    void ladderText_data();
    void ladderText();
    void planMatchesCli();
    void leftoverDistributionMatchesOptimiser_data();
    void leftoverDistributionMatchesOptimiser();
    void overrideIsExactAndUndoable_data();
    void overrideIsExactAndUndoable();
    void lockWeekReplansWithinRules_data();
    void lockWeekReplansWithinRules();
    void lockSearchStopsAtItsLimit_data();
    void lockSearchStopsAtItsLimit();
    void filterAndPicker();
    void exportsAreValid_data();
    void exportsAreValid();
    void approveRecordsDecisions();
    void scenarioBMatchesCli();
    void cancelKeepsThePlan();
    void screenshots();

private:
    QJsonObject runCliPlan(const QString& rulesPath);
    void planAndWait();
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

QJsonObject TestGuiMarkdown::runCliPlan(const QString& rulesPath) {
    const mbtest::CliRun run =
        mbtest::runCli({QStringLiteral("markdown"), project_, QStringLiteral("--exit-week"),
                        kExitWeek, QStringLiteral("--rules"), rulesPath, QStringLiteral("--out"),
                        dir_.filePath(QStringLiteral("cli-plan.csv")), QStringLiteral("--json")});
    if (run.exitCode != 0)
        qWarning("%s", run.err.constData());
    return run.exitCode == 0 ? run.json() : QJsonObject();
}

void TestGuiMarkdown::initTestCase() {
    QVERIFY(dir_.isValid());
    if (qEnvironmentVariableIsEmpty("MERCHBENCH_DEMO_DIR"))
        qputenv("MERCHBENCH_DEMO_DIR", MERCHBENCH_SOURCE_DIR "/datasets/demo");
    const QString demo = dir_.filePath(QStringLiteral("demo"));
    const mbtest::CliRun built = mbtest::runCli({QStringLiteral("demo"), demo});
    QVERIFY2(built.exitCode == 0, built.err.constData());
    project_ = demo + QStringLiteral("/demo.merchbench");
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
    QVERIFY2(near(distributionMean(plan), item.plan.expectedLeftover, 1e-7),
             qPrintable(QStringLiteral("%1 vs %2")
                            .arg(distributionMean(plan))
                            .arg(item.plan.expectedLeftover)));
    const markdown::FixedSchedule none = markdown::noMarkdownSchedule(item.input);
    const std::vector<double> fixed = leftoverDistribution(item.input, none.steps);
    QVERIFY(near(distributionMean(fixed),
                 markdown::evaluateSchedule(item.input, none).expectedLeftover, 1e-7));
    QVERIFY(near(page_->result()->a.leftoverRisk[size_t(index)],
                 distributionMean(fixed) / item.input.inventory, 1e-7));
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

void TestGuiMarkdown::lockWeekReplansWithinRules_data() {
    QTest::addColumn<int>("rank");
    QTest::addColumn<int>("depth");  // steps below the plan's last-week step, capped at the ladder
    for (int rank = 0; rank <= 4; rank += 2) {
        QTest::addRow("item %d/4, one step deeper", rank) << rank << 1;
        QTest::addRow("item %d/4, back to full price", rank) << rank << -100;
    }
}

void TestGuiMarkdown::lockWeekReplansWithinRules() {
    QFETCH(int, rank);
    QFETCH(int, depth);
    const int index = plannedItem(rank);
    QVERIFY(index >= 0);
    page_->selectItem(index);
    const markdown::ItemPlan& item = page_->result()->a.season.items[size_t(index)];
    const std::vector<int> planned = planSteps(item);
    const int weeks = static_cast<int>(planned.size());
    const int steps = static_cast<int>(item.input.ladder.size());
    // Lock the middle week at another step, as a user does: override it, then lock.
    const int week = (weeks + 1) / 2;
    const int step = std::clamp(planned[size_t(week - 1)] + depth, 0, steps - 1);
    ItemPlanModel* model = page_->planModel();
    QUndoStack* undo = page_->edits()->undoStack();
    const int before = undo->index();
    QVERIFY(model->setData(model->index(week - 1, ItemPlanModel::Step), step, Qt::EditRole));
    page_->planView()->setCurrentIndex(model->index(week - 1, ItemPlanModel::Step));
    const bool locked = page_->lockSelectedWeek();
    // Independent answers: schedules within the rules that charge `step` in `week`.
    std::vector<std::vector<int>> rivals;
    std::vector<int> overridden = planned;
    overridden[size_t(week - 1)] = step;
    rivals.push_back(overridden);
    for (const markdown::FixedSchedule& rule : markdown::fixedRuleGrid(item.input))
        rivals.push_back(rule.steps);
    std::erase_if(rivals, [&](const std::vector<int>& rival) {
        return rival[size_t(week - 1)] != step || !scheduleRuleBreaks(item.input, rival).isEmpty();
    });
    if (!locked) {
        QVERIFY(rivals.empty());
        QVERIFY(page_->statusText().contains(QString::number(week)));
    } else {
        const std::vector<int> shown = page_->edits()->currentSteps(index);
        QCOMPARE(shown[size_t(week - 1)], step);
        QVERIFY(scheduleRuleBreaks(item.input, shown).isEmpty());
        const double value = markdown::evaluateSchedule(item.input, {{}, shown}).expectedObjective;
        QVERIFY(value <= item.plan.expectedObjective + 1e-7);
        for (const std::vector<int>& rival : rivals)
            QVERIFY(value >=
                    markdown::evaluateSchedule(item.input, {{}, rival}).expectedObjective - 1e-9);
    }
    while (undo->index() > before)
        undo->undo();
    QVERIFY(!page_->edits()->edit(index));
}

void TestGuiMarkdown::lockSearchStopsAtItsLimit_data() {
    QTest::addColumn<int>("limit");
    QTest::addColumn<bool>("found");
    QTest::newRow("one schedule allowed") << 1 << false;
    QTest::newRow("plenty") << 100000 << true;
}

void TestGuiMarkdown::lockSearchStopsAtItsLimit() {
    QFETCH(int, limit);
    QFETCH(bool, found);
    const markdown::ItemPlan& item = page_->result()->a.season.items[size_t(plannedItem(0))];
    // Week 1 at the start step: every schedule that keeps full price in week 1 qualifies.
    bool tooMany = false;
    const std::vector<int> best =
        bestScheduleWithLock(item.input, 1, item.input.rules.startStep, &tooMany, limit);
    QCOMPARE(!best.empty(), found);
    QCOMPARE(tooMany, !found);
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

void TestGuiMarkdown::approveRecordsDecisions() {
    // One edit, so the approved list carries the user's schedule for that item.
    const int index = plannedItem(1);
    const markdown::ItemPlan& item = page_->result()->a.season.items[size_t(index)];
    std::vector<int> steps = planSteps(item);
    steps.back() = steps.back() == 0 ? 1 : 0;
    page_->edits()->undoStack()->push(
        new ScheduleCommand(page_->edits(), index, {}, steps, QStringLiteral("test")));
    const int changes = page_->priceChanges()->rowCount();
    QVERIFY(changes > 0);
    QSignalSpy approved(page_, &MarkdownPage::approved);
    const qint64 runId = page_->approve();
    QVERIFY2(runId > 0, qPrintable(page_->statusText()));
    QCOMPARE(approved.count(), 1);
    const auto project = data::Project::open(project_, data::Project::OpenMode::MustExist);
    const QByteArray where = "run_id = " + QByteArray::number(runId);
    QCOMPARE(data::queryInt(project->db(),
                            ("SELECT COUNT(*) FROM decisions WHERE kind = 'price_change' AND "
                             "status = 'approved' AND " +
                             where)
                                .toStdString()),
             std::int64_t(changes));
    QCOMPARE(data::queryInt(project->db(), ("SELECT COUNT(*) FROM decisions WHERE " + where +
                                            " AND json_extract(payload, '$.edited') = 1")
                                               .toStdString()),
             std::int64_t(std::count_if(steps.begin(), steps.end(),
                                        [&, previous = item.input.rules.startStep](int s) mutable {
                                            const bool change = s != previous;
                                            previous = s;
                                            return change;
                                        })));
    QCOMPARE(data::queryInt(project->db(),
                            ("SELECT COUNT(*) FROM runs WHERE id = " + QByteArray::number(runId) +
                             " AND analysis = 'markdown' AND status = 'finished'")
                                .toStdString()),
             std::int64_t(1));
    page_->edits()->undoStack()->undo();
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
    QCOMPARE(table->rowCount(), 2);
    QVERIFY(table->item(1, 1)->text().startsWith(QStringLiteral("revenue")));
    QTest::qWait(200);  // the charts lay out again in the smaller space
    const QString path =
        QDir(screenshotFolder()).filePath(QStringLiteral("markdown-page-scenarios.png"));
    QVERIFY(window_->grab().save(path));
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
}

MERCHBENCH_GUI_TEST_MAIN(TestGuiMarkdown)

#include "tst_guimarkdown.moc"
