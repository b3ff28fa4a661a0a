#include "data/ValueParser.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <string>

namespace mb::data {

namespace {

inline bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

inline char lowerAscii(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

bool equalsIgnoringCase(std::string_view text, std::string_view lowerWord) {
    if (text.size() != lowerWord.size()) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (lowerAscii(text[i]) != lowerWord[i]) {
            return false;
        }
    }
    return true;
}

// Length of the thousands separator at text[i], or 0. A space separator also matches the
// no-break spaces that spreadsheets write instead of it.
std::size_t separatorAt(std::string_view text, std::size_t i, char separator) {
    if (text[i] == separator) {
        return 1;
    }
    if (separator == ' ') {
        const std::string_view rest = text.substr(i);
        if (rest.starts_with("\xC2\xA0")) {
            return 2;
        }
        if (rest.starts_with("\xE2\x80\xAF")) {
            return 3;
        }
    }
    return 0;
}

// Rewrites a number in the format's notation as plain C notation ("1.234,5" -> "1234.5"),
// checking the grammar on the way; false when it is not a number in that format.
bool normalizeNumber(std::string_view text, char decimal, char separator, std::string& out) {
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        out.push_back(text[i]);
        ++i;
    }
    int digits = 0;
    int groupDigits = 0;  // digits since the last thousands separator
    bool grouped = false;
    while (i < text.size()) {
        if (isDigit(text[i])) {
            out.push_back(text[i]);
            ++digits;
            ++groupDigits;
            ++i;
            continue;
        }
        const std::size_t separatorLength = separator != 0 ? separatorAt(text, i, separator) : 0;
        if (separatorLength == 0) {
            break;
        }
        // The first group has one to three digits, every later group exactly three.
        if (groupDigits == 0 || groupDigits > 3 || (grouped && groupDigits != 3)) {
            return false;
        }
        grouped = true;
        groupDigits = 0;
        i += separatorLength;
    }
    if (grouped && groupDigits != 3) {
        return false;
    }
    if (i < text.size() && text[i] == decimal) {
        out.push_back('.');
        ++i;
        while (i < text.size() && isDigit(text[i])) {
            out.push_back(text[i]);
            ++digits;
            ++i;
        }
    }
    if (digits == 0) {
        return false;
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        out.push_back('e');
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
            out.push_back(text[i]);
            ++i;
        }
        const std::size_t exponentStart = i;
        while (i < text.size() && isDigit(text[i])) {
            out.push_back(text[i]);
            ++i;
        }
        if (i == exponentStart) {
            return false;
        }
    }
    return i == text.size();
}

// std::from_chars reads the plain C notation without a '+'; it also knows "inf" and "nan",
// which the callers exclude by requiring a digit or '.' first.
std::optional<double> fromChars(const char* begin, const char* end) {
    bool negative = false;
    if (begin != end && (*begin == '+' || *begin == '-')) {
        negative = *begin == '-';
        ++begin;
    }
    if (begin == end || !(isDigit(*begin) || *begin == '.')) {
        return std::nullopt;
    }
    double value = 0.0;
    const auto [stop, status] = std::from_chars(begin, end, value, std::chars_format::general);
    if (status != std::errc{} || stop != end) {
        return std::nullopt;
    }
    return negative ? -value : value;
}

struct DigitRun {
    int value = 0;
    int length = 0;
};

// Reads up to maxLength digits at text[i] (advancing i); length 0 when there is none.
DigitRun readDigits(std::string_view text, std::size_t& i, int maxLength) {
    DigitRun run;
    while (i < text.size() && isDigit(text[i]) && run.length < maxLength) {
        run.value = run.value * 10 + (text[i] - '0');
        ++run.length;
        ++i;
    }
    return run;
}

