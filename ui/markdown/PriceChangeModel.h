#pragma once

#include "MarkdownRun.h"

#include <QAbstractTableModel>

namespace mb::ui {

class ScheduleEdits;

// The price-change list a store applies: one row per change of price along each item's
// schedule (the user's edit where there is one: a fixed schedule, or the policy re-solved around
// locked weeks, followed on its expected path; else the plan's expected path), with the item's
// expected figures. Qt::EditRole holds raw numbers for the CSV and XLSX exports.
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

private:
    struct Change {
        QString product, store, category;
        QDate week;
        int step = 0;
        double price = 0.0, discount = 0.0, units = 0.0, revenue = 0.0, margin = 0.0,
               sellThrough = 0.0;
        QString source;  // plan, edited (the user's schedule) or locked (a week the user locked)
    };
    std::vector<Change> rows_;
};

}  // namespace mb::ui
