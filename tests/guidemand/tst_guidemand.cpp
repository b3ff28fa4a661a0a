// The Demand page under the offscreen platform, on the demo project: its table is the demand
// job's result for the same request (`merchbench-cli demand`'s CSV, row by row), a selected row
// charts as many actual, fitted and price points as its series has weeks, a changed control or
// changed data marks the fit out of date, New/Open shows nothing of the previous project, and
// screenshots of the window at 1280x800 and 1920x1080 are saved. Any Qt warning fails the test.
#include "CliRun.h"
#include "CsvRows.h"
#include "DemoWindow.h"
#include "GuiTestMain.h"
#include "MainWindow.h"
#include "ProjectConnection.h"
#include "common/ChartPanel.h"
#include "common/FilterBar.h"
#include "common/Numbers.h"
#include "common/ResultFreshness.h"
#include "common/RowFilterModel.h"
#include "common/TaskBar.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "demand/DemandCharts.h"
#include "demand/DemandPage.h"
#include "demand/DemandTableModel.h"

#include <QAbstractItemModelTester>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLineSeries>
#include <QScreen>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>

using namespace mb;
using namespace mb::ui;

namespace {

constexpr int kWaitMs = 120000;

QStringList warnings;
QtMessageHandler testlibHandler = nullptr;

void keepWarnings(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (testlibHandler)
        testlibHandler(type, context, message);
    // The offscreen platform plugin says this whenever a window's size limits change: it is about
    // the test's platform, not the page.
    if (message.contains(QStringLiteral("does not support propagateSizeHints")))
        return;
    if (type != QtDebugMsg && type != QtInfoMsg)
        warnings << message;
}

bool near(double a, double b, double tolerance = 1e-9) {
    return std::abs(a - b) <= tolerance * std::max(1.0, std::abs(b));
}

double cell(const QAbstractItemModel& model, int row, int column) {
    return model.index(row, column).data(Qt::EditRole).toDouble();
}

QLineSeries* seriesNamed(ChartPanel* panel, const QString& name) {
    for (QAbstractSeries* series : panel->chart()->series())
        if (series->name() == name)
            return qobject_cast<QLineSeries*>(series);
    return nullptr;
}

}  // namespace

class TestGuiDemand : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void tableEqualsDemandJob_data();
    void tableEqualsDemandJob();
    void everyRowSaysSomething();
    void selectedRowChartsItsWeeks();
    void modelNotFittedSaysWhy();
    void controlChangeMakesOutOfDate();
    void dataChangeMakesOutOfDate();
    void cancelKeepsTheFitOnScreen();
    void newOrOpenShowsNothingOfThePrevious();
    void screenshotsFitTheScreen();

private:
    bool fitAndWait(DemandPage* page);

    QTemporaryDir dir_;
    QString project_;
    std::unique_ptr<ProjectConnection> connection_;
    std::unique_ptr<QWidget> window_;
    DemandPage* page_ = nullptr;
};

void TestGuiDemand::initTestCase() {
    QVERIFY(dir_.isValid());
    QString error;
    QVERIFY2(mbtest::buildDemoWithCli(dir_.filePath(QStringLiteral("demo")), &project_, &error),
             qPrintable(error));
    connection_ = std::make_unique<ProjectConnection>(project_);
    QVERIFY(connection_->isOpen());
    QVERIFY(mbtest::showPageInWindow(window_, page_, QSize(1280, 760)));
    page_->setConnection(connection_.get());
    new QAbstractItemModelTester(page_->tableModel(),
                                 QAbstractItemModelTester::FailureReportingMode::QtTest, page_);
    testlibHandler = qInstallMessageHandler(keepWarnings);
}

void TestGuiDemand::init() {
    warnings.clear();
}

void TestGuiDemand::cleanup() {
    QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(QLatin1Char('\n'))));
}

bool TestGuiDemand::fitAndWait(DemandPage* page) {
    QSignalSpy shown(page, &DemandPage::fitShown);
    QSignalSpy failed(page, &DemandPage::fitFailed);
    if (!page->fit())
        return false;
    return QTest::qWaitFor([&] { return shown.count() + failed.count() > 0; }, kWaitMs) &&
           shown.count() == 1;
}

