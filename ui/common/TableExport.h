#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <Qt>

class QAbstractItemModel;
class QHeaderView;

namespace mb::ui {

// How a table model becomes a file. Cells are read with `role`: numbers (int, double, ...) are
// written as numbers, booleans as 1/0 (CSV) or TRUE/FALSE (XLSX), dates as ISO text, everything
// else as text. A model whose display role holds formatted text ("12,300") can offer raw values
// under another role (Qt::EditRole or its own) and pass it here.
struct TableExportOptions {
    QList<int> columns;  // source columns in file order; empty means every column
    int role = Qt::DisplayRole;
    QJsonObject parameters;  // what produced the table; empty writes no parameters
    QString sheetName = QStringLiteral("Table");  // XLSX only
    // Text that reads as a number in the reader's locale ("12,300", "−4.50") is written as that
    // number, so a table of formatted text still gives a spreadsheet numbers to sum; other text
    // ("$12,300", "6.2%", "30% off") stays as shown.
    bool numbersFromText = false;
};

// The columns a view shows, in the order the user sees them (moved and hidden sections obeyed).
QList<int> visibleColumns(const QHeaderView* header);

// Writes every top-level row (rows still to fetch are fetched first) under a header of the
// model's horizontal header titles. CSV goes through mb::exporting::CsvWriter, so text that
// looks like a formula is defused, and parameters go to a FILE.params.json sidecar. Nothing
// changes at the path unless the whole file is written; errors throw mb::Error.
void exportTableToCsv(QAbstractItemModel* model, const QString& path,
                      const TableExportOptions& options = {});
// Same for XLSX; parameters become a "Parameters" sheet.
void exportTableToXlsx(QAbstractItemModel* model, const QString& path,
                       const TableExportOptions& options = {});

}  // namespace mb::ui
