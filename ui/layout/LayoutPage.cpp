#include "LayoutPage.h"

#include "AffinityHeatmap.h"
#include "FloorPlanView.h"
#include "ImpulseCategoryList.h"
#include "LayoutScenario.h"
#include "OptimisePanel.h"
#include "PairTableModel.h"
#include "ProjectConnection.h"
#include "SceneExport.h"
#include "common/Error.h"
#include "common/ExportLocation.h"
#include "common/JsonNumber.h"
#include "common/MemoryBudget.h"
#include "common/Numbers.h"
#include "common/StatCard.h"
#include "common/TaskBar.h"
#include "data/Project.h"
#include "export/CsvExport.h"
#include "layout/ZoneTerms.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
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
enum Card { AdjacencyCard, ExposureCard, WalkCard, TotalCard, EffectCard };

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

    auto* body = new QWidget;
    body->setObjectName(QStringLiteral("layoutPage"));
    auto* toolbar = new QToolBar(body);
    undo_ = scenario_->undoStack()->createUndoAction(this, tr("Undo"));
    undo_->setShortcut(QKeySequence::Undo);
    undo_->setIcon(QIcon::fromTheme(QStringLiteral("edit-undo")));
    redo_ = scenario_->undoStack()->createRedoAction(this, tr("Redo"));
    redo_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    redo_->setIcon(QIcon::fromTheme(QStringLiteral("edit-redo")));
    for (QAction* action : {undo_, redo_})
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    body->addAction(undo_);
    body->addAction(redo_);
    toolbar->addAction(undo_);
    toolbar->addAction(redo_);
    toolbar->addSeparator();
    toolbar->addWidget(new QLabel(tr("Colour zones by "), toolbar));
    colouring_ = new QComboBox(toolbar);
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
    toolbar->addWidget(colouring_);
    toolbar->addSeparator();
    auto* exportButton = new QToolButton(toolbar);
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto* exportMenu = new QMenu(exportButton);
    exportMenu->addAction(tr("Scenario (CSV)…"), this, [this] { askExport(ScenarioCsv); });
    exportMenu->addAction(tr("Floor plan image…"), this, [this] { askExport(FloorImage); });
    exportMenu->addAction(tr("Affinity heatmap image…"), this, [this] { askExport(HeatmapImage); });
    exportButton->setMenu(exportMenu);
    toolbar->addWidget(exportButton);
    auto* reset = toolbar->addAction(tr("Back to imported"), this, [this] {
        if (data_)
            scenario_->setAssignment(scenario_->imported(), tr("Back to the imported layout"));
    });
    reset->setToolTip(tr("Puts every category back in its imported zone (undoable)."));

    cards_ = new StatCardRow(body);
    cards_->addCard(tr("Adjacency"));
    cards_->addCard(tr("Exposure"));
    cards_->addCard(tr("Basket walk"));
    cards_->addCard(tr("Total score"));
    cards_->addCard(tr("Cross-category effect"));
    cards_->card(AdjacencyCard)
        ->setToolTip(tr("Sum over category pairs of max(0, phi) × closeness of their zones "
                        "(1 in the same zone)."));
    cards_->card(ExposureCard)
        ->setToolTip(tr("Impulse categories' share of store traffic: the sum of the visit shares "
                        "of their zones. Choose the impulse categories beside the floor plan."));
    cards_->card(WalkCard)->setToolTip(
        tr("Mean walk of the baskets: entrance, the basket's zones, checkout."));
    cards_->card(TotalCard)->setToolTip(
        tr("adjacency × weight + exposure × weight − walk weight × walk / direct walk"));

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
    floorLayout->addWidget(impulse_);

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
    affinity->setStretchFactor(1, 1);
    affinity->setSizes({700, 640});

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

    tabs_ = new QTabWidget(body);
    tabs_->addTab(floorTab, tr("Floor plan"));
    tabs_->addTab(affinity, tr("Affinity"));
    tabs_->addTab(flowTab, tr("Traffic flow"));
    tabs_->addTab(optimise_, tr("Optimise"));

    taskBar_ = new TaskBar(body);

    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(toolbar);
    layout->addWidget(message_);
    layout->addWidget(cards_);
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
    ProjectPage::setConnection(connection);
    startLoading();
}

void LayoutPage::refresh() {
    startLoading();
}

