#include "SceneExport.h"

#include "common/Error.h"

#include <QFileInfo>
#include <QGraphicsScene>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace mb::ui {

namespace {

void commit(QSaveFile& file, const QString& path) {
    if (!file.commit())
        throw Error(
            QStringLiteral("%1: cannot write the image (%2)").arg(path, file.errorString()));
}

}  // namespace

void exportScene(QGraphicsScene* scene, const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QRectF source = scene->itemsBoundingRect().adjusted(-10, -10, 10, 10);
    QSaveFile file(path);
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg") &&
        suffix != QLatin1String("pdf"))
        throw Error(QStringLiteral("%1: unknown image format; use .png, .svg or .pdf (%2)")
                        .arg(path, suffix));
    if (!file.open(QIODevice::WriteOnly))
        throw Error(
            QStringLiteral("%1: cannot write the image (%2)").arg(path, file.errorString()));
    if (suffix == QLatin1String("png")) {
        QImage image((source.size() * 2).toSize(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        scene->render(&painter, QRectF(QPointF(0, 0), image.size()), source);
        painter.end();
        if (!image.save(&file, "PNG"))
            throw Error(QStringLiteral("%1: cannot encode the PNG image").arg(path));
    } else if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(source.size().toSize());
        svg.setViewBox(QRectF(QPointF(0, 0), source.size()));
        svg.setTitle(QFileInfo(path).completeBaseName());
        QPainter painter(&svg);
        scene->render(&painter, QRectF(QPointF(0, 0), source.size()), source);
    } else {
        QPdfWriter pdf(&file);
        pdf.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape,
                                      QMarginsF(12, 12, 12, 12), QPageLayout::Millimeter));
        pdf.setTitle(QFileInfo(path).completeBaseName());
        QPainter painter(&pdf);
        painter.setRenderHint(QPainter::Antialiasing);
        // render() keeps the aspect ratio inside the page's printable area.
        scene->render(&painter, QRectF(), source);
    }
    commit(file, path);
}

}  // namespace mb::ui
