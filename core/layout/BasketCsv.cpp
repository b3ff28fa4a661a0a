#include "layout/BasketCsv.h"

#include "common/Error.h"

#include <QSaveFile>
#include <charconv>
#include <cmath>

namespace mb::layout {

void appendCsvText(std::string& row, std::string_view text) {
    if (!row.empty())
        row += ',';
    const bool formula =
        !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
    const bool quoted = formula || text.find_first_of(",\"\r\n;") != std::string_view::npos;
    if (quoted)
        row += '"';
    if (formula)
        row += '\'';
    for (const char c : text) {
        if (c == '"')
            row += '"';
        row += c;
    }
    if (quoted)
        row += '"';
}

void appendCsvNumber(std::string& row, double value) {
    if (!row.empty())
        row += ',';
    if (std::isnan(value)) {
        row += "NA";
        return;
    }
    if (std::isinf(value)) {
        row += value > 0 ? "Inf" : "-Inf";
        return;
    }
    char buffer[32];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
    row.append(buffer, written.ptr);
}

void appendCsvInteger(std::string& row, std::uint64_t value) {
    if (!row.empty())
        row += ',';
    char buffer[24];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
    row.append(buffer, written.ptr);
}

struct CsvFileWriter::Impl {
    QSaveFile file;
    std::string buffer;
};

CsvFileWriter::CsvFileWriter(const QString& path) : d(std::make_unique<Impl>()) {
    d->file.setFileName(path);
    if (!d->file.open(QIODevice::WriteOnly))
        throw Error(QStringLiteral("%1: cannot write: %2").arg(path, d->file.errorString()));
}

CsvFileWriter::~CsvFileWriter() {
    if (d->file.isOpen())
        d->file.cancelWriting();
}

void CsvFileWriter::writeRow(std::string& row) {
    d->buffer += row;
    d->buffer += "\r\n";
    row.clear();
    if (d->buffer.size() >= (1u << 20)) {
        if (d->file.write(d->buffer.data(), qint64(d->buffer.size())) != qint64(d->buffer.size()))
            throw Error(QStringLiteral("%1: %2").arg(d->file.fileName(), d->file.errorString()));
        d->buffer.clear();
    }
}

void CsvFileWriter::commit() {
    if (d->file.write(d->buffer.data(), qint64(d->buffer.size())) != qint64(d->buffer.size()) ||
        !d->file.commit())
        throw Error(QStringLiteral("%1: %2").arg(d->file.fileName(), d->file.errorString()));
    d->buffer.clear();
}

}  // namespace mb::layout
