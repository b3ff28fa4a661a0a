#include "MarkdownPage.h"

#include "ItemCharts.h"
#include "ItemPlanModel.h"
#include "MarkdownApproval.h"
#include "PriceChangeModel.h"
#include "ProjectConnection.h"
#include "RulesPanel.h"
#include "ScheduleEdits.h"
#include "ScopePicker.h"
#include "SeasonItemModel.h"
#include "SeasonSummary.h"
#include "common/Error.h"
#include "common/FilterBar.h"
#include "common/Numbers.h"
#include "common/RowFilterModel.h"
#include "common/TableExportButton.h"
#include "common/TableStyle.h"
#include "common/TaskBar.h"
#include "markdown/PriceChangeList.h"

#include <QAction>
#include <QCheckBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>
#include <algorithm>

namespace mb::ui {

namespace {

QTableView* makeTable(QWidget* parent, const QString& name) {
    auto* view = new QTableView(parent);
    view->setObjectName(name);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    styleResultTable(view);
    return view;
}

}  // namespace

MarkdownPage::MarkdownPage(QWidget* parent)
    : ProjectPage(tr("Markdown"),
                  tr("Plan season-end markdowns: when, and how deep, to discount each product in "
                     "each store so that stock clears by the exit week at the best margin."),
                  parent) {
    qRegisterMetaType<MarkdownRunResultPtr>();
    qRegisterMetaType<ItemEditPtr>();
    edits_ = new ScheduleEdits(this);
    items_ = new SeasonItemModel(this);
    planModel_ = new ItemPlanModel(this);
    priceChanges_ = new PriceChangeModel(this);
    summary_ = new SeasonSummary(this);
    charts_ = new ItemCharts(this);
    taskBar_ = new TaskBar(this);

    auto* side = new QSplitter(Qt::Vertical, this);
    side->addWidget(buildPicker());
    side->addWidget(buildPlan());
    side->setChildrenCollapsible(false);
    side->setStretchFactor(0, 1);
    side->setStretchFactor(1, 1);
    auto* main = new QSplitter(Qt::Horizontal, this);
    main->addWidget(side);
    main->addWidget(charts_);
    main->setChildrenCollapsible(false);
    main->setStretchFactor(0, 9);
    main->setStretchFactor(1, 11);
    main->setSizes({540, 660});

    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(buildSettings());
    layout->addWidget(summary_);
    layout->addWidget(main, 1);
    layout->addWidget(taskBar_);
    setBody(body);
    setRequiredInputs({{QStringLiteral("sales")},
                       {QStringLiteral("products")},
                       {QStringLiteral("inventory")},
                       {QStringLiteral("stores"), true}});

    connect(edits_, &ScheduleEdits::itemChanged, this, &MarkdownPage::onItemChanged);
    connect(planModel_, &ItemPlanModel::overrideRequested, this, [this](int week, int step) {
        if (currentItem_ >= 0)
            edits_->overrideWeek(currentItem_, week, step);
    });
    showRun(nullptr);
}

MarkdownPage::~MarkdownPage() = default;

QWidget* MarkdownPage::buildSettings() {
    auto* box = new QWidget(this);
    exitDate_ = new QDateEdit(box);
    exitDate_->setObjectName(QStringLiteral("exitWeekEdit"));
    exitDate_->setCalendarPopup(true);
    exitDate_->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    exitDate_->setToolTip(tr("A date in the last week the items are on sale."));
    productScope_ = new ScopePicker(tr("Products"), box);
    productScope_->setObjectName(QStringLiteral("productScope"));
    storeScope_ = new ScopePicker(tr("Stores"), box);
    storeScope_->setObjectName(QStringLiteral("storeScope"));
    compare_ = new QCheckBox(tr("Compare with scenario B"), box);
    compare_->setObjectName(QStringLiteral("compareBox"));
    planButton_ = new QPushButton(tr("Plan season"), box);
    planButton_->setObjectName(QStringLiteral("planButton"));
    planButton_->setDefault(true);
    connect(planButton_, &QPushButton::clicked, this, &MarkdownPage::planSeason);
    approveButton_ = new QPushButton(tr("Approve plan"), box);
    approveButton_->setObjectName(QStringLiteral("approveButton"));
    approveButton_->setToolTip(
        tr("Record the price changes (with your edits) in the project as "
           "approved decisions."));
    connect(approveButton_, &QPushButton::clicked, this, &MarkdownPage::approve);
    exportButton_ = new TableExportButton(box);
    exportButton_->setObjectName(QStringLiteral("exportPriceChanges"));
    exportButton_->setText(tr("Export price changes"));
    exportButton_->setModel(priceChanges_);
    exportButton_->setRole(Qt::EditRole);
    exportButton_->setBaseName(QStringLiteral("markdown-price-changes"));
    exportButton_->setCsvWriter([this](const QString& path) {
        markdown::writePriceChangeList(path, priceChanges_->changes(),
                                       run_ ? markdownParameters(*run_) : QJsonObject());
    });
    status_ = new QLabel(box);
    status_->setObjectName(QStringLiteral("markdownStatus"));
    status_->setWordWrap(true);
    // Long messages wrap in the room left over instead of widening the window.
    status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    status_->setMinimumWidth(160);

    rulesA_ = new RulesPanel(box);
    rulesA_->setObjectName(QStringLiteral("rulesA"));
    rulesB_ = new RulesPanel(box);
    rulesB_->setObjectName(QStringLiteral("rulesB"));
    rulesTabs_ = new QTabWidget(box);
    rulesTabs_->setDocumentMode(true);
    rulesTabs_->addTab(rulesA_, tr("Rules A"));
    rulesTabs_->addTab(rulesB_, tr("Rules B"));
    rulesTabs_->setTabEnabled(1, false);
    connect(compare_, &QCheckBox::toggled, this, [this](bool on) {
        rulesTabs_->setTabEnabled(1, on);
        rulesTabs_->setCurrentIndex(on ? 1 : 0);
    });

    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Exit week"), box));
    row->addWidget(exitDate_);
    row->addSpacing(12);
    row->addWidget(productScope_);
    row->addWidget(storeScope_);
    row->addSpacing(12);
    row->addWidget(compare_);
    row->addSpacing(12);
    row->addWidget(status_, 1);
    row->addWidget(planButton_);
    row->addWidget(approveButton_);
    row->addWidget(exportButton_);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(row);
    layout->addWidget(rulesTabs_);
    return box;
}

QWidget* MarkdownPage::buildPicker() {
    auto* box = new QWidget(this);
    filters_ = new FilterBar(box);
    filters_->setSourceModel(items_);
    filters_->addSearch({SeasonItemModel::Product, SeasonItemModel::Store},
                        tr("Search product or store"));
    filters_->addChoice(SeasonItemModel::Category, tr("Category"));
    filters_->addChoice(SeasonItemModel::Cluster, tr("Cluster"));
    filters_->proxy()->setSortRole(Qt::EditRole);
    picker_ = makeTable(box, QStringLiteral("itemPicker"));
    picker_->setModel(filters_->proxy());
    picker_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    picker_->setSortingEnabled(true);
    picker_->sortByColumn(SeasonItemModel::LeftoverRisk, Qt::DescendingOrder);
    picker_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(picker_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    selectItem(current.data(SeasonItemModel::kItemRole).toInt());
            });
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(filters_);
    layout->addWidget(picker_, 1);
    return box;
}

