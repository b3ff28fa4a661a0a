#include "ItemPlanModel.h"

#include "ScheduleEdits.h"
#include "common/Numbers.h"

#include <QBrush>
#include <QColor>
#include <QComboBox>
#include <QFont>
#include <QIcon>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <cmath>

namespace mb::ui {

namespace {

// A small padlock drawn once: no icon font or emoji is needed to mark a locked week.
QIcon padlock() {
    static const QIcon icon = [] {
        QPixmap pixmap(14, 14);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        const QColor ink(0x1f, 0x4e, 0x79);
        painter.setPen(QPen(ink, 1.6));
        painter.setBrush(Qt::NoBrush);
        QPainterPath shackle;
        shackle.moveTo(4.0, 7.0);
        shackle.lineTo(4.0, 4.5);
        shackle.arcTo(QRectF(4.0, 1.0, 6.0, 6.0), 180.0, -180.0);
        shackle.lineTo(10.0, 7.0);
        painter.drawPath(shackle);
        painter.setPen(Qt::NoPen);
        painter.setBrush(ink);
        painter.drawRoundedRect(QRectF(2.0, 6.5, 10.0, 7.0), 1.5, 1.5);
        return QIcon(pixmap);
    }();
    return icon;
}

}  // namespace

ItemPlanModel::ItemPlanModel(QObject* parent) : QAbstractTableModel(parent) {}

void ItemPlanModel::setItem(const markdown::ItemPlan* item, const ItemEdit* edit,
                            const QDate& firstWeek, const markdown::ItemPlan* itemB) {
    beginResetModel();
    item_ = item && item->planned ? item : nullptr;
    edit_ = item_ ? edit : nullptr;
    itemB_ = item_ && itemB && itemB->planned ? itemB : nullptr;
    firstWeek_ = firstWeek;
    endResetModel();
}

void ItemPlanModel::setOtherScenarioName(const QString& name) {
    otherName_ = name;
    emit headerDataChanged(Qt::Horizontal, ScenarioB, ScenarioB);
}

void ItemPlanModel::setEdit(const ItemEdit* edit) {
    if (!item_)
        return;
    edit_ = edit;
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, Count - 1));
}

int ItemPlanModel::steps() const {
    return item_ ? static_cast<int>(item_->input.ladder.size()) : 0;
}

QString ItemPlanModel::stepText(int step) const {
    return item_ ? stepText(item_->input, step) : QString();
}

QString ItemPlanModel::stepText(const markdown::MarkdownProblem& problem, int step) {
    if (step < 0 || step >= static_cast<int>(problem.ladder.size()))
        return {};
    const double ratio = problem.priceRatio(step);  // the shelf price, on price points if set
    const QString discount = step == 0 && ratio >= 1.0
                                 ? tr("full price")
                                 : QStringLiteral("−%1%").arg(std::lround((1.0 - ratio) * 100.0));
    return QStringLiteral("%1  (%2)").arg(discount, formatMoney(problem.price(step), 2));
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
    const bool locked = edit_ && edit_->isLocked(index.row() + 1);
    const markdown::PlannedWeek* weekB =
        itemB_ && index.row() < static_cast<int>(itemB_->plan.schedule.size())
            ? &itemB_->plan.schedule[size_t(index.row())]
            : nullptr;
    if (role == Qt::BackgroundRole && locked)
        return QBrush(QColor(0xdd, 0xea, 0xf7));
    if (role == Qt::BackgroundRole && overridden)
        return QBrush(QColor(0xff, 0xf3, 0xc4));
    if (index.column() == Lock) {
        if (role == Qt::DecorationRole && locked)
            return padlock();
        if (role == Qt::ToolTipRole)
            return locked ? tr("Locked: the other weeks are re-planned around this price")
                          : tr("Select the week and press Lock week to keep its price");
        if (role == Qt::EditRole)
            return locked;
        if (role == Qt::DisplayRole)
            return locked ? tr("Locked") : QString();
        return {};
    }
    if (index.column() == ScenarioB) {
        if (!weekB)
            return {};
        if (role == Qt::EditRole)
            return weekB->step;
        if (role == Qt::DisplayRole)
            return stepText(itemB_->input, weekB->step);
        if (role == Qt::ToolTipRole)
            return tr("%1 charges this in the week").arg(otherName_);
        return {};
    }
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
                       : QVariant(formatMoney(item_->input.price(step), 2));
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
    if (role == Qt::ToolTipRole && section == Units)
        return tr("Expected units sold this week.");
    if (role == Qt::ToolTipRole && section == Stock)
        return tr("Expected stock on hand at the start of this week.");
    if (role != Qt::DisplayRole)
        return {};
    if (section == ScenarioB)
        return otherName_;
    static const char* const titles[] = {"Week",       "Date",  "Lock",  "Price step", "Price",
                                         "Scenario B", "Units", "Stock", "P(step)"};
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