void TestGuiDemand::tableEqualsDemandJob_data() {
    QTest::addColumn<int>("levelIndex");
    QTest::addColumn<QString>("level");
    QTest::addColumn<int>("holdout");
    QTest::newRow("product in store, 8 weeks held out")
        << 0 << QStringLiteral("product-store") << 8;
    QTest::newRow("product, stores pooled, 6 weeks held out")
        << 1 << QStringLiteral("product") << 6;
}

void TestGuiDemand::tableEqualsDemandJob() {
    QFETCH(int, levelIndex);
    QFETCH(QString, level);
    QFETCH(int, holdout);
    page_->levelBox()->setCurrentIndex(levelIndex);
    page_->holdoutBox()->setValue(holdout);
    QVERIFY(fitAndWait(page_));
    QVERIFY(!page_->banner()->isOutOfDate());

    const QString csv = dir_.filePath(QStringLiteral("demand-%1.csv").arg(level));
    const mbtest::CliRun run =
        mbtest::runCli({QStringLiteral("demand"), project_, QStringLiteral("--level"), level,
                        QStringLiteral("--holdout-weeks"), QString::number(holdout),
                        QStringLiteral("--out"), csv, QStringLiteral("--json")},
                       kWaitMs);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    // The page asked the job exactly what the command line did.
    QCOMPARE(page_->run()->request, page_->requestFromControls());
    QCOMPARE(page_->run()->request.level == demand::DemandLevel::Product, level == "product");
    const QList<QHash<QString, QString>> rows = mbtest::readCsvRows(csv);
    const DemandTableModel& table = *page_->tableModel();
    QVERIFY(rows.size() > 1);
    QCOMPARE(table.rowCount(), int(rows.size()));
    QCOMPARE(run.json().value(QStringLiteral("models_fitted")).toInt(),
             page_->run()->result.modelsFitted);
    for (int r = 0; r < table.rowCount(); ++r) {
        const QHash<QString, QString>& expected = rows[r];
        const QString where = QStringLiteral("row %1 (%2 %3)")
                                  .arg(r)
                                  .arg(expected.value(QStringLiteral("product")),
                                       expected.value(QStringLiteral("store")));
        QCOMPARE(table.index(r, DemandTableModel::Product).data().toString(),
                 expected.value(QStringLiteral("product")));
        if (level == QLatin1String("product-store"))
            QCOMPARE(table.index(r, DemandTableModel::Store).data().toString(),
                     expected.value(QStringLiteral("store")));
        const QString elasticityText = expected.value(QStringLiteral("elasticity"));
        if (elasticityText.isEmpty()) {
            QVERIFY2(!table.index(r, DemandTableModel::Elasticity).data(Qt::EditRole).isValid(),
                     qPrintable(where));
            continue;
        }
        const double elasticity = elasticityText.toDouble();
        const double se = expected.value(QStringLiteral("elasticity_se")).toDouble();
        QVERIFY2(near(cell(table, r, DemandTableModel::Elasticity), elasticity), qPrintable(where));
        // The 95% normal interval, z = 1.959964.
        QVERIFY2(
            near(cell(table, r, DemandTableModel::ElasticityLow), elasticity - 1.959964 * se, 1e-6),
            qPrintable(where));
        QVERIFY2(near(cell(table, r, DemandTableModel::ElasticityHigh), elasticity + 1.959964 * se,
                      1e-6),
                 qPrintable(where));
        const struct {
            int column;
            const char* key;
        } lifts[] = {{DemandTableModel::FeatureLift, "feature_multiplier"},
                     {DemandTableModel::DisplayLift, "display_multiplier"},
                     {DemandTableModel::TprLift, "tpr_multiplier"}};
        for (const auto& lift : lifts) {
            const QString multiplier = expected.value(QLatin1String(lift.key));
            if (multiplier.isEmpty())
                QVERIFY(!table.index(r, lift.column).data(Qt::EditRole).isValid());
            else
                QVERIFY2(near(cell(table, r, lift.column), multiplier.toDouble() - 1.0),
                         qPrintable(where + QLatin1Char(' ') + QLatin1String(lift.key)));
        }
        const QString wape = expected.value(QStringLiteral("wape_holdout"));
        if (wape.isEmpty())
            QVERIFY(!table.index(r, DemandTableModel::HoldoutWape).data(Qt::EditRole).isValid());
        else
            QVERIFY2(near(cell(table, r, DemandTableModel::HoldoutWape), wape.toDouble()),
                     qPrintable(where));
    }
    QVERIFY(table.headerData(DemandTableModel::HoldoutWape, Qt::Horizontal)
                .toString()
                .contains(QString::number(holdout)));
    // The as-of date starts at the project's latest week of sales.
    std::int64_t latest = 0;
    for (const demand::SalesSeries& series : page_->run()->history.series)
        latest = std::max(latest, series.weeks.back().day);
    QCOMPARE(page_->asOfEdit()->date(), QDate::fromJulianDay(latest));
    page_->levelBox()->setCurrentIndex(0);
    page_->holdoutBox()->setValue(8);
}