QWidget* MarkdownPage::buildPlan() {
    auto* box = new QWidget(this);
    itemTitle_ = boldLabel(QString(), box);
    itemTitle_->setObjectName(QStringLiteral("itemTitle"));
    itemFigures_ = new QLabel(box);
    itemFigures_->setObjectName(QStringLiteral("itemFigures"));
    itemFigures_->setWordWrap(true);
    ruleBreaks_ = new QLabel(box);
    ruleBreaks_->setObjectName(QStringLiteral("ruleBreaks"));
    ruleBreaks_->setWordWrap(true);
    ruleBreaks_->setStyleSheet(QStringLiteral("color: #b3261e;"));
    planView_ = makeTable(box, QStringLiteral("planView"));
    planView_->setModel(planModel_);
    planView_->setItemDelegateForColumn(ItemPlanModel::Step, new StepDelegate(planModel_, this));
    planView_->setEditTriggers(QAbstractItemView::DoubleClicked |
                               QAbstractItemView::SelectedClicked |
                               QAbstractItemView::EditKeyPressed);
    planView_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    planView_->setColumnHidden(ItemPlanModel::ScenarioB, true);
    connect(planView_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MarkdownPage::updateLockButton);

    // Short button texts; what would be undone shows in the tooltip.
    QUndoStack* undo = edits_->undoStack();
    auto* undoButton = new QToolButton(box);
    auto* undoAction = new QAction(tr("Undo"), this);
    undoAction->setShortcut(QKeySequence::Undo);
    undoAction->setEnabled(false);
    connect(undoAction, &QAction::triggered, undo, &QUndoStack::undo);
    connect(undo, &QUndoStack::canUndoChanged, undoAction, &QAction::setEnabled);
    connect(undo, &QUndoStack::undoTextChanged, undoAction,
            [undoAction](const QString& text) { undoAction->setToolTip(tr("Undo %1").arg(text)); });
    undoButton->setDefaultAction(undoAction);
    undoButton->setObjectName(QStringLiteral("undoButton"));
    auto* redoButton = new QToolButton(box);
    auto* redoAction = new QAction(tr("Redo"), this);
    redoAction->setShortcut(QKeySequence::Redo);
    redoAction->setEnabled(false);
    connect(redoAction, &QAction::triggered, undo, &QUndoStack::redo);
    connect(undo, &QUndoStack::canRedoChanged, redoAction, &QAction::setEnabled);
    connect(undo, &QUndoStack::redoTextChanged, redoAction,
            [redoAction](const QString& text) { redoAction->setToolTip(tr("Redo %1").arg(text)); });
    redoButton->setDefaultAction(redoAction);
    redoButton->setObjectName(QStringLiteral("redoButton"));
    revertButton_ = new QToolButton(box);
    revertButton_->setText(tr("Back to plan"));
    revertButton_->setObjectName(QStringLiteral("revertButton"));
    connect(revertButton_, &QToolButton::clicked, this, [this] {
        if (currentItem_ >= 0)
            edits_->revertItem(currentItem_);
    });
    lockButton_ = new QToolButton(box);
    lockButton_->setText(tr("Lock week"));
    lockButton_->setObjectName(QStringLiteral("lockButton"));
    lockButton_->setToolTip(
        tr("Keep the selected week's price and re-solve the item's policy around its locked "
           "weeks within the rules; on a locked week, unlock it."));
    connect(lockButton_, &QToolButton::clicked, this, &MarkdownPage::lockSelectedWeek);
    for (QToolButton* button : {lockButton_, undoButton, redoButton, revertButton_})
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);

    auto* header = new QHBoxLayout;
    header->addWidget(itemTitle_, 1);
    header->addWidget(lockButton_);
    header->addWidget(undoButton);
    header->addWidget(redoButton);
    header->addWidget(revertButton_);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(itemFigures_);
    layout->addWidget(planView_, 1);
    layout->addWidget(ruleBreaks_);
    return box;
}

