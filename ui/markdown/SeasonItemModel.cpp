#include "SeasonItemModel.h"

#include "common/Numbers.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <cmath>

namespace mb::ui {

SeasonItemModel::SeasonItemModel(QObject* parent) : QAbstractTableModel(parent) {}

void SeasonItemModel::setRun(MarkdownRunResultPtr run) {
    beginResetModel();
    run_ = std::move(run);
    edited_.assign(run_ ? run_->a.season.items.size() : 0, false);
    endResetModel();
}

void SeasonItemModel::setEdited(int item, bool edited) {
    if (item < 0 || item >= rowCount() || edited_[size_t(item)] == edited)
        return;
    edited_[size_t(item)] = edited;
    emit dataChanged(index(item, Product), index(item, Gain));
}

int SeasonItemModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !run_ ? 0 : static_cast<int>(run_->a.season.items.size());
}

int SeasonItemModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : Count;
}

QVariant SeasonItemModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !run_)
        return {};
    const size_t row = size_t(index.row());
    const markdown::ItemPlan& plan = run_->a.season.items[row];
    const double risk = run_->a.leftoverRisk[row];
    const double gain = plan.planned ? plan.plan.expectedObjective - plan.noMarkdown : NAN;
    if (role == kItemRole)
        return index.row();
    if (role == Qt::TextAlignmentRole)
        return index.column() >= OnHand && index.column() <= Gain
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant();
    if (role == Qt::ForegroundRole && index.column() == LeftoverRisk && risk > 0.3)
        return QBrush(QColor(0xb3, 0x26, 0x1e));
    if (role == Qt::ToolTipRole && !plan.planned)
        return tr("Not planned: %1").arg(plan.problem);
    if (role == Qt::ToolTipRole && edited_[row])
        return tr("You edited this item's schedule.");
    if (role == Qt::ForegroundRole && !plan.planned)
        return QBrush(QColor(0x9e, 0x9e, 0x9e));
    if (role == Qt::FontRole && edited_[row]) {
        QFont font;
        font.setItalic(true);
        return font;
    }
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    const bool raw = role == Qt::EditRole;
    switch (index.column()) {
        case Product:
            return edited_[row] && !raw ? plan.item.product + QStringLiteral(" ✎")
                                        : plan.item.product;
        case Store:
            return plan.item.store;
        case Category:
            return plan.item.category;
        case Cluster:
            return plan.item.cluster;
        case OnHand:
            return raw ? QVariant(plan.item.onHand) : QVariant(formatNumber(plan.item.onHand));
        case LeftoverRisk:
            if (raw)
                return std::isnan(risk) ? -1.0 : risk;
            return std::isnan(risk) ? QString() : formatPercent(risk, 0);
        case Gain:
            if (raw)
                return std::isnan(gain) ? 0.0 : gain;
            return std::isnan(gain) ? QString() : formatSignedMoney(gain, 0);
        case Exit: {
            // The item's own exit (products.exit_date) or the run's: items may differ. Short, as
            // the summary's season dates, so the column fits beside the others.
            const QDate exit = run_->a.season.exitWeekOf(plan);
            return raw ? QVariant(exit) : QVariant(exit.toString(QStringLiteral("d MMM")));
        }
        default:
            return {};
    }
}

QVariant SeasonItemModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == LeftoverRisk)
        return tr(
            "Risk of leftover: expected share of the stock left at the exit week without "
            "any markdown.");
    if (role == Qt::ToolTipRole && section == Gain)
        return tr("What the plan adds to the objective over no markdown.");
    if (role == Qt::ToolTipRole && section == Exit)
        return tr(
            "Monday of the item's last week on sale: its product's exit date "
            "(products.exit_date) or the plan's exit week.");
    if (role != Qt::DisplayRole)
        return {};
    static const char* const titles[] = {"Product", "Store", "Category", "Cluster",
                                         "On hand", "Risk",  "Gain",     "Exit"};
    return section >= 0 && section < Count ? tr(titles[section]) : QVariant();
}

}  // namespace mb::ui
