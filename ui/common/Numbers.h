#pragma once

#include <QLocale>
#include <QString>

namespace mb::ui {

// The locale figures are written in: the user's, except that the C locale (which does not group
// digits) is read as English, the same rule as formatCount() in Format.h.
QLocale readerLocale();

// "12,300", "12,300.5" with the given number of decimals; an empty string for NaN or infinity.
QString formatNumber(double value, int decimals = 0);
// A fraction as a percentage: 0.062 -> "6.2%".
QString formatPercent(double fraction, int decimals = 1);
// A change as a signed percentage: 0.062 -> "+6.2%", -0.01 -> "−1.0%" (a true minus sign).
QString formatSignedPercent(double fraction, int decimals = 1);
// Decimals that make a range's labels distinct but not noisy: 0 for spans of 10 and more.
int decimalsForSpan(double span);
// A round distance between axis ticks (1, 2, 2.5 or 5 times a power of ten) giving about
// `ticks` intervals over the span.
double roundTickStep(double span, int ticks = 5);
// The fewest decimals (up to 6) that write every multiple of step exactly: 2.5 -> 1, 500 -> 0.
int decimalsForStep(double step);

}  // namespace mb::ui
