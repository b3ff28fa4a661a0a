#pragma once

#include "DemandRun.h"

#include <QAbstractTableModel>

namespace mb::ui {

// One row per fitted demand model of a run: per product and store, per product (stores pooled)
// or per category, as the run's level says. Display text is rounded for reading; the edit role
// holds the raw figure (for sorting, copies and tests).
class DemandTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Product,
        Store,
        Category,
        Weeks,
        WeeksBelowRegular,
        Elasticity,
        ElasticityLow,
        ElasticityHigh,
        FeatureLift,
        DisplayLift,
        TprLift,
        Seasonality,
        HoldoutWape,
        Notes,
        ColumnCount
    };

    explicit DemandTableModel(QObject* parent = nullptr);

    void setRun(DemandRunPtr run);
    const DemandRunPtr& run() const { return run_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // What a row says is wrong or doubtful, in sentences: why the model was not fitted, an
    // elasticity interval that includes zero, a price that never moved, a missing holdout WAPE.
    QStringList notes(int row) const;

private:
    struct Row {
        int weeks = 0;
        int weeksBelowRegular = 0;
        QString seasonText;
    };

    DemandRunPtr run_;
    std::vector<Row> rows_;
};

}  // namespace mb::ui
