#include "data/Importer.h"

#include <QFileInfo>
#include <QJsonArray>

namespace mb::data {

QString ImportIssue::format(const QString& fileName) const {
    QString text = QStringLiteral("%1:%2:%3: %4").arg(fileName).arg(line).arg(column).arg(message);
    if (!value.isNull()) {
        // A NUL printed as it is ends the line in a terminal (and the closing bracket with it).
        QString shown = value;
        shown.replace(QChar(u'\0'), QStringLiteral("\\0"));
        text += QStringLiteral(" (%1)").arg(shown);
    }
    return text;
}

QJsonObject ImportReport::toJson() const {
    QJsonArray errorList;
    for (const ImportIssue& issue : errors) {
        errorList.append(QJsonObject{{QStringLiteral("line"), issue.line},
                                     {QStringLiteral("column"), issue.column},
                                     {QStringLiteral("field"), issue.field},
                                     {QStringLiteral("message"), issue.message},
                                     {QStringLiteral("value"), issue.value},
                                     {QStringLiteral("text"), issue.format(file)}});
    }
    QJsonObject mappingObject;
    for (const auto& [column, field] : mapping)
        mappingObject.insert(column, field);
    return QJsonObject{
        {QStringLiteral("file"), file},
        {QStringLiteral("kind"), kind},
        {QStringLiteral("rows_read"), rowsRead},
        {QStringLiteral("rows_imported"), rowsImported},
        {QStringLiteral("rows_rejected"), rowsRejected},
        {QStringLiteral("error_count"), errorCount},
        {QStringLiteral("errors"), errorList},
        {QStringLiteral("warnings"), QJsonArray::fromStringList(warnings)},
        {QStringLiteral("unmapped_columns"), QJsonArray::fromStringList(unmappedColumns)},
        {QStringLiteral("mapping"), mappingObject},
        {QStringLiteral("delimiter"), QString(QLatin1Char(delimiter))},
        {QStringLiteral("replaced_import"), replacedImport},
        {QStringLiteral("import_id"), importId},
        {QStringLiteral("committed"), committed},
        {QStringLiteral("failure"), failure},
        {QStringLiteral("cancelled"), cancelled}};
}

}  // namespace mb::data
