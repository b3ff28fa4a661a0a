#include "Numbers.h"

#include <cmath>

namespace mb::ui {

QLocale readerLocale() {
    QLocale locale;
    if (locale.language() == QLocale::C)
        locale = QLocale(QLocale::English);
    return locale;
}

QString formatNumber(double value, int decimals) {
    if (!std::isfinite(value))
        return {};
    // Rounding first keeps "-0" away from values that round to zero.
    const double scale = std::pow(10.0, decimals);
    double rounded = std::round(value * scale) / scale;
    if (rounded == 0.0)
        rounded = 0.0;
    QString text = readerLocale().toString(std::abs(rounded), 'f', decimals);
    return rounded < 0.0 ? QStringLiteral("\u2212") + text : text;
}

namespace {
QString& currencyCode() {
    static QString code;
    return code;
}
}  // namespace

void setMoneyCurrency(const QString& code) {
    currencyCode() = code;
}

QString moneyCurrency() {
    return currencyCode();
}

QString moneySymbol() {
    const QString& code = currencyCode();
    if (code.isEmpty())
        return {};
    if (code == QLatin1String("USD"))
        return QStringLiteral("$");
    if (code == QLatin1String("GBP"))
        return QStringLiteral("\u00a3");
    if (code == QLatin1String("EUR"))
        return QStringLiteral("\u20ac");
    if (code == QLatin1String("JPY"))
        return QStringLiteral("\u00a5");
    return code + QLatin1Char(' ');
}

QString formatMoney(double value, int decimals) {
    QString number = formatNumber(std::abs(value), decimals);
    if (number.isEmpty())
        return number;
    const bool negative = value < 0.0 && number != formatNumber(0.0, decimals);
    return (negative ? QStringLiteral("\u2212") : QString()) + moneySymbol() + number;
}

QString formatSignedMoney(double value, int decimals) {
    QString text = formatMoney(value, decimals);
    if (text.isEmpty() || text.startsWith(QChar(0x2212)) ||
        formatNumber(std::abs(value), decimals) == formatNumber(0.0, decimals))
        return text;
    return QLatin1Char('+') + text;
}

QString formatPercent(double fraction, int decimals) {
    if (!std::isfinite(fraction))
        return {};
    return formatNumber(fraction * 100.0, decimals) + QLatin1Char('%');
}

QString formatSignedPercent(double fraction, int decimals) {
    QString text = formatPercent(std::abs(fraction), decimals);
    if (text.isEmpty())
        return text;
    const double scale = std::pow(10.0, decimals);
    const bool zero = std::round(std::abs(fraction) * 100.0 * scale) == 0.0;
    if (zero)
        return text;
    return (fraction > 0 ? QStringLiteral("+") : QStringLiteral("\u2212")) + text;
}

int decimalsForSpan(double span) {
    span = std::abs(span);
    if (!std::isfinite(span) || span >= 10.0)
        return 0;
    if (span >= 1.0)
        return 1;
    if (span >= 0.1)
        return 2;
    return 3;
}

double roundTickStep(double span, int ticks) {
    span = std::abs(span);
    if (!std::isfinite(span) || span <= 0.0 || ticks < 1)
        return 1.0;
    const double raw = span / ticks;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double factor : {1.0, 2.0, 2.5, 5.0}) {
        if (factor * power >= raw * 0.999)
            return factor * power;
    }
    return 10.0 * power;
}

int decimalsForStep(double step) {
    step = std::abs(step);
    if (!std::isfinite(step) || step == 0.0)
        return 0;
    for (int decimals = 0; decimals < 6; ++decimals) {
        const double scaled = step * std::pow(10.0, decimals);
        if (std::abs(scaled - std::round(scaled)) < 1e-6 * scaled)
            return decimals;
    }
    return 6;
}

}  // namespace mb::ui
