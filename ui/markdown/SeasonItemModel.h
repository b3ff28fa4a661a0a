#pragma once

#include "MarkdownRun.h"

#include <QAbstractTableModel>

namespace mb::ui {

// The item picker: one row per product in a store of scenario A, with what a merchandiser
// sorts by. Qt::EditRole holds raw numbers for sorting; Qt::DisplayRole formatted text.
class SeasonItemModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // An edited item's product carries a pencil; an item that could not be planned is grey, with
    // the reason in its tooltip.
    enum Column { Product, Store, Category, Cluster, OnHand, LeftoverRisk, Gain, Exit, Count };
    static constexpr int kItemRole = Qt::UserRole + 1;  // index into the season's items

    explicit SeasonItemModel(QObject* parent = nullptr);

    void setRun(MarkdownRunResultPtr run);
    // Marks items with a user's edit.
    void setEdited(int item, bool edited);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    MarkdownRunResultPtr run_;
    std::vector<bool> edited_;
};

}  // namespace mb::ui
