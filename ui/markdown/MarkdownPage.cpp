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
#include "common/PublishPanel.h"
#include "common/RowFilterModel.h"
#include "common/TableExportButton.h"
#include "common/TableStyle.h"
#include "common/TaskBar.h"
#include "markdown/PlanEdits.h"
#include "markdown/PriceChangeList.h"
#include "markdown/SeasonTotals.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
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

// The default question: a message box with the given answer and Cancel (the default).
bool ask(QWidget* parent, const QString& title, const QString& text, const QString& yes) {
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::Cancel, parent);
    QPushButton* accept = box.addButton(yes, QMessageBox::AcceptRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == accept;
}

QString countText(int count, const QString& one, const QString& many) {
    return count == 1 ? one : many.arg(count);
}

}  // namespace

MarkdownPage::MarkdownPage(QWidget* parent)
    : ProjectPage(tr("Markdown"),
                  tr("Plan season-end markdowns: when, and how deep, to discount each product in "
                     "each store so that stock clears by the exit week at the best margin."),
                  parent) {
    qRegisterMetaType<MarkdownRunResultPtr>();
    qRegisterMetaType<ItemEditPtr>();
    qRegisterMetaType<RestoredPlanPtr>();
    askDiscard_ = [this](const QString& text) {
        return ask(this, tr("Plan season"), text, tr("Discard"));
    };
    askApprove_ = [this](const QString& text) {
        return ask(this, tr("Approve plan"), text, tr("Approve"));
    };
    askPublish_ = [this](const QString& text) {
        return ask(this, tr("Publish to database"), text, tr("Publish"));
    };
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
    outOfDate_ = new OutOfDateBanner(body);
    layout->addWidget(outOfDate_);
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
        if (currentItem_ >= 0 && !showsScenarioB())
            edits_->overrideWeek(currentItem_, week, step);
    });
    // Any change of the controls may make the plan on screen answer another question.
    connect(rulesA_, &RulesPanel::rulesChanged, this, &MarkdownPage::updateFreshness);
    connect(rulesB_, &RulesPanel::rulesChanged, this, &MarkdownPage::updateFreshness);
    connect(exitDate_, &QDateEdit::dateChanged, this, &MarkdownPage::updateFreshness);
    connect(compare_, &QCheckBox::toggled, this, &MarkdownPage::updateFreshness);
    connect(productScope_, &ScopePicker::selectionChanged, this, &MarkdownPage::updateFreshness);
    connect(storeScope_, &ScopePicker::selectionChanged, this, &MarkdownPage::updateFreshness);
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
    compare_ = new QCheckBox(tr("Compare with B"), box);
    compare_->setToolTip(tr("Plan a second scenario under rules B beside rules A."));
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
    connect(approveButton_, &QPushButton::clicked, this, &MarkdownPage::approveAsked);
    exportButton_ = new TableExportButton(box);
    exportButton_->setObjectName(QStringLiteral("exportPriceChanges"));
    exportButton_->setText(tr("Export price changes"));
    exportButton_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    exportButton_->setModel(priceChanges_);
    exportButton_->setRole(Qt::EditRole);
    exportButton_->setBaseName(QStringLiteral("markdown-price-changes"));
    // Both formats: the XLSX, called directly rather than through the disabled button, must not
    // write an out-of-date plan either.
    exportButton_->setRefusal(
        [this] { return refusedAsOutOfDate() ? outOfDate_->text() : QString(); });
    exportButton_->setCsvWriter([this](const QString& path) {
        markdown::writePriceChangeList(path, priceChanges_->changes(),
                                       shown_ ? markdownParameters(*shown_) : QJsonObject());
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
    shownBox_ = new QComboBox(box);
    shownBox_->setObjectName(QStringLiteral("shownScenario"));
    shownBox_->addItems({tr("A"), tr("B")});
    shownBox_->setToolTip(
        tr("The scenario the cards, charts, items, price changes, Approve and Export show and "
           "act on."));
    connect(shownBox_, &QComboBox::activated, this,
            [this](int index) { showScenarioB(index == 1); });

    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Exit week"), box));
    row->addWidget(exitDate_);
    row->addSpacing(12);
    row->addWidget(productScope_);
    row->addWidget(storeScope_);
    row->addSpacing(12);
    row->addWidget(compare_);
    row->addStretch(1);
    row->addWidget(planButton_);
    row->addWidget(approveButton_);
    row->addWidget(exportButton_);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(row);
    layout->addWidget(buildScenarioRow());
    publish_ = new PublishPanel(box);
    publish_->setGuard([this] { return shown_ && !refusedAsOutOfDate(); });
    layout->addWidget(publish_);
    layout->addWidget(rulesTabs_);
    return box;
}

QWidget* MarkdownPage::buildPicker() {
    auto* box = new QWidget(this);
    filters_ = new FilterBar(box);
    filters_->setSourceModel(items_);
    // A short placeholder: the box is narrow to keep the window on a laptop's screen.
    QLineEdit* search = filters_->addSearch({SeasonItemModel::Product, SeasonItemModel::Store},
                                            tr("Product, store"));
    search->setMinimumWidth(120);
    search->setToolTip(tr("Search product or store"));
    // Long category or cluster names must not widen the window past a laptop's screen.
    for (QComboBox* choice : {filters_->addChoice(SeasonItemModel::Category, tr("Category")),
                              filters_->addChoice(SeasonItemModel::Cluster, tr("Cluster"))}) {
        choice->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        choice->setMinimumContentsLength(8);
    }
    filters_->proxy()->setSortRole(Qt::EditRole);
    picker_ = makeTable(box, QStringLiteral("itemPicker"));
    picker_->setModel(filters_->proxy());
    picker_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    picker_->setSortingEnabled(true);
    picker_->sortByColumn(SeasonItemModel::LeftoverRisk, Qt::DescendingOrder);
    picker_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // The figures a merchandiser picks by come before the names that only group the items, so
    // a narrow picker still shows them.
    for (int figure :
         {SeasonItemModel::OnHand, SeasonItemModel::LeftoverRisk, SeasonItemModel::Gain})
        picker_->horizontalHeader()->moveSection(
            picker_->horizontalHeader()->visualIndex(figure),
            picker_->horizontalHeader()->visualIndex(SeasonItemModel::Category));
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
    // The plan table is often scrolled far from the banner above the summary: it says so too.
    planOutOfDate_ = new OutOfDateBanner(box);
    layout->addWidget(planOutOfDate_);
    layout->addWidget(planView_, 1);
    layout->addWidget(ruleBreaks_);
    return box;
}

void MarkdownPage::setConnection(ProjectConnection* connection) {
    ++session_;
    if (taskBar_->isRunning())
        taskBar_->cancel();
    taskBar_->dismiss();
    clearForProject();
    ProjectPage::setConnection(connection);
    publish_->setConnection(connection);
    if (!connection)
        return;
    const MarkdownPageDefaults defaults = markdownPageDefaults(*connection);
    exitDate_->setDate(defaults.exitDate);
    rulesA_->setRules(defaults.rules);
    rulesB_->setRules(defaults.rules);
    productScope_->setChoices(defaults.products);
    storeScope_->setChoices(defaults.stores);
    fingerprintNow_ = connection->inputFingerprint();
    reloadScenarioList();
    setStatus(scenarioBox_->count() > 0
                  ? tr("Choose a saved scenario to plan it again, or set the exit week and the "
                       "rules and press Plan season.")
                  : tr("Set the exit week and the rules, then press Plan season."));
}

void MarkdownPage::clearForProject() {
    // Nothing of the previous project may show: its plan, edits, undo history, selection,
    // scenario names, scope choices and messages.
    showRun(nullptr);
    scenarioName_.clear();
    savedState_ = {};
    fingerprintNow_.clear();
    filters_->clear();
    compare_->setChecked(false);
    productScope_->setChoices({});
    storeScope_->setChoices({});
    scenarioBox_->clear();
    status_->clear();
    status_->setStyleSheet(QString());
}

void MarkdownPage::refresh() {
    if (connection())
        fingerprintNow_ = connection()->inputFingerprint();
    publish_->readSink();
    updateFreshness();
}

void MarkdownPage::showEvent(QShowEvent* event) {
    ProjectPage::showEvent(event);
    if (run_)
        refresh();
}

bool MarkdownPage::readRequest(MarkdownRunRequest& request, QString* problem) const {
    if (!connection()) {
        *problem = tr("Open a project first.");
        return false;
    }
    request.projectPath = connection()->projectPath();
    request.exitDate = exitDate_->date();
    request.products = productScope_->selectedIds();
    request.stores = storeScope_->selectedIds();
    QString reason;
    if (!rulesA_->readRules(request.rulesA, reason)) {
        *problem = tr("Rules A: %1").arg(reason);
        return false;
    }
    if (compare_->isChecked()) {
        markdown::PlanningRules rulesB;
        if (!rulesB_->readRules(rulesB, reason)) {
            *problem = tr("Rules B: %1").arg(reason);
            return false;
        }
        request.rulesB = rulesB;
    }
    return true;
}

QString MarkdownPage::discardQuestion() const {
    if (!run_ || edits_->all().empty())
        return {};
    const markdown::EditCounts counts = markdown::editCounts(run_->a.season, edits_->all());
    QStringList parts;
    if (counts.weeks > 0)
        parts << countText(counts.weeks, tr("1 edit"), tr("%1 edits"));
    if (counts.locks > 0)
        parts << countText(counts.locks, tr("1 lock"), tr("%1 locks"));
    if (parts.isEmpty())  // an item set back to its plan's steps that is still an edit
        parts << countText(int(edits_->all().size()), tr("the edit of 1 item"),
                           tr("the edits of %1 items"));
    return tr("Discard %1?").arg(parts.join(tr(" and ")));
}

bool MarkdownPage::planSeason() {
    MarkdownRunRequest request;
    QString problem;
    if (!readRequest(request, &problem)) {
        setStatus(problem, true);
        return false;
    }
    const QString question = discardQuestion();
    if (!question.isEmpty() && !askDiscard_(question)) {
        setStatus(tr("Not planned: your edits and locks are kept."));
        return false;
    }
    setStatus(tr("Fitting demand and planning every item…"));
    const quint64 session = session_;
    BackgroundTask* task =
        taskBar_->start(tr("Planning markdowns"), [request](ProgressToken& token) {
            return QVariant::fromValue(runMarkdownPlan(request, token));
        });
    connect(task, &BackgroundTask::finished, this, [this, session](const QVariant& result) {
        if (session != session_)
            return;
        scenarioName_.clear();
        savedState_ = {};
        showRun(result.value<MarkdownRunResultPtr>());
        reloadScenarioList();
        emit planFinished();
    });
    connect(task, &BackgroundTask::failed, this, [this, session](const QString& message) {
        if (session == session_)
            setStatus(tr("Planning failed: %1").arg(message), true);
    });
    connect(task, &BackgroundTask::cancelled, this, [this, session] {
        if (session == session_)
            setStatus(tr("Planning cancelled; the previous plan is kept."));
        else
            taskBar_->dismiss();
    });
    return true;
}

void MarkdownPage::showRun(MarkdownRunResultPtr run) {
    forgetItem();
    run_ = std::move(run);
    swappedRun_.reset();
    edits_->setRun(run_);
    showB_ = false;
    shownBox_->setCurrentIndex(0);
    shownBox_->setEnabled(run_ && run_->b);
    if (connection() && run_)
        fingerprintNow_ = connection()->inputFingerprint();
    showShownRun();
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
    // Under a markdown budget the plan's spend against it, and how close to the best it is.
    const QString budget =
        season.budget
            ? tr(" Markdown spend %1 of a budget of %2%3.")
                  .arg(formatMoney(season.markdownSpend(), 0),
                       formatMoney(season.budget->budget, 0),
                       season.budget->binds ? tr(" (binds; within %1 of the best plan under it)")
                                                  .arg(formatMoney(season.budgetGapBound(), 0))
                                            : QString())
            : QString();
    setStatus(tr("Planned %1 of %2 items from the stock of %3%4.%5")
                  .arg(season.plannedItems())
                  .arg(season.items.size())
                  .arg(run_->inputs.stockDate.toString(Qt::ISODate), scope, budget));
}

void MarkdownPage::showScenarioB(bool showB) {
    showB = showB && run_ && run_->b;
    shownBox_->setCurrentIndex(showB ? 1 : 0);
    if (showB == showB_)
        return;
    // The same product in the same store stays selected when the other scenario has it.
    const markdown::ItemPlan* other = scenarioBItem(currentItem_);
    const QString product = other ? other->item.product : QString();
    const QString store = other ? other->item.store : QString();
    showB_ = showB;
    showShownRun();
    if (product.isEmpty())
        return;
    const auto& items = shown_->a.season.items;
    for (int row = 0; row < filters_->proxy()->rowCount(); ++row) {
        const QModelIndex index = filters_->proxy()->index(row, 0);
        const int item = index.data(SeasonItemModel::kItemRole).toInt();
        if (items[size_t(item)].item.product == product &&
            items[size_t(item)].item.store == store) {
            picker_->setCurrentIndex(index);
            break;
        }
    }
}

void MarkdownPage::forgetItem() {
    // The plan table and charts point into the shown run and the item's edit: they let go
    // before either is released.
    currentItem_ = -1;
    planModel_->setItem(nullptr, nullptr, QDate());
    charts_->showItem(nullptr, -1, nullptr);
}

void MarkdownPage::showShownRun() {
    forgetItem();
    publish_->setRun(-1);
    if (run_ && showB_ && run_->b) {
        // The page shows scenario A of a run; B is shown as a run with the two swapped, so every
        // view (picker, plan, charts, price changes) and Approve and Export read it unchanged.
        if (!swappedRun_) {
            auto swapped = std::make_shared<MarkdownRunResult>(*run_);
            std::swap(swapped->a, *swapped->b);
            swappedRun_ = std::move(swapped);
        }
        shown_ = swappedRun_;
    } else {
        shown_ = run_;
    }
    const bool onB = shown_ && shown_ != run_;
    const ScheduleEdits* edits = onB ? nullptr : edits_;
    items_->setRun(shown_);
    if (edits)
        for (int item : edits_->editedItems())
            items_->setEdited(item, true);
    priceChanges_->rebuild(shown_, edits);
    summary_->showRun(run_, edits_, onB);
    const QString other = onB ? tr("Scenario A") : tr("Scenario B");
    planModel_->setOtherScenarioName(other);
    charts_->setOtherScenarioName(other);
    planView_->setColumnHidden(ItemPlanModel::ScenarioB, !shown_ || !shown_->b);
    // The user's edits are of scenario A: B is shown as planned.
    planView_->setEditTriggers(onB ? QAbstractItemView::NoEditTriggers
                                   : QAbstractItemView::DoubleClicked |
                                         QAbstractItemView::SelectedClicked |
                                         QAbstractItemView::EditKeyPressed);
    approveButton_->setText(onB ? tr("Approve B") : tr("Approve plan"));
    approveButton_->setEnabled(shown_ != nullptr);
    saveScenarioButton_->setEnabled(run_ != nullptr);
    const QJsonObject parameters = shown_ ? markdownParameters(*shown_) : QJsonObject();
    exportButton_->setParameters(parameters);
    charts_->setParameters(parameters);
    showItemDetails();
    updateFreshness();
    if (shown_ && filters_->proxy()->rowCount() > 0)
        picker_->setCurrentIndex(filters_->proxy()->index(0, 0));
}

void MarkdownPage::selectItem(int item) {
    if (!shown_ || item < 0 || item >= static_cast<int>(shown_->a.season.items.size()))
        item = -1;
    if (item == currentItem_)
        return;
    currentItem_ = item;
    showItemDetails();
}

const markdown::ItemPlan* MarkdownPage::scenarioBItem(int item) const {
    if (!shown_ || !shown_->b || item < 0 ||
        item >= static_cast<int>(shown_->a.season.items.size()))
        return nullptr;
    const markdown::SeasonItem& a = shown_->a.season.items[size_t(item)].item;
    const auto& itemsB = shown_->b->season.items;
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

const ItemEdit* MarkdownPage::shownEdit(int item) const {
    return item >= 0 && !showsScenarioB() ? edits_->edit(item) : nullptr;
}

void MarkdownPage::showItemDetails(bool sameItem) {
    const markdown::ItemPlan* plan =
        currentItem_ >= 0 ? &shown_->a.season.items[size_t(currentItem_)] : nullptr;
    const ItemEdit* edit = shownEdit(currentItem_);
    const markdown::ItemPlan* planB = scenarioBItem(currentItem_);
    if (sameItem && plan && planModel_->item() == plan) {
        planModel_->setEdit(edit);
    } else {
        planModel_->setItem(plan, edit, shown_ ? shown_->a.season.firstWeek : QDate(), planB);
    }
    charts_->showItem(shown_, currentItem_, edit, planB);
    revertButton_->setEnabled(edit != nullptr);
    updateLockButton();
    ruleBreaks_->setText(
        edit && !edit->ruleBreaks.isEmpty()
            ? tr("Breaks the rules: %1").arg(edit->ruleBreaks.join(QStringLiteral("; ")))
            : QString());
    ruleBreaks_->setVisible(!ruleBreaks_->text().isEmpty());
    if (!plan) {
        itemTitle_->setText(shown_ ? tr("Pick an item") : tr("No plan yet"));
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
            .arg(formatNumber(plan.item.onHand), formatMoney(plan.input.regularPrice, 2),
                 formatNumber(plan.elasticity, 2), formatMoney(plan.plan.expectedObjective),
                 formatMoney(plan.noMarkdown), formatMoney(plan.fixedRule),
                 formatPercent(plan.plan.expectedSellThrough, 0));
    if (edit)
        figures +=
            (edit->isFixed() ? tr(" Your edit %1 (%2 vs the plan), sell-through %3.")
                             : tr(" Locked %1 (%2 vs the plan), sell-through %3."))
                .arg(formatMoney(edit->plan.expectedObjective),
                     formatSignedMoney(edit->plan.expectedObjective - plan.plan.expectedObjective),
                     formatPercent(edit->plan.expectedSellThrough, 0));
    const markdown::ItemPlan* other = scenarioBItem(currentItem_);
    if (shown_ && shown_->b) {
        const bool onB = showsScenarioB();
        const QString otherName = onB ? tr("Scenario A") : tr("Scenario B");
        if (other && other->planned) {
            // Always B − A, whichever of the two is shown.
            const markdown::ItemPlan& a = onB ? *other : plan;
            const markdown::ItemPlan& b = onB ? plan : *other;
            figures +=
                tr(" %1 %2, sell-through %3 (B − A %4, %5 pts).")
                    .arg(otherName, formatMoney(other->plan.expectedObjective),
                         formatPercent(other->plan.expectedSellThrough, 0),
                         formatSignedMoney(b.plan.expectedObjective - a.plan.expectedObjective),
                         SeasonSummary::signedNumber(
                             100.0 * (b.plan.expectedSellThrough - a.plan.expectedSellThrough), 1));
        } else {
            figures += tr(" %1 did not plan this item.").arg(otherName);
        }
    }
    return figures;
}

void MarkdownPage::onItemChanged(int item) {
    // Edits are of scenario A: while B is shown only the comparison (A with edits) changes.
    summary_->showRun(run_, edits_, showsScenarioB());
    if (showsScenarioB())
        return;
    // The approved run is A as it was: an edit since makes the screen another plan.
    publish_->setRun(-1);
    items_->setEdited(item, edits_->isEdited(item));
    priceChanges_->rebuild(run_, edits_);
    if (item == currentItem_)
        showItemDetails(true);
}

void MarkdownPage::updateLockButton() {
    const QModelIndex current = planView_->currentIndex();
    const ItemEdit* edit = shownEdit(currentItem_);
    const bool locked = current.isValid() && edit && edit->isLocked(current.row() + 1);
    lockButton_->setText(locked ? tr("Unlock week") : tr("Lock week"));
    lockButton_->setEnabled(current.isValid() && planModel_->item() != nullptr &&
                            !showsScenarioB());
}

bool MarkdownPage::lockSelectedWeek() {
    const QModelIndex current = planView_->currentIndex();
    if (currentItem_ < 0 || !current.isValid() || showsScenarioB())
        return false;
    const int week = current.row() + 1;
    const ItemEdit* edit = edits_->edit(currentItem_);
    if (edit && edit->isLocked(week))
        return unlockWeek(week);
    return lockWeek(
        week, planModel_->index(current.row(), ItemPlanModel::Step).data(Qt::EditRole).toInt());
}

bool MarkdownPage::lockWeek(int week, int step) {
    if (currentItem_ < 0 || !planModel_->item() || showsScenarioB())
        return false;
    const markdown::ItemPlan& plan = run_->a.season.items[size_t(currentItem_)];
    const QString where = tr("week %1 at %2").arg(week).arg(planModel_->stepText(step));
    return solveLocks(currentItem_, edits_->locksWith(currentItem_, week, step),
                      tr("Lock %1 of %2 @ %3").arg(where, plan.item.product, plan.item.store),
                      tr("Locked %1; the other weeks re-solved within the rules.").arg(where));
}

bool MarkdownPage::unlockWeek(int week) {
    const ItemEdit* edit = shownEdit(currentItem_);
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
    const quint64 session = session_;
    connect(task, &BackgroundTask::finished, this,
            [this, run, base, item, text, done, session](const QVariant& result) {
                if (session != session_)
                    return;
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
    connect(task, &BackgroundTask::failed, this, [this, session](const QString& message) {
        if (session == session_)
            setStatus(tr("Cannot lock: %1").arg(message), true);
        emit lockFinished(false);
    });
    connect(task, &BackgroundTask::cancelled, this, [this, session] {
        if (session == session_)
            setStatus(tr("Re-solve cancelled; nothing changed."));
        else
            taskBar_->dismiss();
        emit lockFinished(false);
    });
    return true;
}

Freshness MarkdownPage::freshness() const {
    if (!run_)
        return Freshness::Current;
    if (fingerprintNow_.isEmpty() || fingerprintNow_ != run_->a.provenance.inputFingerprint)
        return Freshness::DataChanged;
    MarkdownRunRequest request;
    QString problem;
    if (!readRequest(request, &problem))
        return Freshness::ControlsChanged;  // rules that cannot be read are not the plan's
    const Freshness a = freshnessOf(run_->a.provenance,
                                    request.planRequest(request.rulesA).toJson(), fingerprintNow_);
    if (a != Freshness::Current)
        return a;
    if (request.rulesB.has_value() != run_->b.has_value())
        return Freshness::ControlsChanged;
    return run_->b ? freshnessOf(run_->b->provenance, request.planRequest(*request.rulesB).toJson(),
                                 fingerprintNow_)
                   : Freshness::Current;
}

void MarkdownPage::updateFreshness() {
    const Freshness now = freshness();
    for (OutOfDateBanner* banner : {outOfDate_, planOutOfDate_})
        banner->setFreshness(now, tr("plan"), tr("Plan season"));
    const bool usable = shown_ != nullptr && now == Freshness::Current;
    exportButton_->setEnabled(usable);
    exportButton_->setToolTip(usable || !shown_ ? QString() : outOfDate_->text());
}

QString MarkdownPage::approvalSummary() const {
    if (!shown_)
        return {};
    const bool onB = showsScenarioB();
    const markdown::PriceChangeSpan span = markdown::priceChangeSpan(priceChanges_->changes());
    const markdown::SeasonTotals totals =
        markdown::seasonTotals(shown_->a.season, onB ? nullptr : &edits_->all());
    const QString scenario =
        onB ? tr("scenario B")
            : (edits_->all().empty() ? tr("scenario A") : tr("scenario A with your edits"));
    if (span.changes == 0)
        return tr("Approve %1? It changes no price; expected revenue %2 and margin %3.")
            .arg(scenario, formatMoney(totals.revenue), formatMoney(totals.margin));
    return tr("Approve %1? This records %2 for %3 in %4, from the week of %5 to the week of %6, "
              "with expected revenue %7 and margin %8.")
        .arg(scenario, countText(span.changes, tr("1 price change"), tr("%1 price changes")),
             countText(span.items, tr("1 item"), tr("%1 items")),
             countText(span.stores, tr("1 store"), tr("%1 stores")),
             span.firstWeek.toString(Qt::ISODate), span.lastWeek.toString(Qt::ISODate),
             formatMoney(totals.revenue), formatMoney(totals.margin));
}

bool MarkdownPage::refusedAsOutOfDate() {
    // Never a stale plan: the project's data are read again first.
    refresh();
    if (!outOfDate_->isOutOfDate())
        return false;
    setStatus(outOfDate_->text(), true);
    return true;
}

qint64 MarkdownPage::approveAsked() {
    if (!shown_ || refusedAsOutOfDate())
        return -1;
    if (!askApprove_(approvalSummary())) {
        setStatus(tr("Not approved; nothing was recorded."));
        return -1;
    }
    const qint64 runId = approve();
    if (runId >= 0 && publish_->hasSink() &&
        askPublish_(tr("Publish the approved run %1 to %2 now? Store systems read the price "
                       "changes there.")
                        .arg(runId)
                        .arg(publish_->sink())))
        publishApproved();
    return runId;
}

bool MarkdownPage::publishApproved() {
    if (publish_->run() < 0) {
        setStatus(tr("Approve the plan on screen before publishing it."), true);
        return false;
    }
    return publish_->publish();
}

qint64 MarkdownPage::approve() {
    if (!shown_ || refusedAsOutOfDate())
        return -1;
    try {
        const std::map<int, ItemEditPtr> none;
        const qint64 runId = approveMarkdownPlan(*shown_, showsScenarioB() ? none : edits_->all());
        setStatus(tr("Approved scenario %1: %2 price changes recorded as run %3.")
                      .arg(showsScenarioB() ? tr("B") : tr("A"))
                      .arg(priceChanges_->rowCount())
                      .arg(runId));
        publish_->setRun(runId);
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
