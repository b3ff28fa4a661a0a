#include "DemandPage.h"

#include "DemandCharts.h"
#include "DemandTableModel.h"
#include "ProjectConnection.h"
#include "common/Error.h"
#include "common/FilterBar.h"
#include "common/Numbers.h"
#include "common/ResultFreshness.h"
#include "common/RowFilterModel.h"
#include "common/TableStyle.h"
#include "common/TaskBar.h"
#include "data/Project.h"
#include "demand/SalesHistoryLoader.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace mb::ui {

namespace {

QLabel* buddyLabel(const QString& text, QWidget* buddy) {
    auto* label = new QLabel(text);
    label->setBuddy(buddy);
    return label;
}

}  // namespace

DemandPage::DemandPage(QWidget* parent)
    : ProjectPage(tr("Demand"),
                  tr("How each product's sales answer price, promotions and the season: the "
                     "demand models the markdown plan forecasts with, and how well they fit."),
                  parent) {
    qRegisterMetaType<DemandRunPtr>();
    model_ = new DemandTableModel(this);
    taskBar_ = new TaskBar(this);

    banner_ = new OutOfDateBanner(this);
    banner_->setObjectName(QStringLiteral("demandOutOfDate"));
    error_ = new QLabel(this);
    error_->setObjectName(QStringLiteral("demandError"));
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #b00020;"));
    error_->hide();
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("demandSummary"));
    summary_->setWordWrap(true);

    filters_ = new FilterBar(this);
    filters_->setSourceModel(model_);
    // Notes are searched too: "not fitted" or "includes 0" finds the models to doubt.
    filters_->addSearch({DemandTableModel::Product, DemandTableModel::Store,
                         DemandTableModel::Category, DemandTableModel::Notes},
                        tr("Search products, stores, categories, notes"));
    filters_->addChoice(DemandTableModel::Category, tr("Category"));
    filters_->addChoice(DemandTableModel::Store, tr("Store"));
    filters_->proxy()->setSortRole(Qt::EditRole);
    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("demandTable"));
    table_->setModel(filters_->proxy());
    styleResultTable(table_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(-1, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setMinimumHeight(120);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &DemandPage::showSelected);

    charts_ = new DemandCharts(this);

    auto* results = new QWidget(this);
    auto* resultsLayout = new QVBoxLayout(results);
    resultsLayout->setContentsMargins(0, 0, 0, 0);
    resultsLayout->setSpacing(4);
    resultsLayout->addWidget(filters_);
    resultsLayout->addWidget(table_, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("demandSplit"));
    split->setChildrenCollapsible(false);
    split->addWidget(results);
    split->addWidget(charts_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(buildControls());
    layout->addWidget(banner_);
    layout->addWidget(error_);
    layout->addWidget(summary_);
    layout->addWidget(split, 1);
    layout->addWidget(taskBar_);
    setBody(body);
    // Products are optional: without them the fit has no categories to pool over.
    setRequiredInputs({{QStringLiteral("sales")}, {QStringLiteral("products"), true}});
    showRun(nullptr);
}

DemandPage::~DemandPage() = default;

QWidget* DemandPage::buildControls() {
    auto* controls = new QWidget(this);
    auto* row = new QHBoxLayout(controls);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(6);

    level_ = new QComboBox;
    level_->setObjectName(QStringLiteral("demandLevel"));
    level_->addItem(tr("Product in store"),
                    QVariant::fromValue(int(demand::DemandLevel::ProductStore)));
    level_->addItem(tr("Product, stores pooled"),
                    QVariant::fromValue(int(demand::DemandLevel::Product)));
    level_->addItem(tr("Category, pooled"),
                    QVariant::fromValue(int(demand::DemandLevel::Category)));
    level_->setToolTip(
        tr("What one model covers: each product in each store, each product across "
           "its stores (an intercept per store), or each category"));
    method_ = new QComboBox;
    method_->setObjectName(QStringLiteral("demandMethod"));
    method_->addItem(tr("Least squares"),
                     QVariant::fromValue(int(demand::DemandMethod::LeastSquares)));
    method_->addItem(tr("Poisson"), QVariant::fromValue(int(demand::DemandMethod::Poisson)));
    method_->setToolTip(
        tr("Least squares on the log units of the weeks that sold, or a Poisson "
           "regression on every week's units, weeks without sales included"));
    holdout_ = new QSpinBox;
    holdout_->setObjectName(QStringLiteral("demandHoldout"));
    holdout_->setRange(0, 52);
    holdout_->setValue(demand::DemandRequest{}.holdoutWeeks);
    holdout_->setSuffix(tr(" weeks"));
    holdout_->setToolTip(
        tr("The last weeks of each series kept out of a second fit to score it "
           "(holdout WAPE); 0 scores nothing"));
    asOfCheck_ = new QCheckBox(tr("As of"));
    asOfCheck_->setObjectName(QStringLiteral("demandAsOfCheck"));
    asOfCheck_->setToolTip(tr("Fit only on the sales weeks dated on or before this day"));
    asOf_ = new QDateEdit(QDate::currentDate());
    asOf_->setObjectName(QStringLiteral("demandAsOf"));
    asOf_->setCalendarPopup(true);
    asOf_->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    asOf_->setEnabled(false);
    seasonality_ = new QCheckBox(tr("Seasonality"));
    seasonality_->setObjectName(QStringLiteral("demandSeasonality"));
    seasonality_->setChecked(true);
    seasonality_->setToolTip(
        tr("Fit a yearly season (own with two years of history, else the "
           "category's)"));
    lifecycle_ = new QCheckBox(tr("Lifecycle"));
    lifecycle_->setObjectName(QStringLiteral("demandLifecycle"));
    lifecycle_->setChecked(true);
    lifecycle_->setToolTip(
        tr("Fit a trend in weeks since launch (a relaunch after a gap restarts "
           "it)"));
    fitButton_ = new QPushButton(tr("Fit demand"));
    fitButton_->setObjectName(QStringLiteral("demandFitButton"));
    fitButton_->setDefault(true);

    row->addWidget(buddyLabel(tr("Model per:"), level_));
    row->addWidget(level_);
    row->addWidget(buddyLabel(tr("Method:"), method_));
    row->addWidget(method_);
    row->addWidget(buddyLabel(tr("Holdout:"), holdout_));
    row->addWidget(holdout_);
    row->addWidget(asOfCheck_);
    row->addWidget(asOf_);
    row->addWidget(seasonality_);
    row->addWidget(lifecycle_);
    row->addStretch(1);
    row->addWidget(fitButton_);

    connect(fitButton_, &QPushButton::clicked, this, &DemandPage::fit);
    connect(asOfCheck_, &QCheckBox::toggled, asOf_, &QDateEdit::setEnabled);
    for (QComboBox* box : {level_, method_})
        connect(box, &QComboBox::currentIndexChanged, this, &DemandPage::updateFreshness);
    connect(holdout_, &QSpinBox::valueChanged, this, &DemandPage::updateFreshness);
    for (QCheckBox* box : {asOfCheck_, seasonality_, lifecycle_})
        connect(box, &QCheckBox::toggled, this, &DemandPage::updateFreshness);
    connect(asOf_, &QDateEdit::dateChanged, this, &DemandPage::updateFreshness);
    return controls;
}

demand::DemandRequest DemandPage::requestFromControls() const {
    demand::DemandRequest request;
    request.level = static_cast<demand::DemandLevel>(level_->currentData().toInt());
    request.method = static_cast<demand::DemandMethod>(method_->currentData().toInt());
    request.holdoutWeeks = holdout_->value();
    request.seasonality = seasonality_->isChecked();
    request.lifecycle = lifecycle_->isChecked();
    request.asOf = asOfCheck_->isChecked() ? asOf_->date() : QDate();
    return request;
}

void DemandPage::setConnection(ProjectConnection* connection) {
    // Nothing of the previous project stays: its fit, its error, and a fit still running.
    ++generation_;
    if (taskBar_->isRunning())
        taskBar_->cancel();
    taskBar_->dismiss();
    showRun(nullptr);
    error_->clear();
    error_->hide();
    filters_->clear();
    ProjectPage::setConnection(connection);
    if (connection && connection->isOpen()) {
        // An as-of date is a past week of this project's sales; start from its latest.
        try {
            const QDate latest = demand::latestSalesWeek(connection->project().db());
            if (latest.isValid())
                asOf_->setDate(latest);
        } catch (const Error&) {
            // An unreadable project shows its error when fitted; the date stays as it was.
        }
    }
}

void DemandPage::refresh() {
    updateFreshness();
}

void DemandPage::showEvent(QShowEvent* event) {
    ProjectPage::showEvent(event);
    updateFreshness();
}

bool DemandPage::fit() {
    if (!connection()) {
        showError(tr("Open a project to fit demand."));
        return false;
    }
    const demand::DemandRequest request = requestFromControls();
    const QString path = connection()->projectPath();
    const int generation = generation_;
    error_->hide();
    BackgroundTask* task =
        taskBar_->start(tr("Fitting demand"), [path, request](ProgressToken& token) -> QVariant {
            return QVariant::fromValue(runDemand(path, request, token));
        });
    connect(task, &BackgroundTask::finished, this, [this, generation](const QVariant& result) {
        if (generation == generation_)
            showRun(result.value<DemandRunPtr>());
    });
    connect(task, &BackgroundTask::failed, this, [this, generation](const QString& message) {
        if (generation == generation_)
            showError(message);
    });
    // A fit of the previous project that ends after New/Open leaves no word of itself.
    connect(task, &BackgroundTask::ended, this, [this, generation] {
        if (generation != generation_)
            taskBar_->dismiss();
    });
    return true;
}

void DemandPage::showRun(DemandRunPtr run) {
    run_ = std::move(run);
    model_->setRun(run_);
    charts_->clear();
    table_->resizeColumnsToContents();
    summary_->setText(summaryText());
    updateFreshness();
    if (run_) {
        if (filters_->proxy()->rowCount() > 0)
            table_->selectRow(0);
        emit fitShown();
    }
}

QString DemandPage::summaryText() const {
    if (!run_)
        return tr("No demand fit yet: choose the options and press Fit demand.");
    const demand::DemandResult& result = run_->result;
    QString text = tr("%1 of %2 models fitted on %3 series")
                       .arg(formatNumber(result.modelsFitted))
                       .arg(formatNumber(double(result.fit.models.size())))
                       .arg(formatNumber(double(result.series)));
    text += tr(" · median elasticity %1").arg(formatNumber(result.medianElasticity, 2));
    if (run_->request.holdoutWeeks > 0)
        text += tr(" · median holdout WAPE %1 (each series' last %n weeks)", nullptr,
                   run_->request.holdoutWeeks)
                    .arg(formatPercent(result.medianWapeHoldout, 1));
    if (result.censoredWeeks > 0)
        text += tr(" · %n sold-out weeks fitted as censored", nullptr, int(result.censoredWeeks));
    if (result.skippedRows > 0)
        text += tr(" · %n sales rows left out (no price or negative units)", nullptr,
                   int(result.skippedRows));
    return text;
}

QString DemandPage::errorText() const {
    return error_->isHidden() ? QString() : error_->text();
}

void DemandPage::showError(const QString& message) {
    error_->setText(tr("Demand could not be fitted: %1").arg(message));
    error_->show();
    emit fitFailed(message);
}

void DemandPage::updateFreshness() {
    if (!run_ || !connection()) {
        banner_->setFreshness(Freshness::Current, {}, {});
        return;
    }
    banner_->setFreshness(freshnessOf(run_->result.provenance, requestFromControls().toJson(),
                                      connection()->inputFingerprint()),
                          tr("demand fit"), tr("Fit demand"));
}

void DemandPage::selectModel(int row) {
    const QModelIndex shown = filters_->proxy()->mapFromSource(model_->index(row, 0));
    if (shown.isValid())
        table_->selectRow(shown.row());
    else
        charts_->showModel(run_, row);
}

void DemandPage::showSelected() {
    const QModelIndex current = table_->selectionModel()->currentIndex();
    const QModelIndex source = filters_->proxy()->mapToSource(current);
    charts_->showModel(run_, source.isValid() ? source.row() : -1);
}

}  // namespace mb::ui
