// Every chart zooms (wheel around the cursor, a dragged rectangle) and goes back (double-click,
// "Reset zoom", or zooming out as far as the page's own view), and exports its data as CSV: each
// series' points under the axis titles, bar charts with their categories. Date labels are shown
// whole, however narrow the chart.
#include "CsvRows.h"
#include "GuiTestMain.h"
#include "ModalAnswers.h"
#include "common/ChartPanel.h"
#include "common/ChartZoom.h"

#include <QAction>
#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QFontMetrics>
#include <QHorizontalBarSeries>
#include <QLineSeries>
#include <QMenu>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QWheelEvent>
#include <cmath>

using namespace mb;

namespace {

// A page with one chart, shown at a size a page gives it.
struct ChartPage {
    QWidget widget;
    ui::ChartPanel* panel = new ui::ChartPanel(&widget);

    ChartPage() {
        auto* layout = new QVBoxLayout(&widget);
        layout->addWidget(panel);
        widget.resize(800, 450);
    }
    bool show() {
        widget.show();
        return QTest::qWaitForWindowExposed(&widget);
    }
    QValueAxis* axis(Qt::Orientation orientation) const {
        const QList<QAbstractAxis*> axes = panel->chart()->axes(orientation);
        return axes.isEmpty() ? nullptr : qobject_cast<QValueAxis*>(axes.first());
    }
    // Where a point of the plot (fractions of its width and height from the top left) is on the
    // view's viewport, which receives the mouse.
    QPoint atPlot(double across, double down) const {
        const QRectF plot = panel->chart()->plotArea();
        const QPointF inChart(plot.left() + across * plot.width(),
                              plot.top() + down * plot.height());
        return panel->view()->mapFromScene(panel->chart()->mapToScene(inChart));
    }
    // The value on the axes under a point of the viewport.
    QPointF valueAt(const QPoint& at) const {
        QChart* chart = panel->chart();
        return chart->mapToValue(chart->mapFromScene(panel->view()->mapToScene(at)));
    }
    void wheel(const QPoint& at, int angle) const {
        QWidget* viewport = panel->view()->viewport();
        QWheelEvent event(at, viewport->mapToGlobal(at), QPoint(), QPoint(0, angle), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(viewport, &event);
    }
};

// Weekly units of one product: weeks 1 to 16 against 0 to 2,400 units.
void drawWeeklyUnits(ui::ChartPanel* panel) {
    auto* units = new QLineSeries;
    units->setName(QStringLiteral("Units"));
    for (int week = 1; week <= 16; ++week)
        units->append(week, 1200.0 + 380.0 * std::sin(week / 2.5) + 40.0 * week);
    auto* weeks = new QValueAxis;
    weeks->setTitleText(QStringLiteral("Week"));
    weeks->setRange(1, 16);
    auto* axis = new QValueAxis;
    axis->setTitleText(QStringLiteral("Units"));
    axis->setRange(0, 2400);
    panel->addSeries(units, weeks, axis);
}

QAction* contextAction(ui::ChartPanel* panel, const QString& name, QMenu** menu) {
    *menu = panel->makeContextMenu();
    return (*menu)->findChild<QAction*>(name);
}

}  // namespace

class TestChartZoom : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void wheelZoomsAroundTheCursor() {
        ChartPage page;
        drawWeeklyUnits(page.panel);
        QVERIFY(page.show());
        QValueAxis* weeks = page.axis(Qt::Horizontal);
        const QPoint at = page.atPlot(0.25, 0.5);
        const QPointF underCursor = page.valueAt(at);

        page.wheel(at, 120);
        QVERIFY(page.panel->zoom()->isZoomed());
        QVERIFY2(std::abs(weeks->max() - weeks->min() - 15.0 / 1.2) < 1e-6,
                 qPrintable(QStringLiteral("%1-%2").arg(weeks->min()).arg(weeks->max())));
        // The week and units under the cursor stay under it.
        QVERIFY(std::abs(page.valueAt(at).x() - underCursor.x()) < 1e-6);
        QVERIFY(std::abs(page.valueAt(at).y() - underCursor.y()) < 1e-6);

