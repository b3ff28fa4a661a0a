#include "ChartPanel.h"

#include "ChartData.h"
#include "ChartExport.h"
#include "ChartValueText.h"
#include "ChartZoom.h"
#include "ExportLocation.h"
#include "Numbers.h"
#include "common/Error.h"
#include "export/CsvExport.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QCursor>
#include <QDateTimeAxis>
#include <QFileInfo>
#include <QFontMetrics>
#include <QGraphicsLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QMenu>
#include <QMessageBox>
#include <QPieSeries>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QXYSeries>
#include <QtCharts/QAbstractBarSeries>

namespace mb::ui {

namespace {

const char* const kStyledProperty = "mbStyled";
const char* const kWantedTicksProperty = "mbWantedTicks";

}  // namespace

ChartPanel::ChartPanel(QWidget* parent) : QWidget(parent) {
    chart_ = new QChart;
    chart_->setTheme(QChart::ChartThemeLight);
    chart_->setBackgroundRoundness(0);
    chart_->setDropShadowEnabled(false);
    chart_->setMargins(QMargins(6, 6, 6, 6));
    chart_->layout()->setContentsMargins(0, 0, 0, 0);  // the white background fills the view
    chart_->setLocalizeNumbers(true);
    chart_->setLocale(readerLocale());
    QFont titleFont = chart_->titleFont();
    titleFont.setPointSizeF(11);
    titleFont.setBold(true);
    chart_->setTitleFont(titleFont);
    chart_->legend()->setAlignment(Qt::AlignBottom);
    chart_->legend()->setShowToolTips(true);

    connect(chart_, &QChart::plotAreaChanged, this, &ChartPanel::fitDateTicks);
    view_ = new QChartView(chart_, this);  // the view owns the chart
    view_->setObjectName(QStringLiteral("chartView"));
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setFrameShape(QFrame::NoFrame);
    view_->setMinimumSize(320, 220);
    view_->viewport()->installEventFilter(this);
    zoom_ = new ChartZoom(view_);  // filters after this panel's guard, so it sees presses first
    view_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view_, &QWidget::customContextMenuRequested, this, [this](const QPoint& position) {
        QMenu* menu = makeContextMenu();
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(view_->mapToGlobal(position));
    });

    exportButton_ = new QToolButton(this);
    exportButton_->setObjectName(QStringLiteral("chartExportButton"));
    exportButton_->setText(tr("Export"));
    exportButton_->setToolTip(tr("Save or copy this chart"));
    exportButton_->setAutoRaise(true);
    exportButton_->setPopupMode(QToolButton::InstantPopup);
    exportButton_->setMenu(makeExportMenu());
    emptyLabel_ = new QLabel(view_);
    emptyLabel_->setObjectName(QStringLiteral("chartEmptyText"));
    emptyLabel_->setAlignment(Qt::AlignCenter);
    emptyLabel_->setWordWrap(true);
    emptyLabel_->setStyleSheet(QStringLiteral("color: #6b6b6b;"));
    emptyLabel_->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view_);
    exportButton_->raise();
}

void ChartPanel::setTitle(const QString& title) {
    chart_->setTitle(title);
}

void ChartPanel::addSeries(QAbstractSeries* series, QAbstractAxis* xAxis, QAbstractAxis* yAxis) {
    chart_->addSeries(series);
    if (!qobject_cast<QPieSeries*>(series)) {
        for (auto [axis, alignment] : {std::pair{xAxis, Qt::AlignBottom}, {yAxis, Qt::AlignLeft}}) {
            if (!axis)
                continue;
            if (!chart_->axes().contains(axis))
                chart_->addAxis(axis, alignment);
            series->attachAxis(axis);
        }
    }
    polish();
}

void ChartPanel::clear() {
    chart_->removeAllSeries();
    for (QAbstractAxis* axis : chart_->axes()) {
        chart_->removeAxis(axis);
        delete axis;
    }
    updateEmptyText();
}

void ChartPanel::polish() {
    for (QAbstractAxis* axis : chart_->axes())
        styleAxis(axis);
    for (QAbstractSeries* series : chart_->series())
        watchHover(series);
    updateEmptyText();
}

void ChartPanel::setEmptyText(const QString& text) {
    emptyLabel_->setText(text);
    updateEmptyText();
}

bool ChartPanel::showsEmptyText() const {
    return !emptyLabel_->isHidden();
}

void ChartPanel::updateEmptyText() {
    emptyLabel_->setVisible(!emptyLabel_->text().isEmpty() && chart_->series().isEmpty());
    emptyLabel_->setGeometry(view_->rect().adjusted(24, 40, -24, -24));
}

