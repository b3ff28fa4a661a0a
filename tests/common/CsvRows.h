// Reads a CSV file that a command wrote into rows of header -> value, with the project's own
// reader, for the tests that check exports.
#pragma once

#include "data/CsvReader.h"

#include <QFile>
#include <QHash>
#include <QList>
#include <QStringList>

namespace mbtest {

// Every line as its fields, the header first.
inline QList<QStringList> readCsvLines(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    mb::data::CsvReader reader(&file, mb::data::CsvDialect{','});
    mb::data::CsvRecord record;
    QList<QStringList> lines;
    while (reader.next(record)) {
        QStringList fields;
        for (const std::string& field : record.fields)
            fields.append(QString::fromStdString(field));
        lines.append(fields);
    }
    return lines;
}

inline QList<QHash<QString, QString>> readCsvRows(const QString& path) {
    QStringList header;
    QList<QHash<QString, QString>> rows;
    for (const QStringList& fields : readCsvLines(path)) {
        if (header.isEmpty()) {
            header = fields;
            continue;
        }
        QHash<QString, QString> row;
        for (int i = 0; i < header.size() && i < fields.size(); ++i)
            row.insert(header[i], fields[i]);
        rows.append(row);
    }
    return rows;
}

}  // namespace mbtest
