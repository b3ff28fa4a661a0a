#include "data/HeaderedCsv.h"

#include "common/Error.h"
#include "data/ValueParser.h"

#include <cmath>

namespace mb::data {

HeaderedCsv::HeaderedCsv(const QString& path) : path_(path) {
    QString openError;
    file_ = InputFile::open(path, &openError);
    if (!file_)
        throw Error(QStringLiteral("%1: cannot read: %2").arg(path, openError));
    reader_ = std::make_unique<CsvReader>(file_->device(), CsvDialect{});
    if (!reader_->next(record_)) {
        throwSyntaxError();
        throw Error(QStringLiteral("%1:1:1: the file is empty (no header row)").arg(path_));
    }
    for (const std::string& name : record_.fields)
        header_.append(QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()))
                           .trimmed()
                           .toLower());
}

void HeaderedCsv::throwSyntaxError() const {
    if (const CsvSyntaxError* error = reader_->error())
        throw Error(QStringLiteral("%1:%2:%3: %4")
                        .arg(path_)
                        .arg(error->position.line)
                        .arg(error->position.column)
                        .arg(error->message));
}

int HeaderedCsv::column(const QString& name, bool required) const {
    const auto index = header_.indexOf(name.trimmed().toLower());
    if (index < 0 && required)
        throw Error(QStringLiteral("%1:1:1: missing column (%2)").arg(path_, name));
    return static_cast<int>(index);
}

bool HeaderedCsv::next() {
    if (!reader_->next(record_)) {
        throwSyntaxError();
        return false;
    }
    if (record_.fields.size() < static_cast<std::size_t>(header_.size()))
        throw Error(QStringLiteral("%1:%2:1: expected %3 fields, found %4 (%5)")
                        .arg(path_)
                        .arg(record_.line)
                        .arg(header_.size())
                        .arg(record_.fields.size())
                        .arg(record_.fields.size()));
    return true;
}

std::string_view HeaderedCsv::field(int column) const {
    return record_.fields[static_cast<std::size_t>(column)];
}

void HeaderedCsv::fail(int column, const QString& message) const {
    const std::string& value = record_.fields[static_cast<std::size_t>(column)];
    const TextPosition& position = record_.positions[static_cast<std::size_t>(column)];
    throw Error(
        QStringLiteral("%1:%2:%3: %4 (%5)")
            .arg(path_)
            .arg(position.line)
            .arg(position.column)
            .arg(message, QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size()))));
}

double HeaderedCsv::number(int column, const char* what) const {
    const std::optional<double> value = parseNumber(field(column), NumberFormat{});
    if (!value || !std::isfinite(*value))
        fail(column, QStringLiteral("%1 is not a number").arg(QLatin1String(what)));
    return *value;
}

bool HeaderedCsv::flag(int column, const char* what) const {
    const std::optional<bool> value = parseFlag(field(column));
    if (!value)
        fail(column, QStringLiteral("%1 is not 0 or 1").arg(QLatin1String(what)));
    return *value;
}

}  // namespace mb::data
