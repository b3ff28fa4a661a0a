#include "data/ValueParser.h"

#include <QDate>
#include <QtTest>
#include <cmath>
#include <string>

using namespace mb::data;

namespace {

// The oracle for dates: QDate's own calendar, independent of the code under test.
std::int32_t qDateDays(const QDate& date) {
    return static_cast<std::int32_t>(QDate(1970, 1, 1).daysTo(date));
}

}  // namespace

class TestValueParser : public QObject {
    Q_OBJECT

private slots:
    void missing_data();
    void missing();
    void trimming_data();
    void trimming();
    void numbers_data();
    void numbers();
    void flags_data();
    void flags();
    void dates_data();
    void dates();
    void dateOrder_data();
    void dateOrder();
    void civilRoundTripAgainstQDate_data();
    void civilRoundTripAgainstQDate();
    void weekday_data();
    void weekday();
    void isoFormatting_data();
    void isoFormatting();
};

void TestValueParser::missing_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("missing");
    QTest::newRow("empty") << QByteArray("") << true;
    QTest::newRow("blanks") << QByteArray("  \t ") << true;
    QTest::newRow("NA") << QByteArray("NA") << true;
    QTest::newRow("na padded") << QByteArray(" na ") << true;
    QTest::newRow("N/A") << QByteArray("N/A") << true;
    QTest::newRow("NULL") << QByteArray("NULL") << true;
    QTest::newRow("null") << QByteArray("null") << true;
    QTest::newRow("NaN") << QByteArray("NaN") << true;
    QTest::newRow("dash is a value") << QByteArray("-") << false;
    QTest::newRow("zero is a value") << QByteArray("0") << false;
    QTest::newRow("word") << QByteArray("NAB") << false;
    QTest::newRow("N/A/B") << QByteArray("N/A/B") << false;
}

void TestValueParser::missing() {
    QFETCH(QByteArray, text);
    QFETCH(bool, missing);
    QCOMPARE(isMissing(std::string_view(text.constData(), text.size())), missing);
}

void TestValueParser::trimming_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("nothing to trim") << QByteArray("a b") << QByteArray("a b");
    QTest::newRow("spaces") << QByteArray("  a b  ") << QByteArray("a b");
    QTest::newRow("tabs and line ends") << QByteArray("\t\r\na\n") << QByteArray("a");
    QTest::newRow("only blanks") << QByteArray(" \t ") << QByteArray("");
    QTest::newRow("empty") << QByteArray("") << QByteArray("");
    QTest::newRow("non-ascii kept") << QByteArray(" \xC3\xA9 ") << QByteArray("\xC3\xA9");
}

void TestValueParser::trimming() {
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, expected);
    const std::string_view result = trimmed(std::string_view(text.constData(), text.size()));
    QCOMPARE(QByteArray(result.data(), static_cast<qsizetype>(result.size())), expected);
}

