#pragma once

#include <QSqlTableModel>

namespace mb::ui {

// A read-only project table: numbers are right-aligned so that columns of figures line up; a
// text longer than a column is wide shows whole in its tooltip.
class ProjectTableModel : public QSqlTableModel {
    Q_OBJECT
public:
    using QSqlTableModel::QSqlTableModel;

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    // Texts of more characters than this have a tooltip: a data browser's column is at most
    // about 40 average characters wide.
    static constexpr qsizetype kToolTipFrom = 32;
};

}  // namespace mb::ui
