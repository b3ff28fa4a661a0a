#include "ProjectTableModel.h"

namespace mb::ui {

QVariant ProjectTableModel::data(const QModelIndex& index, int role) const {
    if (role != Qt::TextAlignmentRole)
        return QSqlTableModel::data(index, role);
    const QVariant value = QSqlTableModel::data(index, Qt::DisplayRole);
    const bool number = value.typeId() == QMetaType::Double ||
                        value.typeId() == QMetaType::LongLong || value.typeId() == QMetaType::Int;
    return number ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                  : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
}

Qt::ItemFlags ProjectTableModel::flags(const QModelIndex& index) const {
    return QSqlTableModel::flags(index) & ~Qt::ItemIsEditable;
}

}  // namespace mb::ui
