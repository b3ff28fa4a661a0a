#pragma once

#include <QColor>
#include <QString>

class QLineSeries;

namespace mb::ui {

// A named line series drawn with the given pen, for ChartPanel::addSeries.
QLineSeries* styledLine(const QString& name, const QColor& color, Qt::PenStyle style,
                        qreal width = 2);

}  // namespace mb::ui