void TestValueParser::numbers_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("decimalComma");
    QTest::addColumn<char>("thousands");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<double>("expected");

    auto ok = [](const char* name, const QByteArray& text, bool comma, char thousands,
                 double expected) {
        QTest::newRow(name) << text << comma << thousands << true << expected;
    };
    auto bad = [](const char* name, const QByteArray& text, bool comma, char thousands) {
        QTest::newRow(name) << text << comma << thousands << false << 0.0;
    };
    ok("integer", "42", false, 0, 42.0);
    ok("decimal point", "12.5", false, 0, 12.5);
    ok("negative", "-3.25", false, 0, -3.25);
    ok("plus sign", "+7", false, 0, 7.0);
    ok("leading point", ".5", false, 0, 0.5);
    ok("trailing point", "5.", false, 0, 5.0);
    ok("padded", "  19.99 ", false, 0, 19.99);
    ok("exponent", "1.5e3", false, 0, 1500.0);
    ok("exponent upper negative", "25E-2", false, 0, 0.25);
    ok("exponent plus", "2e+2", false, 0, 200.0);
    ok("decimal comma", "1,5", true, 0, 1.5);
    ok("decimal comma negative exponent", "-2,5e1", true, 0, -25.0);
    ok("comma thousands", "1,234,567", false, ',', 1234567.0);
    ok("comma thousands with decimals", "1,234.75", false, ',', 1234.75);
    ok("dot thousands decimal comma", "1.234.567,89", true, '.', 1234567.89);
    ok("space thousands", "12 345", true, ' ', 12345.0);
    ok("no-break space thousands",
       "12\xC2\xA0"
       "345,5",
       true, ' ', 12345.5);
    ok("narrow no-break space thousands",
       "1\xE2\x80\xAF"
       "000",
       true, ' ', 1000.0);
    ok("apostrophe thousands", "1'000'000.5", false, '\'', 1000000.5);
    ok("ungrouped with separator allowed", "1234567", false, ',', 1234567.0);
    ok("negative grouped", "-1,000", false, ',', -1000.0);
    ok("zero", "0", false, 0, 0.0);
    ok("long fraction", "0.000000000000000000000000000001", false, 0, 1e-30);
    bad("empty", "", false, 0);
    bad("blank", "   ", false, 0);
    bad("sign only", "-", false, 0);
    bad("point only", ".", false, 0);
    bad("NA token", "NA", false, 0);
    bad("nan word", "nan", false, 0);
    bad("inf word", "inf", false, 0);
    bad("infinity word", "-Infinity", false, 0);
    bad("hex", "0x1A", false, 0);
    bad("garbage", "abc", false, 0);
    bad("trailing garbage", "12kg", false, 0);
    bad("inner space", "1 2", false, 0);
    bad("double sign", "--1", false, 0);
    bad("sign after digits", "1-", false, 0);
    bad("two points", "1.2.3", false, 0);
    bad("exponent without digits", "1e", false, 0);
    bad("exponent sign without digits", "1e+", false, 0);
    bad("currency", "$12.50", false, 0);
    bad("euro",
        "\xE2\x82\xAC"
        "5",
        false, 0);
    bad("percent", "15%", false, 0);
    bad("decimal comma not allowed", "1,5", false, 0);
    bad("point when comma expected", "1.5", true, 0);
    bad("bad grouping short", "12,34", false, ',');
    bad("bad grouping long", "1,2345", false, ',');
    bad("bad grouping first group", "1234,567", false, ',');
    bad("separator first", ",123", false, ',');
    bad("separator last", "123,", false, ',');
    bad("double separator", "1,,234", false, ',');
    bad("grouping in fraction", "1.234,5", false, ',');
    bad("separator not allowed", "1,234", false, 0);
    bad("overflow", "1e999", false, 0);
    bad("space separator before point with wrong group", "12 34.5", false, ' ');
}

void TestValueParser::numbers() {
    QFETCH(QByteArray, text);
    QFETCH(bool, decimalComma);
    QFETCH(char, thousands);
    QFETCH(bool, accepted);
    QFETCH(double, expected);
    NumberFormat format;
    format.decimalComma = decimalComma;
    format.thousandsSeparator = thousands;
    const std::optional<double> value =
        parseNumber(std::string_view(text.constData(), text.size()), format);
    QCOMPARE(value.has_value(), accepted);
    if (accepted) {
        QCOMPARE(*value, expected);
    }
}

void TestValueParser::flags_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("expected");  // 1 true, 0 false, -1 rejected
    const std::pair<const char*, int> rows[] = {
        {"1", 1},    {"0", 0},   {"true", 1}, {"FALSE", 0},  {"True", 1},  {"yes", 1}, {"No", 0},
        {"y", 1},    {"N", 0},   {"t", 1},    {"F", 0},      {" yes ", 1}, {"2", -1},  {"", -1},
        {"yep", -1}, {"-1", -1}, {"on", -1},  {"truee", -1}, {"1.0", -1},  {"ja", -1},
    };
    for (const auto& [text, expected] : rows) {
        QTest::addRow("'%s'", text) << QByteArray(text) << expected;
    }
}

void TestValueParser::flags() {
    QFETCH(QByteArray, text);
    QFETCH(int, expected);
    const std::optional<bool> flag = parseFlag(std::string_view(text.constData(), text.size()));
    QCOMPARE(flag.has_value(), expected >= 0);
    if (flag) {
        QCOMPARE(*flag, expected == 1);
    }
}

