#pragma once

#include <QSaveFile>
#include <QString>
#include <string>
#include <string_view>

namespace mb::data::demo {

// Streams one CSV file through a large buffer into a QSaveFile, so a file is either complete
// or absent and generating a million rows never holds them in memory. Numbers are written with
// fixed decimals by integer arithmetic, never through the locale.
class CsvSink {
public:
    explicit CsvSink(const QString& path);  // throws mb::Error when the file cannot be opened
    ~CsvSink();
    CsvSink(const CsvSink&) = delete;
    CsvSink& operator=(const CsvSink&) = delete;

    CsvSink& text(std::string_view value);  // appends a field; the caller keeps commas out
    CsvSink& integer(long long value);
    CsvSink& fixed(double value, int decimals);
    CsvSink& flag(bool value) { return integer(value ? 1 : 0); }
    CsvSink& empty();
    void endRow();

    long long rows() const { return rows_; }  // rows ended so far, the header included
    QString path() const { return file_.fileName(); }
    void commit();  // throws mb::Error on a write failure

private:
    void separate();
    void flushBuffer();

    QSaveFile file_;
    std::string buffer_;
    bool atRowStart_ = true;
    long long rows_ = 0;
};

// The same fixed-decimal text CsvSink writes, for names and tests.
std::string formatFixed(double value, int decimals);

}  // namespace mb::data::demo
