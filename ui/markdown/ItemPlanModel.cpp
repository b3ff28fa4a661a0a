#include "ItemPlanModel.h"

#include "ScheduleEdits.h"
#include "common/Numbers.h"

#include <QBrush>
#include <QColor>
#include <QComboBox>
#include <QFont>
#include <cmath>

namespace mb::ui {

ItemPlanModel::ItemPlanModel(QObject* parent) : QAbstractTableModel(parent) {}

void ItemPlanModel::setItem(const markdown::ItemPlan* item, const ItemEdit* edit,
                            const QDate& firstWeek) {
    beginResetModel();
    item_ = item && item->planned ? item : nullptr;
    edit_ = item_ ? edit : nullptr;
    firstWeek_ = firstWeek;
    endResetModel();
}

int ItemPlanModel::steps() const {
    return item_ ? static_cast<int>(item_->input.ladder.size()) : 0;
}

QString ItemPlanModel::stepText(int step) const {
    if (!item_ || step < 0 || step >= steps())
        return {};
    const double ratio = item_->input.ladder[size_t(step)];
    const QString discount = step == 0 && ratio >= 1.0
                                 ? tr("full price")
                                 : QStringLiteral("−%1%").arg(std::lround((1.0 - ratio) * 100.0));
    return QStringLiteral("%1  (%2)").arg(discount, formatNumber(item_->input.price(step), 2));
}

const markdown::PlannedWeek* ItemPlanModel::shownWeek(int row) const {
    const auto& schedule = edit_ ? edit_->plan.schedule : item_->plan.schedule;
    return row >= 0 && row < static_cast<int>(schedule.size()) ? &schedule[size_t(row)] : nullptr;
}

int ItemPlanModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !item_ ? 0 : static_cast<int>(item_->plan.schedule.size());
}

int ItemPlanModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : Count;
}

QVariant ItemPlanModel::data(const QModelIndex& index, int role) const {
    if (!item_ || !index.isValid())
        return {};
    const markdown::PlannedWeek* week = shownWeek(index.row());
    if (!week)
        return {};
    const int planStep = item_->plan.schedule[size_t(index.row())].step;
    const int step = edit_ ? edit_->steps[size_t(index.row())] : week->step;
    const bool overridden = edit_ && step != planStep;
    if (role == Qt::BackgroundRole && overridden)
        return QBrush(QColor(0xff, 0xf3, 0xc4));
    if (role == Qt::FontRole && overridden && index.column() == Step) {
        QFont font;
        font.setBold(true);
        return font;
    }
    if (role == Qt::ToolTipRole && index.column() == Step)
        return overridden ? tr("Your override; the plan charges %1").arg(stepText(planStep))
                          : tr("Double-click to override this week's price");
    if (role == Qt::TextAlignmentRole && index.column() >= Price)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    const bool raw = role == Qt::EditRole;
    if (role != Qt::DisplayRole && !raw)
        return {};
    switch (index.column()) {
        case Week:
            return week->week;
        case Date:
            return raw ? QVariant(firstWeek_.addDays(7 * (week->week - 1)))
                       : QVariant(firstWeek_.addDays(7 * (week->week - 1)).toString(Qt::ISODate));
        case Step:
            return raw ? QVariant(step) : QVariant(stepText(step));
        case Price:
            return raw ? QVariant(item_->input.price(step))
                       : QVariant(formatNumber(item_->input.price(step), 2));
        case Units:
            return raw ? QVariant(week->expectedUnits)
                       : QVariant(formatNumber(week->expectedUnits, 1));
        case Stock:
            return raw ? QVariant(week->expectedStock)
                       : QVariant(formatNumber(week->expectedStock, 1));
        case Probability:
            return raw ? QVariant(week->probabilityAtStep)
                       : QVariant(formatPercent(week->probabilityAtStep, 0));
        default:
            return {};
    }
}

bool ItemPlanModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!item_ || !index.isValid() || index.column() != Step || role != Qt::EditRole)
        return false;
    bool ok = false;
    const int step = value.toInt(&ok);
    if (!ok || step < 0 || step >= steps())
        return false;
    emit overrideRequested(index.row() + 1, step);
    return true;
}

Qt::ItemFlags ItemPlanModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.column() == Step)
        flags |= Qt::ItemIsEditable;
    return flags;
}

QVariant ItemPlanModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == Probability)
        return tr("Chance the policy charges this week's step (it adapts to what sells).");
    if (role != Qt::DisplayRole)
        return {};
    static const char* const titles[] = {"Week",       "Date",       "Price step", "Price",
                                         "Exp. units", "Exp. stock", "P(step)"};
    return section >= 0 && section < Count ? tr(titles[section]) : QVariant();
}

StepDelegate::StepDelegate(ItemPlanModel* model, QObject* parent)
    : QStyledItemDelegate(parent), model_(model) {}

QWidget* StepDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                                    const QModelIndex& index) const {
    if (index.column() != ItemPlanModel::Step)
        return QStyledItemDelegate::createEditor(parent, option, index);
    auto* box = new QComboBox(parent);
    for (int step = 0; step < model_->steps(); ++step)
        box->addItem(model_->stepText(step), step);
    // One choice is the whole edit: commit as soon as it is made.
    auto* self = const_cast<StepDelegate*>(this);
    connect(box, &QComboBox::activated, self, [self, box] {
        emit self->commitData(box);
        emit self->closeEditor(box);
    });
    return box;
}

void StepDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const {
    if (auto* box = qobject_cast<QComboBox*>(editor))
        box->setCurrentIndex(box->findData(index.data(Qt::EditRole)));
    else
        QStyledItemDelegate::setEditorData(editor, index);
}

void StepDelegate::setModelData(QWidget* editor, QAbstractItemModel* model,
                                const QModelIndex& index) const {
    if (auto* box = qobject_cast<QComboBox*>(editor))
        model->setData(index, box->currentData(), Qt::EditRole);
    else
        QStyledItemDelegate::setModelData(editor, model, index);
}

}  // namespace mb::ui