bool isLeapYear(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int daysInMonth(int year, int month) {
    static constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : days[month - 1];
}

bool isValidDate(int year, int month, int day) {
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
           day <= daysInMonth(year, month);
}

// "HH:MM[:SS][Z]" with a one- or two-digit hour, the whole rest of the text.
std::optional<std::int32_t> parseTime(std::string_view text) {
    std::size_t i = 0;
    const DigitRun hour = readDigits(text, i, 2);
    if (hour.length == 0 || i >= text.size() || text[i] != ':') {
        return std::nullopt;
    }
    ++i;
    const DigitRun minute = readDigits(text, i, 2);
    if (minute.length != 2) {
        return std::nullopt;
    }
    DigitRun second;
    if (i < text.size() && text[i] == ':') {
        ++i;
        second = readDigits(text, i, 2);
        if (second.length != 2) {
            return std::nullopt;
        }
    }
    if (i < text.size() && text[i] == 'Z') {
        ++i;
    }
    if (i != text.size() || hour.value > 23 || minute.value > 59 || second.value > 59) {
        return std::nullopt;
    }
    return hour.value * 3600 + minute.value * 60 + second.value;
}

// The three numbers of a date and the separator between them, as they appear in the text.
struct DateParts {
    DigitRun first, second, third;
    char separator = 0;
    std::size_t end = 0;  // where the date ends in the text
};

std::optional<DateParts> splitDate(std::string_view text) {
    DateParts parts;
    std::size_t i = 0;
    parts.first = readDigits(text, i, 4);
    if (parts.first.length == 0 || i >= text.size()) {
        return std::nullopt;
    }
    parts.separator = text[i];
    if (parts.separator != '-' && parts.separator != '/' && parts.separator != '.') {
        return std::nullopt;
    }
    ++i;
    parts.second = readDigits(text, i, 2);
    if (parts.second.length == 0 || i >= text.size() || text[i] != parts.separator) {
        return std::nullopt;
    }
    ++i;
    parts.third = readDigits(text, i, 4);
    if (parts.third.length == 0 || (i < text.size() && isDigit(text[i]))) {
        return std::nullopt;
    }
    parts.end = i;
    return parts;
}

bool isIsoShape(const DateParts& parts) {
    return parts.first.length == 4 && parts.separator == '-' && parts.third.length <= 2;
}

bool isDayMonthShape(const DateParts& parts) {
    return parts.first.length <= 2 && (parts.third.length == 2 || parts.third.length == 4);
}

}  // namespace

std::string_view trimmed(std::string_view text) {
    constexpr std::string_view whitespace = " \t\r\n\v\f";
    const std::size_t first = text.find_first_not_of(whitespace);
    if (first == std::string_view::npos) {
        return {};
    }
    const std::size_t last = text.find_last_not_of(whitespace);
    return text.substr(first, last - first + 1);
}

bool isMissing(std::string_view text) {
    const std::string_view value = trimmed(text);
    return value.empty() || equalsIgnoringCase(value, "na") || equalsIgnoringCase(value, "n/a") ||
           equalsIgnoringCase(value, "null") || equalsIgnoringCase(value, "nan");
}

std::optional<double> parseNumber(std::string_view text, const NumberFormat& format) {
    const std::string_view value = trimmed(text);
    const char decimal = format.decimalComma ? ',' : '.';
    const char separator = format.thousandsSeparator == decimal ? 0 : format.thousandsSeparator;
    if (decimal == '.') {
        // Most values are plain ("12.5"): no copy, one library call.
        if (const auto plain = fromChars(value.data(), value.data() + value.size())) {
            return plain;
        }
        if (separator == 0) {
            return std::nullopt;
        }
    }
    std::string normalized;
    normalized.reserve(value.size());
    if (!normalizeNumber(value, decimal, separator, normalized)) {
        return std::nullopt;
    }
    return fromChars(normalized.data(), normalized.data() + normalized.size());
}

std::optional<bool> parseFlag(std::string_view text) {
    const std::string_view value = trimmed(text);
    for (const std::string_view yes : {"1", "true", "yes", "y", "t"}) {
        if (equalsIgnoringCase(value, yes)) {
            return true;
        }
    }
    for (const std::string_view no : {"0", "false", "no", "n", "f"}) {
        if (equalsIgnoringCase(value, no)) {
            return false;
        }
    }
    return std::nullopt;
}

std::optional<DateTimeValue> parseDateTime(std::string_view text, DateOrder order) {
    const std::string_view value = trimmed(text);
    int year = 0;
    int month = 0;
    int day = 0;
    std::size_t dateEnd = 0;
    bool iso = false;
    if (value.size() == 8 && std::all_of(value.begin(), value.end(), isDigit)) {
        std::size_t i = 0;
        year = readDigits(value, i, 4).value;
        month = readDigits(value, i, 2).value;
        day = readDigits(value, i, 2).value;
        dateEnd = value.size();
        iso = true;
    } else {
        const std::optional<DateParts> parts = splitDate(value);
        if (!parts) {
            return std::nullopt;
        }
        dateEnd = parts->end;
        if (isIsoShape(*parts)) {
            iso = true;
            year = parts->first.value;
            month = parts->second.value;
            day = parts->third.value;
        } else if (isDayMonthShape(*parts) && order != DateOrder::Iso) {
            const bool monthFirst = order == DateOrder::MonthDayYear;
            month = monthFirst ? parts->first.value : parts->second.value;
            day = monthFirst ? parts->second.value : parts->first.value;
            year = parts->third.value;
            if (parts->third.length == 2) {
                year += year >= 70 ? 1900 : 2000;
            }
        } else {
            return std::nullopt;
        }
    }
    if (!isValidDate(year, month, day)) {
        return std::nullopt;
    }
    DateTimeValue result;
    result.days = daysFromCivil(year, month, day);
    if (dateEnd == value.size()) {
        return result;
    }
    const char between = value[dateEnd];
    if (!(between == ' ' || (iso && between == 'T'))) {
        return std::nullopt;
    }
    const std::optional<std::int32_t> seconds = parseTime(value.substr(dateEnd + 1));
    if (!seconds) {
        return std::nullopt;
    }
    result.seconds = *seconds;
    result.hasTime = true;
    return result;
}

