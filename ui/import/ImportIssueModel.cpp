#include "ImportIssueModel.h"

namespace mb::ui {

void ImportIssueModel::setIssues(std::vector<data::ImportIssue> issues) {
    beginResetModel();
    issues_ = std::move(issues);
    endResetModel();
}

int ImportIssueModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(issues_.size());
}

int ImportIssueModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImportIssueModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const data::ImportIssue& issue = issues_[static_cast<std::size_t>(index.row())];
    if (role == Qt::TextAlignmentRole && index.column() <= Column)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Message)
        return issue.message;
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (static_cast<IssueColumn>(index.column())) {
        case Line:
            return issue.line > 0 ? QVariant(issue.line) : QVariant();
        case Column:
            return issue.column > 0 ? QVariant(issue.column) : QVariant();
        case Field:
            return issue.field;
        case Message:
            return issue.message;
        case Value:
            return issue.value;
        case ColumnCount:
            break;
    }
    return {};
}

QVariant ImportIssueModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (static_cast<IssueColumn>(section)) {
        case Line:
            return tr("Line");
        case Column:
            return tr("Column");
        case Field:
            return tr("Field");
        case Message:
            return tr("Problem");
        case Value:
            return tr("Value");
        case ColumnCount:
            break;
    }
    return {};
}

}  // namespace mb::ui
