#pragma once

#include <QString>
#include <QStringList>

namespace mb::markdown {

// Why items were left out, each reason once with how many items it stopped, most first (ties in
// order of first appearance, so the text is stable): "12 not marked down by the exit week; 3 no
// unit cost (...)". An empty reason counts as `fallback`. With `shown` > 0, only that many reasons
// are named, the rest counted ("and 4 more reasons"), so a reason per item cannot bury the text.
QString countedReasons(const QStringList& problems, const QString& fallback, int shown = 0);

}  // namespace mb::markdown
