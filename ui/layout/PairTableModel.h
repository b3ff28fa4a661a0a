#pragma once

#include "layout/LayoutInputs.h"

#include <QAbstractTableModel>
#include <QStringList>
#include <vector>

namespace mb::ui {

// The category pairs bought together, one row each, strongest lift first. Display shows
// rounded figures; Qt::EditRole gives the raw numbers for sorting and export.
class PairTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Pair, Baskets, Support, Confidence, Lift, Phi, PValue, ColumnCount };

    explicit PairTableModel(QObject* parent = nullptr);

    void setPairs(const QStringList& categories, const std::vector<layout::CategoryPair>& pairs);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QStringList categories_;
    std::vector<layout::CategoryPair> pairs_;
};

}  // namespace mb::ui
