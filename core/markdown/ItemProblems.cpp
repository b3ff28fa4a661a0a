#include "markdown/ItemProblems.h"

#include <QHash>
#include <algorithm>

namespace mb::markdown {

QString countedReasons(const QStringList& problems, const QString& fallback) {
    QHash<QString, int> counts;
    QStringList reasons;
    for (const QString& problem : problems) {
        const QString reason = problem.isEmpty() ? fallback : problem;
        if (!counts.contains(reason))
            reasons << reason;
        ++counts[reason];
    }
    std::stable_sort(reasons.begin(), reasons.end(),
                     [&](const QString& a, const QString& b) { return counts[a] > counts[b]; });
    QStringList parts;
    for (const QString& reason : reasons)
        parts << QStringLiteral("%1 %2").arg(counts[reason]).arg(reason);
    return parts.join(QStringLiteral("; "));
}

}  // namespace mb::markdown
