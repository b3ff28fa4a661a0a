#pragma once

#include "MarkdownRun.h"
#include "ProjectPage.h"
#include "common/ResultFreshness.h"

#include <functional>

class QCheckBox;
class QComboBox;
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
class ScenarioManager;
class ScheduleEdits;
class ScopePicker;
class SeasonItemModel;
class SeasonSummary;
class TableExportButton;
class TaskBar;
class PublishPanel;

// The merchandiser's markdown page: season settings, the products and stores to plan, and rules
// (two rule sets when comparing), "Plan season" in the background, an item picker, the selected
// item's plan beside the other scenario's, undoable week overrides of scenario A evaluated at
// once and locked weeks re-solved in the background, its charts, the season's totals (A, B and
// B − A on the same measures), approval of the shown scenario's price changes into the project
// and their export. A plan whose request no longer matches the controls, or whose data changed,
// is marked out of date and can be neither approved nor exported. Plans with their edits and
// locks are saved in the project as named scenarios and planned again when chosen.
class MarkdownPage : public ProjectPage {
    Q_OBJECT
public:
    explicit MarkdownPage(QWidget* parent = nullptr);
    ~MarkdownPage() override;

    void setConnection(ProjectConnection* connection) override;
    // Reads the project's input fingerprint again: a plan of other data is out of date.
    void refresh() override;
    bool hasUnsavedWork() const override;
    QString unsavedWorkDescription() const override;
    // Saves the plan under the scenario name it was loaded or saved as, else a new dated name.
    bool saveWork(QString* error) override;

    // A yes-or-no question to the user (the text is the whole question); the page asks with a
    // message box unless a test answers instead.
    using Question = std::function<bool(const QString& text)>;
    void setDiscardQuestion(Question question) { askDiscard_ = std::move(question); }
    void setApproveQuestion(Question question) { askApprove_ = std::move(question); }
    // Asked after an approval when the project names a database to publish to.
    void setPublishQuestion(Question question) { askPublish_ = std::move(question); }
    // "Discard 2 edited weeks and 1 locked week?", or "" when there are no edits to lose.
    QString discardQuestion() const;

    // Starts planning with the rules on screen; false (and the reason shown) when they are not
    // valid, no project is open, or the user keeps the edits on screen.
    bool planSeason();
    // Records the shown scenario's price changes (A with the user's edits) as approved
    // decisions, without asking; the run id, or -1 (an out-of-date plan is refused).
    qint64 approve();
    // What Approve records, as the question it asks: the scenario, its price changes, items,
    // stores, first and last week, expected revenue and margin.
    QString approvalSummary() const;
    // The Approve button: asks with approvalSummary(), then approve(); -1 when declined. When
    // the project names a database (settings publish_to) it then offers publishApproved().
    qint64 approveAsked();
    // Publishes the run approve() recorded to the project's database in the background
    // (publishPanel() shows how it went); false when there is none, or the plan on screen is
    // out of date or no longer the approved one (edited, planned again).
    bool publishApproved();
    PublishPanel* publishPanel() const { return publish_; }

    // Whether the shown plan still answers the controls and the project's data (as last read).
    Freshness freshness() const;
    OutOfDateBanner* outOfDateBanner() const { return outOfDate_; }
    OutOfDateBanner* planOutOfDateBanner() const { return planOutOfDate_; }

    // Saves the plan, its edits and locks as a named scenario of the project (replacing one of
    // the same name); false with the reason in *error (and on the status line).
    bool saveScenario(const QString& name, QString* error = nullptr);
    // Puts the saved scenario's settings on the controls and plans it in the background with
    // its edits and locks re-applied (scenarioLoaded follows); false when nothing was started.
    bool loadScenario(const QString& name);
    // The saved scenario the plan on screen came from or was saved as; "" for none.
    QString scenarioName() const { return scenarioName_; }
    QComboBox* scenarioBox() const { return scenarioBox_; }
    // Opens "Saved scenarios" (rename, delete); the list here follows what it changes. Null
    // without a project.
    ScenarioManager* manageScenarios();