void MarkdownPage::setConnection(ProjectConnection* connection) {
    if (taskBar_->isRunning())
        taskBar_->cancel();
    showRun(nullptr);
    ProjectPage::setConnection(connection);
    if (!connection)
        return;
    const MarkdownPageDefaults defaults = markdownPageDefaults(*connection);
    exitDate_->setDate(defaults.exitDate);
    rulesA_->setRules(defaults.rules);
    rulesB_->setRules(defaults.rules);
    productScope_->setChoices(defaults.products);
    storeScope_->setChoices(defaults.stores);
    setStatus(tr("Set the exit week and the rules, then press Plan season."));
}

bool MarkdownPage::planSeason() {
    if (!connection()) {
        setStatus(tr("Open a project first."), true);
        return false;
    }
    MarkdownRunRequest request;
    request.projectPath = connection()->projectPath();
    request.exitDate = exitDate_->date();
    request.products = productScope_->selectedIds();
    request.stores = storeScope_->selectedIds();
    QString problem;
    if (!rulesA_->readRules(request.rulesA, problem)) {
        setStatus(tr("Rules A: %1").arg(problem), true);
        return false;
    }
    if (compare_->isChecked()) {
        markdown::PlanningRules rulesB;
        if (!rulesB_->readRules(rulesB, problem)) {
            setStatus(tr("Rules B: %1").arg(problem), true);
            return false;
        }
        request.rulesB = rulesB;
    }
    setStatus(tr("Fitting demand and planning every item…"));
    BackgroundTask* task =
        taskBar_->start(tr("Planning markdowns"), [request](ProgressToken& token) {
            return QVariant::fromValue(runMarkdownPlan(request, token));
        });
    connect(task, &BackgroundTask::finished, this, [this](const QVariant& result) {
        showRun(result.value<MarkdownRunResultPtr>());
        emit planFinished();
    });
    connect(task, &BackgroundTask::failed, this, [this](const QString& message) {
        setStatus(tr("Planning failed: %1").arg(message), true);
    });
    connect(task, &BackgroundTask::cancelled, this,
            [this] { setStatus(tr("Planning cancelled; the previous plan is kept.")); });
    return true;
}

