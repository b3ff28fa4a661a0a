#include "targeting/TargetingCsv.h"

#include "common/Error.h"
#include "data/ValueParser.h"

#include <cmath>

namespace mb::targeting {

TargetingCsv::TargetingCsv(const QString& path) : path_(path) {
    QString openError;
    file_ = data::InputFile::open(path, &openError);
    if (!file_)
        throw Error(QStringLiteral("%1: cannot read: %2").arg(path, openError));
    reader_ = std::make_unique<data::CsvReader>(file_->device(), data::CsvDialect{});
    if (!reader_->next(record_)) {
        if (const data::CsvSyntaxError* error = reader_->error())
            throw Error(QStringLiteral("%1:%2:%3: %4")
                            .arg(path_)
                            .arg(error->position.line)
                            .arg(error->position.column)
                            .arg(error->message));
        throw Error(QStringLiteral("%1:1:1: the file is empty (no header row)").arg(path_));
    }
    for (const std::string& name : record_.fields)
        header_.append(QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()))
                           .trimmed()
                           .toLower());
}

int TargetingCsv::column(const QString& name, bool required) const {
    const auto index = header_.indexOf(name.trimmed().toLower());
    if (index < 0 && required)
        throw Error(QStringLiteral("%1:1:1: missing column (%2)").arg(path_, name));
    return static_cast<int>(index);
}

bool TargetingCsv::next() {
    if (!reader_->next(record_)) {
        if (const data::CsvSyntaxError* error = reader_->error())
            throw Error(QStringLiteral("%1:%2:%3: %4")
                            .arg(path_)
                            .arg(error->position.line)
                            .arg(error->position.column)
                            .arg(error->message));
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

std::string_view TargetingCsv::field(int column) const {
    return record_.fields[static_cast<std::size_t>(column)];
}

void TargetingCsv::fail(int column, const QString& message) const {
    const std::string& value = record_.fields[static_cast<std::size_t>(column)];
    const data::TextPosition& position = record_.positions[static_cast<std::size_t>(column)];
    throw Error(
        QStringLiteral("%1:%2:%3: %4 (%5)")
            .arg(path_)
            .arg(position.line)
            .arg(position.column)
            .arg(message, QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size()))));
}

double TargetingCsv::number(int column, const char* what) const {
    const std::optional<double> value = data::parseNumber(field(column), data::NumberFormat{});
    if (!value || !std::isfinite(*value))
        fail(column, QStringLiteral("%1 is not a number").arg(QLatin1String(what)));
    return *value;
}

bool TargetingCsv::flag(int column, const char* what) const {
    const std::optional<bool> value = data::parseFlag(field(column));
    if (!value)
        fail(column, QStringLiteral("%1 is not 0 or 1").arg(QLatin1String(what)));
    return *value;
}

}  // namespace mb::targeting
