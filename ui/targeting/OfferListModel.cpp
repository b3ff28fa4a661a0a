#include "OfferListModel.h"

#include "TargetingText.h"
#include "common/Numbers.h"

namespace mb::ui {

OfferListModel::OfferListModel(QObject* parent) : QAbstractTableModel(parent) {}

void OfferListModel::setPlan(PlanResultPtr plan) {
    beginResetModel();
    plan_ = std::move(plan);
    segments_ = plan_ ? plan_->segments : QHash<QString, QString>();
    endResetModel();
}

const targeting::OfferListRow* OfferListModel::row(int index) const {
    if (!plan_ || index < 0 || index >= static_cast<int>(plan_->target.plan.rows.size()))
        return nullptr;
    return &plan_->target.plan.rows[static_cast<std::size_t>(index)];
}

QString OfferListModel::segmentOf(int index) const {
    const targeting::OfferListRow* line = row(index);
    return line ? segments_.value(line->customer) : QString();
}

int OfferListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !plan_ ? 0 : static_cast<int>(plan_->target.plan.rows.size());
}

int OfferListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OfferListModel::data(const QModelIndex& index, int role) const {
    const targeting::OfferListRow* line = row(index.row());
    if (!line)
        return {};
    if (role == Qt::TextAlignmentRole) {
        const bool number = index.column() == ExpectedUplift || index.column() == ExpectedValue ||
                            index.column() == Cost;
        return QVariant::fromValue(Qt::AlignVCenter | (number ? Qt::AlignRight : Qt::AlignLeft));
    }
    if (role != Qt::DisplayRole && role != Qt::EditRole && role != Qt::ToolTipRole)
        return {};
    const bool raw = role == Qt::EditRole;
    switch (index.column()) {
        case Customer:
            return line->customer;
        case Segment:
            return segments_.value(line->customer);
        case Offer:
            // A control-group customer is sent nothing; the offer they stand in for is in the
            // reason.
            return line->control ? QString() : line->offer;
        case ExpectedUplift:
            // A change of a purchase rate, in percentage points.
            return raw ? QVariant(line->expectedUplift)
                       : QVariant(formatSignedPoints(line->expectedUplift, 1));
        case ExpectedValue:
            return raw ? QVariant(line->expectedValue)
                       : QVariant(formatSignedMoney(line->expectedValue, 2));
        case Cost:
            if (line->control)
                return raw ? QVariant(0.0) : QVariant(QString());
            return raw ? QVariant(line->cost) : QVariant(formatMoney(line->cost, 2));
        case Reason:
            return line->reason;
        case Group:
            return raw ? QVariant(line->control)
                       : QVariant(line->control ? controlText() : offeredText());
        default:
            return {};
    }
}

QVariant OfferListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
        case Customer:
            return tr("Customer");
        case Segment:
            return tr("Segment");
        case Offer:
            return tr("Offer");
        case ExpectedUplift:
            return tr("Expected uplift");
        case ExpectedValue:
            return tr("Expected value");
        case Cost:
            return tr("Cost");
        case Reason:
            return tr("Reason");
        case Group:
            return tr("Group");
        default:
            return {};
    }
}

}  // namespace mb::ui
