#pragma once

#include "data/Importer.h"

#include <QAbstractTableModel>

namespace mb::ui {

// The problems an import found, one row each, located as an editor shows them.
class ImportIssueModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum IssueColumn { Line, Column, Field, Message, Value, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setIssues(std::vector<data::ImportIssue> issues);
    const std::vector<data::ImportIssue>& issues() const { return issues_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<data::ImportIssue> issues_;
};

}  // namespace mb::ui
