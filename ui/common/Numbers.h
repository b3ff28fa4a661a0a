#pragma once

#include <QLocale>
#include <QString>

namespace mb::ui {

// The locale figures are written in: the user's, except that the C locale (which does not group
// digits) is read as English, the same rule as formatCount() in Format.h.
QLocale readerLocale();

// "12,300", "12,300.5", "−4.5" (a true minus sign) with the given number of decimals; an empty
// string for NaN or infinity.
QString formatNumber(double value, int decimals = 0);
// Money in the project's currency: "$12,300", "−$4.50", "£1,200", "CHF 1,200"; without a
// currency set, the number alone. The currency is the open project's (setMoneyCurrency).
QString formatMoney(double value, int decimals = 0);
// A change of money with its sign: "+$120", "−$4.50".
QString formatSignedMoney(double value, int decimals = 0);
// The currency formatMoney uses: an ISO 4217 code, or "" for none. The main window sets it
// when a project opens.
void setMoneyCurrency(const QString& code);
QString moneyCurrency();
// The symbol written before amounts ("$", "£", "€", "CHF "), or "" for none.
QString moneySymbol();
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
