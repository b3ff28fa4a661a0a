#include "export/CsvExport.h"

#include "common/Error.h"

#include <QJsonDocument>
#include <QLocale>
#include <cmath>

namespace mb::exporting {

namespace {

constexpr qsizetype flushAt = 1 << 20;

[[noreturn]] void cannotWrite(const QString& path, const QString& why) {
    throw Error(QStringLiteral("%1: cannot write: %2").arg(path, why));
}

}  // namespace

QString spreadsheetSafe(const QString& field) {
    static const QString risky = QStringLiteral("=+-@\t\r");
    if (!field.isEmpty() && risky.contains(field.front()))
        return QLatin1Char('\'') + field;
    return field;
}

QByteArray csvText(const QString& field) {
    QByteArray bytes = spreadsheetSafe(field).toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') || bytes.contains('\r'))
        bytes = '"' + bytes.replace("\"", "\"\"") + '"';
    return bytes;
}

QByteArray csvNumber(double value) {
    if (!std::isfinite(value))
        return {};
    // QByteArray::number with the shortest representation reads back exactly.
    return QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
}

void CsvRow::separate() {
    if (fields_++ > 0)
        bytes_ += ',';
}

CsvRow& CsvRow::text(const QString& value) {
    separate();
    bytes_ += csvText(value);
    return *this;
}

CsvRow& CsvRow::number(double value) {
    separate();
    bytes_ += csvNumber(value);
    return *this;
}

CsvRow& CsvRow::integer(qint64 value) {
    separate();
    bytes_ += QByteArray::number(value);
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
    bytes_.clear();
    fields_ = 0;
}

CsvWriter::CsvWriter(const QString& path) : path_(path), file_(path) {
    if (!file_.open(QIODevice::WriteOnly))
        cannotWrite(path_, file_.errorString());
}

void CsvWriter::flush() {
    if (file_.write(buffer_) != buffer_.size())
        cannotWrite(path_, file_.errorString());
    buffer_.clear();
}

void CsvWriter::writeRow(const CsvRow& row) {
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
    if (!file_.commit())
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
    if (file.write(json) != json.size() || !file.commit())
        cannotWrite(path, file.errorString());
}

}  // namespace mb::exporting