void LayoutPage::startLoading() {
    if (data_)
        impulseByProject_.insert(data_->inputs.projectPath, impulseCategories());
    data_.reset();
    result_.reset();
    loadError_.clear();
    if (!connection() || !connection()->isOpen()) {
        taskBar_->dismiss();
        return;
    }
    const QString path = connection()->projectPath();
    // The project's own layout, scored for the panel's weights and seed.
    layout::LayoutRequest score = request(false);
    score.fixed.clear();
    score.forbidden.clear();
    score.start.clear();
    const QHash<QString, QStringList> remembered = impulseByProject_;
    BackgroundTask* task = taskBar_->start(
        tr("Reading floor plan, baskets and traffic"),
        [path, score, remembered](ProgressToken& token) mutable {
            auto data = std::make_shared<LayoutPageData>();
            const auto project = data::Project::open(path, data::Project::OpenMode::MustExist);
            // The impulse categories chosen before a reload of the same project stay chosen.
            score.impulse = remembered.value(project->path());
            data->inputs = layout::loadLayout(*project, score, layout::ShopperFlows::Read);
            token.report(0.5);
            data->score = layout::computeLayout(data->inputs, score, token);
            // The page has no memory option: the machine's default budget turns a category
            // table too large for memory into a message instead of a killed window.
            MemoryBudget budget = MemoryBudget::machineDefault();
            data->pairs = layout::categoryPairs(data->inputs.baskets, data->score.model, budget);
            return QVariant::fromValue(LayoutPageDataPointer(std::move(data)));
        });
    connect(task, &BackgroundTask::finished, this, [this](const QVariant& result) {
        showInputs(result.value<LayoutPageDataPointer>());
        taskBar_->dismiss();
        emit loaded();
    });
    connect(task, &BackgroundTask::failed, this, [this](const QString& message) {
        loadError_ = message;
        message_->setText(tr("The layout cannot be shown: %1").arg(message));
        message_->setStyleSheet(QStringLiteral("color: #b71c1c;"));
        message_->show();
        emit loadFailed(message);
    });
}

void LayoutPage::showInputs(LayoutPageDataPointer data) {
    data_ = std::move(data);
    message_->hide();
    const layout::LayoutInputs& inputs = data_->inputs;
    const layout::LayoutModel& model = data_->score.model;
    floor_->setPlan(inputs.plan);
    floor_->setCategories(model.categories);
    impulse_->setCategories(model.categories);
    flows_->setPlan(inputs.plan);
    optimise_->setFloor(inputs.plan, model.categories);
    heatmap_->setPairs(model.categories, data_->pairs);
    pairModel_->setPairs(model.categories, data_->pairs);
    scenario_->reset(model, data_->score.proposal.current);

    const layout::CrossCategoryModel& cross = data_->score.crossModel;
    cards_->card(EffectCard)
        ->setToolTip(tr("Expected change in baskets holding both of a category pair, per 1,000 "
                        "baskets, for the layout now against the imported one (%1% interval, "
                        "bootstrap over %2 baskets).\n\nAssumption: %3")
                         .arg(qRound(cross.level * 100))
                         .arg(cross.baskets)
                         .arg(cross.assumption));

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
    recolour();
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
    if (data_) {
        const layout::CrossCategoryModel& cross = data_->score.crossModel;
        const layout::CrossCategoryEffect effect =
            layout::crossCategoryEffect(cross, now.closenessSum - imported.closenessSum);
        StatCard* card = cards_->card(EffectCard);
        card->setValueText(signedNumber(effect.perThousandBaskets, 1) + tr(" per 1,000"));
        if (std::isfinite(effect.low) && std::isfinite(effect.high))
            card->setIntervalText(
                tr("%1% interval %2 to %3")
                    .arg(qRound(cross.level * 100))
                    .arg(signedNumber(effect.low, 1), signedNumber(effect.high, 1)));
        else
            card->setIntervalText(tr("no interval (too few pairs)"));
        card->setDeltaText(tr("vs imported layout"), StatCard::Tone::Neutral);
    }
    floor_->setAssignment(scenario_->assignment());
    optimise_->currentView()->setAssignment(scenario_->assignment());
    impulse_->setImpulse(scenario_->model().impulse);
    if (colouringMode_ != Colouring::Traffic)
        recolour();
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
    request.weights = settings.weights;
    request.impulse = impulseCategories();
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
    if (!data_ || taskBar_->isRunning())
        return;
    const layout::LayoutRequest request = this->request(true);
    const QString path = data_->inputs.projectPath;
    optimise_->clearProposal();
    optimise_->setRunning(true);
    result_.reset();
    BackgroundTask* task =
        taskBar_->start(tr("Optimising the layout"), [path, request](ProgressToken& token) {
            // The layout job's load and compute, on a connection of its own.
            const auto project = data::Project::open(path, data::Project::OpenMode::MustExist);
            const layout::LayoutInputs inputs = layout::loadLayout(*project, request);
            layout::checkPlacements(inputs, request);
            return QVariant::fromValue(LayoutResultPointer(std::make_shared<layout::LayoutResult>(
                layout::computeLayout(inputs, request, token))));
        });
    connect(task, &BackgroundTask::finished, this, [this](const QVariant& result) {
        result_ = result.value<LayoutResultPointer>();
        if (result_) {
            optimise_->showProposal(*result_);
            // Scores on the page follow the model the planner optimised with.
            scenario_->setModel(result_->model);
        }
    });
    connect(task, &BackgroundTask::ended, this, [this] {
        optimise_->setRunning(false);
        emit optimiseEnded();
    });
}

void LayoutPage::cancelOptimise() {
    taskBar_->cancel();
}

void LayoutPage::applyProposal() {
    if (!result_)
        return;
    scenario_->setAssignment(result_->proposal.proposed, tr("Apply the proposed layout"));
    optimise_->applyButton()->setEnabled(false);
}

void LayoutPage::discardProposal() {
    result_.reset();
    optimise_->clearProposal();
    taskBar_->dismiss();
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