void MarkdownPage::showRun(MarkdownRunResultPtr run) {
    run_ = std::move(run);
    currentItem_ = -1;
    edits_->setRun(run_);
    items_->setRun(run_);
    priceChanges_->rebuild(run_, edits_);
    summary_->showRun(run_, edits_);
    approveButton_->setEnabled(run_ != nullptr);
    exportButton_->setEnabled(run_ != nullptr);
    planView_->setColumnHidden(ItemPlanModel::ScenarioB, !run_ || !run_->b);
    const QJsonObject parameters = run_ ? markdownParameters(*run_) : QJsonObject();
    exportButton_->setParameters(parameters);
    charts_->setParameters(parameters);
    showItemDetails();
    if (!run_)
        return;
    const markdown::SeasonPlan& season = run_->a.season;
    const QString scope =
        run_->products.isEmpty() && run_->stores.isEmpty()
            ? QString()
            : tr(" (%1 products, %2 stores chosen)")
                  .arg(run_->products.isEmpty() ? tr("all")
                                                : QString::number(run_->products.size()))
                  .arg(run_->stores.isEmpty() ? tr("all") : QString::number(run_->stores.size()));
    setStatus(tr("Planned %1 of %2 items from the stock of %3%4.")
                  .arg(season.plannedItems())
                  .arg(season.items.size())
                  .arg(run_->inputs.stockDate.toString(Qt::ISODate), scope));
    if (filters_->proxy()->rowCount() > 0)
        picker_->setCurrentIndex(filters_->proxy()->index(0, 0));
}

void MarkdownPage::selectItem(int item) {
    if (!run_ || item < 0 || item >= static_cast<int>(run_->a.season.items.size()))
        item = -1;
    if (item == currentItem_)
        return;
    currentItem_ = item;
    showItemDetails();
}

const markdown::ItemPlan* MarkdownPage::scenarioBItem(int item) const {
    if (!run_ || !run_->b || item < 0 || item >= static_cast<int>(run_->a.season.items.size()))
        return nullptr;
    const markdown::SeasonItem& a = run_->a.season.items[size_t(item)].item;
    const auto& itemsB = run_->b->season.items;
    // Both rule sets plan the same inputs, so the same index is tried first; a B planned per
    // cluster holds the store among its cluster's stores.
    if (item < static_cast<int>(itemsB.size()) && itemsB[size_t(item)].item.product == a.product &&
        itemsB[size_t(item)].item.store == a.store)
        return &itemsB[size_t(item)];
    for (const markdown::ItemPlan& b : itemsB)
        if (b.item.product == a.product &&
            (b.item.store == a.store || (b.item.store.isEmpty() && b.stores.contains(a.store))))
            return &b;
    return nullptr;
}

void MarkdownPage::showItemDetails() {
    const markdown::ItemPlan* plan =
        currentItem_ >= 0 ? &run_->a.season.items[size_t(currentItem_)] : nullptr;
    const ItemEdit* edit = currentItem_ >= 0 ? edits_->edit(currentItem_) : nullptr;
    const markdown::ItemPlan* planB = scenarioBItem(currentItem_);
    // The table is rebuilt; the week the user was on stays selected when the item is the same.
    const int row = planModel_->item() == plan ? planView_->currentIndex().row() : -1;
    const int column = std::max(planView_->currentIndex().column(), 0);
    planModel_->setItem(plan, edit, run_ ? run_->a.season.firstWeek : QDate(), planB);
    if (row >= 0 && row < planModel_->rowCount())
        planView_->setCurrentIndex(planModel_->index(row, column));
    charts_->showItem(run_, currentItem_, edit, planB);
    revertButton_->setEnabled(edit != nullptr);
    updateLockButton();
    ruleBreaks_->setText(
        edit && !edit->ruleBreaks.isEmpty()
            ? tr("Breaks the rules: %1").arg(edit->ruleBreaks.join(QStringLiteral("; ")))
            : QString());
    ruleBreaks_->setVisible(!ruleBreaks_->text().isEmpty());
    if (!plan) {
        itemTitle_->setText(run_ ? tr("Pick an item") : tr("No plan yet"));
        itemFigures_->clear();
        return;
    }
    itemTitle_->setText(
        tr("%1 @ %2 · %3").arg(plan->item.product, plan->item.store, plan->item.category));
    if (!plan->planned) {
        itemFigures_->setText(tr("Not planned: %1").arg(plan->problem));
        return;
    }
    itemFigures_->setText(itemFiguresText(*plan, edit));
}

