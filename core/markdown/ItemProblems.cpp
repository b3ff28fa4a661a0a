#include "markdown/ItemProblems.h"

#include <QHash>
#include <algorithm>

namespace mb::markdown {

QString countedReasons(const QStringList& problems, const QString& fallback, int shown) {
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
    const qsizetype named = shown > 0 ? std::min<qsizetype>(shown, reasons.size()) : reasons.size();
    QStringList parts;
    for (qsizetype i = 0; i < named; ++i)
        parts << QStringLiteral("%1 %2").arg(counts[reasons[i]]).arg(reasons[i]);
    if (named < reasons.size()) {
        int rest = 0;
        for (qsizetype i = named; i < reasons.size(); ++i)
            rest += counts[reasons[i]];
        parts << QStringLiteral("%1 for %2 other reasons").arg(rest).arg(reasons.size() - named);
    }
    return parts.join(QStringLiteral("; "));
}

}  // namespace mb::markdown
