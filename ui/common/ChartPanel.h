#pragma once

#include <QJsonObject>
#include <QWidget>

class QAbstractAxis;
class QAbstractSeries;
class QChart;
class QChartView;
class QLabel;
class QMenu;
class QToolButton;

namespace mb::ui {

class ChartZoom;

// A chart with the look every page shares (light theme, antialiasing, bold title, legend at the
// bottom, grouped axis numbers), a tooltip with the value under the cursor, zoom (wheel, a
// dragged rectangle, double-click or "Reset zoom" to go back; see ChartZoom), and an Export
// button (PNG at 2x, SVG, PDF, the data as CSV, copy to clipboard) in its top-right corner; a
// right-click offers the same. Exports write the page's parameters next to the file
// (FILE.png.params.json) when the page has set them.
//
// Mouse clicks on the plot are swallowed unless setClicksEnabled(true): Qt 6.4.2's Charts
// crashes on some presses (no item under the cursor, clicks on scatter points).
class ChartPanel : public QWidget {
    Q_OBJECT
public:
    explicit ChartPanel(QWidget* parent = nullptr);

    QChart* chart() const { return chart_; }
    QChartView* view() const { return view_; }
    void setTitle(const QString& title);

    // Adds a series to the chart and attaches it to the axes, adding each axis (x at the bottom,
    // y on the left) if the chart does not have it yet; then styles both and the hover tooltip.
    // Pie series take no axes.
    void addSeries(QAbstractSeries* series, QAbstractAxis* xAxis = nullptr,
                   QAbstractAxis* yAxis = nullptr);
    // Removes and deletes every series and axis, keeping the title and the look.
    void clear();
    // What the chart says while it has no series ("Pick an item to see its forecast"), so an
    // empty chart explains itself; empty text shows nothing.
    void setEmptyText(const QString& text);
    bool showsEmptyText() const;
    // Re-applies the look to axes and series the page added to chart() directly.
    void polish();

    // What produced the chart; empty means no sidecar file.
    void setParameters(const QJsonObject& parameters) { parameters_ = parameters; }
    QJsonObject parameters() const { return parameters_; }
    // The suggested file name without suffix; the chart's title when empty.
    void setBaseName(const QString& name) { baseName_ = name; }
    void setClicksEnabled(bool enabled) { clicksEnabled_ = enabled; }

    // Writes without asking; the suffix picks the format: png, svg, pdf for the picture, csv for
    // the data (ChartData.h). Throws mb::Error.
    void exportTo(const QString& path);
    void copyImage();
    QToolButton* exportButton() const { return exportButton_; }
    ChartZoom* zoom() const { return zoom_; }
    // The right-click menu: Reset zoom, then the exports. Owned by the panel until closed.
    QMenu* makeContextMenu();
    // The last hover tooltip's text ("Forecast\nWeek 12: 1,240"), for tests.
    QString hoverText() const { return hoverText_; }

signals:
    void exported(const QString& path);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void styleAxis(QAbstractAxis* axis);
    void fitDateTicks();
    void watchHover(QAbstractSeries* series);
    void showHover(const QString& text, bool state);
    void askAndExport(const QString& suffix);
    void placeExportButton();
    void updateEmptyText();
    void giveSizeIfNeverShown();
    QString suggestedName() const;
    QMenu* makeExportMenu();
    void addExportActions(QMenu* menu);

    QChart* chart_ = nullptr;
    QChartView* view_ = nullptr;
    QToolButton* exportButton_ = nullptr;
    ChartZoom* zoom_ = nullptr;
    QLabel* emptyLabel_ = nullptr;
    QJsonObject parameters_;
    QString baseName_;
    QString hoverText_;
    bool clicksEnabled_ = false;
};

}  // namespace mb::ui
