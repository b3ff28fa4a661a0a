#pragma once

#include <QSqlTableModel>

namespace mb::ui {

// A read-only project table: numbers are right-aligned so that columns of figures line up.
class ProjectTableModel : public QSqlTableModel {
    Q_OBJECT
public:
    using QSqlTableModel::QSqlTableModel;

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
};

}  // namespace mb::ui
