#pragma once

#include <QString>

class QLabel;
class QTableView;
class QWidget;

namespace mb::ui {

// The look every results table shares: alternating rows, one line per row at a compact height,
// no row numbers, the last column filling the width.
void styleResultTable(QTableView* view);

// A bold label heading a section of a page.
QLabel* boldLabel(const QString& text, QWidget* parent);

}  // namespace mb::ui
