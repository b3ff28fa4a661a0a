#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QSaveFile>
#include <QString>
#include <QStringList>
#include <functional>

namespace mb::exporting {

// Makes a field safe to open in a spreadsheet: a leading = + - @ tab or CR gets a single quote
// in front so it is never read as a formula (OWASP, "CSV Injection").
QString spreadsheetSafe(const QString& field);

// A text field made spreadsheet-safe, then quoted per RFC 4180 when it holds a comma, a quote or
// a line break (quotes doubled).
QByteArray csvText(const QString& field);
// A number as written to CSV: the shortest text that reads back as the same double; empty for
// NaN or infinity. Numbers are never quote-prefixed, so -3 stays a number.
QByteArray csvNumber(double value);

// One CSV row built field by field, each typed so numbers stay numbers and text stays safe.
class CsvRow {
public:
    CsvRow& text(const QString& value);
    CsvRow& number(double value);
    CsvRow& integer(qint64 value);
    CsvRow& flag(bool value);  // 1 or 0
    CsvRow& empty();

    const QByteArray& bytes() const { return bytes_; }
    int fieldCount() const { return fields_; }
    void clear();

private:
    void separate();
    QByteArray bytes_;
    int fields_ = 0;
};

// Writes a CSV file atomically (QSaveFile: nothing changes at the path until commit()); lines
// end in \n. Errors throw mb::Error naming the path.
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
    QByteArray buffer_;
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
