#pragma once

#include "markdown/SeasonPlanner.h"

#include <QAbstractTableModel>
#include <QDate>
#include <QStyledItemDelegate>

namespace mb::markdown {
struct ItemEdit;
}

namespace mb::ui {

using markdown::ItemEdit;

// The week-by-week plan of one item: the optimiser's, or the user's edit of it (weeks the user
// overrode are highlighted, locked weeks carry a padlock), and beside it the step scenario B
// charges when two rule sets were planned. The step column is editable; an edit is not applied
// here but asked for with overrideRequested, so it can go on the undo stack.
class ItemPlanModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Week, Date, Lock, Step, Price, ScenarioB, Units, Stock, Probability, Count };

    explicit ItemPlanModel(QObject* parent = nullptr);

    // item may be nullptr (nothing selected); edit is nullptr when the item follows the plan;
    // itemB is the same item under scenario B's rules, if planned.
    void setItem(const markdown::ItemPlan* item, const ItemEdit* edit, const QDate& firstWeek,
                 const markdown::ItemPlan* itemB = nullptr);
    // Another edit of the same item: the rows stay, so their cells change in place. (A reset
    // would drop the step editor whose commit caused the change, and the view would then be
    // asked to close an editor it no longer has.)
    void setEdit(const ItemEdit* edit);
    const markdown::ItemPlan* item() const { return item_; }
    const markdown::ItemPlan* itemB() const { return itemB_; }
    // "−30%  (24.50)" for a ladder step of the item (of its scenario B problem when asked).
    QString stepText(int step) const;
    static QString stepText(const markdown::MarkdownProblem& problem, int step);
    int steps() const;
    // The other scenario's column title: "Scenario B", or "Scenario A" while B is shown.
    void setOtherScenarioName(const QString& name);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

signals:
    void overrideRequested(int week, int step);

private:
    const markdown::PlannedWeek* shownWeek(int row) const;

    const markdown::ItemPlan* item_ = nullptr;
    const ItemEdit* edit_ = nullptr;
    const markdown::ItemPlan* itemB_ = nullptr;
    QDate firstWeek_;
    QString otherName_ = tr("Scenario B");
};

// A combo box of the item's ladder steps for the plan table's step column.
class StepDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit StepDelegate(ItemPlanModel* model, QObject* parent = nullptr);
    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model,
                      const QModelIndex& index) const override;

private:
    ItemPlanModel* model_;
};

}  // namespace mb::ui
