#include "LayoutPage.h"

#include "AffinityHeatmap.h"
#include "FloorPlanView.h"
#include "ImpulseCategoryList.h"
#include "LayoutScenario.h"
#include "LayoutTerms.h"
#include "LayoutTestSection.h"
#include "OptimisePanel.h"
#include "PairTableModel.h"
#include "PredictionText.h"
#include "ProjectConnection.h"
#include "SceneExport.h"
#include "common/Error.h"
#include "common/ExportLocation.h"
#include "common/JsonNumber.h"
#include "common/MemoryBudget.h"
#include "common/Numbers.h"
#include "common/ScenarioManager.h"
#include "common/StatCard.h"
#include "common/TaskBar.h"
#include "data/Project.h"
#include "data/SavedScenarios.h"
#include "export/CsvExport.h"
#include "layout/ProximityEffect.h"
#include "layout/StorePlan.h"
#include "layout/ZoneTerms.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>
#include <cmath>

Q_DECLARE_METATYPE(mb::ui::LayoutPageDataPointer)
Q_DECLARE_METATYPE(mb::ui::LayoutResultPointer)

namespace mb::ui {

namespace {

enum Export { ScenarioCsv, FloorImage, HeatmapImage };
enum Card { AdjacencyCard, ExposureCard, WalkCard, TotalCard };
enum Headline { ShareCard, RevenueCard };
enum MoveColumn { MoveColumn, ShareColumn, RevenueColumn };

QString signedNumber(double value, int decimals) {
    return (value >= 0 ? QStringLiteral("+") : QStringLiteral("−")) +
           formatNumber(std::abs(value), decimals);
}

void setTermCard(StatCard* card, double value, double imported, int decimals, bool higherIsBetter,
                 const QString& suffix = {}) {
    card->setValue(value, decimals, {}, suffix);
    const double change = value - imported;
    const double tolerance = 0.5 * std::pow(10.0, -decimals);
    const StatCard::Tone tone = std::abs(change) < tolerance     ? StatCard::Tone::Neutral
                                : (change > 0) == higherIsBetter ? StatCard::Tone::Better
                                                                 : StatCard::Tone::Worse;
    card->setDeltaText(QObject::tr("%1 vs imported").arg(signedNumber(change, decimals)), tone);
}

QString termsText(const layout::LayoutScoreTerms& change) {
    return QObject::tr("adjacency %1, exposure %2, walk %3 m, total %4")
        .arg(signedNumber(change.adjacency, 4), signedNumber(change.exposure, 4),
             signedNumber(change.walkingMetres, 1), signedNumber(change.total, 4));
}

QString shareCardTip() {
    return QObject::tr(
               "The store's share of baskets holding two or more categories; below it, "
               "the change predicted for the layout on the floor against the imported "
               "one, with its range over the effect's interval.\n\n%1")
        .arg(layout::predictionFormula());
}

QString revenueCardTip() {
    return QObject::tr(
        "The revenue a week the layout on the floor is predicted to add (or lose) "
        "through attach purchases: each pair's added co-purchases a week times "
        "the mean value of the two categories in the baskets holding them, "
        "against the imported layout.");
}

QJsonObject termsJson(const layout::LayoutScoreTerms& terms) {
    return {{QStringLiteral("adjacency"), jsonNumber(terms.adjacency)},
            {QStringLiteral("exposure"), jsonNumber(terms.exposure)},
            {QStringLiteral("walking_metres"), jsonNumber(terms.walkingMetres)},
            {QStringLiteral("total"), jsonNumber(terms.total)}};
}

}  // namespace

LayoutPage::LayoutPage(QWidget* parent)
    : ProjectPage(tr("Layout"),
                  tr("Store-layout adjacency for store planners: which categories belong next "
                     "to each other."),
                  parent) {
    qRegisterMetaType<LayoutPageDataPointer>();
    qRegisterMetaType<LayoutResultPointer>();
    scenario_ = new LayoutScenario(this);
    connect(scenario_, &LayoutScenario::changed, this, &LayoutPage::showScore);
    connect(scenario_, &LayoutScenario::changed, this, &LayoutPage::updateFreshness);

    auto* body = new QWidget;
    body->setObjectName(QStringLiteral("layoutPage"));
    // Every label on the toolbar stays the same whatever the page shows, so nothing moves under
    // the pointer; what Undo would undo is in its tooltip.
    toolbar_ = new QToolBar(body);
    QUndoStack* stack = scenario_->undoStack();
    undo_ = new QAction(QIcon::fromTheme(QStringLiteral("edit-undo")), tr("Undo"), this);
    undo_->setShortcut(QKeySequence::Undo);
    redo_ = new QAction(QIcon::fromTheme(QStringLiteral("edit-redo")), tr("Redo"), this);
    redo_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    connect(undo_, &QAction::triggered, stack, &QUndoStack::undo);
    connect(redo_, &QAction::triggered, stack, &QUndoStack::redo);
    connect(stack, &QUndoStack::canUndoChanged, undo_, &QAction::setEnabled);
    connect(stack, &QUndoStack::canRedoChanged, redo_, &QAction::setEnabled);
    connect(stack, &QUndoStack::undoTextChanged, this, [this](const QString& text) {
        undo_->setToolTip(text.isEmpty() ? tr("Undo") : tr("Undo: %1").arg(text));
    });
    connect(stack, &QUndoStack::redoTextChanged, this, [this](const QString& text) {
        redo_->setToolTip(text.isEmpty() ? tr("Redo") : tr("Redo: %1").arg(text));
    });
    for (QAction* action : {undo_, redo_}) {
        action->setEnabled(false);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        body->addAction(action);
        toolbar_->addAction(action);
    }
    backToImported_ = toolbar_->addAction(tr("Back to imported"), this, [this] {
        if (data_)
            scenario_->setAssignment(scenario_->imported(), tr("Back to the imported layout"));
    });
    backToImported_->setObjectName(QStringLiteral("backToImported"));
    backToImported_->setToolTip(
        tr("Puts every category back in its imported zone, as one step Undo takes back."));
    toolbar_->addSeparator();
    // A chain's stores each have their floor: the one shown is chosen here.
    storeLabelAction_ = toolbar_->addWidget(new QLabel(tr("Store "), toolbar_));
    storeBox_ = new QComboBox(toolbar_);
    storeBox_->setObjectName(QStringLiteral("store"));
    storeBox_->setToolTip(tr("The store whose floor plan, placement and baskets the page shows"));
    storeBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(storeBox_, &QComboBox::activated, this,
            [this](int index) { showStore(storeBox_->itemText(index)); });
    storeBoxAction_ = toolbar_->addWidget(storeBox_);
    storeLabelAction_->setVisible(false);
    storeBoxAction_->setVisible(false);
    toolbar_->addWidget(new QLabel(tr("Colour zones by "), toolbar_));
    colouring_ = new QComboBox(toolbar_);
    colouring_->setObjectName(QStringLiteral("colouring"));
    colouring_->addItems(
        {tr("Traffic (share of visits)"), tr("Adjacency score"), tr("Impulse exposure")});
    colouring_->setItemData(2,
                            tr("Each zone's share of visits times the impulse categories it "
                               "holds: its part of the exposure score."),
                            Qt::ToolTipRole);
    connect(colouring_, &QComboBox::currentIndexChanged, this, [this](int index) {
        colouringMode_ = index == 0   ? Colouring::Traffic
                         : index == 1 ? Colouring::Adjacency
                                      : Colouring::Exposure;
        recolour();
    });
    toolbar_->addWidget(colouring_);
    // Saving and exporting sit at the far end, away from the edits.
    auto* spacer = new QWidget(toolbar_);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar_->addWidget(spacer);
    auto* scenarios = new QToolButton(toolbar_);
    scenarios->setObjectName(QStringLiteral("scenarios"));
    scenarios->setText(tr("Scenarios"));
    scenarios->setToolTip(
        tr("Save the floor as a named scenario, or put a saved one on the "
           "floor."));
    scenarios->setPopupMode(QToolButton::InstantPopup);
    scenarioMenu_ = new QMenu(scenarios);
    connect(scenarioMenu_, &QMenu::aboutToShow, this, &LayoutPage::fillScenarioMenu);
    scenarios->setMenu(scenarioMenu_);
    toolbar_->addWidget(scenarios);
    toolbar_->addSeparator();
    exportButton_ = new QToolButton(toolbar_);
    exportButton_->setObjectName(QStringLiteral("exportButton"));
    exportButton_->setText(tr("Export"));
    exportButton_->setPopupMode(QToolButton::InstantPopup);
    auto* exportMenu = new QMenu(exportButton_);
    exportMenu->addAction(tr("Scenario (CSV)…"), this, [this] { askExport(ScenarioCsv); });
    exportMenu->addAction(tr("Floor plan image…"), this, [this] { askExport(FloorImage); });
    exportMenu->addAction(tr("Affinity heatmap image…"), this, [this] { askExport(HeatmapImage); });
    exportButton_->setMenu(exportMenu);
    toolbar_->addWidget(exportButton_);

    cards_ = new StatCardRow(body);
    cards_->addCard(tr("Adjacency (points)"));
    cards_->addCard(tr("Impulse exposure (share of visits)"));
    cards_->addCard(tr("Basket walk (m)"));
    cards_->addCard(tr("Total score (points)"));
    headline_ = new StatCardRow(body);
    headline_->setObjectName(QStringLiteral("layoutHeadline"));
    headline_->addCard(tr("Cross-category baskets"));
    headline_->addCard(tr("Revenue a week"));
    headline_->card(ShareCard)->setToolTip(shareCardTip());
    headline_->card(RevenueCard)->setToolTip(revenueCardTip());
    cards_->card(AdjacencyCard)->setToolTip(layoutTermExplanation(LayoutTerm::Adjacency));
    cards_->card(ExposureCard)->setToolTip(layoutTermExplanation(LayoutTerm::Exposure));
    cards_->card(WalkCard)->setToolTip(layoutTermExplanation(LayoutTerm::Walk));
    cards_->card(TotalCard)->setToolTip(layoutTermExplanation(LayoutTerm::Total));
    scoreBanner_ = new OutOfDateBanner(body);

    message_ = new QLabel(body);
    message_->setObjectName(QStringLiteral("layoutMessage"));
    message_->setWordWrap(true);
    message_->hide();

    // Floor plan tab.
    floor_ = new FloorPlanView;
    floor_->setObjectName(QStringLiteral("floorPlan"));
    hoverLabel_ =
        new QLabel(tr("Drag a category to another zone to move it, or onto another "
                      "category to swap them. Wheel zooms; right-click fits."));
    hoverLabel_->setObjectName(QStringLiteral("hoverLabel"));
    connect(floor_, &FloorPlanView::dragHovered, this, &LayoutPage::showHover);
    connect(floor_, &FloorPlanView::dropped, this, &LayoutPage::dropCategory);
    connect(floor_, &FloorPlanView::dragCancelled, this,
            [this] { hoverLabel_->setText(tr("Dropped outside the floor: nothing changed.")); });
    impulse_ = new ImpulseCategoryList;
    connect(impulse_, &ImpulseCategoryList::toggled, this, &LayoutPage::toggleImpulse);
    auto* floorTab = new QWidget;
    auto* floorLayout = new QHBoxLayout(floorTab);
    auto* floorColumn = new QVBoxLayout;
    floorColumn->addWidget(floor_, 1);
    floorColumn->addWidget(hoverLabel_);
    floorLayout->addLayout(floorColumn, 1);
    moves_ = new QTableWidget(0, 3);
    moves_->setObjectName(QStringLiteral("movesTable"));
    moves_->setHorizontalHeaderLabels({tr("Move"), tr("Share"), tr("A week")});
    moves_->horizontalHeaderItem(ShareColumn)
        ->setToolTip(tr("Predicted change of the cross-category basket share"));
    moves_->horizontalHeaderItem(RevenueColumn)
        ->setToolTip(tr("Predicted change of revenue a week from attach purchases"));
    moves_->verticalHeader()->hide();
    moves_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    moves_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    moves_->setToolTip(
        tr("Each moved category's part of the prediction: the pairs it belongs "
           "to (a pair of two moved categories shared half and half), so the "
           "moves add up to the headline."));
    movesNote_ = new QLabel;
    movesNote_->setObjectName(QStringLiteral("movesNote"));
    movesNote_->setWordWrap(true);
    // It wraps to the column's width and never widens it (the floor keeps its room).
    movesNote_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto* sideColumn = new QVBoxLayout;
    sideColumn->addWidget(impulse_, 1);
    sideColumn->addWidget(new QLabel(tr("Predicted, per move")));
    sideColumn->addWidget(movesNote_);
    sideColumn->addWidget(moves_, 1);
    floorLayout->addLayout(sideColumn);

    // Affinity tab.
    heatmap_ = new AffinityHeatmap;
    heatmap_->setObjectName(QStringLiteral("heatmap"));
    measure_ = new QComboBox;
    measure_->addItems({tr("Phi"), tr("Lift")});
    connect(measure_, &QComboBox::currentIndexChanged, this, [this](int index) {
        heatmap_->setMeasure(index == 0 ? AffinityHeatmap::Measure::Phi
                                        : AffinityHeatmap::Measure::Lift);
    });
    auto* heatmapBox = new QWidget;
    auto* heatmapLayout = new QVBoxLayout(heatmapBox);
    auto* measureRow = new QHBoxLayout;
    measureRow->addWidget(new QLabel(tr("Measure")));
    measureRow->addWidget(measure_);
    measureRow->addStretch(1);
    auto* orderNote = new QLabel(tr("Order: average-linkage clustering on phi"));
    orderNote->setToolTip(
        tr("Rows and columns follow the leaf order of average-linkage "
           "hierarchical clustering on phi, so categories bought together "
           "form blocks along the diagonal."));
    measureRow->addWidget(orderNote);
    heatmapLayout->addLayout(measureRow);
    heatmapLayout->addWidget(heatmap_, 1);
    pairModel_ = new PairTableModel(this);
    auto* sorted = new QSortFilterProxyModel(this);
    sorted->setSourceModel(pairModel_);
    sorted->setSortRole(Qt::EditRole);
    pairView_ = new QTableView;
    pairView_->setObjectName(QStringLiteral("pairTable"));
    pairView_->setModel(sorted);
    pairView_->setSortingEnabled(true);
    pairView_->sortByColumn(PairTableModel::Lift, Qt::DescendingOrder);
    pairView_->verticalHeader()->hide();
    pairView_->setAlternatingRowColors(true);
    pairView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    pairView_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    pairView_->horizontalHeader()->setStretchLastSection(true);
    auto* affinity = new QSplitter(Qt::Horizontal);
    affinity->addWidget(heatmapBox);
    affinity->addWidget(pairView_);
    affinity->setStretchFactor(0, 1);
    affinity->setStretchFactor(1, 0);  // a wider window widens the heatmap, not the table
    // The pair table needs its seven columns; the heatmap scales to what is left.
    affinity->setSizes({480, 680});

    // Traffic flow tab.
    flows_ = new FloorPlanView;
    flows_->setObjectName(QStringLiteral("flowPlan"));
    flows_->setEditable(false);
    flowNote_ = new QLabel;
    flowNote_->setWordWrap(true);
    flowTable_ = new QTableWidget(0, 3);
    flowTable_->setObjectName(QStringLiteral("flowTable"));
    flowTable_->setHorizontalHeaderLabels({tr("From"), tr("To"), tr("Moves")});
    flowTable_->verticalHeader()->hide();
    flowTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    flowTable_->horizontalHeader()->setStretchLastSection(true);
    flowTable_->setMaximumWidth(300);
    auto* flowTab = new QWidget;
    auto* flowLayout = new QVBoxLayout(flowTab);
    auto* flowRow = new QHBoxLayout;
    flowRow->addWidget(flows_, 1);
    flowRow->addWidget(flowTable_);
    flowLayout->addLayout(flowRow, 1);
    flowLayout->addWidget(flowNote_);

    optimise_ = new OptimisePanel;
    connect(optimise_, &OptimisePanel::runRequested, this, &LayoutPage::startOptimise);
    connect(optimise_, &OptimisePanel::applyRequested, this, &LayoutPage::applyProposal);
    connect(optimise_, &OptimisePanel::discardRequested, this, &LayoutPage::discardProposal);
    connect(optimise_, &OptimisePanel::settingsChanged, this, &LayoutPage::updateFreshness);
    connect(optimise_, &OptimisePanel::settingsChanged, this, &LayoutPage::showPrediction);

    tabs_ = new QTabWidget(body);
    tabs_->addTab(floorTab, tr("Floor plan"));
    tabs_->addTab(affinity, tr("Affinity"));
    tabs_->addTab(flowTab, tr("Traffic flow"));
    tabs_->addTab(optimise_, tr("Optimise"));
    layoutTest_ = new LayoutTestSection(tabs_);
    tabs_->addTab(layoutTest_, tr("Layout test"));

    taskBar_ = new TaskBar(body);

    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(toolbar_);
    layout->addWidget(message_);
    layout->addWidget(scoreBanner_);
    // The prediction in money leads; the unitless score terms follow as its detail.
    auto* cardRow = new QHBoxLayout;
    cardRow->addWidget(headline_, 2);
    cardRow->addWidget(cards_, 4);
    layout->addLayout(cardRow);
    layout->addWidget(tabs_, 1);
    layout->addWidget(taskBar_);
    setBody(body);
    setRequiredInputs({{QStringLiteral("zones")},
                       {QStringLiteral("layout")},
                       {QStringLiteral("baskets")},
                       {QStringLiteral("traffic"), true}});
}

LayoutPage::~LayoutPage() = default;

QString LayoutPage::loadError() const {
    return loadError_;
}

void LayoutPage::setConnection(ProjectConnection* connection) {
    ++generation_;
    taskBar_->cancel();
    measuringEffect_ = false;
    chosenStore_.clear();  // another project's stores are its own
    ProjectPage::setConnection(connection);
    layoutTest_->setConnection(connection);
    // The impulse categories are remembered across reloads of one project, not into another.
    impulseByProject_.clear();
    clearShown();
    startLoading();
}

void LayoutPage::refresh() {
    readFingerprint();
    layoutTest_->refresh();
    const bool dataChanged = data_ && fingerprintNow_ != data_->inputs.fingerprint;
    const bool keep = data_ && (result_ || scenario_->assignment() != scenario_->imported());
    if (!data_ || (dataChanged && !keep)) {
        startLoading();
        return;
    }
    if (dataChanged && dataViewsFingerprint() != fingerprintNow_) {
        viewsStale_ = true;
        rereadDataViews();
    }
    // The planner's floor and proposal stay; the banners say they predate the data.
    updateFreshness();
}

void LayoutPage::showEvent(QShowEvent* event) {
    ProjectPage::showEvent(event);
    if (data_) {
        readFingerprint();
        updateFreshness();
    }
}

void LayoutPage::readFingerprint() {
    fingerprintNow_ =
        connection() && connection()->isOpen() ? connection()->inputFingerprint() : QString();
}

void LayoutPage::clearShown() {
    data_.reset();
    viewsData_.reset();
    viewsStale_ = false;
    ++viewsGeneration_;
    result_.reset();
    loadError_.clear();
    scoreProvenance_ = {};
    fingerprintNow_.clear();
    savedFloor_.clear();
    savedImpulse_.clear();
    scenario_->clear();
    for (int card = AdjacencyCard; card <= TotalCard; ++card)
        cards_->card(card)->clear();
    for (int card = ShareCard; card <= RevenueCard; ++card)
        headline_->card(card)->clear();
    moves_->setRowCount(0);
    movesNote_->clear();
    chainEffect_.reset();
    scoreBanner_->setFreshness(Freshness::Current, {}, {});
    message_->clear();
    message_->hide();
    hoverLabel_->setText(
        tr("Drag a category to another zone to move it, or onto another "
           "category to swap them. Wheel zooms; right-click fits."));
    for (FloorPlanView* view : {floor_, flows_}) {
        view->setCategories({});
        view->setAssignment({});
        view->setPlan({});
    }
    impulse_->setCategories({});
    heatmap_->setPairs({}, {});
    pairModel_->setPairs({}, {});
    flowTable_->setRowCount(0);
    flowNote_->clear();
    optimise_->setFloor({}, {});
    optimise_->setRunning(false);
    optimise_->banner()->setFreshness(Freshness::Current, {}, {});
}

void LayoutPage::startLoading() {
    if (data_)
        impulseByProject_.insert(data_->inputs.projectPath, impulseCategories());
    data_.reset();
    result_.reset();
    loadError_.clear();
    optimise_->clearProposal();
    optimise_->setRunning(false);
    if (!connection() || !connection()->isOpen()) {
        taskBar_->dismiss();
        return;
    }
    BackgroundTask* task = readInputs(tr("Reading floor plan, baskets and traffic"));
    const quint64 generation = generation_;
    connect(task, &BackgroundTask::finished, this, [this, generation](const QVariant& result) {
        if (generation != generation_)
            return;
        showInputs(result.value<LayoutPageDataPointer>());
        taskBar_->dismiss();
        emit loaded();
    });
    connect(task, &BackgroundTask::failed, this, [this, generation](const QString& message) {
        if (generation != generation_)
            return;
        loadError_ = message;
        showMessage(tr("The layout cannot be shown: %1").arg(message), true);
        emit loadFailed(message);
    });
}

BackgroundTask* LayoutPage::readInputs(const QString& title) {
    measuringEffect_ = false;  // a running measurement is superseded, and measured again
    const QString path = connection()->projectPath();
    // The project's own layout, scored for the panel's weights and seed.
    layout::LayoutRequest score = request(false);
    score.fixed.clear();
    score.forbidden.clear();
    score.start.clear();
    // The chain's effect is measured when the floor first has a move to predict
    // (measureChainEffect); one given on the Optimise tab is applied to each prediction as it
    // changes.
    score.effect.reset();
    score.store = chosenStore_;  // '': chosen afresh for the project read below
    const QHash<QString, QStringList> remembered = impulseByProject_;
    return taskBar_->start(title, [path, score, remembered](ProgressToken& token) mutable {
        auto data = std::make_shared<LayoutPageData>();
        const auto project = data::Project::open(path, data::Project::OpenMode::MustExist);
        // The impulse categories chosen before a reload of the same project stay chosen.
        score.impulse = remembered.value(project->path());
        // A chain's project shows the store chosen on the toolbar, else its default store.
        data->stores = layout::planStores(*project);
        if (!data->stores.contains(score.store))
            score.store = layout::defaultPlanStore(*project);
        data->inputs = layout::loadLayout(*project, score, layout::ShopperFlows::Read);
        token.report(0.5);
        data->score = layout::computeLayout(data->inputs, score, token);
        // The page has no memory option: the machine's default budget turns a category
        // table too large for memory into a message instead of a killed window.
        MemoryBudget budget = MemoryBudget::machineDefault();
        data->pairs = layout::categoryPairs(data->inputs.baskets, data->score.model, budget);
        return QVariant::fromValue(LayoutPageDataPointer(std::move(data)));
    });
}

void LayoutPage::rereadDataViews() {
    // The planner's floor stays on the data it was made from (its banners say so); the heatmap,
    // the top pairs and the flows describe the data and never show what is gone: they are
    // emptied, then read again.
    viewsData_.reset();
    heatmap_->setPairs({}, {});
    pairModel_->setPairs({}, {});
    flows_->setFlows({});
    flowTable_->setRowCount(0);
    if (!connection() || !connection()->isOpen())
        return;
    // One task at a time: a running optimisation is not cancelled for this; it reads them when
    // it ends.
    if (taskBar_->isRunning()) {
        flowNote_->setText(
            tr("The project's data changed: the pairs and flows are read again "
               "when the running task ends."));
        return;
    }
    flowNote_->setText(tr("The project's data changed: reading the pairs and flows again…"));
    BackgroundTask* task = readInputs(tr("Reading the changed baskets and traffic"));
    const quint64 generation = ++viewsGeneration_;
    const quint64 project = generation_;
    connect(task, &BackgroundTask::finished, this,
            [this, generation, project](const QVariant& result) {
                if (generation != viewsGeneration_ || project != generation_ || !data_)
                    return;
                viewsData_ = result.value<LayoutPageDataPointer>();
                viewsStale_ = false;
                showDataViews(*viewsData_);
                taskBar_->dismiss();
                emit dataViewsReread();
            });
    connect(task, &BackgroundTask::failed, this,
            [this, generation, project](const QString& message) {
                if (generation != viewsGeneration_ || project != generation_)
                    return;
                flowNote_->setText(tr("The pairs and flows cannot be read: %1").arg(message));
            });
}

QString LayoutPage::dataViewsFingerprint() const {
    if (viewsData_)
        return viewsData_->inputs.fingerprint;
    return data_ && !viewsStale_ ? data_->inputs.fingerprint : QString();
}

void LayoutPage::showInputs(LayoutPageDataPointer data) {
    data_ = std::move(data);
    {
        const QSignalBlocker quiet(storeBox_);
        storeBox_->clear();
        storeBox_->addItems(data_->stores);
        storeBox_->setCurrentIndex(static_cast<int>(data_->stores.indexOf(data_->inputs.store)));
        const bool chain = data_->stores.size() > 1;
        storeLabelAction_->setVisible(chain);
        storeBoxAction_->setVisible(chain);
    }
    // New data: the effect is measured on it when the floor next has a move.
    chainEffect_.reset();
    message_->hide();
    scoreProvenance_ = data_->score.provenance;
    readFingerprint();
    const layout::LayoutInputs& inputs = data_->inputs;
    const layout::LayoutModel& model = data_->score.model;
    floor_->setPlan(inputs.plan);
    floor_->setCategories(model.categories);
    impulse_->setCategories(model.categories);
    optimise_->setFloor(inputs.plan, model.categories);
    scenario_->reset(model, data_->score.proposal.current);
    savedFloor_.clear();
    savedImpulse_.clear();

    viewsData_.reset();
    viewsStale_ = false;
    showDataViews(*data_);
    recolour();
}

void LayoutPage::showDataViews(const LayoutPageData& data) {
    const layout::LayoutInputs& inputs = data.inputs;
    const layout::LayoutModel& model = data.score.model;
    heatmap_->setPairs(model.categories, data.pairs);
    pairModel_->setPairs(model.categories, data.pairs);
    flows_->setPlan(inputs.plan);
    const std::size_t m = inputs.plan.zones.size();
    double visits = 0;
    for (const double v : inputs.zoneVisits)
        visits += v;
    flows_->setCaption(tr("Shopper moves between zones"));
    const std::vector<std::int64_t>& moves = inputs.flows.moves;
    if (moves.empty()) {
        flowNote_->setText(
            tr("The project has no shopper paths, so there are no flows; zones "
               "are coloured by counted visits."));
        flowTable_->setRowCount(0);
    } else {
        flows_->setFlows(moves);
        std::vector<std::pair<std::int64_t, std::size_t>> ranked;
        for (std::size_t cell = 0; cell < moves.size(); ++cell)
            if (moves[cell] > 0)
                ranked.emplace_back(moves[cell], cell);
        std::sort(ranked.begin(), ranked.end(),
                  [](const auto& a, const auto& b) { return a.first > b.first; });
        flowTable_->setRowCount(static_cast<int>(ranked.size()));
        for (int row = 0; row < static_cast<int>(ranked.size()); ++row) {
            const auto [moves, cell] = ranked[static_cast<std::size_t>(row)];
            flowTable_->setItem(row, 0, new QTableWidgetItem(inputs.plan.zones[cell / m].zone));
            flowTable_->setItem(row, 1, new QTableWidgetItem(inputs.plan.zones[cell % m].zone));
            auto* count = new QTableWidgetItem(formatNumber(static_cast<double>(moves)));
            count->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            flowTable_->setItem(row, 2, count);
        }
        flowTable_->resizeColumnsToContents();
        flowNote_->setText(tr("Arrows: the %1 largest zone-to-zone moves of %2 shopping trips, "
                              "width by count; zones shaded by share of visits.")
                               .arg(flows_->arrowCount())
                               .arg(formatNumber(static_cast<double>(inputs.flows.trips))));
    }
    std::vector<double> share(m, 0.0);
    for (std::size_t z = 0; z < m; ++z)
        share[z] = visits > 0 ? inputs.zoneVisits[z] / visits : std::nan("");
    flows_->setZoneValues(share, tr("Share of visits"), true);
}

void LayoutPage::recolour() {
    if (!data_)
        return;
    const layout::LayoutInputs& inputs = data_->inputs;
    const std::size_t m = inputs.plan.zones.size();
    std::vector<double> values(m, std::nan(""));
    if (colouringMode_ == Colouring::Traffic) {
        double visits = 0;
        for (const double v : inputs.zoneVisits)
            visits += v;
        for (std::size_t z = 0; z < m && visits > 0; ++z)
            values[z] = inputs.zoneVisits[z] / visits;
        floor_->setZoneValues(values, tr("Share of visits"), true);
    } else if (colouringMode_ == Colouring::Adjacency) {
        floor_->setZoneValues(layout::zoneAdjacency(scenario_->model(), scenario_->assignment()),
                              tr("Adjacency score"), false);
    } else {
        floor_->setZoneValues(layout::zoneExposure(scenario_->model(), scenario_->assignment()),
                              tr("Impulse exposure"), true);
    }
}

void LayoutPage::showScore() {
    if (scenario_->isEmpty())
        return;
    const layout::LayoutScoreTerms& now = scenario_->terms();
    const layout::LayoutScoreTerms& imported = scenario_->importedTerms();
    setTermCard(cards_->card(AdjacencyCard), now.adjacency, imported.adjacency, 4, true);
    setTermCard(cards_->card(ExposureCard), now.exposure, imported.exposure, 4, true);
    setTermCard(cards_->card(WalkCard), now.walkingMetres, imported.walkingMetres, 1, false,
                QStringLiteral(" m"));
    setTermCard(cards_->card(TotalCard), now.total, imported.total, 4, true);
    showPrediction();
    floor_->setAssignment(scenario_->assignment());
    optimise_->currentView()->setAssignment(scenario_->assignment());
    impulse_->setImpulse(scenario_->model().impulse);
    if (colouringMode_ != Colouring::Traffic)
        recolour();
}

layout::LayoutPrediction LayoutPage::floorPrediction() const {
    if (!data_ || scenario_->isEmpty())
        return {};
    layout::PredictionBasis basis = data_->score.predictionBasis;
    if (const std::optional<layout::ProximityEffect> given = optimise_->settings().effect) {
        basis.effect = *given;
        basis.effect.source = tr("given on the Optimise tab");
    } else if (chainEffect_) {
        basis.effect = *chainEffect_;
    } else {
        basis.effect.source =
            tr("the chain's effect of proximity is measured when the floor "
               "has a move to predict");
    }
    return layout::predictLayoutChange(basis, scenario_->model(), scenario_->imported(),
                                       scenario_->assignment());
}

void LayoutPage::showPrediction() {
    if (!data_ || scenario_->isEmpty())
        return;
    const layout::LayoutPrediction prediction = floorPrediction();
    const bool given = optimise_->settings().effect.has_value();
    const bool measuring =
        !prediction.moves.empty() && !given && !chainEffect_ && measureChainEffect();
    const QString notes = layout::predictionNotes(prediction).join(u'\n');
    StatCard* share = headline_->card(ShareCard);
    share->setValueText(formatPercent(prediction.crossShare, 1));
    StatCard* revenue = headline_->card(RevenueCard);
    const auto tone = [](double change) {
        return !std::isfinite(change) || change == 0.0 ? StatCard::Tone::Neutral
               : change > 0                            ? StatCard::Tone::Better
                                                       : StatCard::Tone::Worse;
    };
    if (prediction.moves.empty()) {
        // Nothing moved: nothing changes, whatever the effect.
        share->setIntervalText({});
        share->setDeltaText(tr("%1 predicted").arg(predictedShareText(0.0)),
                            StatCard::Tone::Neutral);
        revenue->setValueText(predictedMoneyText(0.0));
        revenue->setIntervalText({});
        revenue->setDeltaText(tr("no move"), StatCard::Tone::Neutral);
    } else if (!prediction.predicted()) {
        share->setIntervalText({});
        share->setDeltaText(measuring ? tr("measuring the effect…") : tr("no effect measured"),
                            StatCard::Tone::Neutral);
        revenue->clear();
        revenue->setDeltaText(tr("no prediction"), StatCard::Tone::Neutral);
    } else {
        const layout::PredictedRange& change = prediction.shareChange;
        share->setIntervalText(predictedRangeText(change, predictedShareText));
        share->setDeltaText(tr("%1 predicted").arg(predictedShareText(change.value)),
                            tone(change.value));
        const layout::PredictedRange& money = prediction.weeklyRevenue;
        if (std::isfinite(money.value)) {
            revenue->setValueText(predictedMoneyText(money.value));
            revenue->setIntervalText(predictedRangeText(money, predictedMoneyText));
            revenue->setDeltaText(tr("predicted"), tone(money.value));
        } else {
            revenue->clear();
            revenue->setDeltaText(tr("unknown (tooltip)"), StatCard::Tone::Neutral);
        }
    }
    const QString said = notes.isEmpty() ? QString() : QStringLiteral("\n\n") + notes;
    share->setToolTip(shareCardTip() + said);
    revenue->setToolTip(revenueCardTip() + said);

    const layout::LayoutModel& model = scenario_->model();
    moves_->setRowCount(static_cast<int>(prediction.moves.size()));
    for (int row = 0; row < moves_->rowCount(); ++row) {
        const layout::MovePrediction& move = prediction.moves[static_cast<std::size_t>(row)];
        const QString to = move.to >= 0 ? model.zones[move.to] : tr("off the floor");
        const auto put = [&](int column, const QString& text, bool number) {
            auto* item = new QTableWidgetItem(text.isEmpty() ? QStringLiteral("\u2013") : text);
            if (number)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            moves_->setItem(row, column, item);
        };
        put(MoveColumn, tr("%1 \u2192 %2").arg(model.categories[move.category], to), false);
        put(ShareColumn, predictedShareText(move.shareChange.value), true);
        put(RevenueColumn, predictedMoneyText(move.weeklyRevenue.value), true);
    }
    // An empty table says why.
    if (prediction.moves.empty())
        movesNote_->setText(
            tr("No moves yet: drag a category to another zone, or take a "
               "proposal from the Optimise tab."));
    else if (measuring)
        movesNote_->setText(tr("Measuring the chain's effect of proximity across its stores…"));
    else if (!prediction.predicted() && !given && !chainEffect_)
        movesNote_->setText(
            tr("No prediction in money yet: the chain's effect of proximity is "
               "measured when the running task ends (move again then)."));
    else if (!prediction.predicted())
        movesNote_->setText(tr("No prediction in money: %1.").arg(prediction.effect.source));
    else
        movesNote_->clear();
    movesNote_->setVisible(!movesNote_->text().isEmpty());
}

bool LayoutPage::measureChainEffect() {
    if (measuringEffect_)
        return true;
    if (!data_ || taskBar_->isRunning())
        return false;
    measuringEffect_ = true;
    const QString path = data_->inputs.projectPath;
    const QString asOf = data_->inputs.asOf;
    BackgroundTask* task = taskBar_->start(
        tr("Measuring the chain's effect of proximity"), [path, asOf](ProgressToken& token) {
            const auto project = data::Project::open(path, data::Project::OpenMode::MustExist);
            return QVariant::fromValue(layout::chainProximityEffect(*project, asOf, &token));
        });
    const quint64 generation = generation_;
    connect(task, &BackgroundTask::finished, this, [this, generation](const QVariant& result) {
        if (generation != generation_)
            return;
        chainEffect_ = result.value<layout::ProximityEffect>();
        measuringEffect_ = false;
        taskBar_->dismiss();
        showPrediction();
    });
    // Cancelled or failed: said in the headline, measured again on the next reload.
    const auto notMeasured = [this, generation](const QString& why) {
        if (generation != generation_)
            return;
        layout::ProximityEffect none;
        none.source = why;
        chainEffect_ = none;
        measuringEffect_ = false;
        showPrediction();
    };
    connect(task, &BackgroundTask::cancelled, this, [this, notMeasured] {
        notMeasured(
            tr("the measurement of the chain's effect was cancelled; reload the page, or "
               "give an effect on the Optimise tab"));
    });
    connect(task, &BackgroundTask::failed, this, [this, notMeasured](const QString& message) {
        notMeasured(tr("the chain's effect could not be measured: %1").arg(message));
    });
    connect(task, &BackgroundTask::ended, this, [this, generation] {
        if (generation == generation_)
            measuringEffect_ = false;
    });
    return true;
}

void LayoutPage::showHover(int category, int zone, int swapWith) {
    const layout::LayoutModel& model = scenario_->model();
    if (category < 0 || category >= model.categoryCount())
        return;
    if (swapWith >= 0) {
        hoverLabel_->setText(tr("Swap %1 and %2: %3")
                                 .arg(model.categories[category], model.categories[swapWith],
                                      termsText(scenario_->swapChange(category, swapWith))));
    } else if (zone >= 0) {
        hoverLabel_->setText(tr("Move %1 to %2: %3")
                                 .arg(model.categories[category], model.zones[zone],
                                      termsText(scenario_->moveChange(category, zone))));
    } else {
        hoverLabel_->setText(tr("Move %1: drop it on a zone or on another category")
                                 .arg(model.categories[category]));
    }
}

void LayoutPage::dropCategory(int category, int zone, int swapWith) {
    if (swapWith >= 0)
        scenario_->swap(category, swapWith);
    else if (zone >= 0)
        scenario_->move(category, zone);
}

void LayoutPage::moveCategory(const QString& category, const QString& zone) {
    scenario_->move(scenario_->model().categoryIndex(category), scenario_->model().zoneIndex(zone));
}

void LayoutPage::swapCategories(const QString& categoryA, const QString& categoryB) {
    scenario_->swap(scenario_->model().categoryIndex(categoryA),
                    scenario_->model().categoryIndex(categoryB));
}

void LayoutPage::setColouring(Colouring colouring) {
    colouring_->setCurrentIndex(colouring == Colouring::Traffic     ? 0
                                : colouring == Colouring::Adjacency ? 1
                                                                    : 2);
}

void LayoutPage::toggleImpulse(int category, bool impulse) {
    const layout::LayoutModel& model = scenario_->model();
    if (category < 0 || category >= model.categoryCount())
        return;
    std::vector<std::uint8_t> flags = model.impulse;
    flags[static_cast<std::size_t>(category)] = impulse ? 1 : 0;
    scenario_->setImpulse(
        flags, impulse ? tr("Make %1 an impulse category").arg(model.categories[category])
                       : tr("Take %1 off the impulse categories").arg(model.categories[category]));
    // A refused change (nothing loaded) must not leave the box ticked.
    impulse_->setImpulse(scenario_->model().impulse);
}

void LayoutPage::setImpulseCategories(const QStringList& categories) {
    const layout::LayoutModel& model = scenario_->model();
    std::vector<std::uint8_t> flags(static_cast<std::size_t>(model.categoryCount()), 0);
    for (const QString& category : categories)
        if (const int c = model.categoryIndex(category); c >= 0)
            flags[static_cast<std::size_t>(c)] = 1;
    scenario_->setImpulse(
        flags, tr("Impulse categories: %1")
                   .arg(categories.isEmpty() ? tr("none") : categories.join(QStringLiteral(", "))));
}

QStringList LayoutPage::impulseCategories() const {
    const layout::LayoutModel& model = scenario_->model();
    QStringList categories;
    for (int c = 0; c < model.categoryCount(); ++c)
        if (model.impulse[static_cast<std::size_t>(c)])
            categories.append(model.categories[c]);
    return categories;
}

layout::LayoutRequest LayoutPage::request(bool optimise) const {
    const OptimiseSettings settings = optimise_->settings();
    const layout::LayoutModel& model = scenario_->model();
    layout::LayoutRequest request;
    request.optimise = optimise;
    request.seconds = settings.seconds;
    request.iterations = settings.iterations;
    request.seed = static_cast<qint64>(settings.seed);
    request.capacity = settings.capacity;
    request.maxMoves = settings.maxMoves;
    request.weights = settings.weights;
    request.impulse = impulseCategories();
    request.effect = settings.effect;
    if (data_)
        request.store = data_->inputs.store;  // the store the page shows
    for (const auto& [category, zone] : settings.fixed)
        if (category < model.categoryCount() && zone < model.zoneCount())
            request.fixed.push_back({model.categories[category], model.zones[zone]});
    // The planner's edited floor is what the optimiser starts from.
    const std::vector<int>& floor = scenario_->assignment();
    if (!scenario_->isEmpty() && floor != scenario_->imported())
        for (int c = 0; c < model.categoryCount(); ++c)
            if (const int zone = floor[static_cast<std::size_t>(c)]; zone >= 0)
                request.start.push_back({model.categories[c], model.zones[zone]});
    return request;
}

void LayoutPage::startOptimise() {
    // A measurement of the effect gives way (the optimisation measures it too) and is taken
    // again at the next move.
    if (!data_ || (taskBar_->isRunning() && !measuringEffect_))
        return;
    measuringEffect_ = false;
    const layout::LayoutRequest request = this->request(true);
    const QString path = data_->inputs.projectPath;
    optimise_->clearProposal();
    optimise_->setRunning(true);
    result_.reset();
    BackgroundTask* task =
        taskBar_->start(tr("Optimising the layout"), [path, request](ProgressToken& token) {
            // The layout job's load and compute, on a connection of its own.
            const auto project = data::Project::open(path, data::Project::OpenMode::MustExist);
            const layout::LayoutInputs inputs =
                layout::loadLayout(*project, request, layout::ShopperFlows::Skip,
                                   layout::ChainEffect::WhenPredicting, &token);
            layout::checkPlacements(inputs, request);
            return QVariant::fromValue(LayoutResultPointer(std::make_shared<layout::LayoutResult>(
                layout::computeLayout(inputs, request, token))));
        });
    const quint64 generation = generation_;
    connect(task, &BackgroundTask::finished, this, [this, generation](const QVariant& result) {
        if (generation != generation_)
            return;
        result_ = result.value<LayoutResultPointer>();
        if (result_) {
            optimise_->showProposal(*result_);
            // Scores on the page follow the model the planner optimised with.
            scoreProvenance_ = result_->provenance;
            readFingerprint();
            scenario_->setModel(result_->model);
            updateFreshness();
        }
    });
    connect(task, &BackgroundTask::ended, this, [this, generation] {
        if (generation != generation_)
            return;
        optimise_->setRunning(false);
        updateFreshness();
        emit optimiseEnded();
        if (viewsStale_ && !viewsData_)
            QTimer::singleShot(0, this, &LayoutPage::rereadDataViews);
    });
}

void LayoutPage::cancelOptimise() {
    taskBar_->cancel();
}

void LayoutPage::applyProposal() {
    if (!result_)
        return;
    if (const Freshness freshness = proposalFreshness(); freshness != Freshness::Current) {
        showMessage(outOfDateText(freshness, tr("proposal"), tr("Optimise")), true);
        return;
    }
    scenario_->setAssignment(result_->proposal.proposed, tr("Apply the proposed layout"));
    optimise_->applyButton()->setEnabled(false);
}

void LayoutPage::discardProposal() {
    result_.reset();
    optimise_->clearProposal();
    taskBar_->dismiss();
    updateFreshness();
}

namespace {

// The fields of a request the scores' model depends on (weights, basket sample seed,
// closeness, memory); the impulse categories are applied to the model on the page as they
// change, the rest only steer the search.
QJsonObject modelRequestJson(const QJsonObject& json) {
    layout::LayoutRequest model;
    try {
        const layout::LayoutRequest request = layout::LayoutRequest::fromJson(json);
        model.weights = request.weights;
        model.seed = request.seed;
        model.closenessMetres = request.closenessMetres;
        model.memoryLimit = request.memoryLimit;
    } catch (const Error&) {
        return json;  // unreadable: compares as changed
    }
    return model.toJson();
}

}  // namespace

Freshness LayoutPage::proposalFreshness() const {
    if (!result_)
        return Freshness::Current;
    layout::LayoutRequest now = request(true);
    // Once applied, the floor is the proposal itself: it still answers the floor it started from.
    if (scenario_->assignment() == result_->proposal.proposed) {
        try {
            now.start = layout::LayoutRequest::fromJson(result_->provenance.request).start;
        } catch (const Error&) {
        }
    }
    return freshnessOf(result_->provenance, now.toJson(), fingerprintNow_);
}

Freshness LayoutPage::scoreFreshness() const {
    if (!data_ || scenario_->isEmpty())
        return Freshness::Current;
    jobs::Provenance model = scoreProvenance_;
    model.request = modelRequestJson(model.request);
    return freshnessOf(model, modelRequestJson(request(false).toJson()), fingerprintNow_);
}

void LayoutPage::updateFreshness() {
    const Freshness scores = scoreFreshness();
    scoreBanner_->setFreshness(scores, tr("score"), tr("Optimise"));
    const Freshness proposal = proposalFreshness();
    optimise_->banner()->setFreshness(proposal, tr("proposal"), tr("Optimise"));
    optimise_->applyButton()->setEnabled(result_ && !result_->proposal.keptCurrent &&
                                         proposal == Freshness::Current &&
                                         scenario_->assignment() != result_->proposal.proposed);
}

QString LayoutPage::outOfDateMessage() const {
    if (const Freshness proposal = proposalFreshness(); proposal != Freshness::Current)
        return outOfDateText(proposal, tr("proposal"), tr("Optimise"));
    if (const Freshness scores = scoreFreshness(); scores != Freshness::Current)
        return outOfDateText(scores, tr("score"), tr("Optimise"));
    return {};
}

void LayoutPage::showMessage(const QString& text, bool error) {
    message_->setText(text);
    message_->setStyleSheet(error ? QStringLiteral("color: #b71c1c;") : QString());
    message_->setVisible(!text.isEmpty());
}

namespace {

const QString kScenarioPage = QStringLiteral("layout");

QJsonArray placementsJson(const layout::LayoutModel& model, const std::vector<int>& assignment) {
    QJsonArray floor;
    for (int c = 0; c < model.categoryCount(); ++c)
        if (const int zone = assignment[static_cast<std::size_t>(c)]; zone >= 0)
            floor.append(QJsonObject{{QStringLiteral("category"), model.categories[c]},
                                     {QStringLiteral("zone"), model.zones[zone]}});
    return floor;
}

}  // namespace

void LayoutPage::showStore(const QString& store) {
    if (!data_ || store == data_->inputs.store || !data_->stores.contains(store))
        return;
    // The floor on the page is the shown store's: an edited one is kept as a scenario first.
    if (hasUnsavedWork()) {
        const auto answer = QMessageBox::question(
            this, tr("Show store %1").arg(store),
            tr("The floor holds %1 of store %2. Save it as a scenario before showing store %3?")
                .arg(unsavedWorkDescription(), data_->inputs.store, store),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        if (answer == QMessageBox::Cancel) {
            const QSignalBlocker quiet(storeBox_);
            storeBox_->setCurrentText(data_->inputs.store);
            return;
        }
        QString error;
        if (answer == QMessageBox::Save && !saveWork(&error)) {
            showMessage(tr("The floor could not be saved: %1").arg(error), true);
            const QSignalBlocker quiet(storeBox_);
            storeBox_->setCurrentText(data_->inputs.store);
            return;
        }
    }
    chosenStore_ = store;
    startLoading();
}

bool LayoutPage::hasUnsavedWork() const {
    if (!data_ || scenario_->isEmpty() || scenario_->assignment() == scenario_->imported())
        return false;
    return scenario_->assignment() != savedFloor_ || scenario_->model().impulse != savedImpulse_;
}

QString LayoutPage::unsavedWorkDescription() const {
    if (!hasUnsavedWork())
        return {};
    int moved = 0;
    for (std::size_t c = 0; c < scenario_->imported().size(); ++c)
        moved += scenario_->imported()[c] != scenario_->assignment()[c];
    return moved == 1
               ? tr("a store layout with 1 category moved from the imported layout")
               : tr("a store layout with %1 categories moved from the imported layout").arg(moved);
}

bool LayoutPage::saveWork(QString* error) {
    if (!hasUnsavedWork())
        return true;
    try {
        saveScenario(tr("Layout saved on closing"));
        return true;
    } catch (const Error& failure) {
        if (error)
            *error = failure.message();
        return false;
    }
}

void LayoutPage::saveScenario(const QString& name) {
    if (!data_ || !connection() || !connection()->isOpen())
        throw Error(tr("No layout to save (open a project first)."));
    if (name.trimmed().isEmpty())
        throw Error(tr("A scenario needs a name."));
    const layout::LayoutModel& model = scenario_->model();
    data::SavedScenario saved;
    saved.page = kScenarioPage;
    saved.name = name.trimmed();
    saved.analysis = QStringLiteral("layout");
    saved.request = request(true).toJson();
    saved.edits =
        QJsonObject{{QStringLiteral("floor"), placementsJson(model, scenario_->assignment())},
                    {QStringLiteral("impulse"), QJsonArray::fromStringList(impulseCategories())},
                    {QStringLiteral("edits"), parameters().value(QStringLiteral("edits"))}};
    saved.inputFingerprint = data_->inputs.fingerprint;
    saved.programVersion = QStringLiteral(MERCHBENCH_VERSION);
    data::saveScenario(connection()->project(), saved);
    savedFloor_ = scenario_->assignment();
    savedImpulse_ = model.impulse;
    showMessage(tr("Saved the layout as scenario \u201c%1\u201d.").arg(saved.name), false);
}

QStringList LayoutPage::savedScenarioNames() const {
    QStringList names;
    if (!connection() || !connection()->isOpen())
        return names;
    try {
        for (const data::SavedScenario& saved :
             data::savedScenarios(connection()->project(), kScenarioPage))
            names.append(saved.name);
    } catch (const Error&) {
    }
    return names;
}

bool LayoutPage::loadScenario(const QString& name) {
    if (!data_ || !connection() || !connection()->isOpen())
        return false;
    std::optional<data::SavedScenario> saved;
    try {
        saved = data::savedScenario(connection()->project(), kScenarioPage, name);
    } catch (const Error& error) {
        showMessage(error.message(), true);
        return false;
    }
    if (!saved)
        return false;
    const layout::LayoutModel& model = scenario_->model();
    std::vector<int> floor(static_cast<std::size_t>(model.categoryCount()), -1);
    QStringList unknown;
    const QJsonArray placements = saved->edits.value(QStringLiteral("floor")).toArray();
    for (const auto& value : placements) {
        const QJsonObject placement = value.toObject();
        const QString category = placement.value(QStringLiteral("category")).toString();
        const int c = model.categoryIndex(category);
        const int zone = model.zoneIndex(placement.value(QStringLiteral("zone")).toString());
        if (c < 0 || zone < 0)
            unknown.append(category);
        else
            floor[static_cast<std::size_t>(c)] = zone;
    }
    std::vector<std::uint8_t> impulse(static_cast<std::size_t>(model.categoryCount()), 0);
    const QJsonArray impulseNames = saved->edits.value(QStringLiteral("impulse")).toArray();
    for (const auto& value : impulseNames)
        if (const int c = model.categoryIndex(value.toString()); c >= 0)
            impulse[static_cast<std::size_t>(c)] = 1;
    // The optimise settings it was saved with come back with it.
    try {
        const layout::LayoutRequest request = layout::LayoutRequest::fromJson(saved->request);
        OptimiseSettings settings;
        settings.weights = request.weights;
        settings.capacity = request.capacity;
        settings.maxMoves = request.maxMoves;
        settings.seconds = request.seconds;
        settings.iterations = request.iterations;
        settings.seed = static_cast<std::uint64_t>(request.seed);
        settings.effect = request.effect;
        for (const layout::CategoryZone& fixed : request.fixed)
            if (const int c = model.categoryIndex(fixed.category),
                zone = model.zoneIndex(fixed.zone);
                c >= 0 && zone >= 0)
                settings.fixed.emplace_back(c, zone);
        optimise_->setSettings(settings);
    } catch (const Error&) {
    }
    scenario_->setFloor(floor, impulse, tr("Load scenario %1").arg(saved->name));
    savedFloor_ = scenario_->assignment();
    savedImpulse_ = scenario_->model().impulse;
    QString note = tr("Loaded scenario \u201c%1\u201d, saved %2.").arg(saved->name, saved->savedAt);
    if (!unknown.isEmpty())
        note +=
            u' ' + tr("Not on this floor any more: %1.").arg(unknown.join(QStringLiteral(", ")));
    if (saved->inputFingerprint != data_->inputs.fingerprint)
        note += u' ' + tr("The project's data changed since it was saved.");
    showMessage(note, !unknown.isEmpty());
    return true;
}

void LayoutPage::askSaveScenario() {
    if (!data_)
        return;
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("Save scenario"), tr("Name of the layout scenario"),
                              QLineEdit::Normal, QString(), &ok);
    if (!ok)
        return;
    try {
        saveScenario(name);
    } catch (const Error& error) {
        QMessageBox::warning(this, tr("Save scenario"), error.message());
    }
}

void LayoutPage::fillScenarioMenu() {
    scenarioMenu_->clear();
    QAction* save =
        scenarioMenu_->addAction(tr("Save scenario…"), this, &LayoutPage::askSaveScenario);
    save->setEnabled(data_ != nullptr);
    const QStringList names = savedScenarioNames();
    scenarioMenu_->addSection(names.isEmpty() ? tr("No saved scenarios") : tr("Put on the floor"));
    for (const QString& name : names) {
        QAction* load = scenarioMenu_->addAction(name, this, [this, name] { loadScenario(name); });
        load->setEnabled(data_ != nullptr);
    }
    scenarioMenu_->addSeparator();
    QAction* manage =
        scenarioMenu_->addAction(tr("Manage saved scenarios…"), this, &LayoutPage::manageScenarios);
    manage->setEnabled(!names.isEmpty());
}

ScenarioManager* LayoutPage::manageScenarios() {
    // The menu lists the scenarios afresh each time it opens: nothing here to follow the dialog.
    return connection() ? ScenarioManager::open(connection()->projectPath(), kScenarioPage, this)
                        : nullptr;
}

QJsonObject LayoutPage::parameters() const {
    // The request the controls make (what `merchbench-cli run` replays) and what the planner
    // did on top of it.
    QJsonObject parameters = request(result_ != nullptr).toJson();
    parameters.insert(QStringLiteral("project"), data_ ? data_->inputs.projectPath : QString());
    parameters.insert(QStringLiteral("input_fingerprint"),
                      data_ ? data_->inputs.fingerprint : QString());
    parameters.insert(QStringLiteral("imported_terms"), termsJson(scenario_->importedTerms()));
    parameters.insert(QStringLiteral("current_terms"), termsJson(scenario_->terms()));
    QJsonArray edits;
    for (int i = 0; i < scenario_->undoStack()->index(); ++i)
        edits.append(scenario_->undoStack()->text(i));
    parameters.insert(QStringLiteral("edits"), edits);
    if (result_)
        parameters.insert(QStringLiteral("proposed_terms"), termsJson(result_->proposal.after));
    if (data_) {
        const layout::CrossCategoryModel& cross = data_->score.crossModel;
        const layout::CrossCategoryEffect effect = layout::crossCategoryEffect(
            cross, scenario_->terms().closenessSum - scenario_->importedTerms().closenessSum);
        parameters.insert(
            QStringLiteral("cross_category_effect"),
            QJsonObject{{QStringLiteral("per_1000_baskets"), jsonNumber(effect.perThousandBaskets)},
                        {QStringLiteral("low"), jsonNumber(effect.low)},
                        {QStringLiteral("high"), jsonNumber(effect.high)},
                        {QStringLiteral("level"), cross.level},
                        {QStringLiteral("model"), cross.assumption}});
    }
    return parameters;
}

void LayoutPage::exportScenario(const QString& path) const {
    if (!data_)
        throw Error(QStringLiteral("%1: no layout to export (open a project first)").arg(path));
    if (const QString outOfDate = outOfDateMessage(); !outOfDate.isEmpty())
        throw Error(QStringLiteral("%1: not exported. %2").arg(path, outOfDate));
    // The imported layout is the current one, the floor the proposal: the CLI's file for the
    // same request and layout, byte for byte.
    layout::writeLayoutScenario(
        path,
        layout::layoutScenario(scenario_->model(), scenario_->imported(), scenario_->assignment()));
    exporting::writeParametersSidecar(path, parameters());
}

void LayoutPage::exportFloorPlan(const QString& path) const {
    exportScene(floor_->scene(), path);
}

void LayoutPage::exportHeatmap(const QString& path) const {
    exportScene(heatmap_->scene(), path);
}

void LayoutPage::askExport(int what) {
    if (!data_)
        return;
    const bool csv = what == ScenarioCsv;
    const QString name = what == ScenarioCsv  ? tr("Layout scenario")
                         : what == FloorImage ? tr("Floor plan")
                                              : tr("Category affinity");
    const QString path = ExportLocation::askSavePath(
        this, tr("Export %1").arg(name), name,
        csv ? tr("CSV files (*.csv)") : tr("PNG image (*.png);;SVG image (*.svg);;PDF (*.pdf)"),
        csv ? QStringLiteral("csv") : QStringLiteral("png"));
    if (path.isEmpty())
        return;
    try {
        if (what == ScenarioCsv)
            exportScenario(path);
        else if (what == FloorImage)
            exportFloorPlan(path);
        else
            exportHeatmap(path);
        ExportLocation::rememberFolderOf(path);
    } catch (const Error& error) {
        QMessageBox::warning(this, tr("Export"), error.message());
    }
}

}  // namespace mb::ui