DateOrder detectDateOrder(const std::vector<std::string>& samples) {
    bool sawIso = false;
    bool sawDayMonth = false;
    bool firstAboveTwelve = false;
    bool secondAboveTwelve = false;
    for (const std::string& sample : samples) {
        const std::string_view value = trimmed(sample);
        if (parseDateTime(value, DateOrder::Iso)) {
            sawIso = true;
            continue;
        }
        // Only values that are a date under one of the two orders say anything about the order.
        if (!parseDateTime(value, DateOrder::DayMonthYear) &&
            !parseDateTime(value, DateOrder::MonthDayYear)) {
            continue;
        }
        const std::optional<DateParts> parts = splitDate(value);
        sawDayMonth = true;
        firstAboveTwelve = firstAboveTwelve || parts->first.value > 12;
        secondAboveTwelve = secondAboveTwelve || parts->second.value > 12;
    }
    if (firstAboveTwelve != secondAboveTwelve) {
        return firstAboveTwelve ? DateOrder::DayMonthYear : DateOrder::MonthDayYear;
    }
    if (sawIso && !sawDayMonth) {
        return DateOrder::Iso;
    }
    return DateOrder::Auto;
}

QString formatIsoDate(std::int32_t days) {
    int year = 0;
    int month = 0;
    int day = 0;
    civilFromDays(days, year, month, day);
    char text[32];
    const int length = std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
    return QString::fromLatin1(text, length);
}

QString formatIsoDateTime(std::int32_t days, std::int32_t seconds) {
    const std::int32_t clamped = std::clamp<std::int32_t>(seconds, 0, 86399);
    char text[16];
    const int length = std::snprintf(text, sizeof text, "T%02d:%02d:%02d", clamped / 3600,
                                     clamped / 60 % 60, clamped % 60);
    return formatIsoDate(days) + QLatin1String(text, length);
}

// The civil-calendar arithmetic counts from 1 March, so the leap day is the last day of a
// year, in 400-year eras of 146097 days (see H. Hinnant, "chrono-Compatible Low-Level Date
// Algorithms").
std::int32_t daysFromCivil(int year, int month, int day) {
    const std::int64_t marchYear = month <= 2 ? std::int64_t{year} - 1 : year;
    const std::int64_t era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400;
    const std::int64_t yearOfEra = marchYear - era * 400;
    const std::int64_t monthFromMarch = (month + 9) % 12;
    const std::int64_t dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1;
    const std::int64_t dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    constexpr std::int64_t kEpochFromMarchZero = 719468;  // 0000-03-01 to 1970-01-01
    return static_cast<std::int32_t>(era * 146097 + dayOfEra - kEpochFromMarchZero);
}

void civilFromDays(std::int32_t days, int& year, int& month, int& day) {
    const std::int64_t fromMarchZero = std::int64_t{days} + 719468;
    const std::int64_t era = (fromMarchZero >= 0 ? fromMarchZero : fromMarchZero - 146096) / 146097;
    const std::int64_t dayOfEra = fromMarchZero - era * 146097;
    // Leap days fall every 1460 days, except every 36524, except every 146096.
    const std::int64_t yearOfEra =
        (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const std::int64_t dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const std::int64_t monthFromMarch = (5 * dayOfYear + 2) / 153;
    day = static_cast<int>(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
    month = static_cast<int>(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
    year = static_cast<int>(yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
}

int weekdayMondayZero(std::int32_t days) {
    // 1970-01-01 was a Thursday.
    return static_cast<int>(((std::int64_t{days} % 7) + 7 + 3) % 7);
}

}  // namespace mb::data