void TestValueParser::dates_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("order");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QDate>("date");
    QTest::addColumn<bool>("hasTime");
    QTest::addColumn<QTime>("time");

    const int autoOrder = int(DateOrder::Auto);
    const int iso = int(DateOrder::Iso);
    const int dmy = int(DateOrder::DayMonthYear);
    const int mdy = int(DateOrder::MonthDayYear);
    auto day = [](const char* name, const char* text, int order, QDate date) {
        QTest::newRow(name) << QByteArray(text) << order << true << date << false << QTime();
    };
    auto stamp = [](const char* name, const char* text, int order, QDate date, QTime time) {
        QTest::newRow(name) << QByteArray(text) << order << true << date << true << time;
    };
    auto reject = [](const char* name, const char* text, int order) {
        QTest::newRow(name) << QByteArray(text) << order << false << QDate() << false << QTime();
    };
    day("iso", "2024-03-05", autoOrder, QDate(2024, 3, 5));
    day("iso under iso", "2024-03-05", iso, QDate(2024, 3, 5));
    day("iso under d/m/y", "2024-03-05", dmy, QDate(2024, 3, 5));
    day("iso padded", " 2024-12-31 ", autoOrder, QDate(2024, 12, 31));
    day("iso single-digit parts", "2024-3-5", autoOrder, QDate(2024, 3, 5));
    day("compact", "20240305", autoOrder, QDate(2024, 3, 5));
    day("leap day", "2024-02-29", autoOrder, QDate(2024, 2, 29));
    day("leap day 2000", "2000-02-29", autoOrder, QDate(2000, 2, 29));
    day("epoch", "1970-01-01", autoOrder, QDate(1970, 1, 1));
    day("early", "1601-01-01", autoOrder, QDate(1601, 1, 1));
    stamp("iso T minutes", "2024-03-05T14:30", autoOrder, QDate(2024, 3, 5), QTime(14, 30));
    stamp("iso T seconds", "2024-03-05T14:30:15", autoOrder, QDate(2024, 3, 5), QTime(14, 30, 15));
    stamp("iso T zulu", "2024-03-05T14:30:15Z", autoOrder, QDate(2024, 3, 5), QTime(14, 30, 15));
    stamp("iso space", "2024-03-05 14:30:15", autoOrder, QDate(2024, 3, 5), QTime(14, 30, 15));
    stamp("iso midnight", "2024-03-05 00:00:00", autoOrder, QDate(2024, 3, 5), QTime(0, 0));
    stamp("iso last second", "2024-03-05 23:59:59", autoOrder, QDate(2024, 3, 5),
          QTime(23, 59, 59));
    day("d/m/Y auto", "05/03/2024", autoOrder, QDate(2024, 3, 5));
    day("d/m/Y", "31/12/2023", dmy, QDate(2023, 12, 31));
    day("d.m.Y", "5.3.2024", dmy, QDate(2024, 3, 5));
    day("d-m-Y", "05-03-2024", dmy, QDate(2024, 3, 5));
    day("m/d/Y", "03/05/2024", mdy, QDate(2024, 3, 5));
    day("m/d/Y day above twelve", "12/31/2023", mdy, QDate(2023, 12, 31));
    day("two-digit year 20xx", "05/03/24", dmy, QDate(2024, 3, 5));
    day("two-digit year 19xx", "05/03/70", dmy, QDate(1970, 3, 5));
    day("two-digit year 69", "05/03/69", dmy, QDate(2069, 3, 5));
    day("two-digit year m/d", "3/5/99", mdy, QDate(1999, 3, 5));
    stamp("d/m/Y with time", "05/03/2024 09:15", dmy, QDate(2024, 3, 5), QTime(9, 15));
    stamp("d/m/Y one-digit hour", "05/03/2024 9:15:30", dmy, QDate(2024, 3, 5), QTime(9, 15, 30));
    stamp("m/d/Y with time", "3/5/2024 23:00", mdy, QDate(2024, 3, 5), QTime(23, 0));
    reject("not a leap year", "2023-02-29", autoOrder);
    reject("century not leap", "1900-02-29", autoOrder);
    reject("month 13", "2024-13-01", autoOrder);
    reject("month 0", "2024-00-10", autoOrder);
    reject("day 0", "2024-01-00", autoOrder);
    reject("april 31", "2024-04-31", autoOrder);
    reject("day 32", "2024-01-32", autoOrder);
    reject("year 0", "0000-01-01", autoOrder);
    reject("hour 24", "2024-03-05 24:00", autoOrder);
    reject("minute 60", "2024-03-05 12:60", autoOrder);
    reject("second 60", "2024-03-05 12:00:60", autoOrder);
    reject("one-digit minute", "2024-03-05 12:5", autoOrder);
    reject("time without minutes", "2024-03-05 12", autoOrder);
    reject("trailing text", "2024-03-05x", autoOrder);
    reject("time trailing text", "2024-03-05 12:00 pm", autoOrder);
    reject("T after d/m/Y", "05/03/2024T12:00", dmy);
    reject("d/m/Y under iso", "05/03/2024", iso);
    reject("month 13 under d/m/Y", "05/13/2024", dmy);
    reject("month 13 under m/d/Y", "13/05/2024", mdy);
    reject("mixed separators", "05/03-2024", dmy);
    reject("three-digit year", "05/03/202", dmy);
    reject("iso with slashes", "2024/03/05", autoOrder);
    reject("compact invalid", "20240230", autoOrder);
    reject("seven digits", "2024035", autoOrder);
    reject("empty", "", autoOrder);
    reject("words", "March 5, 2024", autoOrder);
    reject("number", "45123", autoOrder);
}

