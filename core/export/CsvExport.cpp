#include "export/CsvExport.h"

#include "common/Error.h"
#include "export/OutputPaths.h"

#include <QJsonDocument>
#include <charconv>
#include <cmath>

namespace mb::exporting {

namespace {

constexpr std::size_t flushAt = 1 << 20;

[[noreturn]] void cannotWrite(const QString& path, const QString& why) {
    throw Error(QStringLiteral("%1: cannot write: %2").arg(path, writeFailureReason(path, why)));
}

// The characters a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
constexpr std::string_view kFormulaStart("=+-@\t\r");

QString formulaStart() {
    return QString::fromLatin1(kFormulaStart.data(), qsizetype(kFormulaStart.size()));
}

bool startsLikeFormula(std::string_view text) {
    return !text.empty() && kFormulaStart.find(text.front()) != std::string_view::npos;
}

// Appends one field's bytes: the formula quote when needed, RFC 4180 quoting when needed. One
// pass and bulk copies, since rules and affinity files run to millions of fields.
void appendText(std::string& out, std::string_view text) {
    const bool formula = startsLikeFormula(text);
    bool quoted = formula;
    bool hasQuote = false;
    for (const char c : text) {
        if (c == '"')
            hasQuote = true;
        else if (c == ',' || c == '\n' || c == '\r' || c == ';')
            quoted = true;
    }
    quoted = quoted || hasQuote;
    if (!quoted) {
        out += text;
        return;
    }
    out += formula ? "\"'" : "\"";
    for (std::size_t at; hasQuote && (at = text.find('"')) != std::string_view::npos;) {
        out += text.substr(0, at + 1);
        out += '"';
        text.remove_prefix(at + 1);
    }
    out += text;
    out += '"';
}

// Shortest round-trip digits; -0 is written as 0, which reads back equal.
void appendNumber(std::string& out, double value) {
    char buffer[32];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, value == 0.0 ? 0.0 : value);
    out.append(buffer, static_cast<std::size_t>(written.ptr - buffer));
}

QByteArray toBytes(const std::string& text) {
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

std::string_view utf8View(const QByteArray& utf8) {
    return {utf8.constData(), static_cast<std::size_t>(utf8.size())};
}

}  // namespace

QString spreadsheetSafe(const QString& field) {
    if (!field.isEmpty() && formulaStart().contains(field.front()))
        return QLatin1Char('\'') + field;
    return field;
}

QString fromSpreadsheetSafe(const QString& field) {
    if (field.size() >= 2 && field.front() == QLatin1Char('\'') &&
        formulaStart().contains(field[1]))
        return field.mid(1);
    return field;
}

QByteArray csvText(const QString& field) {
    std::string bytes;
    appendText(bytes, utf8View(field.toUtf8()));
    return toBytes(bytes);
}

QByteArray csvNumber(double value) {
    std::string bytes;
    if (std::isfinite(value))
        appendNumber(bytes, value);
    return toBytes(bytes);
}

CsvRow& CsvRow::text(const QString& value) {
    separate();
    appendText(bytes_, utf8View(value.toUtf8()));
    return *this;
}

CsvRow& CsvRow::text(std::string_view utf8) {
    separate();
    appendText(bytes_, utf8);
    return *this;
}

CsvRow& CsvRow::number(double value) {
    separate();
    if (std::isfinite(value))
        appendNumber(bytes_, value);
    return *this;
}

CsvRow& CsvRow::numberAsR(double value) {
    separate();
    if (std::isfinite(value))
        appendNumber(bytes_, value);
    else
        bytes_ += std::isnan(value) ? "NA" : value > 0 ? "Inf" : "-Inf";
    return *this;
}

CsvRow& CsvRow::integer(qint64 value) {
    separate();
    char buffer[24];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
    bytes_.append(buffer, static_cast<std::size_t>(written.ptr - buffer));
    return *this;
}

CsvRow& CsvRow::flag(bool value) {
    separate();
    bytes_ += value ? '1' : '0';
    return *this;
}

CsvRow& CsvRow::empty() {
    separate();
    return *this;
}

void CsvRow::clear() {
    bytes_.clear();  // std::string keeps its capacity
    fields_ = 0;
}

CsvWriter::CsvWriter(const QString& path) : path_(path), file_(path) {
    if (!file_.open(QIODevice::WriteOnly))
        cannotWrite(path_, file_.errorString());
}

void CsvWriter::flush() {
    const auto size = static_cast<qint64>(buffer_.size());
    if (file_.write(buffer_.data(), size) != size)
        cannotWrite(path_, file_.errorString());
    buffer_.clear();  // std::string keeps its capacity for the next rows
}

void CsvWriter::writeRow(const CsvRow& row) {
    if (row.fieldCount() == 1 && row.bytes().empty())
        buffer_ += "\"\"";
    buffer_ += row.bytes();
    buffer_ += '\n';
    ++rows_;
    if (buffer_.size() >= flushAt)
        flush();
}

void CsvWriter::writeRow(const QStringList& textFields) {
    CsvRow row;
    for (const QString& field : textFields)
        row.text(field);
    writeRow(row);
}

void CsvWriter::commit() {
    flush();
    // QSaveFile::commit() drops an error of its last buffered write (Qt 6.4): on a full disk it
    // left an empty file and said nothing. Flushing first makes that error seen.
    if (!file_.flush() || !file_.commit())
        cannotWrite(path_, file_.errorString());
}

void writeCsv(const QString& path, const QStringList& header, qint64 rowCount,
              const std::function<void(qint64 row, CsvRow& out)>& fill) {
    CsvWriter writer(path);
    writer.writeRow(header);
    CsvRow row;
    for (qint64 i = 0; i < rowCount; ++i) {
        row.clear();
        fill(i, row);
        writer.writeRow(row);
    }
    writer.commit();
}

void writeCsv(const QString& path, const QStringList& header, const QList<QStringList>& rows) {
    writeCsv(path, header, rows.size(), [&rows](qint64 i, CsvRow& out) {
        for (const QString& field : rows[static_cast<qsizetype>(i)])
            out.text(field);
    });
}

QString parametersSidecarPath(const QString& csvPath) {
    static const QString suffix = QStringLiteral(".csv");
    if (csvPath.endsWith(suffix, Qt::CaseInsensitive))
        return csvPath.chopped(suffix.size()) + QStringLiteral(".params.json");
    return csvPath + QStringLiteral(".params.json");
}

void writeParametersSidecar(const QString& csvPath, const QJsonObject& parameters) {
    const QString path = parametersSidecarPath(csvPath);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        cannotWrite(path, file.errorString());
    const QByteArray json = QJsonDocument(parameters).toJson(QJsonDocument::Indented);
    if (file.write(json) != json.size() || !file.flush() || !file.commit())
        cannotWrite(path, file.errorString());
}

}  // namespace mb::exporting