void TestGuiDemand::everyRowSaysSomething() {
    QVERIFY(fitAndWait(page_));
    const DemandTableModel& table = *page_->tableModel();
    const auto& models = page_->run()->result.fit.models;
    int includesZero = 0;
    for (int r = 0; r < table.rowCount(); ++r) {
        const QString notes = table.index(r, DemandTableModel::Notes).data().toString();
        QVERIFY2(!notes.isEmpty(), qPrintable(QString::number(r)));
        const demand::DemandModel& model = models[std::size_t(r)];
        if (!model.fitted)
            QVERIFY2(
                notes.contains(model.problem) && notes.startsWith(QStringLiteral("Not fitted")),
                qPrintable(notes));
        const QVariant low = table.index(r, DemandTableModel::ElasticityLow).data(Qt::EditRole);
        const QVariant high = table.index(r, DemandTableModel::ElasticityHigh).data(Qt::EditRole);
        const bool zeroInside = model.fitted && model.problem.isEmpty() && low.isValid() &&
                                high.isValid() && low.toDouble() <= 0 && high.toDouble() >= 0;
        QCOMPARE(notes.contains(QStringLiteral("includes 0")), zeroInside);
        includesZero += zeroInside ? 1 : 0;
        QVERIFY(!table.index(r, DemandTableModel::Seasonality).data().toString().isEmpty());
    }
    // Searching the notes keeps exactly the models whose interval includes 0.
    page_->filterBar()->setSearchText(QStringLiteral("includes 0"));
    QCOMPARE(page_->filterBar()->shownRows(), includesZero);
    page_->filterBar()->clear();
    QCOMPARE(page_->filterBar()->shownRows(), table.rowCount());
}

void TestGuiDemand::selectedRowChartsItsWeeks() {
    if (!page_->run())
        QVERIFY(fitAndWait(page_));
    const DemandRunPtr run = page_->run();
    int checked = 0;
    for (int r = 0; r < page_->tableModel()->rowCount() && checked < 5; ++r) {
        const demand::DemandModel& model = run->result.fit.models[std::size_t(r)];
        if (!model.fitted)
            continue;
        page_->selectModel(r);
        QCOMPARE(page_->charts()->shownModel(), r);
        const std::size_t weeks =
            run->history.series[std::size_t(model.members.front().series)].weeks.size();
        ChartPanel* units = page_->charts()->unitsChart();
        QLineSeries* actual = seriesNamed(units, QStringLiteral("Actual units"));
        QLineSeries* fitted = seriesNamed(units, QStringLiteral("Fitted units"));
        QLineSeries* price = seriesNamed(units, QStringLiteral("Price"));
        QVERIFY(actual && fitted && price);
        QCOMPARE(std::size_t(actual->count()), weeks);
        QCOMPARE(std::size_t(fitted->count()), weeks);
        QCOMPARE(std::size_t(price->count()), weeks);
        // The actual points are the series' units, week by week.
        const auto& sales = run->history.series[std::size_t(model.members.front().series)].weeks;
        for (std::size_t w = 0; w < weeks; ++w)
            QCOMPARE(actual->at(int(w)).y(), sales[w].units);
        // The price reads against its own axis on the right.
        const auto priceAxes = price->attachedAxes();
        bool onTheRight = false;
        for (QAbstractAxis* axis : priceAxes)
            onTheRight = onTheRight || axis->alignment() == Qt::AlignRight;
        QVERIFY(onTheRight);
        QVERIFY(!units->showsEmptyText());
        // The line above the charts says the elasticity, and whether its interval includes 0.
        const QString detail = page_->charts()->detailText();
        QVERIFY2(detail.contains(formatNumber(model.elasticity.value, 2)), qPrintable(detail));
        const double low = page_->tableModel()
                               ->index(r, DemandTableModel::ElasticityLow)
                               .data(Qt::EditRole)
                               .toDouble();
        const double high = page_->tableModel()
                                ->index(r, DemandTableModel::ElasticityHigh)
                                .data(Qt::EditRole)
                                .toDouble();
        QCOMPARE(detail.contains(QStringLiteral("includes 0")), low <= 0.0 && high >= 0.0);
        // The seasonal index has a point per week of the year.
        QLineSeries* season =
            qobject_cast<QLineSeries*>(page_->charts()->seasonChart()->chart()->series().value(0));
        if (model.season.source != demand::SeasonalProfile::Source::None)
            QVERIFY(season && season->count() == 52);
        ++checked;
    }
    QVERIFY(checked > 0);
}

