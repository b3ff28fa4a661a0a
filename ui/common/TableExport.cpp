#include "TableExport.h"

#include "Numbers.h"
#include "common/Error.h"
#include "export/CsvExport.h"
#include "export/XlsxWorkbook.h"

#include <QAbstractItemModel>
#include <QDate>
#include <QDateTime>
#include <QHeaderView>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>

namespace mb::ui {

namespace {

enum class CellKind { Empty, Integer, Number, Boolean, Text };

struct Cell {
    CellKind kind = CellKind::Empty;
    qint64 integer = 0;
    double number = 0.0;
    QString text;
};

// A number written as the pages show it: grouped digits, the locale's decimal point, a true minus
// sign. A code with a leading zero ("00123") stays text, as its zero is part of it.
bool readShownNumber(const QString& text, Cell& cell) {
    static const QRegularExpression leadingZero(QStringLiteral("^[-\\x{2212}]?0[0-9]"));
    if (text.isEmpty() || leadingZero.match(text).hasMatch())
        return false;
    const QLocale locale = readerLocale();
    QString plain = text;
    plain.replace(QChar(0x2212), locale.negativeSign());
    bool ok = false;
    const qint64 integer = locale.toLongLong(plain, &ok);
    if (ok) {
        cell.kind = CellKind::Integer;
        cell.integer = integer;
        return true;
    }
    const double number = locale.toDouble(plain, &ok);
    if (ok && std::isfinite(number)) {
        cell.kind = CellKind::Number;
        cell.number = number;
        return true;
    }
    return false;
}

Cell readCell(const QVariant& value, bool numbersFromText) {
    Cell cell;
    if (!value.isValid() || value.isNull())
        return cell;
    switch (value.typeId()) {
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::Short:
        case QMetaType::UShort:
        case QMetaType::Long:
        case QMetaType::LongLong:
        case QMetaType::SChar:
        case QMetaType::UChar:
            cell.kind = CellKind::Integer;
            cell.integer = value.toLongLong();
            return cell;
        case QMetaType::ULong:
        case QMetaType::ULongLong:
        case QMetaType::Double:
        case QMetaType::Float:
            cell.kind = CellKind::Number;
            cell.number = value.toDouble();
            return cell;
        case QMetaType::Bool:
            cell.kind = CellKind::Boolean;
            cell.integer = value.toBool() ? 1 : 0;
            return cell;
        case QMetaType::QDate:
            cell.kind = CellKind::Text;
            cell.text = value.toDate().toString(Qt::ISODate);
            return cell;
        case QMetaType::QDateTime:
            cell.kind = CellKind::Text;
            cell.text = value.toDateTime().toString(Qt::ISODate);
            return cell;
        default:
            if (numbersFromText && readShownNumber(value.toString(), cell))
                return cell;
            cell.kind = CellKind::Text;
            cell.text = value.toString();
            return cell;
    }
}

// Everything both writers need: the columns, their titles, and the model with all rows fetched.
struct TableShape {
    QList<int> columns;
    QStringList titles;
    int rows = 0;
};

TableShape shapeOf(QAbstractItemModel* model, const TableExportOptions& options) {
    if (!model)
        throw Error(QObject::tr("There is no table to export."));
    // Lazy models (SQL) hold only their first rows until asked for the rest.
    while (model->canFetchMore({}))
        model->fetchMore({});
    TableShape shape;
    shape.rows = model->rowCount();
    const int columnCount = model->columnCount();
    if (options.columns.isEmpty()) {
        for (int column = 0; column < columnCount; ++column)
            shape.columns.append(column);
    } else {
        for (int column : options.columns) {
            if (column >= 0 && column < columnCount)
                shape.columns.append(column);
        }
    }
    for (int column : shape.columns)
        shape.titles.append(model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString());
    return shape;
}

}  // namespace

QList<int> visibleColumns(const QHeaderView* header) {
    QList<int> columns;
    if (!header)
        return columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns.append(logical);
    }
    return columns;
}

void exportTableToCsv(QAbstractItemModel* model, const QString& path,
                      const TableExportOptions& options) {
    const TableShape shape = shapeOf(model, options);
    exporting::writeCsv(path, shape.titles, shape.rows, [&](qint64 row, exporting::CsvRow& out) {
        for (int column : shape.columns) {
            const Cell cell = readCell(model->data(model->index(int(row), column), options.role),
                                       options.numbersFromText);
            switch (cell.kind) {
                case CellKind::Empty:
                    out.empty();
                    break;
                case CellKind::Integer:
                    out.integer(cell.integer);
                    break;
                case CellKind::Number:
                    out.number(cell.number);
                    break;
                case CellKind::Boolean:
                    out.flag(cell.integer != 0);
                    break;
                case CellKind::Text:
                    out.text(cell.text);
                    break;
            }
        }
    });
    if (!options.parameters.isEmpty())
        exporting::writeParametersSidecar(path, options.parameters);
}

void exportTableToXlsx(QAbstractItemModel* model, const QString& path,
                       const TableExportOptions& options) {
    const TableShape shape = shapeOf(model, options);
    if (shape.rows + 1 > exporting::xlsxMaxRows)
        throw Error(QObject::tr("%1: the table has %2 rows, more than a spreadsheet holds (%3); "
                                "export it as CSV instead")
                        .arg(path)
                        .arg(shape.rows)
                        .arg(exporting::xlsxMaxRows - 1));
    exporting::XlsxWorkbook workbook(path);
    exporting::XlsxSheet& sheet = workbook.addSheet(options.sheetName);
    sheet.setHeader(shape.titles);
    std::vector<int> widths;
    for (const QString& title : shape.titles)
        widths.push_back(int(title.size()) + 4);  // room for the autofilter arrow
    for (int row = 0; row < shape.rows; ++row) {
        for (int i = 0; i < shape.columns.size(); ++i) {
            const Cell cell =
                readCell(model->data(model->index(row, shape.columns[i]), options.role),
                         options.numbersFromText);
            switch (cell.kind) {
                case CellKind::Empty:
                    break;
                case CellKind::Integer:
                    sheet.writeInteger(row + 1, i, cell.integer);
                    break;
                case CellKind::Number:
                    sheet.writeNumber(row + 1, i, cell.number);
                    break;
                case CellKind::Boolean:
                    sheet.writeBoolean(row + 1, i, cell.integer != 0);
                    break;
                case CellKind::Text:
                    sheet.writeText(row + 1, i, cell.text);
                    if (row < 200)  // a sample is enough to size the column
                        widths[i] = std::max(widths[i], int(cell.text.size()) + 2);
                    break;
            }
        }
    }
    for (int i = 0; i < int(widths.size()); ++i)
        sheet.setColumnWidth(i, std::clamp(widths[i], 8, 60));
    if (!options.parameters.isEmpty())
        workbook.addParametersSheet(options.parameters);
    workbook.close();
}

}  // namespace mb::ui
