#include "ChartZoom.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QMouseEvent>
#include <QRubberBand>
#include <QValueAxis>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace mb::ui {

namespace {

// A wheel notch (120 units of angle) zooms by a fifth: fine enough to aim, quick enough to use.
constexpr double kNotchFactor = 1.2;
// A drag shorter than this (pixels either way) is a click, not a rectangle.
constexpr int kSmallestDrag = 6;

// The range the page set on an axis, kept from before the first zoom: Qt keeps its own for
// zoomReset() but does not say what it is.
const char* const kHomeMinProperty = "mbHomeMin";
const char* const kHomeMaxProperty = "mbHomeMax";

bool rangeOf(const QAbstractAxis* axis, double* low, double* high) {
    if (const auto* values = qobject_cast<const QValueAxis*>(axis)) {
        *low = values->min();
        *high = values->max();
        return true;
    }
    if (const auto* dates = qobject_cast<const QDateTimeAxis*>(axis)) {
        *low = double(dates->min().toMSecsSinceEpoch());
        *high = double(dates->max().toMSecsSinceEpoch());
        return true;
    }
    return false;
}

}  // namespace

ChartZoom::ChartZoom(QChartView* view) : QObject(view), view_(view) {
    band_ = new QRubberBand(QRubberBand::Rectangle, view->viewport());
    band_->hide();
    view->viewport()->installEventFilter(this);
}

bool ChartZoom::canZoom() const {
    return !view_->chart()->axes().isEmpty() && !view_->chart()->series().isEmpty();
}

bool ChartZoom::isZoomed() const {
    return canZoom() && view_->chart()->isZoomed();
}

QPointF ChartZoom::toChart(const QPoint& viewportPosition) const {
    return view_->chart()->mapFromScene(view_->mapToScene(viewportPosition));
}

void ChartZoom::zoomBy(double factor, const QPointF& around) {
    if (!canZoom() || factor <= 0.0 || (factor < 1.0 && !isZoomed()))
        return;
    const QRectF plot = view_->chart()->plotArea();
    const QPointF fixed(std::clamp(around.x(), plot.left(), plot.right()),
                        std::clamp(around.y(), plot.top(), plot.bottom()));
    zoomTo(QRectF(fixed + (plot.topLeft() - fixed) / factor, plot.size() / factor));
}

void ChartZoom::zoomTo(const QRectF& rect) {
    if (!canZoom() || !rect.isValid())
        return;
    QChart* chart = view_->chart();
    if (!chart->isZoomed()) {
        for (QAbstractAxis* axis : chart->axes()) {
            double low = 0.0;
            double high = 0.0;
            if (rangeOf(axis, &low, &high)) {
                axis->setProperty(kHomeMinProperty, low);
                axis->setProperty(kHomeMaxProperty, high);
            }
        }
    }
    chart->zoomIn(rect);
    resetIfPastHome();
    emit zoomChanged(isZoomed());
}

void ChartZoom::resetIfPastHome() {
    // Zoomed out as far as the page's own view on every axis: that is the whole chart again.
    for (const QAbstractAxis* axis : view_->chart()->axes()) {
        double low = 0.0;
        double high = 0.0;
        const QVariant homeMin = axis->property(kHomeMinProperty);
        const QVariant homeMax = axis->property(kHomeMaxProperty);
        if (!rangeOf(axis, &low, &high) || !homeMin.isValid())
            continue;
        const double slack =
            1e-9 * std::max(1.0, std::abs(homeMax.toDouble() - homeMin.toDouble()));
        if (low > homeMin.toDouble() + slack || high < homeMax.toDouble() - slack)
            return;
    }
    view_->chart()->zoomReset();
}

void ChartZoom::reset() {
    if (!view_->chart()->isZoomed())
        return;
    view_->chart()->zoomReset();
    emit zoomChanged(false);
}

bool ChartZoom::eventFilter(QObject* watched, QEvent* event) {
    // Only mouse events are ours. Others (hide, child removed) also reach the viewport while
    // the chart view is being destroyed, when it must not be touched any more.
    switch (event->type()) {
        case QEvent::Wheel:
        case QEvent::MouseButtonPress:
        case QEvent::MouseMove:
        case QEvent::MouseButtonRelease:
        case QEvent::MouseButtonDblClick:
            break;
        default:
            return QObject::eventFilter(watched, event);
    }
    if (watched != view_->viewport() || !canZoom())
        return QObject::eventFilter(watched, event);
    switch (event->type()) {
        case QEvent::Wheel: {
            auto* wheel = static_cast<QWheelEvent*>(event);
            const int notches = wheel->angleDelta().y();
            // Out on the page's own view there is nothing to do: let the page scroll instead.
            if (notches == 0 || (notches < 0 && !isZoomed()))
                return false;
            zoomBy(std::pow(kNotchFactor, notches / 120.0), toChart(wheel->position().toPoint()));
            return true;
        }
        case QEvent::MouseButtonPress: {
            auto* mouse = static_cast<QMouseEvent*>(event);
            if (mouse->button() != Qt::LeftButton)
                return false;
            origin_ = mouse->position().toPoint();
            dragging_ = true;
            band_->setGeometry(QRect(origin_, QSize()));
            return true;
        }
        case QEvent::MouseMove: {
            if (!dragging_)
                return false;
            const QRect drawn =
                QRect(origin_, static_cast<QMouseEvent*>(event)->position().toPoint()).normalized();
            band_->setGeometry(drawn);
            band_->setVisible(drawn.width() >= kSmallestDrag && drawn.height() >= kSmallestDrag);
            return true;
        }
        case QEvent::MouseButtonRelease: {
            auto* mouse = static_cast<QMouseEvent*>(event);
            if (mouse->button() != Qt::LeftButton || !dragging_)
                return false;
            dragging_ = false;
            band_->hide();
            const QRect drawn = QRect(origin_, mouse->position().toPoint()).normalized();
            if (drawn.width() < kSmallestDrag || drawn.height() < kSmallestDrag)
                return true;
            const QRectF inChart =
                QRectF(toChart(drawn.topLeft()), toChart(drawn.bottomRight())).normalized();
            zoomTo(inChart.intersected(view_->chart()->plotArea()));
            return true;
        }
        case QEvent::MouseButtonDblClick:
            if (static_cast<QMouseEvent*>(event)->button() == Qt::LeftButton) {
                dragging_ = false;
                band_->hide();
                reset();
                return true;
            }
            return false;
        default:
            return false;
    }
}

}  // namespace mb::ui