void TestGuiDemand::modelNotFittedSaysWhy() {
    // As of the demo's second week of sales no series has the weeks to fit its coefficients.
    std::int64_t first = std::numeric_limits<std::int64_t>::max();
    for (const demand::SalesSeries& series : page_->run()->history.series)
        first = std::min(first, series.weeks.front().day);
    const std::unique_ptr<QObject, std::function<void(QObject*)>> restore(
        page_, [this](QObject*) { page_->asOfCheck()->setChecked(false); });
    page_->asOfCheck()->setChecked(true);
    page_->asOfEdit()->setDate(QDate::fromJulianDay(first).addDays(7));
    QVERIFY(fitAndWait(page_));
    const DemandTableModel& table = *page_->tableModel();
    QVERIFY(table.rowCount() > 0);
    for (int r = 0; r < table.rowCount(); ++r) {
        const demand::DemandModel& model = page_->run()->result.fit.models[std::size_t(r)];
        QVERIFY(!model.fitted);
        const QString notes = table.index(r, DemandTableModel::Notes).data().toString();
        QVERIFY2(notes.startsWith(QStringLiteral("Not fitted: too few weeks with sales")),
                 qPrintable(notes));
        QCOMPARE(table.index(r, DemandTableModel::Elasticity).data().toString(),
                 QStringLiteral("–"));
        const int weeks = table.index(r, DemandTableModel::Weeks).data(Qt::EditRole).toInt();
        QVERIFY(weeks >= 1 && weeks <= 2);
    }
    page_->selectModel(0);
    // The weeks are still shown, the fit is not, and both charts say why.
    QLineSeries* actual =
        seriesNamed(page_->charts()->unitsChart(), QStringLiteral("Actual units"));
    QLineSeries* fitted =
        seriesNamed(page_->charts()->unitsChart(), QStringLiteral("Fitted units"));
    QVERIFY(actual && fitted);
    QCOMPARE(actual->count(), table.index(0, DemandTableModel::Weeks).data(Qt::EditRole).toInt());
    QCOMPARE(fitted->count(), 0);
    QVERIFY(page_->charts()->detailText().startsWith(QStringLiteral("Not fitted: too few weeks")));
    QVERIFY(page_->charts()->seasonChart()->showsEmptyText());
}

