#pragma once

#include "MarkdownRun.h"
#include "markdown/PriceChangeList.h"

#include <QAbstractTableModel>

namespace mb::ui {

class ScheduleEdits;

// The price-change list a store applies (markdown::seasonPriceChanges): one row per change of
// price along each item's schedule (the user's edit where there is one: a fixed schedule, or the
// policy re-solved around locked weeks, followed on its expected path; else the plan's expected
// path) and store, with the item's expected figures, in the columns of the file
// (markdown::writePriceChangeList). Qt::EditRole holds raw numbers for the XLSX export.
class PriceChangeModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Product,
        Store,
        Category,
        Week,
        Step,
        NewPrice,
        Discount,
        Units,
        Revenue,
        Margin,
        SellThrough,
        Cluster,
        Source,
        Count
    };

    explicit PriceChangeModel(QObject* parent = nullptr);

    // Rebuilds the rows from the run's scenario A and the user's edits.
    void rebuild(const MarkdownRunResultPtr& run, const ScheduleEdits* edits);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // The rows as the price-change list's writer takes them.
    const std::vector<markdown::PriceChange>& changes() const { return rows_; }

private:
    std::vector<markdown::PriceChange> rows_;
};

}  // namespace mb::ui
