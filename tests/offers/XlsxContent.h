// Reads back an .xlsx written by the exporters: the zip's parts come from `unzip -p`, the sheet
// XML is parsed with QXmlStreamReader, so a malformed part fails the test.
#pragma once

#include <QMap>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QXmlStreamReader>
#include <utility>

namespace offerstest {

struct XlsxCell {
    QString type;  // the t attribute: s (shared string), inlineStr, str, b, n or empty
    QString text;  // shared strings resolved
    bool formula = false;
};

inline bool haveUnzip() {
    return !QStandardPaths::findExecutable(QStringLiteral("unzip")).isEmpty();
}

inline QByteArray zipPart(const QString& zip, const QString& part) {
    QProcess unzip;
    unzip.start(QStringLiteral("unzip"), {QStringLiteral("-p"), zip, part});
    if (!unzip.waitForFinished(30000) || unzip.exitCode() != 0)
        return {};
    return unzip.readAllStandardOutput();
}

// "C12" -> (11, 2), zero-based row and column.
inline std::pair<int, int> cellIndex(const QString& ref) {
    int column = 0;
    int i = 0;
    while (i < ref.size() && ref[i].isLetter())
        column = column * 26 + (ref[i++].toUpper().unicode() - 'A' + 1);
    return {ref.mid(i).toInt() - 1, column - 1};
}

// Every <t> of every <si>, concatenated per item.
inline QStringList sharedStrings(const QByteArray& xml, QString* error) {
    QStringList strings;
    if (xml.isEmpty())
        return strings;  // streamed workbooks keep their strings inline
    QXmlStreamReader reader(xml);
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement() && reader.name() == QLatin1String("si"))
            strings << QString();
        else if (reader.isStartElement() && reader.name() == QLatin1String("t") &&
                 !strings.isEmpty())
            strings.last() += reader.readElementText();
    }
    if (reader.hasError())
        *error = reader.errorString();
    return strings;
}

inline QStringList sheetNames(const QByteArray& workbookXml) {
    QStringList names;
    QXmlStreamReader reader(workbookXml);
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement() && reader.name() == QLatin1String("sheet"))
            names << reader.attributes().value(QLatin1String("name")).toString();
    }
    return names;
}

struct XlsxSheetContent {
    QMap<std::pair<int, int>, XlsxCell> cells;
    QByteArray xml;
    QString error;  // the XML parser's complaint, if any
    int formulas = 0;
    int maxRow = -1;
    const XlsxCell* at(int row, int column) const {
        auto it = cells.constFind({row, column});
        return it == cells.constEnd() ? nullptr : &*it;
    }
};

// sheetNumber is 1-based, in the order the sheets were added.
inline XlsxSheetContent readSheet(const QString& zip, int sheetNumber) {
    XlsxSheetContent sheet;
    QString error;
    const QStringList shared =
        sharedStrings(zipPart(zip, QStringLiteral("xl/sharedStrings.xml")), &error);
    sheet.xml = zipPart(zip, QStringLiteral("xl/worksheets/sheet%1.xml").arg(sheetNumber));
    QXmlStreamReader reader(sheet.xml);
    XlsxCell* cell = nullptr;
    while (!reader.atEnd()) {
        reader.readNext();
        if (!reader.isStartElement())
            continue;
        const auto name = reader.name();
        if (name == QLatin1String("c")) {
            const auto index = cellIndex(reader.attributes().value(QLatin1String("r")).toString());
            sheet.maxRow = std::max(sheet.maxRow, index.first);
            cell = &sheet.cells[index];
            cell->type = reader.attributes().value(QLatin1String("t")).toString();
        } else if (name == QLatin1String("f")) {
            ++sheet.formulas;
            if (cell)
                cell->formula = true;
        } else if (name == QLatin1String("v") && cell) {
            const QString value = reader.readElementText();
            cell->text = cell->type == QLatin1String("s") ? shared.value(value.toInt()) : value;
        } else if (name == QLatin1String("t") && cell) {
            cell->text += reader.readElementText();  // an inline string
        }
    }
    sheet.error = reader.hasError() ? reader.errorString() : error;
    return sheet;
}

}  // namespace offerstest