void TestGuiDemand::controlChangeMakesOutOfDate() {
    QVERIFY(fitAndWait(page_));
    QVERIFY(!page_->banner()->isOutOfDate());
    QVERIFY(page_->banner()->isHidden());
    const auto outOfDateAfter = [this](const std::function<void()>& change,
                                       const std::function<void()>& undo) {
        change();
        const bool stale = page_->banner()->isOutOfDate() && !page_->banner()->isHidden() &&
                           page_->banner()->freshness() == Freshness::ControlsChanged;
        undo();
        return stale && !page_->banner()->isOutOfDate();
    };
    QVERIFY(outOfDateAfter([this] { page_->holdoutBox()->setValue(4); },
                           [this] { page_->holdoutBox()->setValue(8); }));
    QVERIFY(outOfDateAfter([this] { page_->levelBox()->setCurrentIndex(2); },
                           [this] { page_->levelBox()->setCurrentIndex(0); }));
    QVERIFY(outOfDateAfter([this] { page_->methodBox()->setCurrentIndex(1); },
                           [this] { page_->methodBox()->setCurrentIndex(0); }));
    QVERIFY(outOfDateAfter([this] { page_->seasonalityBox()->setChecked(false); },
                           [this] { page_->seasonalityBox()->setChecked(true); }));
    QVERIFY(outOfDateAfter([this] { page_->asOfCheck()->setChecked(true); },
                           [this] { page_->asOfCheck()->setChecked(false); }));
    QVERIFY(page_->banner()->text().isEmpty() || page_->banner()->isHidden());
    page_->holdoutBox()->setValue(5);
    QVERIFY(page_->banner()->text().contains(QStringLiteral("Fit demand")));
    page_->holdoutBox()->setValue(8);
}

void TestGuiDemand::dataChangeMakesOutOfDate() {
    // A copy, so the other tests keep the demo's data.
    const QString copy = dir_.filePath(QStringLiteral("changed.merchbench"));
    QVERIFY(QFile::copy(project_, copy));
    ProjectConnection connection(copy);
    QVERIFY(connection.isOpen());
    // Whatever happens below, the page goes back to the demo before this connection goes.
    const std::unique_ptr<QObject, std::function<void(QObject*)>> restore(page_, [this](QObject*) {
        page_->setConnection(nullptr);
        page_->setConnection(connection_.get());
    });
    page_->setConnection(&connection);
    QVERIFY(fitAndWait(page_));
    QVERIFY(!page_->banner()->isOutOfDate());
    {
        // The project's inputs change as an import or an erasure changes them: rows come or go.
        const auto project = data::Project::open(copy, data::Project::OpenMode::MustExist);
        data::exec(project->db(),
                   "DELETE FROM sales WHERE (product, store, week) = (SELECT product, store, week "
                   "FROM sales ORDER BY product, store, week LIMIT 1)");
    }
    page_->refresh();
    QCOMPARE(page_->banner()->freshness(), Freshness::DataChanged);
    QVERIFY(!page_->banner()->isHidden());
    QVERIFY(page_->banner()->text().contains(QStringLiteral("data")));
}

void TestGuiDemand::cancelKeepsTheFitOnScreen() {
    QVERIFY(fitAndWait(page_));
    const DemandRunPtr before = page_->run();
    page_->holdoutBox()->setValue(4);
    QSignalSpy cancelled(page_->taskBar(), &TaskBar::cancelled);
    QSignalSpy ended(page_->taskBar(), &TaskBar::ended);
    QVERIFY(page_->fit());
    // Cancelled before the worker reaches the fit: it stops there and nothing is shown.
    page_->taskBar()->cancel();
    QVERIFY(ended.wait(kWaitMs));
    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(page_->run(), before);
    QVERIFY(page_->errorText().isEmpty());
    // The fit on screen is still the old request's: it says so.
    QCOMPARE(page_->banner()->freshness(), Freshness::ControlsChanged);
    page_->holdoutBox()->setValue(8);
    QVERIFY(!page_->banner()->isOutOfDate());
}

