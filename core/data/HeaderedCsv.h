#pragma once

#include "data/CsvReader.h"
#include "data/InputFile.h"

#include <QString>
#include <memory>
#include <optional>
#include <string_view>

namespace mb::data {

// A delimited file with a header row, streamed record by record, whose problems are reported as
// file:line:column: message (value) through mb::Error so a command can stop at the first one.
class HeaderedCsv {
public:
    explicit HeaderedCsv(const QString& path);  // throws mb::Error: unreadable, no header

    // Column index by header name (case-insensitive, trimmed); -1 when absent and optional.
    int column(const QString& name, bool required) const;

    bool next();  // false at the end; throws on a syntax error or a short record
    std::string_view field(int column) const;
    double number(int column, const char* what) const;  // finite decimal number or throws
    bool flag(int column, const char* what) const;      // 0/1, true/false, yes/no or throws
    [[noreturn]] void fail(int column, const QString& message) const;

private:
    void throwSyntaxError() const;  // when the reader stopped at a syntax error

    QString path_;
    std::unique_ptr<InputFile> file_;
    std::unique_ptr<CsvReader> reader_;
    CsvRecord record_;
    QStringList header_;
};

}  // namespace mb::data