void ChartPanel::styleAxis(QAbstractAxis* axis) {
    if (axis->property(kStyledProperty).toBool())
        return;
    axis->setProperty(kStyledProperty, true);
    QFont labels = axis->labelsFont();
    labels.setPointSizeF(9);
    axis->setLabelsFont(labels);
    QFont title = axis->titleFont();
    title.setPointSizeF(9);
    title.setBold(false);
    axis->setTitleFont(title);
    axis->setGridLineColor(QColor(0xe3, 0xe3, 0xe3));
    if (auto* values = qobject_cast<QValueAxis*>(axis)) {
        // Ticks at round steps from zero, so labels are exact with few decimals whatever
        // range the page sets: 0-2,400 reads 0, 500, 1,000; weeks 1-16 read 5, 10, 15.
        auto fit = [values] {
            const double step = roundTickStep(values->max() - values->min());
            values->setTickType(QValueAxis::TicksDynamic);
            values->setTickAnchor(0.0);
            values->setTickInterval(step);
            values->setLabelFormat(QStringLiteral("%.%1f").arg(decimalsForStep(step)));
        };
        connect(values, &QValueAxis::rangeChanged, values, fit);
        fit();
    } else if (auto* dates = qobject_cast<QDateTimeAxis*>(axis)) {
        dates->setFormat(QStringLiteral("d MMM yy"));
        dates->setProperty(kWantedTicksProperty, dates->tickCount());
    }
    fitDateTicks();
}

void ChartPanel::fitDateTicks() {
    // As many date labels as the plot's width holds whole ("15 May 24", not "15 May …"), up to
    // the number the page asked for.
    const qreal width = chart_->plotArea().width();
    if (width <= 0)
        return;
    for (QAbstractAxis* axis : chart_->axes(Qt::Horizontal)) {
        auto* dates = qobject_cast<QDateTimeAxis*>(axis);
        if (!dates)
            continue;
        const QFontMetrics metrics(dates->labelsFont());
        const int label = metrics.horizontalAdvance(QStringLiteral("30 Sep 24")) + 16;
        const int wanted = dates->property(kWantedTicksProperty).toInt();
        const int fits = int(width / label) + 1;
        const int ticks = std::clamp(fits, 2, std::max(2, wanted));
        if (dates->tickCount() != ticks)
            dates->setTickCount(ticks);
    }
}

void ChartPanel::watchHover(QAbstractSeries* series) {
    if (series->property(kStyledProperty).toBool())
        return;
    series->setProperty(kStyledProperty, true);
    if (auto* xy = qobject_cast<QXYSeries*>(series)) {
        connect(xy, &QXYSeries::hovered, this, [this, xy](const QPointF& point, bool state) {
            showHover(chartPointText(xy, xy, point), state);
        });
    } else if (auto* area = qobject_cast<QAreaSeries*>(series)) {
        connect(area, &QAreaSeries::hovered, this, [this, area](const QPointF& point, bool state) {
            if (area->upperSeries())
                showHover(chartPointText(area, area->upperSeries(), point), state);
        });
    } else if (auto* bars = qobject_cast<QAbstractBarSeries*>(series)) {
        connect(bars, &QAbstractBarSeries::hovered, this,
                [this, bars](bool state, int index, QBarSet* set) {
                    if (!set || index < 0 || index >= set->count())
                        return;
                    QAbstractAxis* categories = nullptr;
                    QAbstractAxis* values = nullptr;
                    for (QAbstractAxis* axis : bars->attachedAxes())
                        (qobject_cast<QBarCategoryAxis*>(axis) ? categories : values) = axis;
                    const QString where = chartAxisValueText(categories, index);
                    showHover(
                        QStringLiteral("%1\n%2: %3")
                            .arg(set->label(), where, chartAxisValueText(values, set->at(index))),
                        state);
                });
    } else if (auto* pie = qobject_cast<QPieSeries*>(series)) {
        connect(pie, &QPieSeries::hovered, this, [this](QPieSlice* slice, bool state) {
            if (slice)
                showHover(QStringLiteral("%1: %2 (%3)")
                              .arg(slice->label(), formatNumber(slice->value(), 2),
                                   formatPercent(slice->percentage())),
                          state);
        });
    }
}

void ChartPanel::showHover(const QString& text, bool state) {
    if (!state) {
        QToolTip::hideText();
        return;
    }
    hoverText_ = text;
    QToolTip::showText(QCursor::pos(), text, view_);
}

