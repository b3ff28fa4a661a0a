#include "ChartLine.h"

#include <QLineSeries>
#include <QPen>

namespace mb::ui {

QLineSeries* styledLine(const QString& name, const QColor& color, Qt::PenStyle style, qreal width) {
    auto* series = new QLineSeries;
    series->setName(name);
    QPen pen(color);
    pen.setWidthF(width);
    pen.setStyle(style);
    series->setPen(pen);
    return series;
}

}  // namespace mb::ui
