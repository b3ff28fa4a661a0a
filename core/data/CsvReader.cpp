#include "data/CsvReader.h"

#include <QIODevice>
#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <map>
#include <optional>

namespace mb::data {

namespace {

constexpr std::int64_t kDefaultChunkBytes = 1 << 20;
constexpr std::int64_t kSampleBytes = 64 * 1024;
constexpr std::int64_t kSmallBufferBytes = 4096;
constexpr char kByteOrderMark[] = "\xEF\xBB\xBF";
constexpr qint64 kByteOrderMarkSize = 3;
// A sequential device (pipe, socket) may have nothing yet without being at its end.
constexpr int kSequentialWaitMs = 30000;

inline std::int32_t clampColumn(std::int64_t column) {
    return static_cast<std::int32_t>(
        std::min<std::int64_t>(column, std::numeric_limits<std::int32_t>::max()));
}

inline bool isLineEnd(char c) {
    return c == '\n' || c == '\r';
}

// What the scanner must stop at; plain bytes are skipped with one table look-up each.
enum ByteClass : std::uint8_t { kPlain = 0, kStop = 1, kNonAscii = 2 };
using ByteClasses = std::array<std::uint8_t, 256>;

ByteClasses byteClasses(char stop, bool singleByteCharacters) {
    ByteClasses classes{};
    for (int byte = 0x80; byte < 0x100; ++byte) {
        classes[byte] = singleByteCharacters ? kPlain : kNonAscii;
    }
    classes['\n'] = kStop;
    classes['\r'] = kStop;
    classes[static_cast<unsigned char>(stop)] = kStop;
    return classes;
}

// Advances p to the first stop byte (or end) and returns how many characters it passed;
// the UTF-8 continuation bytes are counted only in the rare non-ASCII text.
inline std::int64_t scanTo(const char*& p, const char* end, const ByteClasses& classes) {
    const char* begin = p;
    std::int64_t continuationBytes = 0;
    for (;;) {
        while (p != end && classes[static_cast<unsigned char>(*p)] == kPlain) {
            ++p;
        }
        if (p == end || classes[static_cast<unsigned char>(*p)] != kNonAscii) {
            break;
        }
        continuationBytes += (static_cast<unsigned char>(*p) & 0xC0) == 0x80;
        ++p;
    }
    return (p - begin) - continuationBytes;
}

// Field counts of the records in a sample under one candidate delimiter; -1 marks a record that
// is malformed under it (text after a closing quote), so it counts against the candidate.
std::vector<int> fieldCountsPerRecord(const char* begin, const char* end, char delimiter,
                                      char quote) {
    enum class State { FieldStart, Unquoted, Quoted, AfterQuote };
    std::vector<int> counts;
    State state = State::FieldStart;
    int fields = 1;
    bool hasText = false;
    bool malformed = false;
    bool terminated = true;
    auto finishRecord = [&] {
        if (hasText) {
            counts.push_back(malformed ? -1 : fields);
        }
        fields = 1;
        hasText = false;
        malformed = false;
        state = State::FieldStart;
    };
    for (const char* p = begin; p != end; ++p) {
        const char c = *p;
        switch (state) {
            case State::Quoted:
                if (c == quote) {
                    state = State::AfterQuote;
                }
                break;
            case State::AfterQuote:
                if (c == quote) {
                    state = State::Quoted;
                } else if (c == delimiter) {
                    ++fields;
                    state = State::FieldStart;
                } else if (isLineEnd(c)) {
                    finishRecord();
                } else {
                    malformed = true;
                    state = State::Unquoted;
                }
                break;
            case State::FieldStart:
            case State::Unquoted:
                if (c == delimiter) {
                    ++fields;
                    hasText = true;
                    state = State::FieldStart;
                } else if (isLineEnd(c)) {
                    finishRecord();
                } else {
                    hasText = true;
                    state = (c == quote && quote != 0 && state == State::FieldStart)
                                ? State::Quoted
                                : State::Unquoted;
                }
                break;
        }
        terminated = isLineEnd(c) && state == State::FieldStart;
    }
    // A sample usually stops mid-record; its tail counts only when it is all there is.
    if (!terminated && hasText && state != State::Quoted && counts.empty()) {
        counts.push_back(malformed ? -1 : fields);
    }
    return counts;
}

}  // namespace

struct CsvReader::Impl {
    QIODevice* device = nullptr;
    CsvDialect dialect;
    bool quoting = true;
    ByteClasses unquotedStops{};  // delimiter and line ends
    ByteClasses quotedStops{};    // quote and line ends (counted as lines inside the field)
    std::int64_t chunkBytes = kDefaultChunkBytes;
    std::function<void(const char*, std::int64_t)> observer;

    std::vector<char> buffer;
    const char* p = nullptr;        // next unread byte in buffer
    const char* end = nullptr;      // end of the bytes read into buffer
    std::int64_t bufferOffset = 0;  // file offset of buffer[0]
    bool started = false;
    bool exhausted = false;