    // Which scenario the cards, charts, item table, price-change list, Approve and Export show
    // and act on (B only when two were planned).
    void showScenarioB(bool showB);
    bool showsScenarioB() const { return showB_ && run_ && run_->b; }
    QComboBox* shownScenarioBox() const { return shownBox_; }
    // Locks the plan table's current week at its shown price (or unlocks it when it is locked):
    // the item's policy is re-solved around its locks in the background and lockFinished
    // follows. False when nothing was started (no item or week, or work already running).
    bool lockSelectedWeek();
    // The same for a given week (1-based) of the current item.
    bool lockWeek(int week, int step);
    bool unlockWeek(int week);
    // Re-solves started by locks and unlocks since the page was made (undo and redo start none).
    int lockSolveCount() const { return lockSolves_; }
    // The other scenario's plan of a shown item (B's while A is shown, A's while B is), when
    // two were planned and the other has it.
    const markdown::ItemPlan* scenarioBItem(int item) const;
    // Shows an item of scenario A (its index in the season's items).
    void selectItem(int item);
    int currentItem() const { return currentItem_; }

    MarkdownRunResultPtr result() const { return run_; }
    // The run as shown: the planned run, or with B in scenario A's place while B is shown.
    MarkdownRunResultPtr shownResult() const { return shown_; }
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
    // A saved scenario was planned again (ok) or could not be (the reason is on the status).
    void scenarioLoaded(bool ok);
    void approved(qint64 runId);
    // A lock or unlock solve ended; applied is false when it failed or was dropped.
    void lockFinished(bool applied);

protected:
    void showEvent(QShowEvent* event) override;

private:
    QWidget* buildSettings();
    QWidget* buildScenarioRow();
    // The request the controls make now; false with the reason when they cannot make one.
    bool readRequest(MarkdownRunRequest& request, QString* problem) const;
    // The user's edit of an item as shown (none while scenario B is shown).
    const ItemEdit* shownEdit(int item) const;
    void clearForProject();
    void reloadScenarioList();
    QJsonObject savedState() const;
    void updateFreshness();
    // Reads the data's fingerprint again; true (and the reason on the status) when out of date.
    bool refusedAsOutOfDate();
    void showShownRun();
    QWidget* buildPicker();
    QWidget* buildPlan();
    void showRun(MarkdownRunResultPtr run);
    // sameItem: the current item's edit changed, its rows stay.
    void showItemDetails(bool sameItem = false);
    void forgetItem();
    void onItemChanged(int item);
    void setStatus(const QString& text, bool problem = false);
    void updateLockButton();
    bool solveLocks(int item, std::vector<int> locks, const QString& text, const QString& done);
    QString itemFiguresText(const markdown::ItemPlan& plan, const ItemEdit* edit) const;

    MarkdownRunResultPtr run_;
    MarkdownRunResultPtr shown_;
    MarkdownRunResultPtr swappedRun_;  // run_ with B in A's place, made when B is first shown
    bool showB_ = false;
    int currentItem_ = -1;
    // Bumped on every change of project: work started for the previous one shows nothing.
    quint64 session_ = 0;
    QString fingerprintNow_;
    QString scenarioName_;
    QJsonObject savedState_;  // request and edits as last saved or loaded
    Question askDiscard_, askApprove_, askPublish_;
    OutOfDateBanner* outOfDate_ = nullptr;      // above the summary and the price changes
    OutOfDateBanner* planOutOfDate_ = nullptr;  // above the item's plan table
    QComboBox* scenarioBox_ = nullptr;
    QPushButton* saveScenarioButton_ = nullptr;
    QComboBox* shownBox_ = nullptr;
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
    PublishPanel* publish_ = nullptr;  // the approved run, while it is the plan on screen
};

}  // namespace mb::ui
