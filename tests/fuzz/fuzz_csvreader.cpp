// libFuzzer target for the CSV reader and the value parsers. The first input byte picks the
// dialect and the chunk size, so chunk boundaries land everywhere; the rest is the file.
#include "data/CsvReader.h"
#include "data/ValueParser.h"

#include <QBuffer>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace mb::data;

namespace {

// Invariant violations abort, so libFuzzer records the input as a crash.
#define FUZZ_CHECK(condition)                                                                  \
    do {                                                                                       \
        if (!(condition)) {                                                                    \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                      \
        }                                                                                      \
    } while (false)

void checkValueParsers(const std::string& field) {
    (void)isMissing(field);
    for (const NumberFormat format :
         {NumberFormat{}, NumberFormat{true, '.'}, NumberFormat{false, ','},
          NumberFormat{true, ' '}, NumberFormat{false, '\''}}) {
        if (const std::optional<double> number = parseNumber(field, format)) {
            FUZZ_CHECK(std::isfinite(*number));
        }
    }
    (void)parseFlag(field);
    for (const DateOrder order :
         {DateOrder::Auto, DateOrder::Iso, DateOrder::DayMonthYear, DateOrder::MonthDayYear}) {
        const std::optional<DateTimeValue> value = parseDateTime(field, order);
        if (!value) {
            continue;
        }
        FUZZ_CHECK(value->seconds >= 0 && value->seconds < 86400);
        FUZZ_CHECK(value->hasTime || value->seconds == 0);
        int year = 0;
        int month = 0;
        int day = 0;
        civilFromDays(value->days, year, month, day);
        FUZZ_CHECK(daysFromCivil(year, month, day) == value->days);
        const int weekday = weekdayMondayZero(value->days);
        FUZZ_CHECK(weekday >= 0 && weekday < 7);
        // What we print we must read back as the same moment.
        const std::string printed = formatIsoDateTime(value->days, value->seconds).toStdString();
        const std::optional<DateTimeValue> again = parseDateTime(printed, DateOrder::Iso);
        FUZZ_CHECK(again && again->days == value->days && again->seconds == value->seconds);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    static constexpr char delimiters[] = {0, ',', ';', '\t', '|', 0, ',', ';'};
    const char delimiter = delimiters[data[0] & 7];
    const int chunkSize = data[0] >> 3;  // 0 = the reader's default
    const QByteArray input(reinterpret_cast<const char*>(data + 1),
                           static_cast<qsizetype>(size - 1));

    QBuffer buffer;
    buffer.setData(input);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer, CsvDialect{delimiter, '"'});
    if (chunkSize > 0) {
        reader.setChunkSize(chunkSize);
    }
    QByteArray observed;
    reader.setRawDataObserver([&observed](const char* bytes, std::int64_t count) {
        observed.append(bytes, static_cast<qsizetype>(count));
    });

    CsvRecord record;
    std::int64_t previousLastLine = 0;
    std::vector<std::string> dateSamples;
    while (reader.next(record)) {
        FUZZ_CHECK(!record.fields.empty());
        FUZZ_CHECK(record.fields.size() == record.positions.size());
        FUZZ_CHECK(record.line > previousLastLine);
        FUZZ_CHECK(record.positions.front().line == record.line);
        TextPosition previous{record.line, 0};
        for (std::size_t i = 0; i < record.fields.size(); ++i) {
            const TextPosition at = record.positions[i];
            FUZZ_CHECK(at.column >= 1);
            FUZZ_CHECK(at.line > previous.line ||
                       (at.line == previous.line && at.column > previous.column));
            previous = at;
            checkValueParsers(record.fields[i]);
            if (dateSamples.size() < 32) {
                dateSamples.push_back(record.fields[i]);
            }
        }
        previousLastLine = previous.line;
        FUZZ_CHECK(reader.bytesConsumed() <= input.size());
    }
    (void)detectDateOrder(dateSamples);

    if (const CsvSyntaxError* error = reader.error()) {
        FUZZ_CHECK(error->position.line >= 1 && error->position.column >= 1);
        FUZZ_CHECK(!error->message.isEmpty());
        FUZZ_CHECK(input.startsWith(observed));
    } else {
        FUZZ_CHECK(observed == input);
        FUZZ_CHECK(reader.bytesConsumed() == input.size());
    }
    const char detected = CsvReader::detectDelimiter(input);
    FUZZ_CHECK(detected == ',' || detected == ';' || detected == '\t' || detected == '|');
    return 0;
}
