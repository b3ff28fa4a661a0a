#include "TargetingText.h"

#include "common/Numbers.h"

#include <QObject>
#include <cmath>

namespace mb::ui {

QString formatSignedPoints(double change, int decimals) {
    if (!std::isfinite(change))
        return {};
    const QString number = formatNumber(std::abs(change) * 100.0, decimals);
    const double scale = std::pow(10.0, decimals);
    if (std::round(std::abs(change) * 100.0 * scale) == 0.0)
        return number + QStringLiteral(" pp");
    return (change > 0 ? QStringLiteral("+") : QStringLiteral("\u2212")) + number +
           QStringLiteral(" pp");
}

bool indistinguishableFromZero(double effect, double standardError) {
    if (!std::isfinite(standardError))
        return true;
    return std::abs(effect) <= 1.96 * standardError;
}

QString effectText(double effect, double standardError, bool binaryOutcome) {
    if (!std::isfinite(effect))
        return QStringLiteral("–");
    QString text;
    if (binaryOutcome) {
        text = formatSignedPoints(effect, 1);
        if (std::isfinite(standardError))
            text = text.chopped(3) + QStringLiteral(" ± ") +
                   formatNumber(1.96 * standardError * 100.0, 1) + QStringLiteral(" pp");
    } else {
        text = formatSignedMoney(effect, 2);
        if (std::isfinite(standardError))
            text += QStringLiteral(" ± ") + formatMoney(1.96 * standardError, 2);
    }
    if (indistinguishableFromZero(effect, standardError))
        text += QObject::tr(" (unclear)");
    return text;
}

QString noEffectText(const QStringList& arms) {
    if (arms.isEmpty())
        return {};
    if (arms.size() == 1)
        return QObject::tr(
                   "The effect of %1 cannot be told apart from no effect: its 95% "
                   "interval includes zero.")
            .arg(arms.front());
    return QObject::tr(
               "The effects of %1 and %2 cannot be told apart from no effect: their 95% "
               "intervals include zero.")
        .arg(arms.mid(0, arms.size() - 1).join(QStringLiteral(", ")), arms.back());
}

}  // namespace mb::ui
