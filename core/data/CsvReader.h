#pragma once

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

class QIODevice;

namespace mb::data {

// Where a field starts, as an editor shows it: 1-based line and 1-based column counted in
// characters (UTF-8 code points, a tab counts as one), after the byte-order mark is removed.
struct TextPosition {
    std::int64_t line = 0;
    std::int32_t column = 0;
};

// One record. A record may span lines (quoted embedded newlines); each field keeps the position
// where it starts, so an error in that field is reported where the user will find it.
struct CsvRecord {
    std::vector<std::string> fields;  // unquoted, doubled quotes collapsed, bytes as in the file
    std::vector<TextPosition> positions;
    std::int64_t line = 0;  // line where the record starts
    void clear() {
        fields.clear();
        positions.clear();
    }
};

struct CsvDialect {
    char delimiter = 0;  // 0 = detect among ',', ';', '\t' (and '|')
    char quote = '"';
    bool singleByteCharacters = false;  // ISO-8859-1: every byte is one character (column counts)
};

// A malformed file (an unterminated quote, text after a closing quote). The reader stops there.
struct CsvSyntaxError {
    TextPosition position;
    QString message;
};

// Streams RFC 4180 text from a device in fixed-size chunks: memory does not grow with the file.
// Accepts CRLF, LF and lone CR line ends, a UTF-8 byte-order mark, quoted fields with embedded
// delimiters, quotes and newlines. Blank lines are skipped (they are not records).
class CsvReader {
public:
    // The device must be open for reading; the reader does not own it.
    CsvReader(QIODevice* device, CsvDialect dialect);
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    // Reads the next record into `record`. Returns false at the end of input or on a syntax
    // error; check error() to tell which.
    bool next(CsvRecord& record);
    const CsvSyntaxError* error() const;

    char delimiter() const;              // the one in use (detected or given)
    std::int64_t bytesConsumed() const;  // for progress
    // Every byte read from the device, including the BOM, for fingerprinting the file. Set it
    // before the first next() or delimiter(); bytes already read are replayed to it while they
    // are all still in the first chunk.
    void setRawDataObserver(std::function<void(const char*, std::int64_t)> observer);
    // How many bytes each read asks the device for (default 1 MiB). Tests use tiny chunks to
    // put quotes and line ends on chunk boundaries; call it before the first next().
    void setChunkSize(std::int64_t bytes);

    // Picks the delimiter whose per-line field count is most consistent (and > 1) over a sample
    // of the file's first lines; quotes are respected. Returns ',' when nothing fits.
    static char detectDelimiter(const QByteArray& sample, char quote = '"');

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

}  // namespace mb::data