    std::int64_t line = 1;
    std::int64_t column = 1;
    std::optional<CsvSyntaxError> error;

    std::int64_t readDevice(char* into, std::int64_t maxBytes);
    void start();
    bool refill();
    void newLine() {
        ++line;
        column = 1;
    }
    void skipLineFeedAfterCarriageReturn();
    std::string& fieldSlot(CsvRecord& record, std::size_t index);
    void readUnquoted(std::string& field);
    bool readQuoted(std::string& field);
    bool readRecord(CsvRecord& record);
};

std::int64_t CsvReader::Impl::readDevice(char* into, std::int64_t maxBytes) {
    for (;;) {
        const qint64 n = device->read(into, maxBytes);
        if (n > 0) {
            if (observer) {
                observer(into, n);
            }
            return n;
        }
        if (n < 0) {
            error = CsvSyntaxError{
                {line, clampColumn(column)},
                QStringLiteral("could not read the file: %1").arg(device->errorString())};
            exhausted = true;
            return 0;
        }
        if (!device->isSequential() || device->atEnd() ||
            !device->waitForReadyRead(kSequentialWaitMs)) {
            exhausted = true;
            return 0;
        }
    }
}

void CsvReader::Impl::start() {
    started = true;
    // Detection wants a sample of the file and the byte-order mark check wants three bytes; a
    // device may hand them out in smaller pieces than asked for.
    std::int64_t wanted = dialect.delimiter == 0 ? kSampleBytes : kByteOrderMarkSize;
    std::int64_t bufferBytes = std::max(chunkBytes, wanted);
    if (!device->isSequential()) {
        // A small file needs no mebibyte buffer (a preview opens readers on many small files);
        // the floor keeps a device that under-reports its size from being read byte by byte.
        bufferBytes = std::min(bufferBytes,
                               std::max<std::int64_t>(device->bytesAvailable(), kSmallBufferBytes));
        wanted = std::min(wanted, bufferBytes);
    }
    buffer.resize(static_cast<std::size_t>(bufferBytes));
    std::int64_t filled = 0;
    while (filled < wanted && !exhausted) {
        filled +=
            readDevice(buffer.data() + filled, static_cast<std::int64_t>(buffer.size()) - filled);
    }
    p = buffer.data();
    end = p + filled;
    if (filled >= kByteOrderMarkSize && std::memcmp(p, kByteOrderMark, kByteOrderMarkSize) == 0) {
        p += kByteOrderMarkSize;
    }
    if (dialect.delimiter == 0) {
        const auto sampleSize =
            static_cast<qsizetype>(std::min<std::int64_t>(end - p, kSampleBytes));
        dialect.delimiter = detectDelimiter(QByteArray::fromRawData(p, sampleSize), dialect.quote);
    }
    unquotedStops = byteClasses(dialect.delimiter, dialect.singleByteCharacters);
    quotedStops = byteClasses(quoting ? dialect.quote : '\n', dialect.singleByteCharacters);
}

bool CsvReader::Impl::refill() {
    if (exhausted) {
        return false;
    }
    bufferOffset += end - buffer.data();
    const std::int64_t n =
        readDevice(buffer.data(), std::min(chunkBytes, static_cast<std::int64_t>(buffer.size())));
    p = buffer.data();
    end = p + n;
    return n > 0;
}

void CsvReader::Impl::skipLineFeedAfterCarriageReturn() {
    if (p == end) {
        refill();
    }
    if (p != end && *p == '\n') {
        ++p;
    }
}

std::string& CsvReader::Impl::fieldSlot(CsvRecord& record, std::size_t index) {
    // Reusing the strings of the previous record keeps their capacity: no allocation per field.
    if (index < record.fields.size()) {
        std::string& field = record.fields[index];
        field.clear();
        return field;
    }
    return record.fields.emplace_back();
}

void CsvReader::Impl::readUnquoted(std::string& field) {
    for (;;) {
        const char* begin = p;
        column += scanTo(p, end, unquotedStops);
        field.append(begin, p);
        if (p != end || !refill()) {
            return;
        }
    }
}

bool CsvReader::Impl::readQuoted(std::string& field) {
    const char quote = dialect.quote;
    const TextPosition opening{line, clampColumn(column)};
    ++p;
    ++column;
    for (;;) {
        const char* begin = p;
        column += scanTo(p, end, quotedStops);
        field.append(begin, p);
        if (p == end) {
            if (!refill()) {
                if (!error) {
                    error = CsvSyntaxError{opening, QStringLiteral("unterminated quoted field")};
                }
                return false;
            }
            continue;
        }
        const char c = *p++;
        if (c == '\n') {
            field.push_back(c);
            newLine();
            continue;
        }
        if (c == '\r') {
            field.push_back(c);
            if (p == end) {
                refill();
            }
            if (p != end && *p == '\n') {
                field.push_back('\n');
                ++p;
            }
            newLine();
            continue;
        }
        ++column;  // the quote just read
        if (p == end && !refill()) {
            return !error;
        }
        if (*p == quote) {
            field.push_back(quote);
            ++p;
            ++column;
            continue;
        }
        if (*p == dialect.delimiter || isLineEnd(*p)) {
            return true;
        }
        error = CsvSyntaxError{{line, clampColumn(column)},
                               QStringLiteral("unexpected character after closing quote")};
        return false;
    }
}

bool CsvReader::Impl::readRecord(CsvRecord& record) {
    if (!started) {
        start();
    }
    if (error) {
        return false;
    }
    for (;;) {  // blank lines are not records
        if (p == end && !refill()) {
            return false;
        }
        if (*p == '\n') {
            ++p;
            newLine();
        } else if (*p == '\r') {
            ++p;
            skipLineFeedAfterCarriageReturn();
            newLine();
        } else {
            break;
        }
    }
    record.line = line;
    record.positions.clear();
    std::size_t count = 0;
    for (;;) {
        std::string& field = fieldSlot(record, count++);
        record.positions.push_back({line, clampColumn(column)});
        if (p == end && !refill()) {
            break;  // an empty last field after a trailing delimiter at the end of input
        }
        if (quoting && *p == dialect.quote) {
            if (!readQuoted(field)) {
                break;
            }
        } else {
            readUnquoted(field);
        }
        if (p == end) {
            break;  // readers refill before stopping at the end of a chunk: end of input
        }
        const char c = *p++;
        if (c == dialect.delimiter) {
            ++column;
            continue;
        }
        if (c == '\r') {
            skipLineFeedAfterCarriageReturn();
        }
        newLine();
        break;
    }
    if (record.fields.size() > count) {
        record.fields.resize(count);
    }
    return !error;
}

CsvReader::CsvReader(QIODevice* device, CsvDialect dialect) : d(std::make_unique<Impl>()) {
    d->device = device;
    d->dialect = dialect;
    // A quote or delimiter that is a line end could never be told apart from one.
    d->quoting = dialect.quote != 0 && !isLineEnd(dialect.quote);
    if (isLineEnd(dialect.delimiter) || (d->quoting && dialect.delimiter == dialect.quote)) {
        d->dialect.delimiter = 0;
    }
    if (!d->quoting) {
        d->dialect.quote = 0;
    }
}

CsvReader::~CsvReader() = default;

bool CsvReader::next(CsvRecord& record) {
    if (d->device == nullptr) {
        return false;
    }
    return d->readRecord(record);
}

const CsvSyntaxError* CsvReader::error() const {
    return d->error ? &*d->error : nullptr;
}

char CsvReader::delimiter() const {
    if (!d->started && d->device != nullptr) {
        d->start();
    }
    return d->dialect.delimiter == 0 ? ',' : d->dialect.delimiter;
}

std::int64_t CsvReader::bytesConsumed() const {
    return d->started ? d->bufferOffset + (d->p - d->buffer.data()) : 0;
}

void CsvReader::setRawDataObserver(std::function<void(const char*, std::int64_t)> observer) {
    const bool replay = !d->observer && d->started && d->bufferOffset == 0;
    d->observer = std::move(observer);
    if (replay && d->observer && d->end != d->buffer.data()) {
        d->observer(d->buffer.data(), d->end - d->buffer.data());
    }
}

void CsvReader::setChunkSize(std::int64_t bytes) {
    if (!d->started) {
        d->chunkBytes = std::max<std::int64_t>(bytes, 1);
    }
}

char CsvReader::detectDelimiter(const QByteArray& sample, char quote) {
    const char* begin = sample.constData();
    const char* end = begin + sample.size();
    if (sample.startsWith(kByteOrderMark)) {
        begin += kByteOrderMarkSize;
    }
    constexpr char candidates[] = {',', ';', '\t', '|'};
    char best = ',';
    double bestConsistency = 0.0;
    for (const char candidate : candidates) {
        const std::vector<int> counts = fieldCountsPerRecord(begin, end, candidate, quote);
        if (counts.empty()) {
            continue;
        }
        // The most frequent count is the file's width; on a tie the header's count wins.
        std::map<int, int> frequency;
        for (const int count : counts) {
            ++frequency[count];
        }
        int width = counts.front();
        for (const auto& [count, times] : frequency) {
            if (times > frequency[width]) {
                width = count;
            }
        }
        if (width <= 1) {
            continue;
        }
        const double consistency = static_cast<double>(frequency[width]) / counts.size();
        if (consistency > bestConsistency) {
            bestConsistency = consistency;
            best = candidate;
        }
    }
    return best;
}

}  // namespace mb::data