void TestValueParser::dates() {
    QFETCH(QByteArray, text);
    QFETCH(int, order);
    QFETCH(bool, accepted);
    QFETCH(QDate, date);
    QFETCH(bool, hasTime);
    QFETCH(QTime, time);
    const std::optional<DateTimeValue> value =
        parseDateTime(std::string_view(text.constData(), text.size()), DateOrder(order));
    QCOMPARE(value.has_value(), accepted);
    if (!value) {
        return;
    }
    QCOMPARE(value->days, qDateDays(date));
    QCOMPARE(value->hasTime, hasTime);
    QCOMPARE(value->seconds, hasTime ? QTime(0, 0).secsTo(time) : 0);
}

void TestValueParser::dateOrder_data() {
    QTest::addColumn<QStringList>("samples");
    QTest::addColumn<int>("expected");
    QTest::newRow("all iso") << QStringList{"2024-03-05", "2024-12-31", "", "NA"}
                             << int(DateOrder::Iso);
    QTest::newRow("first part above twelve")
        << QStringList{"05/03/2024", "13/03/2024", "01/02/2024"} << int(DateOrder::DayMonthYear);
    QTest::newRow("second part above twelve")
        << QStringList{"03/05/2024", "03/13/2024"} << int(DateOrder::MonthDayYear);
    QTest::newRow("dotted day first") << QStringList{"31.1.2024"} << int(DateOrder::DayMonthYear);
    QTest::newRow("undecided") << QStringList{"01/02/2024", "03/04/2024"} << int(DateOrder::Auto);
    QTest::newRow("contradicting")
        << QStringList{"13/01/2024", "01/13/2024"} << int(DateOrder::Auto);
    QTest::newRow("iso and undecided slashes")
        << QStringList{"2024-03-05", "01/02/2024"} << int(DateOrder::Auto);
    QTest::newRow("iso and day-first")
        << QStringList{"2024-03-05", "25/02/2024"} << int(DateOrder::DayMonthYear);
    QTest::newRow("garbage ignored")
        << QStringList{"soon", "12/25/2023", "99/99/9999"} << int(DateOrder::MonthDayYear);
    QTest::newRow("nothing") << QStringList{} << int(DateOrder::Auto);
    QTest::newRow("only missing") << QStringList{"", "NA"} << int(DateOrder::Auto);
}

