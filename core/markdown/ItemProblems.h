#pragma once

#include <QString>
#include <QStringList>

namespace mb::markdown {

// Why items were left out, each reason once with how many items it stopped, most first (ties in
// order of first appearance, so the text is stable): "12 not marked down by the exit week; 3 no
// unit cost (...)". An empty reason counts as `fallback`.
QString countedReasons(const QStringList& problems, const QString& fallback);

}  // namespace mb::markdown
