#pragma once

#include <optional>

#include "ProjectPage.h"
#include "common/ResultFreshness.h"
#include "layout/LayoutJob.h"

#include <QHash>
#include <memory>

class QAction;
class QComboBox;
class QMenu;
class QLabel;
class QTabWidget;
class QTableView;
class QTableWidget;
class QToolBar;
class QToolButton;

namespace mb::ui {

// What the page shows, read and scored by the core's layout job in a background task: the
// project's floor, baskets and traffic, the score of its layout for the page's request, and the
// category pairs of the heatmap.
struct LayoutPageData {
    QStringList stores;  // the stores the project's plans name (planStores)
    layout::LayoutInputs inputs;
    layout::LayoutResult score;
    std::vector<layout::CategoryPair> pairs;
};
using LayoutPageDataPointer = std::shared_ptr<const LayoutPageData>;
using LayoutResultPointer = std::shared_ptr<const layout::LayoutResult>;

class AffinityHeatmap;
class BackgroundTask;
class FloorPlanView;
class ImpulseCategoryList;
class LayoutScenario;
class LayoutTestSection;
class OptimisePanel;
class PairTableModel;
class ScenarioManager;
class StatCardRow;
class TaskBar;

// The Layout page for store planners: the floor plan to scale with the categories in their
// zones (drag to move or swap, with the live score change and undo), the score against the
// imported layout and its expected cross-category effect, the category affinity heatmap with
// the top pairs, the shoppers' zone-to-zone flows, the optimiser, and the scenario's export.
class LayoutPage : public ProjectPage {
    Q_OBJECT
public:
    enum class Colouring { Traffic, Adjacency, Exposure };

    explicit LayoutPage(QWidget* parent = nullptr);
    ~LayoutPage() override;

    // A new project (or none): everything shown of the previous one goes, undo history and
    // impulse categories included.
    void setConnection(ProjectConnection* connection) override;
    // After an import: reloads when the data changed and nothing would be lost; otherwise keeps
    // the floor and the proposal and marks them out of date.
    void refresh() override;

    // A floor moved away from the imported layout and not saved as a scenario.
    bool hasUnsavedWork() const override;
    QString unsavedWorkDescription() const override;
    bool saveWork(QString* error) override;
    // The floor (every category's zone), the impulse categories and the request as the
    // project's saved scenario `name` (page "layout"). Throws mb::Error.
    void saveScenario(const QString& name);
    // Puts a saved scenario's floor and impulse categories on the floor as one undoable step
    // and its optimise settings in the panel; false when there is none of that name.
    bool loadScenario(const QString& name);
    QStringList savedScenarioNames() const;
    // Opens "Saved scenarios" (rename, delete), also in the Scenarios menu. Null without a
    // project.
    ScenarioManager* manageScenarios();

    // Whether the optimiser's proposal and the scores still answer the controls and the data.
    Freshness proposalFreshness() const;
    Freshness scoreFreshness() const;
    OutOfDateBanner* scoreBanner() const { return scoreBanner_; }

    bool isLoaded() const { return data_ != nullptr; }
    QString loadError() const;
    const layout::LayoutInputs* inputs() const { return data_ ? &data_->inputs : nullptr; }
    LayoutScenario* scenario() const { return scenario_; }

    // The edits a drag makes, also for tests and scripts.
    void moveCategory(const QString& category, const QString& zone);
    void swapCategories(const QString& categoryA, const QString& categoryB);
    void setColouring(Colouring colouring);
    // The impulse categories the exposure term counts (undoable; unknown names are ignored),
    // in model order. They start empty and are kept, in memory only, per project while the
    // page lives.
    void setImpulseCategories(const QStringList& categories);
    QStringList impulseCategories() const;
    // The request the page's controls make: the optimise panel's settings, the impulse
    // categories and, when the floor differs from the imported layout, the floor as start_layout.
    layout::LayoutRequest request(bool optimise) const;
    // Starts the optimiser (the core's layout job) on request(true) in the background.
    void startOptimise();
    void cancelOptimise();
    const layout::LayoutProposal* proposal() const {
        return result_ ? &result_->proposal : nullptr;
    }
    // The optimiser's result, with the request it answers in its provenance.
    const layout::LayoutResult* result() const { return result_.get(); }
    void applyProposal();
    void discardProposal();

    // The layout scenario CSV through the core's one writer (the imported layout as current,
    // the floor as proposed), as `merchbench-cli layout --out` writes it, with a
    // FILE.params.json sidecar (the request and the edits); images by suffix (png, svg, pdf).
    // Throw mb::Error.
    void exportScenario(const QString& path) const;
    void exportFloorPlan(const QString& path) const;
    void exportHeatmap(const QString& path) const;

