#pragma once

#include "TargetingRun.h"

#include <QAbstractTableModel>

namespace mb::ui {

// The offer list of a plan, one row per customer given an offer or held in the control group.
// The display role writes figures for reading; Qt::EditRole gives the raw values for sorting and
// export.
class OfferListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Customer,
        Segment,
        Offer,
        ExpectedUplift,
        ExpectedValue,
        Cost,
        Reason,
        Group,
        ColumnCount
    };

    explicit OfferListModel(QObject* parent = nullptr);

    void setPlan(PlanResultPtr plan);
    const targeting::OfferListRow* row(int index) const;
    QString segmentOf(int index) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString controlText() { return tr("Control group"); }
    static QString offeredText() { return tr("Offered"); }

private:
    PlanResultPtr plan_;
    QHash<QString, QString> segments_;
};

}  // namespace mb::ui