bool ChartPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_->viewport() && !clicksEnabled_) {
        switch (event->type()) {
            case QEvent::MouseButtonPress:
            case QEvent::MouseButtonRelease:
            case QEvent::MouseButtonDblClick:
                return true;  // see the class comment: Qt 6.4.2 Charts crashes on some presses
            default:
                break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ChartPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    placeExportButton();
    updateEmptyText();
}

void ChartPanel::placeExportButton() {
    exportButton_->adjustSize();
    exportButton_->move(width() - exportButton_->width() - 4, 4);
    exportButton_->raise();
}

QMenu* ChartPanel::makeExportMenu() {
    auto* menu = new QMenu(this);
    addExportActions(menu);
    return menu;
}

QMenu* ChartPanel::makeContextMenu() {
    auto* menu = new QMenu(this);
    QAction* reset = menu->addAction(tr("Reset zoom"), zoom_, &ChartZoom::reset);
    reset->setObjectName(QStringLiteral("resetZoomAction"));
    reset->setEnabled(zoom_->isZoomed());
    menu->addSeparator();
    addExportActions(menu);
    return menu;
}

void ChartPanel::addExportActions(QMenu* menu) {
    const std::pair<QString, QString> formats[] = {
        {tr("PNG image…"), QStringLiteral("png")},
        {tr("SVG image…"), QStringLiteral("svg")},
        {tr("PDF document…"), QStringLiteral("pdf")},
        {tr("Export data as CSV…"), QStringLiteral("csv")}};
    for (const auto& [text, suffix] : formats) {
        QAction* action = menu->addAction(text);
        action->setObjectName(QStringLiteral("export") + suffix.toUpper() +
                              QStringLiteral("Action"));
        // A named copy: clang before 16 cannot capture a structured binding.
        connect(action, &QAction::triggered, this,
                [this, format = suffix] { askAndExport(format); });
    }
    menu->addSeparator();
    QAction* copy = menu->addAction(tr("Copy image"));
    copy->setObjectName(QStringLiteral("copyImageAction"));
    connect(copy, &QAction::triggered, this, &ChartPanel::copyImage);
}

QString ChartPanel::suggestedName() const {
    if (!baseName_.isEmpty())
        return baseName_;
    return chart_->title().isEmpty() ? QStringLiteral("chart") : chart_->title();
}

void ChartPanel::exportTo(const QString& path) {
    giveSizeIfNeverShown();
    const QString suffix = QFileInfo(path).suffix().toLower();
    const int dpi = view_->logicalDpiX();
    if (suffix == QStringLiteral("svg"))
        ChartExport::writeSvg(chart_, path, dpi);
    else if (suffix == QStringLiteral("pdf"))
        ChartExport::writePdf(chart_, path, dpi);
    else if (suffix == QStringLiteral("png"))
        ChartExport::writePng(chart_, path);
    else if (suffix == QStringLiteral("csv"))
        writeChartCsv(chart_, path);
    else
        throw Error(tr("%1: a chart is saved as .png, .svg, .pdf or its data as .csv").arg(path));
    if (!parameters_.isEmpty())
        exporting::writeParametersSidecar(path, parameters_);
    emit exported(path);
}

void ChartPanel::giveSizeIfNeverShown() {
    // A panel never shown has no size yet; give the picture a readable one.
    if (chart_->size().width() < 100 || chart_->size().height() < 80)
        chart_->resize(QSizeF(960, 540));
}

void ChartPanel::copyImage() {
    giveSizeIfNeverShown();
    QGuiApplication::clipboard()->setImage(ChartExport::image(chart_));
}

void ChartPanel::askAndExport(const QString& suffix) {
    const QString filters[] = {tr("PNG images (*.png)"), tr("SVG images (*.svg)"),
                               tr("PDF documents (*.pdf)"), tr("CSV files (*.csv)")};
    const QStringList suffixes = {QStringLiteral("png"), QStringLiteral("svg"),
                                  QStringLiteral("pdf"), QStringLiteral("csv")};
    const int which = std::max(0, int(suffixes.indexOf(suffix)));
    const QString path = ExportLocation::askSavePath(this, tr("Export chart"), suggestedName(),
                                                     filters[which], suffix);
    if (path.isEmpty())
        return;
    try {
        exportTo(path);
    } catch (const std::exception& error) {
        QMessageBox::warning(this, tr("Export failed"), QString::fromUtf8(error.what()));
    }
}

}  // namespace mb::ui