    QTabWidget* tabs() const { return tabs_; }
    FloorPlanView* floorView() const { return floor_; }
    ImpulseCategoryList* impulseList() const { return impulse_; }
    FloorPlanView* flowView() const { return flows_; }
    AffinityHeatmap* heatmap() const { return heatmap_; }
    // The input fingerprint of the data the heatmap, pairs and flows show; "" while they are
    // being read again after a change of the data.
    QString dataViewsFingerprint() const;
    QTableView* pairView() const { return pairView_; }
    OptimisePanel* optimisePanel() const { return optimise_; }
    LayoutTestSection* layoutTestSection() const { return layoutTest_; }
    StatCardRow* scoreCards() const { return cards_; }
    // The headline: the store's cross-category basket share with the floor's predicted change,
    // and the floor's revenue a week from the added attach purchases; the moves table gives
    // both per moved category (LayoutPrediction.h), all against the imported layout.
    StatCardRow* headlineCards() const { return headline_; }
    QTableWidget* movesTable() const { return moves_; }
    // A chain's project: the store whose floor the page shows, chosen on the toolbar (hidden
    // with one plan). showStore reads that store's floor, placement and baskets.
    QComboBox* storeBox() const { return storeBox_; }
    void showStore(const QString& store);
    // Why the moves table is empty, or its figures are dashes ('' while they are shown).
    QLabel* movesNote() const { return movesNote_; }
    // The floor's prediction now (empty before a load).
    layout::LayoutPrediction floorPrediction() const;
    TaskBar* taskBar() const { return taskBar_; }
    QLabel* hoverLabel() const { return hoverLabel_; }
    QAction* undoAction() const { return undo_; }
    QAction* redoAction() const { return redo_; }
    QAction* backToImportedAction() const { return backToImported_; }
    QToolButton* exportButton() const { return exportButton_; }
    QToolBar* toolBar() const { return toolbar_; }
    QLabel* messageLabel() const { return message_; }

signals:
    void loaded();
    void loadFailed(const QString& message);
    void optimiseEnded();
    // The heatmap, pairs and flows show the project's data again after a change under a kept
    // floor (refresh()).
    void dataViewsReread();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void clearShown();
    void readFingerprint();
    void updateFreshness();
    // The banner's sentence while the proposal or the scores are out of date, else "".
    QString outOfDateMessage() const;
    void showMessage(const QString& text, bool error);
    void askSaveScenario();
    void fillScenarioMenu();
    void startLoading();
    void showInputs(LayoutPageDataPointer data);
    // The heatmap, top pairs and flows of data (the floor's own or data read since).
    void showDataViews(const LayoutPageData& data);
    // Reads the project's inputs in the background (what the page loads) for a task titled so.
    BackgroundTask* readInputs(const QString& title);
    void rereadDataViews();
    void showScore();
    void showPrediction();
    // The chain's effect of proximity is a fit over every store: measured in the background the
    // first time the floor has a move to predict (and no effect is given), not with the data.
    // Returns whether the measurement runs (not while another task does).
    bool measureChainEffect();
    void showHover(int category, int zone, int swapWith);
    void dropCategory(int category, int zone, int swapWith);
    void toggleImpulse(int category, bool impulse);
    void recolour();
    void askExport(int what);
    QJsonObject parameters() const;

    QTabWidget* tabs_ = nullptr;
    StatCardRow* cards_ = nullptr;
    StatCardRow* headline_ = nullptr;
    QTableWidget* moves_ = nullptr;
    QLabel* movesNote_ = nullptr;
    FloorPlanView* floor_ = nullptr;
    ImpulseCategoryList* impulse_ = nullptr;
    QLabel* hoverLabel_ = nullptr;
    FloorPlanView* flows_ = nullptr;
    QLabel* flowNote_ = nullptr;
    QTableWidget* flowTable_ = nullptr;
    AffinityHeatmap* heatmap_ = nullptr;
    QComboBox* measure_ = nullptr;
    PairTableModel* pairModel_ = nullptr;
    QTableView* pairView_ = nullptr;
    OptimisePanel* optimise_ = nullptr;
    LayoutTestSection* layoutTest_ = nullptr;
    QComboBox* colouring_ = nullptr;
    QComboBox* storeBox_ = nullptr;
    QAction* storeBoxAction_ = nullptr;
    QAction* storeLabelAction_ = nullptr;
    QString chosenStore_;  // '' = the project's default (defaultPlanStore)
    QLabel* message_ = nullptr;
    TaskBar* taskBar_ = nullptr;
    QAction* undo_ = nullptr;
    QAction* redo_ = nullptr;
    QAction* backToImported_ = nullptr;
    QToolBar* toolbar_ = nullptr;
    QToolButton* exportButton_ = nullptr;
    QMenu* scenarioMenu_ = nullptr;
    OutOfDateBanner* scoreBanner_ = nullptr;
    LayoutScenario* scenario_ = nullptr;
    LayoutPageDataPointer data_;
    // The data the heatmap, pairs and flows show when read after the floor's (the data changed
    // under a floor the planner is working on); null while they show data_.
    LayoutPageDataPointer viewsData_;
    bool viewsStale_ = false;  // emptied and being read again
    quint64 viewsGeneration_ = 0;
    LayoutResultPointer result_;
    // The chain's effect once measured for this load (or why not); none: not yet asked for.
    std::optional<layout::ProximityEffect> chainEffect_;
    bool measuringEffect_ = false;
    QString loadError_;
    // Bumped when the project changes, so work started for the old one shows nothing.
    quint64 generation_ = 0;
    // What the scores' model was built from: its request (the model's fields only) and data.
    jobs::Provenance scoreProvenance_;
    QString fingerprintNow_;  // the project's, read on load, refresh and show
    // The floor (zone per category, then impulse flags) last saved or loaded as a scenario.
    std::vector<int> savedFloor_;
    std::vector<std::uint8_t> savedImpulse_;
    Colouring colouringMode_ = Colouring::Traffic;
    QHash<QString, QStringList> impulseByProject_;  // project path -> impulse categories
};

}  // namespace mb::ui