        page.wheel(at, 240);
        QVERIFY(weeks->max() - weeks->min() < 15.0 / 1.2 - 1.0);
        // Out as far as it went in: the page's own view, no further.
        page.wheel(at, -360);
        QCOMPARE(weeks->min(), 1.0);
        QCOMPARE(weeks->max(), 16.0);
        QVERIFY(!page.panel->zoom()->isZoomed());
        page.wheel(at, -120);
        QCOMPARE(weeks->min(), 1.0);
        QCOMPARE(weeks->max(), 16.0);
    }

    void wheelOutIsLeftToThePageWhenNotZoomed() {
        // On a page that scrolls, a wheel that cannot zoom out is not taken from the page.
        ChartPage page;
        drawWeeklyUnits(page.panel);
        QVERIFY(page.show());
        QWidget* viewport = page.panel->view()->viewport();
        QObject* zoom = page.panel->zoom();
        const QPoint at = page.atPlot(0.5, 0.5);
        const auto wheel = [&](int angle) {
            QWheelEvent event(at, viewport->mapToGlobal(at), QPoint(), QPoint(0, angle),
                              Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
            return zoom->eventFilter(viewport, &event);
        };
        QVERIFY(!wheel(-120));
        QVERIFY(wheel(120));  // zooms in: taken
        QVERIFY(page.panel->zoom()->isZoomed());
        QVERIFY(wheel(-120));  // zooms back out: taken
        QVERIFY(!page.panel->zoom()->isZoomed());
        QVERIFY(!wheel(-120));
    }

    void doubleClickResets() {
        ChartPage page;
        drawWeeklyUnits(page.panel);
        QVERIFY(page.show());
        QValueAxis* units = page.axis(Qt::Vertical);
        page.wheel(page.atPlot(0.5, 0.5), 360);
        QVERIFY(units->max() - units->min() < 2400.0 / 1.5);
        QTest::mouseDClick(page.panel->view()->viewport(), Qt::LeftButton, {},
                           page.atPlot(0.5, 0.5));
        QCOMPARE(units->min(), 0.0);
        QCOMPARE(units->max(), 2400.0);
        QVERIFY(!page.panel->zoom()->isZoomed());
    }

    void rectangleZoomsIntoIt() {
        ChartPage page;
        drawWeeklyUnits(page.panel);
        QVERIFY(page.show());
        QWidget* viewport = page.panel->view()->viewport();
        QValueAxis* weeks = page.axis(Qt::Horizontal);
        QValueAxis* units = page.axis(Qt::Vertical);

        // A click, or a drag of a few pixels, is not a rectangle.
        const QPoint from = page.atPlot(0.2, 0.1);
        QTest::mousePress(viewport, Qt::LeftButton, {}, from);
        QTest::mouseMove(viewport, from + QPoint(3, 3));
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, from + QPoint(3, 3));
        QVERIFY(!page.panel->zoom()->isZoomed());

        // Weeks 4 to 11.5 and 480 to 1,920 units, by where the corners are on the axes.
        const QPoint to = page.atPlot(0.7, 0.7);
        QTest::mousePress(viewport, Qt::LeftButton, {}, from);
        QTest::mouseMove(viewport, (from + to) / 2);
        QTest::mouseMove(viewport, to);
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
        QVERIFY(page.panel->zoom()->isZoomed());
        // The corners were rounded to whole pixels: a pixel of the plot is the tolerance.
        const double weekPixel = 15.0 / page.panel->chart()->plotArea().width();
        const double unitPixel = 2400.0 / page.panel->chart()->plotArea().height();
        QVERIFY2(std::abs(weeks->min() - 4.0) < 1.5 * weekPixel,
                 qPrintable(QString::number(weeks->min())));
        QVERIFY2(std::abs(weeks->max() - 11.5) < 1.5 * weekPixel,
                 qPrintable(QString::number(weeks->max())));
        QVERIFY2(std::abs(units->min() - 720.0) < 1.5 * unitPixel,
                 qPrintable(QString::number(units->min())));
        QVERIFY2(std::abs(units->max() - 2160.0) < 1.5 * unitPixel,
                 qPrintable(QString::number(units->max())));

        QMenu* menu = nullptr;
        QAction* reset = contextAction(page.panel, QStringLiteral("resetZoomAction"), &menu);
        QVERIFY(reset);
        QVERIFY(reset->isEnabled());
        reset->trigger();
        delete menu;
        QCOMPARE(weeks->min(), 1.0);
        QCOMPARE(weeks->max(), 16.0);
        QCOMPARE(units->min(), 0.0);
        QCOMPARE(units->max(), 2400.0);
        reset = contextAction(page.panel, QStringLiteral("resetZoomAction"), &menu);
        QVERIFY(!reset->isEnabled());
        delete menu;
    }

