#pragma once

#include <QHash>
#include <QList>
#include <QSortFilterProxyModel>

namespace mb::ui {

// Keeps the rows whose chosen columns contain the search text (any of them, ignoring case) and
// whose filtered columns equal the chosen values (all of them), compared as display text.
class RowFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit RowFilterModel(QObject* parent = nullptr);

    void setSearchColumns(const QList<int>& columns);
    QList<int> searchColumns() const { return searchColumns_; }
    // Empty shows every row.
    void setSearchText(const QString& text);
    QString searchText() const { return searchText_; }
    // An empty value removes the column's filter.
    void setEqualityFilter(int column, const QString& value);
    QString equalityFilter(int column) const { return equals_.value(column); }
    void clearFilters();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QList<int> searchColumns_;
    QString searchText_;
    QHash<int, QString> equals_;
};

}  // namespace mb::ui
