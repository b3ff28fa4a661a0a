#pragma once

#include "data/HealthReport.h"

#include <QAbstractTableModel>

namespace mb::ui {

// The per-kind figures of a data-health report, one row per input kind.
class KindHealthModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Kind,
        Rows,
        Coverage,
        Series,
        SeriesWithGaps,
        MissingWeeks,
        MissingValues,
        Duplicates,
        Outliers,
        ZeroPrices,
        NegativeUnits,
        StaleSeries,
        ColumnCount
    };
    using QAbstractTableModel::QAbstractTableModel;

    void setKinds(std::vector<data::KindHealth> kinds);
    const std::vector<data::KindHealth>& kinds() const { return kinds_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<data::KindHealth> kinds_;
};

// The findings of a data-health report, worst first, each with a severity icon.
class HealthFindingModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Severity, Kind, Subject, Message, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setFindings(std::vector<data::HealthFinding> findings);
    const std::vector<data::HealthFinding>& findings() const { return findings_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString severityName(data::Severity severity);

private:
    std::vector<data::HealthFinding> findings_;
};

}  // namespace mb::ui
