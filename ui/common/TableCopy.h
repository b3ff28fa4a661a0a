#pragma once

#include <QString>

class QTableView;

namespace mb::ui {

// Table cells as tab-separated text for the clipboard, the way spreadsheets paste it: the column
// titles first, then one line per row. Cells read as the view shows them (its delegate's text,
// so "12,300" and "−$4.50" stay as displayed); hidden rows and columns are left out and moved
// columns keep the order the user sees.

// The bounding rectangle of the selection: a cell inside it that is not selected is left empty,
// so a ragged selection still pastes into its own rows and columns. With nothing selected, the
// current cell (as the view's own copy does); empty when there is none.
QString selectedCellsText(const QTableView* view);
// Every row (rows still to fetch are fetched first) and every visible column.
QString allCellsText(QTableView* view);

}  // namespace mb::ui
