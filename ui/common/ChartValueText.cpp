#include "ChartValueText.h"

#include "Numbers.h"

#include <QAbstractAxis>
#include <QAbstractSeries>
#include <QBarCategoryAxis>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QValueAxis>
#include <QXYSeries>
#include <cmath>
#include <limits>

namespace mb::ui {

namespace {

QPointF nearestPoint(const QXYSeries* series, const QPointF& near) {
    QPointF best = near;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (const QPointF& point : series->points()) {
        const double distance = std::abs(point.x() - near.x());
        if (distance < bestDistance) {
            bestDistance = distance;
            best = point;
        }
    }
    return best;
}

}  // namespace

QAbstractAxis* chartAxis(QAbstractSeries* series, Qt::Orientation orientation) {
    for (QAbstractAxis* axis : series->attachedAxes()) {
        if (axis->orientation() == orientation)
            return axis;
    }
    return nullptr;
}

// A value as the axis it belongs to would name it: a date, a category, or a grouped number.
QString chartAxisValueText(const QAbstractAxis* axis, double value) {
    if (const auto* dates = qobject_cast<const QDateTimeAxis*>(axis))
        return QDateTime::fromMSecsSinceEpoch(qint64(std::llround(value)))
            .toString(dates->format());
    if (const auto* categories = qobject_cast<const QBarCategoryAxis*>(axis)) {
        const int index = int(std::lround(value));
        if (index >= 0 && index < categories->count())
            return categories->at(index);
    }
    if (const auto* values = qobject_cast<const QValueAxis*>(axis))
        return formatNumber(value, decimalsForSpan((values->max() - values->min()) / 10.0));
    return formatNumber(value, 2);
}

QString chartPointText(QAbstractSeries* series, const QXYSeries* points, const QPointF& hovered) {
    const QPointF point = nearestPoint(points, hovered);
    const QString x = chartAxisValueText(chartAxis(series, Qt::Horizontal), point.x());
    const QString y = chartAxisValueText(chartAxis(series, Qt::Vertical), point.y());
    const QString line = QStringLiteral("%1: %2").arg(x, y);
    return series->name().isEmpty() ? line : series->name() + QLatin1Char('\n') + line;
}

}  // namespace mb::ui
