#include "data/Importer.h"

#include "data/ImportSession.h"
#include "data/InputFile.h"
#include "data/Kind.h"

#include <QFile>
#include <QFileInfo>

namespace mb::data {

Importer::Importer(Project& project) : project_(project) {}

QString defaultErrorReportPath(const QString& importPath) {
    return importPath + QStringLiteral(".errors.csv");
}

ImportReport Importer::run(const QString& path, const ImportOptions& options,
                           ProgressToken* progress) {
    ImportSession session(project_, path, options, progress);
    return session.run();
}

ImportReport Importer::run(InputFile& source, const QString& sourceName,
                           const ImportOptions& options, ProgressToken* progress) {
    ImportSession session(project_, source, sourceName, options, progress);
    return session.run();
}

std::map<QString, QString> Importer::suggestMapping(const KindSpec& kind, const QStringList& header,
                                                    const std::map<QString, QString>& overrides) {
    std::map<QString, QString> mapping;
    QSet<QString> taken;
    for (const QString& column : header)
        mapping[column] = QString();

    // The user's choice first, then exact field names, then aliases in their listed order.
    for (const auto& [wanted, field] : overrides) {
        for (const QString& column : header) {
            if (column == wanted || normalizedHeader(column) == normalizedHeader(wanted)) {
                const QString target = field == QStringLiteral("ignore") ? QString() : field;
                mapping[column] = target;
                if (!target.isEmpty())
                    taken.insert(target);
            }
        }
    }
    auto assigned = [&](const QString& column) {
        for (const auto& [wanted, field] : overrides) {
            Q_UNUSED(field);
            if (column == wanted || normalizedHeader(column) == normalizedHeader(wanted)) {
                return true;
            }
        }
        return false;
    };
    for (const FieldSpec& field : kind.fields) {
        if (taken.contains(field.name))
            continue;
        for (const QString& column : header) {
            if (!assigned(column) && mapping[column].isEmpty() &&
                normalizedHeader(column) == field.name) {
                mapping[column] = field.name;
                taken.insert(field.name);
                break;
            }
        }
    }
    for (const FieldSpec& field : kind.fields) {
        if (taken.contains(field.name))
            continue;
        for (const QString& alias : field.aliases) {
            bool found = false;
            for (const QString& column : header) {
                if (!assigned(column) && mapping[column].isEmpty() &&
                    normalizedHeader(column) == alias) {
                    mapping[column] = field.name;
                    taken.insert(field.name);
                    found = true;
                    break;
                }
            }
            if (found)
                break;
        }
    }
    return mapping;
}

ImportPreview Importer::preview(const QString& path, const ImportOptions& options, int rows) {
    ImportPreview preview;
    const KindSpec* kind = findKind(options.kind);
    QString openError;
    const std::unique_ptr<InputFile> file = InputFile::open(path, &openError);
    if (!file) {
        preview.error = QStringLiteral("Cannot read %1: %2").arg(path, openError);
        return preview;
    }
    CsvReader reader(file->device(),
                     CsvDialect{options.delimiter, '"', isLatin1(options.encoding)});
    preview.delimiter = reader.delimiter();
    const bool latin1 = isLatin1(options.encoding);
    auto toText = [&](const std::string& bytes) {
        return latin1 ? QString::fromLatin1(bytes.data(), static_cast<qsizetype>(bytes.size()))
                      : QString::fromUtf8(bytes.data(), static_cast<qsizetype>(bytes.size()));
    };
    CsvRecord record;
    if (options.format == FileFormat::Csv) {
        if (!reader.next(record)) {
            preview.error =
                reader.error() ? reader.error()->message : QStringLiteral("The file is empty.");
            return preview;
        }
        for (const std::string& field : record.fields)
            preview.header.append(toText(field));
    } else {
        preview.header = {QStringLiteral("item")};
    }
    while (static_cast<int>(preview.rows.size()) < rows && reader.next(record)) {
        QStringList row;
        for (const std::string& field : record.fields)
            row.append(toText(field));
        preview.rows.push_back(row);
    }
    if (reader.error())
        preview.error = reader.error()->message;
    if (!kind) {
        preview.error = QStringLiteral("Unknown kind '%1'.").arg(options.kind);
        return preview;
    }
    std::map<QString, QString> overrides = options.mapping;
    if (options.format == FileFormat::BasketPerLine && overrides.empty()) {
        overrides[QStringLiteral("item")] = QStringLiteral("product");
    }
    preview.mapping = suggestMapping(*kind, preview.header, overrides);
    for (const FieldSpec& field : kind->fields) {
        if (!field.required)
            continue;
        if (options.format == FileFormat::BasketPerLine && field.name == QStringLiteral("basket")) {
            continue;
        }
        bool mapped = false;
        for (const auto& [column, target] : preview.mapping)
            mapped |= target == field.name;
        if (!mapped)
            preview.missingRequired.append(field.name);
    }
    if (!kind->oneOf.isEmpty()) {
        bool any = false;
        for (const auto& [column, target] : preview.mapping)
            any |= kind->oneOf.contains(target);
        if (!any)
            preview.missingRequired.append(kind->oneOf.join(QStringLiteral(" or ")));
    }
    return preview;
}

}  // namespace mb::data