    void barChartsZoomToo() {
        ChartPage page;
        auto* margin = new QBarSet(QStringLiteral("Margin"));
        *margin << 1520.0 << 2875.0 << 940.0 << 2210.0;
        auto* series = new QBarSeries;
        series->append(margin);
        auto* stores = new QBarCategoryAxis;
        stores->append({QStringLiteral("S0001"), QStringLiteral("S0002"), QStringLiteral("S0003"),
                        QStringLiteral("S0004")});
        auto* amount = new QValueAxis;
        amount->setRange(0, 3000);
        page.panel->addSeries(series, stores, amount);
        QVERIFY(page.show());
        page.wheel(page.atPlot(0.5, 0.5), 240);
        QVERIFY(page.panel->zoom()->isZoomed());
        QVERIFY(amount->max() - amount->min() < 3000.0 / 1.4);
        QTest::mouseDClick(page.panel->view()->viewport(), Qt::LeftButton, {},
                           page.atPlot(0.5, 0.5));
        QVERIFY(!page.panel->zoom()->isZoomed());
        QCOMPARE(amount->min(), 0.0);
        QCOMPARE(amount->max(), 3000.0);
        QCOMPARE(stores->min(), QStringLiteral("S0001"));
        QCOMPARE(stores->max(), QStringLiteral("S0004"));
    }

    void dateLabelsAreNeverCut_data() {
        QTest::addColumn<int>("width");
        QTest::newRow("narrow") << 300;
        QTest::newRow("wide") << 1400;
    }

    void dateLabelsAreNeverCut() {
        QFETCH(int, width);
        ChartPage page;
        page.widget.resize(width, 400);
        const QDate first(2024, 3, 4);
        auto* sales = new QLineSeries;
        for (int week = 0; week < 20; ++week)
            sales->append(double(first.addDays(7 * week).startOfDay().toMSecsSinceEpoch()), week);
        auto* dates = new QDateTimeAxis;
        dates->setRange(first.startOfDay(), first.addDays(7 * 19).startOfDay());
        dates->setTickCount(6);
        page.panel->addSeries(sales, dates, new QValueAxis);
        QVERIFY(page.show());
        const QFontMetrics metrics(dates->labelsFont());
        const int label = metrics.horizontalAdvance(QStringLiteral("30 Sep 24"));
        const double room = page.panel->chart()->plotArea().width() / (dates->tickCount() - 1);
        QVERIFY2(room >= label, qPrintable(QStringLiteral("%1 ticks, %2 px each for %3 px labels")
                                               .arg(dates->tickCount())
                                               .arg(room)
                                               .arg(label)));
        // All the page asked for where they fit, fewer where they do not.
        if (width > 1000)
            QCOMPARE(dates->tickCount(), 6);
        else
            QVERIFY(dates->tickCount() < 6);
    }

