#include "ChartExport.h"

#include "common/Error.h"

#include <QChart>
#include <QGraphicsScene>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <cmath>

namespace mb::ui {

namespace {

[[noreturn]] void cannotWrite(const QString& path, const QString& reason) {
    throw Error(QObject::tr("%1: cannot write the chart: %2").arg(path, reason));
}

QSizeF chartSize(QChart* chart) {
    if (!chart || !chart->scene())
        throw Error(QObject::tr("There is no chart to export."));
    return chart->size();
}

// Draws the chart's scene area into target (painter coordinates).
void paintChart(QChart* chart, QPainter& painter, const QRectF& target) {
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                           QPainter::SmoothPixmapTransform);
    chart->scene()->render(&painter, target, chart->sceneBoundingRect(), Qt::KeepAspectRatio);
}

void commit(QSaveFile& file, const QString& path) {
    if (!file.commit())
        cannotWrite(path, file.errorString());
}

}  // namespace

QImage ChartExport::image(QChart* chart, qreal devicePixelRatio) {
    const QSizeF size = chartSize(chart);
    QImage picture(QSize(int(std::ceil(size.width() * devicePixelRatio)),
                         int(std::ceil(size.height() * devicePixelRatio))),
                   QImage::Format_ARGB32_Premultiplied);
    picture.setDevicePixelRatio(devicePixelRatio);
    picture.fill(Qt::white);
    QPainter painter(&picture);
    paintChart(chart, painter, QRectF(QPointF(0, 0), size));
    painter.end();
    return picture;
}

void ChartExport::writePng(QChart* chart, const QString& path, qreal devicePixelRatio) {
    const QImage picture = image(chart, devicePixelRatio);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !picture.save(&file, "PNG"))
        cannotWrite(path, file.errorString());
    commit(file, path);
}

void ChartExport::writeSvg(QChart* chart, const QString& path, int dpi) {
    const QSizeF size = chartSize(chart);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        cannotWrite(path, file.errorString());
    QSvgGenerator generator;
    generator.setOutputDevice(&file);
    generator.setResolution(dpi);
    generator.setSize(size.toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), size));
    generator.setTitle(chart->title());
    generator.setDescription(QStringLiteral("Merchbench"));
    QPainter painter;
    if (!painter.begin(&generator))
        cannotWrite(path, QObject::tr("the SVG could not be started"));
    paintChart(chart, painter, QRectF(QPointF(0, 0), size));
    painter.end();
    commit(file, path);
}

void ChartExport::writePdf(QChart* chart, const QString& path, int dpi) {
    const QSizeF size = chartSize(chart);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        cannotWrite(path, file.errorString());
    {
        QPdfWriter writer(&file);
        writer.setResolution(dpi);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape,
                                         QMarginsF(12, 12, 12, 12), QPageLayout::Millimeter));
        writer.setTitle(chart->title());
        writer.setCreator(QStringLiteral("Merchbench"));
        const QRectF page = writer.pageLayout().paintRectPixels(dpi);
        QPainter painter;
        if (!painter.begin(&writer))
            cannotWrite(path, QObject::tr("the PDF could not be started"));
        // The painter's origin is already the printable area's corner; centre the fitted chart.
        const QSizeF fitted = size.scaled(page.size(), Qt::KeepAspectRatio);
        const QRectF target(
            QPointF((page.width() - fitted.width()) / 2.0, (page.height() - fitted.height()) / 2.0),
            fitted);
        paintChart(chart, painter, target);
        painter.end();
    }
    commit(file, path);
}

}  // namespace mb::ui
