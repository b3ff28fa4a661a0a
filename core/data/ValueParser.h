#pragma once

#include <QString>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace mb::data {

// Missing-value tokens: empty, NA, N/A, NULL, null, NaN, "-" are not; compared after trimming.
bool isMissing(std::string_view text);

std::string_view trimmed(std::string_view text);

struct NumberFormat {
    bool decimalComma = false;    // "1,5" means 1.5
    char thousandsSeparator = 0;  // 0 = none; ',' '.' ' ' or '\'' (also U+00A0, U+202F)
};

// Parses a decimal number: optional sign, digits, decimal mark, exponent; a leading currency
// symbol ($, €, £) and a trailing % are not accepted (callers report them). No locale magic:
// only what the format says. Thousands separators must group digits in threes to be accepted.
std::optional<double> parseNumber(std::string_view text, const NumberFormat& format);

// 0/1, true/false, yes/no, y/n, t/f (any case).
std::optional<bool> parseFlag(std::string_view text);

// Days since 1970-01-01 (proleptic Gregorian) and seconds within the day.
struct DateTimeValue {
    std::int32_t days = 0;
    std::int32_t seconds = 0;  // 0 when the text had no time
    bool hasTime = false;
};

enum class DateOrder { Auto, Iso, DayMonthYear, MonthDayYear };

struct DateFormat {
    DateOrder order = DateOrder::Auto;
};

// Accepts ISO (2024-03-05, 2024-03-05T14:30[:15][Z], 2024-03-05 14:30:15, 20240305),
// d/m/Y and m/d/Y with '/', '.' or '-' separators and 2- or 4-digit years (2-digit: 19xx for
// >= 70, else 20xx), each optionally followed by a time. With Auto, a slashed date is read as
// d/m/Y unless the caller detected m/d/Y (see detectDateOrder).
std::optional<DateTimeValue> parseDateTime(std::string_view text, DateOrder order);

// Looks at sample values of one column and decides the order: a first part > 12 anywhere means
// d/m/Y, a second part > 12 means m/d/Y; ISO when every value is ISO; Auto when undecided.
DateOrder detectDateOrder(const std::vector<std::string>& samples);

QString formatIsoDate(std::int32_t days);                            // 2024-03-05
QString formatIsoDateTime(std::int32_t days, std::int32_t seconds);  // 2024-03-05T14:30:15
std::int32_t daysFromCivil(int year, int month, int day);
void civilFromDays(std::int32_t days, int& year, int& month, int& day);
int weekdayMondayZero(std::int32_t days);  // 0 = Monday

}  // namespace mb::data