    void lineAndBandDataAsCsv() {
        ChartPage page;
        const QDate first(2024, 3, 4);
        auto* sales = new QLineSeries;
        sales->setName(QStringLiteral("Sales"));
        auto* low = new QLineSeries;
        auto* high = new QLineSeries;
        for (int week = 0; week < 6; ++week) {
            const double x = double(first.addDays(7 * week).startOfDay().toMSecsSinceEpoch());
            sales->append(x, 100.0 + 12.5 * week);
            low->append(x, 80.0 + 10.0 * week);
            high->append(x, 130.0 + 15.0 * week);
        }
        auto* band = new QAreaSeries(high, low);
        high->setParent(band);  // the area does not own its bounding lines
        low->setParent(band);
        band->setName(QStringLiteral("P10–90"));
        auto* dates = new QDateTimeAxis;
        dates->setTitleText(QStringLiteral("Week"));
        dates->setRange(first.startOfDay(), first.addDays(35).startOfDay());
        auto* units = new QValueAxis;
        units->setTitleText(QStringLiteral("Units"));
        units->setRange(0, 250);
        page.panel->addSeries(sales, dates, units);
        page.panel->addSeries(band, dates, units);
        QVERIFY(page.show());

        const QString path = dir_.filePath(QStringLiteral("units.csv"));
        QMenu* menu = nullptr;
        QAction* exportData = contextAction(page.panel, QStringLiteral("exportCSVAction"), &menu);
        QVERIFY(exportData);
        QCOMPARE(exportData->text(), QStringLiteral("Export data as CSV…"));
        {
            mbtest::ModalAnswers answers(path);
            exportData->trigger();
            QCOMPARE(answers.fileDialogs(), 1);
        }
        delete menu;
        const QList<QStringList> lines = mbtest::readCsvLines(path);
        QCOMPARE(lines.value(0), (QStringList{QStringLiteral("Series"), QStringLiteral("Week"),
                                              QStringLiteral("Units")}));
        QCOMPARE(lines.size(), 1 + 3 * 6);
        const std::pair<QString, QLineSeries*> expected[] = {
            {QStringLiteral("Sales"), sales},
            {QStringLiteral("P10–90 (upper)"), high},
            {QStringLiteral("P10–90 (lower)"), low}};
        int line = 1;
        for (const auto& [name, series] : expected) {
            for (const QPointF& point : series->points()) {
                const QStringList& fields = lines[line++];
                QCOMPARE(fields.value(0), name);
                QCOMPARE(
                    fields.value(1),
                    QDateTime::fromMSecsSinceEpoch(qint64(point.x())).date().toString(Qt::ISODate));
                QCOMPARE(fields.value(2).toDouble(), point.y());
            }
        }
    }

    void barDataAsCsvWithCategories() {
        ChartPage page;
        auto* predicted = new QBarSet(QStringLiteral("Predicted"));
        *predicted << 4.25 << 2.5 << -0.75;
        auto* observed = new QBarSet(QStringLiteral("Observed"));
        *observed << 3.5 << 2.75 << -1.25;
        auto* series = new QBarSeries;
        series->append(predicted);
        series->append(observed);
        auto* deciles = new QBarCategoryAxis;
        deciles->append({QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")});
        deciles->setTitleText(QStringLiteral("Decile of predicted uplift"));
        auto* uplift = new QValueAxis;
        uplift->setTitleText(QStringLiteral("Uplift (percentage points)"));
        uplift->setRange(-2, 5);
        page.panel->addSeries(series, deciles, uplift);
        const QString path = dir_.filePath(QStringLiteral("deciles.csv"));
        page.panel->exportTo(path);
        QCOMPARE(mbtest::readCsvLines(path),
                 (QList<QStringList>{
                     {QStringLiteral("Series"), QStringLiteral("Decile of predicted uplift"),
                      QStringLiteral("Uplift (percentage points)")},
                     {QStringLiteral("Predicted"), QStringLiteral("1"), QStringLiteral("4.25")},
                     {QStringLiteral("Predicted"), QStringLiteral("2"), QStringLiteral("2.5")},
                     {QStringLiteral("Predicted"), QStringLiteral("3"), QStringLiteral("-0.75")},
                     {QStringLiteral("Observed"), QStringLiteral("1"), QStringLiteral("3.5")},
                     {QStringLiteral("Observed"), QStringLiteral("2"), QStringLiteral("2.75")},
                     {QStringLiteral("Observed"), QStringLiteral("3"), QStringLiteral("-1.25")}}));

        // Bars across the chart: the categories are on the vertical axis, untitled here.
        page.panel->clear();
        auto* money = new QHorizontalBarSeries;
        auto* plan = new QBarSet(QStringLiteral("Plan"));
        *plan << 12300.0 << 4150.5;
        money->append(plan);
        auto* figures = new QBarCategoryAxis;
        figures->append({QStringLiteral("Revenue"), QStringLiteral("Margin")});
        auto* amount = new QValueAxis;
        amount->setRange(0, 14000);
        page.panel->addSeries(money, amount, figures);
        page.panel->exportTo(path);
        QCOMPARE(
            mbtest::readCsvLines(path),
            (QList<QStringList>{
                {QStringLiteral("Series"), QStringLiteral("Category"), QStringLiteral("Value")},
                {QStringLiteral("Plan"), QStringLiteral("Revenue"), QStringLiteral("12300")},
                {QStringLiteral("Plan"), QStringLiteral("Margin"), QStringLiteral("4150.5")}}));
    }
};

MERCHBENCH_GUI_TEST_MAIN(TestChartZoom)
#include "tst_chartzoom.moc"
