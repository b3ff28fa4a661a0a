#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QSaveFile>
#include <QString>
#include <QStringList>
#include <functional>
#include <string>
#include <string_view>

namespace mb::exporting {

// Makes a field safe to open in a spreadsheet: a leading = + - @ tab or CR gets a single quote
// in front so it is never read as a formula (OWASP, "CSV Injection").
QString spreadsheetSafe(const QString& field);
// The field as it was before spreadsheetSafe: a quote followed by = + - @ tab or CR loses the
// quote, so the tool reads its own exports back (an id that itself starts that way cannot be told
// apart, and is read without its quote).
QString fromSpreadsheetSafe(const QString& field);

// A text field made spreadsheet-safe, then quoted per RFC 4180 (quotes doubled) when it holds a
// comma, a quote, a line break or a semicolon (the separator of spreadsheets in many locales), or
// when it got the formula quote, so the quote stays part of the field wherever it is read.
QByteArray csvText(const QString& field);
// A number as written to CSV: the shortest text that reads back as the same double (std::to_chars);
// empty for NaN or infinity. Numbers are never quote-prefixed, so -3 stays a number.
QByteArray csvNumber(double value);

// One CSV row built field by field, each typed so numbers stay numbers and text stays safe.
class CsvRow {
public:
    CsvRow& text(const QString& value);
    CsvRow& text(std::string_view utf8);  // UTF-8 bytes, written without a QString round trip
    CsvRow& text(const char* utf8) { return text(std::string_view(utf8)); }
    CsvRow& number(double value);
    // NaN as NA and infinities as Inf and -Inf, as R's write.csv does, so R and the arules
    // comparison read a statistic's missing or unbounded values back.
    CsvRow& numberAsR(double value);
    CsvRow& integer(qint64 value);
    CsvRow& flag(bool value);  // 1 or 0
    CsvRow& empty();

    std::string_view bytes() const { return bytes_; }  // UTF-8
    int fieldCount() const { return fields_; }
    void clear();  // keeps the buffer, so a reused row does not allocate

private:
    void separate() {
        if (fields_++ > 0)
            bytes_ += ',';
    }
    std::string bytes_;
    int fields_ = 0;
};

// Writes a CSV file atomically (QSaveFile: nothing changes at the path until commit()); lines
// end in \n. A row of one empty field is written as "" so readers do not skip it as a blank
// line. Errors throw mb::Error naming the path.
class CsvWriter {
public:
    explicit CsvWriter(const QString& path);
    CsvWriter(const CsvWriter&) = delete;
    CsvWriter& operator=(const CsvWriter&) = delete;

    void writeRow(const CsvRow& row);
    void writeRow(const QStringList& textFields);  // every field is text
    // Without commit() the file at the path is left as it was.
    void commit();

    qint64 rowsWritten() const { return rows_; }

private:
    void flush();
    QString path_;
    QSaveFile file_;
    std::string buffer_;
    qint64 rows_ = 0;
};

// The whole file in one call: the header, then fill(row, csvRow) for row in [0, rowCount).
void writeCsv(const QString& path, const QStringList& header, qint64 rowCount,
              const std::function<void(qint64 row, CsvRow& out)>& fill);
// Every field is text.
void writeCsv(const QString& path, const QStringList& header, const QList<QStringList>& rows);

// FILE.csv -> FILE.params.json; a path without the .csv suffix gets .params.json appended.
QString parametersSidecarPath(const QString& csvPath);
// Writes the parameters that produced csvPath next to it, indented JSON, atomically.
void writeParametersSidecar(const QString& csvPath, const QJsonObject& parameters);

}  // namespace mb::exporting
