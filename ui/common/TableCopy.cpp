#include "TableCopy.h"

#include "export/CsvExport.h"

#include <QAbstractItemDelegate>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLocale>
#include <QSet>
#include <QStyledItemDelegate>
#include <QTableView>
#include <algorithm>

namespace mb::ui {

namespace {

// A cell's text as the view draws it: a styled delegate's displayText (numbers and dates in the
// view's locale), otherwise the display role as text.
QString shownText(const QTableView* view, const QModelIndex& index) {
    const QVariant value = index.data(Qt::DisplayRole);
    if (!value.isValid())
        return {};
    if (const auto* delegate =
            qobject_cast<const QStyledItemDelegate*>(view->itemDelegateForIndex(index)))
        return delegate->displayText(value, view->locale());
    return value.toString();
}

// Spreadsheets read a pasted "=..." as a formula, so text that would run as one gets the same
// quote prefix as the CSV exports; numbers as shown ("-5", "−4.50") are left alone.
QString pasteSafe(const QString& text, const QLocale& locale) {
    bool number = false;
    locale.toDouble(text, &number);
    if (!number)
        text.toDouble(&number);
    return number ? text : exporting::spreadsheetSafe(text);
}

// One field of a tab-separated line: a field holding a tab, a line break or a leading quote is
// quoted with its quotes doubled, as spreadsheets both write and read it.
QString tsvField(const QString& text, const QLocale& locale) {
    QString safe = pasteSafe(text, locale);
    if (!safe.contains(QLatin1Char('\t')) && !safe.contains(QLatin1Char('\n')) &&
        !safe.contains(QLatin1Char('\r')) && !safe.startsWith(QLatin1Char('"')))
        return safe;
    QString quoted = safe;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

// The visible sections of a header between two visual positions, as logical indexes in the
// order they are seen. A view without that header (none hidden, none moved) counts 0..count-1.
QList<int> shownSections(const QHeaderView* header, int firstVisual, int lastVisual) {
    QList<int> sections;
    for (int visual = firstVisual; visual <= lastVisual; ++visual) {
        const int logical = header->logicalIndex(visual);
        if (logical >= 0 && !header->isSectionHidden(logical))
            sections.append(logical);
    }
    return sections;
}

QString linesOf(const QTableView* view, const QList<int>& rows, const QList<int>& columns,
                const QSet<QPersistentModelIndex>* selected) {
    const QAbstractItemModel* model = view->model();
    const QLocale locale = view->locale();
    QStringList lines;
    QStringList fields;
    for (int column : columns)
        fields.append(tsvField(
            model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString(), locale));
    lines.append(fields.join(QLatin1Char('\t')));
    const QModelIndex root = view->rootIndex();
    for (int row : rows) {
        fields.clear();
        for (int column : columns) {
            const QModelIndex index = model->index(row, column, root);
            const bool wanted = !selected || selected->contains(index);
            fields.append(wanted ? tsvField(shownText(view, index), locale) : QString());
        }
        lines.append(fields.join(QLatin1Char('\t')));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

}  // namespace

QString selectedCellsText(const QTableView* view) {
    if (!view || !view->model() || !view->selectionModel())
        return {};
    QModelIndexList indexes = view->selectionModel()->selectedIndexes();
    if (indexes.isEmpty() && view->currentIndex().isValid())
        indexes.append(view->currentIndex());
    const QHeaderView* rowsHeader = view->verticalHeader();
    const QHeaderView* columnsHeader = view->horizontalHeader();
    int top = INT_MAX;
    int bottom = -1;
    int left = INT_MAX;
    int right = -1;
    QSet<QPersistentModelIndex> selected;
    for (const QModelIndex& index : indexes) {
        if (index.parent() != view->rootIndex() || rowsHeader->isSectionHidden(index.row()) ||
            columnsHeader->isSectionHidden(index.column()))
            continue;
        selected.insert(index);
        const int row = rowsHeader->visualIndex(index.row());
        const int column = columnsHeader->visualIndex(index.column());
        top = std::min(top, row);
        bottom = std::max(bottom, row);
        left = std::min(left, column);
        right = std::max(right, column);
    }
    if (selected.isEmpty())
        return {};
    return linesOf(view, shownSections(rowsHeader, top, bottom),
                   shownSections(columnsHeader, left, right), &selected);
}

QString allCellsText(QTableView* view) {
    if (!view || !view->model())
        return {};
    QAbstractItemModel* model = view->model();
    while (model->canFetchMore(view->rootIndex()))
        model->fetchMore(view->rootIndex());
    const QHeaderView* rowsHeader = view->verticalHeader();
    const QHeaderView* columnsHeader = view->horizontalHeader();
    return linesOf(view, shownSections(rowsHeader, 0, rowsHeader->count() - 1),
                   shownSections(columnsHeader, 0, columnsHeader->count() - 1), nullptr);
}

}  // namespace mb::ui
