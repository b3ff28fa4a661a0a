#include "pg/DemandModelRows.h"

#include "common/Error.h"
#include "data/CsvReader.h"
#include "pg/PgConnection.h"
#include "pg/PgCopyIn.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace mb::pg {

namespace {

// The file's columns the table has as its own (the rest are in details).
const QStringList kKeyColumns{QStringLiteral("category"), QStringLiteral("product"),
                              QStringLiteral("store")};
const QStringList kValueColumns{QStringLiteral("elasticity"), QStringLiteral("elasticity_se"),
                                QStringLiteral("elasticity_shrunk"), QStringLiteral("wape_holdout"),
                                QStringLiteral("problem")};

}  // namespace

long long copyDemandModels(PgConnection& connection, const QString& csvPath, const QString& runKey,
                           int shard) {
    QFile file(csvPath);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(QStringLiteral("%1: %2").arg(csvPath, file.errorString()));
    data::CsvReader reader(&file, data::CsvDialect{',', '"', false});
    data::CsvRecord record;
    QStringList header;
    if (reader.next(record))
        for (const std::string& field : record.fields)
            header << QString::fromStdString(field);
    const auto columnOf = [&](const QString& name) {
        const qsizetype at = header.indexOf(name);
        if (at < 0)
            throw Error(QStringLiteral("%1 has no column %2").arg(csvPath, name));
        return at;
    };
    std::vector<qsizetype> keys, values;
    for (const QString& name : kKeyColumns)
        keys.push_back(columnOf(name));
    for (const QString& name : kValueColumns)
        values.push_back(columnOf(name));
    PgCopyIn copy(connection, QStringLiteral("merchbench.demand_models"),
                  QStringList{QStringLiteral("run_key"), QStringLiteral("shard")} + kKeyColumns +
                      kValueColumns + QStringList{QStringLiteral("details")});
    while (reader.next(record)) {
        QStringList cells;
        for (const std::string& field : record.fields)
            cells << QString::fromStdString(field);
        if (cells.size() != header.size())
            throw Error(QStringLiteral("%1: line %2 has %3 fields, the header %4")
                            .arg(csvPath)
                            .arg(record.line)
                            .arg(cells.size())
                            .arg(header.size()));
        QStringList row{runKey, QString::number(shard)};
        for (const qsizetype key : keys)
            // '' when the level has none: part of the key, never null.
            row << (cells[key].isEmpty() ? QStringLiteral("") : cells[key]);
        for (const qsizetype value : values)
            row << (cells[value].isEmpty() ? QString() : cells[value]);
        QJsonObject details;
        for (qsizetype c = 0; c < header.size(); ++c)
            details.insert(header[c], cells[c]);
        row << QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact));
        copy.addRow(row);
    }
    if (const data::CsvSyntaxError* error = reader.error())
        throw Error(QStringLiteral("%1: line %2: %3")
                        .arg(csvPath)
                        .arg(error->position.line)
                        .arg(error->message));
    return copy.finish();
}

}  // namespace mb::pg
