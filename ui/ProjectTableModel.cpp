#include "ProjectTableModel.h"

namespace mb::ui {

QVariant ProjectTableModel::data(const QModelIndex& index, int role) const {
    // The whole text of a cell too long for its column (a run's parameters).
    if (role == Qt::ToolTipRole) {
        const QString text = QSqlTableModel::data(index, Qt::DisplayRole).toString();
        return text.size() > kToolTipFrom ? QVariant(text) : QVariant();
    }
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
