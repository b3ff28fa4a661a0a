#pragma once

#include <QImage>
#include <QSizeF>
#include <QString>

class QChart;

namespace mb::ui {

// Writes a chart as it is laid out now (size in device-independent pixels) to an image or a
// document. Each file appears at its path only when complete (QSaveFile); errors throw mb::Error.
// dpi is the resolution the chart's point-sized fonts were laid out at (the screen's), so text
// keeps its size relative to the drawing in vector output.
class ChartExport {
public:
    // A picture for the clipboard or a PNG: device pixel ratio 2 gives a crisp image on paper
    // and on high-density screens.
    static QImage image(QChart* chart, qreal devicePixelRatio = 2.0);
    static void writePng(QChart* chart, const QString& path, qreal devicePixelRatio = 2.0);
    static void writeSvg(QChart* chart, const QString& path, int dpi);
    // One A4 landscape page, the chart fitted inside 12 mm margins keeping its proportions.
    static void writePdf(QChart* chart, const QString& path, int dpi);
};

}  // namespace mb::ui