QString MarkdownPage::itemFiguresText(const markdown::ItemPlan& plan, const ItemEdit* edit) const {
    QString figures =
        tr("On hand %1 at %2, elasticity %3. Plan %4 (no markdown %5, fixed rule "
           "%6), sell-through %7.")
            .arg(formatNumber(plan.item.onHand), formatNumber(plan.input.regularPrice, 2),
                 formatNumber(plan.elasticity, 2), formatNumber(plan.plan.expectedObjective, 0),
                 formatNumber(plan.noMarkdown, 0), formatNumber(plan.fixedRule, 0),
                 formatPercent(plan.plan.expectedSellThrough, 0));
    if (edit)
        figures += (edit->isFixed() ? tr(" Your edit %1 (%2 vs the plan), sell-through %3.")
                                    : tr(" Locked %1 (%2 vs the plan), sell-through %3."))
                       .arg(formatNumber(edit->plan.expectedObjective, 0),
                            SeasonSummary::signedNumber(edit->plan.expectedObjective -
                                                        plan.plan.expectedObjective),
                            formatPercent(edit->plan.expectedSellThrough, 0));
    const markdown::ItemPlan* planB = scenarioBItem(currentItem_);
    if (run_ && run_->b) {
        if (planB && planB->planned)
            figures +=
                tr(" Scenario B %1, sell-through %2 (B − A %3, %4 pts).")
                    .arg(formatNumber(planB->plan.expectedObjective, 0),
                         formatPercent(planB->plan.expectedSellThrough, 0),
                         SeasonSummary::signedNumber(planB->plan.expectedObjective -
                                                     plan.plan.expectedObjective),
                         SeasonSummary::signedNumber(100.0 * (planB->plan.expectedSellThrough -
                                                              plan.plan.expectedSellThrough),
                                                     1));
        else
            figures += tr(" Scenario B did not plan this item.");
    }
    return figures;
}

void MarkdownPage::onItemChanged(int item) {
    items_->setEdited(item, edits_->isEdited(item));
    priceChanges_->rebuild(run_, edits_);
    summary_->showRun(run_, edits_);
    if (item == currentItem_)
        showItemDetails();
}

void MarkdownPage::updateLockButton() {
    const QModelIndex current = planView_->currentIndex();
    const ItemEdit* edit = currentItem_ >= 0 ? edits_->edit(currentItem_) : nullptr;
    const bool locked = current.isValid() && edit && edit->isLocked(current.row() + 1);
    lockButton_->setText(locked ? tr("Unlock week") : tr("Lock week"));
    lockButton_->setEnabled(current.isValid() && planModel_->item() != nullptr);
}

bool MarkdownPage::lockSelectedWeek() {
    const QModelIndex current = planView_->currentIndex();
    if (currentItem_ < 0 || !current.isValid())
        return false;
    const int week = current.row() + 1;
    const ItemEdit* edit = edits_->edit(currentItem_);
    if (edit && edit->isLocked(week))
        return unlockWeek(week);
    return lockWeek(
        week, planModel_->index(current.row(), ItemPlanModel::Step).data(Qt::EditRole).toInt());
}

bool MarkdownPage::lockWeek(int week, int step) {
    if (currentItem_ < 0 || !planModel_->item())
        return false;
    const markdown::ItemPlan& plan = run_->a.season.items[size_t(currentItem_)];
    const QString where = tr("week %1 at %2").arg(week).arg(planModel_->stepText(step));
    return solveLocks(currentItem_, edits_->locksWith(currentItem_, week, step),
                      tr("Lock %1 of %2 @ %3").arg(where, plan.item.product, plan.item.store),
                      tr("Locked %1; the other weeks re-solved within the rules.").arg(where));
}