void TestValueParser::dateOrder() {
    QFETCH(QStringList, samples);
    QFETCH(int, expected);
    std::vector<std::string> values;
    for (const QString& sample : samples) {
        values.push_back(sample.toStdString());
    }
    QCOMPARE(int(detectDateOrder(values)), expected);
}

void TestValueParser::civilRoundTripAgainstQDate_data() {
    QTest::addColumn<QDate>("from");
    QTest::addColumn<int>("dayCount");
    QTest::newRow("first years AD") << QDate(1, 1, 1) << 800;
    QTest::newRow("gregorian switch") << QDate(1582, 1, 1) << 800;
    QTest::newRow("1600 to 2400") << QDate(1600, 1, 1) << 292200;
    QTest::newRow("around the epoch") << QDate(1969, 12, 1) << 62;
    QTest::newRow("far future") << QDate(9990, 1, 1) << 3650;
}

void TestValueParser::civilRoundTripAgainstQDate() {
    QFETCH(QDate, from);
    QFETCH(int, dayCount);
    for (int offset = 0; offset < dayCount; ++offset) {
        const QDate date = from.addDays(offset);
        const std::int32_t days = daysFromCivil(date.year(), date.month(), date.day());
        if (days != qDateDays(date)) {
            QFAIL(qPrintable(QStringLiteral("daysFromCivil(%1) = %2, QDate says %3")
                                 .arg(date.toString(Qt::ISODate))
                                 .arg(days)
                                 .arg(qDateDays(date))));
        }
        int year = 0;
        int month = 0;
        int day = 0;
        civilFromDays(days, year, month, day);
        if (QDate(year, month, day) != date) {
            QFAIL(qPrintable(QStringLiteral("civilFromDays(%1) = %2-%3-%4, expected %5")
                                 .arg(days)
                                 .arg(year)
                                 .arg(month)
                                 .arg(day)
                                 .arg(date.toString(Qt::ISODate))));
        }
    }
}

void TestValueParser::weekday_data() {
    QTest::addColumn<QDate>("date");
    for (const QDate& date :
         {QDate(1970, 1, 1), QDate(1969, 12, 29), QDate(2024, 3, 4), QDate(2024, 3, 10),
          QDate(2000, 2, 29), QDate(1, 1, 1), QDate(1900, 1, 1), QDate(9999, 12, 31)}) {
        QTest::newRow(qPrintable(date.toString(Qt::ISODate))) << date;
    }
}

void TestValueParser::weekday() {
    QFETCH(QDate, date);
    // QDate numbers Monday 1 .. Sunday 7.
    QCOMPARE(weekdayMondayZero(qDateDays(date)), date.dayOfWeek() - 1);
}

void TestValueParser::isoFormatting_data() {
    QTest::addColumn<QDateTime>("moment");
    QTest::newRow("epoch") << QDateTime(QDate(1970, 1, 1), QTime(0, 0), Qt::UTC);
    QTest::newRow("afternoon") << QDateTime(QDate(2024, 3, 5), QTime(14, 30, 15), Qt::UTC);
    QTest::newRow("last second of a leap year")
        << QDateTime(QDate(2024, 12, 31), QTime(23, 59, 59), Qt::UTC);
    QTest::newRow("early year") << QDateTime(QDate(987, 6, 7), QTime(1, 2, 3), Qt::UTC);
}

void TestValueParser::isoFormatting() {
    QFETCH(QDateTime, moment);
    const std::int32_t days = qDateDays(moment.date());
    const std::int32_t seconds = QTime(0, 0).secsTo(moment.time());
    QCOMPARE(formatIsoDate(days), moment.date().toString(QStringLiteral("yyyy-MM-dd")));
    QCOMPARE(formatIsoDateTime(days, seconds),
             moment.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")));
    // And back through the parser.
    const std::string text = formatIsoDateTime(days, seconds).toStdString();
    const std::optional<DateTimeValue> parsed = parseDateTime(text, DateOrder::Iso);
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->days, days);
    QCOMPARE(parsed->seconds, seconds);
}

QTEST_GUILESS_MAIN(TestValueParser)
#include "tst_valueparser.moc"
