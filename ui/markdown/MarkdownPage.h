#pragma once

#include "MarkdownRun.h"
#include "ProjectPage.h"

class QCheckBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QTableView;
class QTabWidget;
class QToolButton;

namespace mb::markdown {
struct ItemEdit;
}

namespace mb::ui {

using markdown::ItemEdit;

class FilterBar;
class ItemCharts;
class ItemPlanModel;
class PriceChangeModel;
class RulesPanel;
class ScheduleEdits;
class ScopePicker;
class SeasonItemModel;
class SeasonSummary;
class TableExportButton;
class TaskBar;

// The merchandiser's markdown page: season settings, the products and stores to plan, and rules
// (two rule sets when comparing), "Plan season" in the background, an item picker, the selected
// item's plan beside scenario B's, undoable week overrides evaluated at once and locked weeks
// re-solved in the background, its charts, the season's totals (A, B and B − A), approval of
// the price changes into the project and their export.
class MarkdownPage : public ProjectPage {
    Q_OBJECT
public:
    explicit MarkdownPage(QWidget* parent = nullptr);
    ~MarkdownPage() override;

    void setConnection(ProjectConnection* connection) override;

    // Starts planning with the rules on screen; false (and the reason shown) when they are not
    // valid or no project is open.
    bool planSeason();
    // Records the plan (with the user's edits) as approved decisions; the run id, or -1.
    qint64 approve();
    // Locks the plan table's current week at its shown price (or unlocks it when it is locked):
    // the item's policy is re-solved around its locks in the background and lockFinished
    // follows. False when nothing was started (no item or week, or work already running).
    bool lockSelectedWeek();
    // The same for a given week (1-based) of the current item.
    bool lockWeek(int week, int step);
    bool unlockWeek(int week);
    // Re-solves started by locks and unlocks since the page was made (undo and redo start none).
    int lockSolveCount() const { return lockSolves_; }
    // The current item under scenario B's rules, when B was planned and has it.
    const markdown::ItemPlan* scenarioBItem(int item) const;
    // Shows an item of scenario A (its index in the season's items).
    void selectItem(int item);
    int currentItem() const { return currentItem_; }

    MarkdownRunResultPtr result() const { return run_; }
    QPushButton* planButton() const { return planButton_; }
    QPushButton* approveButton() const { return approveButton_; }
    QDateEdit* exitDateEdit() const { return exitDate_; }
    QCheckBox* compareBox() const { return compare_; }
    ScopePicker* productPicker() const { return productScope_; }
    ScopePicker* storePicker() const { return storeScope_; }
    QLabel* itemFiguresLabel() const { return itemFigures_; }
    QToolButton* lockButton() const { return lockButton_; }
    RulesPanel* rulesA() const { return rulesA_; }
    RulesPanel* rulesB() const { return rulesB_; }
    TaskBar* taskBar() const { return taskBar_; }
    FilterBar* filterBar() const { return filters_; }
    QTableView* pickerView() const { return picker_; }
    QTableView* planView() const { return planView_; }
    ItemPlanModel* planModel() const { return planModel_; }
    ScheduleEdits* edits() const { return edits_; }
    ItemCharts* charts() const { return charts_; }
    SeasonSummary* summary() const { return summary_; }
    PriceChangeModel* priceChanges() const { return priceChanges_; }
    TableExportButton* exportButton() const { return exportButton_; }
    QString statusText() const;

signals:
    void planFinished();
    void approved(qint64 runId);
    // A lock or unlock solve ended; applied is false when it failed or was dropped.
    void lockFinished(bool applied);

private:
    QWidget* buildSettings();
    QWidget* buildPicker();
    QWidget* buildPlan();
    void showRun(MarkdownRunResultPtr run);
    void showItemDetails();
    void onItemChanged(int item);
    void setStatus(const QString& text, bool problem = false);
    void updateLockButton();
    bool solveLocks(int item, std::vector<int> locks, const QString& text, const QString& done);
    QString itemFiguresText(const markdown::ItemPlan& plan, const ItemEdit* edit) const;

    MarkdownRunResultPtr run_;
    int currentItem_ = -1;
    QDateEdit* exitDate_ = nullptr;
    QCheckBox* compare_ = nullptr;
    ScopePicker* productScope_ = nullptr;
    ScopePicker* storeScope_ = nullptr;
    int lockSolves_ = 0;
    QTabWidget* rulesTabs_ = nullptr;
    RulesPanel* rulesA_ = nullptr;
    RulesPanel* rulesB_ = nullptr;
    QPushButton* planButton_ = nullptr;
    QPushButton* approveButton_ = nullptr;
    TableExportButton* exportButton_ = nullptr;
    QLabel* status_ = nullptr;
    SeasonSummary* summary_ = nullptr;
    SeasonItemModel* items_ = nullptr;
    FilterBar* filters_ = nullptr;
    QTableView* picker_ = nullptr;
    QLabel* itemTitle_ = nullptr;
    QLabel* itemFigures_ = nullptr;
    QLabel* ruleBreaks_ = nullptr;
    ItemPlanModel* planModel_ = nullptr;
    QTableView* planView_ = nullptr;
    QToolButton* revertButton_ = nullptr;
    QToolButton* lockButton_ = nullptr;
    ScheduleEdits* edits_ = nullptr;
    ItemCharts* charts_ = nullptr;
    PriceChangeModel* priceChanges_ = nullptr;
    TaskBar* taskBar_ = nullptr;
};

}  // namespace mb::ui
