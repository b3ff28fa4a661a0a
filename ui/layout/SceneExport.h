#pragma once

#include <QString>

class QGraphicsScene;

namespace mb::ui {

// Writes a whole graphics scene (a floor plan, a heatmap) as PNG (2x), SVG or PDF, picked by the
// path's suffix. The file appears only when complete (QSaveFile); errors throw mb::Error.
void exportScene(QGraphicsScene* scene, const QString& path);

}  // namespace mb::ui