bool MarkdownPage::unlockWeek(int week) {
    const ItemEdit* edit = currentItem_ >= 0 ? edits_->edit(currentItem_) : nullptr;
    if (!edit || !edit->isLocked(week))
        return false;
    const markdown::ItemPlan& plan = run_->a.season.items[size_t(currentItem_)];
    return solveLocks(
        currentItem_, edits_->locksWith(currentItem_, week, -1),
        tr("Unlock week %1 of %2 @ %3").arg(week).arg(plan.item.product, plan.item.store),
        tr("Week %1 unlocked; the item re-solved around its other locks.").arg(week));
}

bool MarkdownPage::solveLocks(int item, std::vector<int> locks, const QString& text,
                              const QString& done) {
    if (taskBar_->isRunning()) {
        setStatus(tr("Wait for %1 to finish, or cancel it.").arg(taskBar_->task()->name()), true);
        return false;
    }
    if (std::none_of(locks.begin(), locks.end(), [](int step) { return step >= 0; })) {
        // Nothing locked any more: the optimiser's own plan is the answer, no solve needed.
        edits_->pushEdit(item, nullptr, text);
        setStatus(done);
        emit lockFinished(true);
        return true;
    }
    ++lockSolves_;
    const MarkdownRunResultPtr run = run_;
    const ItemEditPtr base = edits_->editPtr(item);
    const markdown::ItemPlan& plan = run->a.season.items[size_t(item)];
    setStatus(
        tr("Re-solving %1 @ %2 around its locked weeks…").arg(plan.item.product, plan.item.store));
    BackgroundTask* task =
        taskBar_->start(tr("Re-solving %1 @ %2").arg(plan.item.product, plan.item.store),
                        [run, item, locks](ProgressToken& token) {
                            try {
                                return QVariant::fromValue(lockedPolicyEdit(
                                    run->a.season.items[size_t(item)].input, locks, &token));
                            } catch (const Error& error) {
                                if (token.isCancelled())
                                    throw;
                                // Locks the rules cannot keep are an answer, not a failure of the
                                // task: the reason goes to the status line, which wraps, rather
                                // than the task bar.
                                return QVariant(error.message());
                            }
                        });
    connect(task, &BackgroundTask::finished, this,
            [this, run, base, item, text, done](const QVariant& result) {
                if (result.typeId() == QMetaType::QString) {
                    setStatus(tr("Cannot lock: %1").arg(result.toString()), true);
                    emit lockFinished(false);
                    return;
                }
                // A newer plan or another change of the item makes this answer stale.
                if (run_ != run || edits_->editPtr(item) != base) {
                    setStatus(tr("The item changed while it was re-solved; lock the week again."),
                              true);
                    emit lockFinished(false);
                    return;
                }
                edits_->pushEdit(item, result.value<ItemEditPtr>(), text);
                setStatus(done);
                emit lockFinished(true);
            });
    connect(task, &BackgroundTask::failed, this, [this](const QString& message) {
        setStatus(tr("Cannot lock: %1").arg(message), true);
        emit lockFinished(false);
    });
    connect(task, &BackgroundTask::cancelled, this, [this] {
        setStatus(tr("Re-solve cancelled; nothing changed."));
        emit lockFinished(false);
    });
    return true;
}

qint64 MarkdownPage::approve() {
    if (!run_)
        return -1;
    try {
        const qint64 runId = approveMarkdownPlan(*run_, *edits_);
        setStatus(tr("Approved: %1 price changes recorded as run %2.")
                      .arg(priceChanges_->rowCount())
                      .arg(runId));
        emit approved(runId);
        return runId;
    } catch (const Error& error) {
        setStatus(tr("Approval failed: %1").arg(error.message()), true);
        return -1;
    }
}

void MarkdownPage::setStatus(const QString& text, bool problem) {
    status_->setText(text);
    status_->setStyleSheet(problem ? QStringLiteral("color: #b3261e;") : QString());
}

QString MarkdownPage::statusText() const {
    return status_->text();
}

}  // namespace mb::ui
