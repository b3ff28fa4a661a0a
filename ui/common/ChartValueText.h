#pragma once

#include <QPointF>
#include <QString>
#include <Qt>

class QAbstractAxis;
class QAbstractSeries;
class QXYSeries;

namespace mb::ui {

// The series' axis of that orientation, or nullptr.
QAbstractAxis* chartAxis(QAbstractSeries* series, Qt::Orientation orientation);

// A value as its axis names it: a date in the axis's format, a bar category, or a grouped
// number with decimals that suit the axis's range.
QString chartAxisValueText(const QAbstractAxis* axis, double value);

// "Series\nx: y" for the data point of `points` nearest (by x) to where the cursor is; series
// carries the name and the axes (it is `points` itself except for an area series).
QString chartPointText(QAbstractSeries* series, const QXYSeries* points, const QPointF& hovered);

}  // namespace mb::ui