void TestGuiDemand::newOrOpenShowsNothingOfThePrevious() {
    QVERIFY(fitAndWait(page_));
    page_->holdoutBox()->setValue(3);  // out of date now
    QVERIFY(page_->banner()->isOutOfDate());
    const QString fresh = dir_.filePath(QStringLiteral("fresh.merchbench"));
    data::Project::open(fresh, data::Project::OpenMode::CreateIfMissing);
    ProjectConnection empty(fresh);
    QVERIFY(empty.isOpen());
    page_->setConnection(nullptr);
    page_->setConnection(&empty);
    const auto showsNothing = [this] {
        return page_->tableModel()->rowCount() == 0 && !page_->run() &&
               page_->charts()->shownModel() < 0 &&
               page_->charts()->unitsChart()->chart()->series().isEmpty() &&
               page_->charts()->seasonChart()->chart()->series().isEmpty() &&
               !page_->banner()->isOutOfDate() && page_->errorText().isEmpty() &&
               page_->summaryText().startsWith(QStringLiteral("No demand fit yet"));
    };
    QVERIFY(showsNothing());
    // A project without sales says why it cannot be fitted ...
    QVERIFY(!fitAndWait(page_));
    QVERIFY2(page_->errorText().contains(QStringLiteral("no weekly sales")),
             qPrintable(page_->errorText()));
    // ... and that error does not follow to the next project.
    page_->setConnection(nullptr);
    page_->setConnection(connection_.get());
    QVERIFY(showsNothing());
    page_->holdoutBox()->setValue(8);

    // A fit still running when another project opens never lands on the new one.
    QVERIFY(page_->fit());
    page_->setConnection(nullptr);
    page_->setConnection(&empty);
    QTRY_VERIFY_WITH_TIMEOUT(!page_->taskBar()->isRunning(), kWaitMs);
    QTest::qWait(50);
    QVERIFY(showsNothing());
    QVERIFY2(page_->taskBar()->isHidden(), qPrintable(page_->taskBar()->statusText()));
    page_->setConnection(nullptr);
    page_->setConnection(connection_.get());
}

void TestGuiDemand::screenshotsFitTheScreen() {
    QString folder = qEnvironmentVariable("MERCHBENCH_SCREENSHOTS");
    if (folder.isEmpty())
        folder = dir_.filePath(QStringLiteral("screenshots"));
    QDir().mkpath(folder);
    MainWindow window;
    QString error;
    QVERIFY2(window.openProject(project_, &error), qPrintable(error));
    window.showPage(MainWindow::DemandPageIndex);
    auto* page = qobject_cast<DemandPage*>(window.page(MainWindow::DemandPageIndex));
    QVERIFY(page);
    window.resize(1280, 760);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(fitAndWait(page));
    // The page must fit what the window leaves it on a 1280x800 screen, whose frame takes about
    // 40 pixels: the navigation, menu and status bars are the window's, the rest the page's.
    // (The window as a whole is as large as its largest page needs: each page answers for its
    // own.)
    const QSize overhead = window.size() - page->size();
    const QSize needed = page->minimumSizeHint() + overhead;
    QVERIFY2(needed.width() <= 1280 && needed.height() <= 760,
             qPrintable(QStringLiteral("%1x%2").arg(needed.width()).arg(needed.height())));
    const struct {
        QSize size;
        const char* name;
    } screens[] = {{{1280, 760}, "demand-1280x800.png"}, {{1920, 1040}, "demand-1920x1080.png"}};
    for (const auto& screen : screens) {
        window.resize(screen.size);
        QTest::qWait(100);
        if (window.size() != screen.size)
            qInfo() << "the window cannot be" << screen.size << "but" << window.size()
                    << "(another page's minimum size)";
        // Every column of the table is as wide as its header asks.
        QTableView* table = page->table();
        for (int c = 0; c < table->model()->columnCount() - 1; ++c)
            QVERIFY2(table->columnWidth(c) >= table->horizontalHeader()->sectionSizeHint(c),
                     qPrintable(QString::number(c)));
        QVERIFY(window.grab().save(folder + QLatin1Char('/') + QLatin1String(screen.name)));
    }
    // A model pooled over stores: its series box picks the store whose weeks are charted.
    page->levelBox()->setCurrentIndex(1);
    QVERIFY(fitAndWait(page));
    QVERIFY(page->charts()->seriesBox()->count() > 1);
    page->charts()->seriesBox()->setCurrentIndex(1);
    QVERIFY(page->charts()->unitsChart()->chart()->title().contains(
        page->run()->result.fit.models.front().members[1].store));
    window.resize(1280, 760);
    QTest::qWait(100);
    QVERIFY(window.grab().save(folder + QStringLiteral("/demand-pooled-1280x800.png")));
    window.closeProject();
}

MERCHBENCH_GUI_TEST_MAIN(TestGuiDemand)
#include "tst_guidemand.moc"
