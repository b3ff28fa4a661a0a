#pragma once

#include <QString>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace mb::layout {

// Appends one RFC 4180 text field. A field starting with = + - @ tab or CR gets a leading single
// quote, so a spreadsheet shows it as text instead of running it as a formula.
void appendCsvText(std::string& row, std::string_view text);
// Shortest text that reads back as the same double; "Inf", "-Inf" and "NA" as R writes them.
void appendCsvNumber(std::string& row, double value);
void appendCsvInteger(std::string& row, std::uint64_t value);

// Writes rows through QSaveFile, so a file is either complete or absent. Throws mb::Error.
class CsvFileWriter {
public:
    explicit CsvFileWriter(const QString& path);
    ~CsvFileWriter();
    CsvFileWriter(const CsvFileWriter&) = delete;
    CsvFileWriter& operator=(const CsvFileWriter&) = delete;

    void writeRow(std::string& row);  // appends CRLF, writes, and clears the row
    void commit();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

}  // namespace mb::layout
