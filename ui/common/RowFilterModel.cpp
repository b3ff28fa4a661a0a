#include "RowFilterModel.h"

namespace mb::ui {

RowFilterModel::RowFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortLocaleAware(true);
}

void RowFilterModel::setSearchColumns(const QList<int>& columns) {
    searchColumns_ = columns;
    invalidateRowsFilter();
}

void RowFilterModel::setSearchText(const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed == searchText_)
        return;
    searchText_ = trimmed;
    invalidateRowsFilter();
}

void RowFilterModel::setEqualityFilter(int column, const QString& value) {
    if (equals_.value(column) == value)  // a missing filter reads as empty
        return;
    if (value.isEmpty())
        equals_.remove(column);
    else
        equals_.insert(column, value);
    invalidateRowsFilter();
}

void RowFilterModel::clearFilters() {
    searchText_.clear();
    equals_.clear();
    invalidateRowsFilter();
}

bool RowFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QAbstractItemModel* source = sourceModel();
    if (!source)
        return true;
    auto text = [&](int column) {
        return source->data(source->index(sourceRow, column, sourceParent), Qt::DisplayRole)
            .toString();
    };
    for (auto it = equals_.cbegin(); it != equals_.cend(); ++it) {
        if (text(it.key()) != it.value())
            return false;
    }
    if (searchText_.isEmpty())
        return true;
    for (int column : searchColumns_) {
        if (text(column).contains(searchText_, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

}  // namespace mb::ui
