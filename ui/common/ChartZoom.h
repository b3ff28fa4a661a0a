#pragma once

#include <QObject>
#include <QPoint>
#include <QPointF>
#include <QRectF>

class QChartView;
class QRubberBand;

namespace mb::ui {

// Zoom for a chart view, the way analysts expect it of a plot: the wheel zooms in and out around
// the cursor, dragging a rectangle with the left button zooms into it, a double-click goes back to
// the whole chart. Zooming out stops at the chart the page drew (never past its own ranges).
// Charts without axes (pies) are left alone.
//
// It handles the mouse itself and consumes every press on the plot, so QChartView's own handlers
// never run: Qt 6.4.2's Charts crashes on some presses (see ChartPanel).
class ChartZoom : public QObject {
    Q_OBJECT
public:
    explicit ChartZoom(QChartView* view);

    bool canZoom() const;
    bool isZoomed() const;
    // factor > 1 zooms in, < 1 out, keeping `around` (chart coordinates) where it is.
    void zoomBy(double factor, const QPointF& around);
    // Shows the part of the plot inside rect (chart coordinates) across the whole plot area.
    void zoomTo(const QRectF& rect);
    void reset();

signals:
    void zoomChanged(bool zoomed);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QPointF toChart(const QPoint& viewportPosition) const;
    void resetIfPastHome();

    QChartView* view_;
    QRubberBand* band_ = nullptr;
    QPoint origin_;
    bool dragging_ = false;
};

}  // namespace mb::ui
