#include "TargetingPage.h"

#include "BudgetControl.h"
#include "OfferListModel.h"
#include "ProjectConnection.h"
#include "SegmentPicker.h"
#include "UpliftCharts.h"
#include "common/ChartPanel.h"
#include "common/Error.h"
#include "common/ExportLocation.h"
#include "common/FilterBar.h"
#include "common/Numbers.h"
#include "common/RowFilterModel.h"
#include "common/StatCard.h"
#include "common/TableStyle.h"
#include "common/TaskBar.h"
#include "data/Project.h"
#include "targeting/EligibilityRules.h"
#include "targeting/OfferListRecord.h"
#include "targeting/Pseudonym.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <memory>

namespace mb::ui {

namespace {

constexpr int kBudgetCurvePoints = 101;  // slider steps: fine enough to feel continuous

QTableWidget* makeTable(QWidget* parent, const QString& name, const QStringList& headers) {
    auto* table = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    table->setObjectName(name);
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    styleResultTable(table);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return table;
}

QTableWidgetItem* cell(const QString& text, bool number = true) {
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignVCenter | (number ? Qt::AlignRight : Qt::AlignLeft));
    return item;
}

// Fits a table's height to its rows so small tables do not leave empty space or scroll.
void fitHeight(QTableWidget* table) {
    int height = table->horizontalHeader()->sizeHint().height() + 2 * table->frameWidth() + 2;
    for (int r = 0; r < table->rowCount(); ++r)
        height += table->rowHeight(r);
    table->setFixedHeight(std::max(height, table->horizontalHeader()->sizeHint().height() + 40));
}

QString orDash(double value, int decimals) {
    return std::isfinite(value) ? formatNumber(value, decimals) : QStringLiteral("–");
}

// A 0/1 outcome reads as a rate and its effect in percentage points; a spend in its own unit.
QString outcomeText(double value, bool binary) {
    return binary ? formatPercent(value, 1) : formatNumber(value, 2);
}

QString effectText(double effect, double se, bool binary) {
    if (!std::isfinite(effect))
        return QStringLiteral("–");
    const double scale = binary ? 100.0 : 1.0;
    const QString unit = binary ? QStringLiteral(" pts") : QString();
    QString text = (effect >= 0 ? QStringLiteral("+") : QStringLiteral("−")) +
                   formatNumber(std::abs(effect) * scale, binary ? 1 : 2) + unit;
    if (std::isfinite(se))
        text += QStringLiteral(" ± %1").arg(formatNumber(1.96 * se * scale, binary ? 1 : 2));
    return text;
}

// The strategy's name in the table, or short enough for a chart's category axis.
QString strategyLabel(targeting::TargetingStrategy strategy, bool compact = false) {
    switch (strategy) {
        case targeting::TargetingStrategy::Everyone:
            return QObject::tr("Everyone");
        case targeting::TargetingStrategy::Random:
            return QObject::tr("Random");
        case targeting::TargetingStrategy::TopPropensity:
            return compact ? QObject::tr("Propensity") : QObject::tr("Top propensity");
        case targeting::TargetingStrategy::TopUplift:
            return compact ? QObject::tr("Uplift") : QObject::tr("Top uplift (plan)");
    }
    return {};
}

}  // namespace

TargetingPage::TargetingPage(QWidget* parent)
    : ProjectPage(tr("Targeting"),
                  tr("Promotion targeting for category managers: learn from a past randomised "
                     "campaign who buys because of an offer, then choose who gets which offer "
                     "under your budget and constraints."),
                  parent) {
    qRegisterMetaType<CampaignSummaryPtr>();
    qRegisterMetaType<ModelEvaluationPtr>();
    qRegisterMetaType<PlanResultPtr>();
    offers_ = new OfferListModel(this);
    taskBar_ = new TaskBar(this);
    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("targetingTabs"));
    tabs_->setDocumentMode(true);
    tabs_->addTab(buildModelTab(), tr("Campaign and model"));
    tabs_->addTab(buildOffersTab(), tr("Offers"));

    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("targetingStatus"));
    status_->setWordWrap(true);
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(tabs_, 1);
    layout->addWidget(status_);
    layout->addWidget(taskBar_);
    setBody(body);
    setRequiredInputs(
        {{QStringLiteral("campaign")}, {QStringLiteral("customers")}, {QStringLiteral("offers")}});
    showSummary(nullptr);
}

TargetingPage::~TargetingPage() = default;

QWidget* TargetingPage::buildModelTab() {
    auto* tab = new QWidget(this);
    campaign_ = new QComboBox(tab);
    campaign_->setObjectName(QStringLiteral("campaignBox"));
    campaign_->setMinimumContentsLength(14);
    outcome_ = new QComboBox(tab);
    outcome_->setObjectName(QStringLiteral("outcomeBox"));
    outcome_->setMinimumContentsLength(8);
    model_ = new QComboBox(tab);
    model_->setObjectName(QStringLiteral("modelBox"));
    model_->addItem(tr("T-learner"), int(targeting::UpliftMethod::TLearner));
    model_->addItem(tr("Class transformation"), int(targeting::UpliftMethod::ClassTransformation));
    model_->addItem(tr("Uplift forest"), int(targeting::UpliftMethod::Forest));
    seed_ = new QSpinBox(tab);
    seed_->setObjectName(QStringLiteral("seedBox"));
    seed_->setRange(0, 1000000000);
    seed_->setValue(1);
    evaluationHoldout_ = new QDoubleSpinBox(tab);
    evaluationHoldout_->setObjectName(QStringLiteral("evaluationHoldoutBox"));
    evaluationHoldout_->setRange(0.05, 0.9);
    evaluationHoldout_->setSingleStep(0.05);
    evaluationHoldout_->setValue(0.3);
    evaluationHoldout_->setToolTip(
        tr("Share of the campaign's customers kept out of training to measure the model."));
    trainButton_ = new QPushButton(tr("Train model"), tab);
    trainButton_->setObjectName(QStringLiteral("trainButton"));
    trainButton_->setDefault(true);
    connect(trainButton_, &QPushButton::clicked, this, &TargetingPage::train);
    connect(campaign_, &QComboBox::currentTextChanged, this, [this] {
        const QSignalBlocker block(outcome_);
        outcome_->clear();
        loadSummary();
    });
    connect(outcome_, &QComboBox::currentTextChanged, this, [this] { loadSummary(); });

    auto* settings = new QHBoxLayout;
    const std::pair<QString, QWidget*> fields[] = {{tr("Campaign"), campaign_},
                                                   {tr("Outcome"), outcome_},
                                                   {tr("Model"), model_},
                                                   {tr("Seed"), seed_},
                                                   {tr("Holdout"), evaluationHoldout_}};
    for (const auto& [label, widget] : fields) {
        settings->addWidget(new QLabel(label, tab));
        settings->addWidget(widget);
        settings->addSpacing(8);
    }
    settings->addStretch(1);
    settings->addWidget(trainButton_);

    arms_ = makeTable(tab, QStringLiteral("armTable"),
                      {tr("Arm"), tr("Customers"), tr("Response"), tr("Effect vs control (95%)")});
    consent_ = new QLabel(tab);
    consent_->setObjectName(QStringLiteral("consentLabel"));
    consent_->setWordWrap(true);
    auto* armsBox = new QGroupBox(tr("Campaign test"), tab);
    auto* armsLayout = new QVBoxLayout(armsBox);
    armsLayout->addWidget(arms_);
    armsLayout->addWidget(consent_);
    armsLayout->addStretch(1);

    metrics_ = makeTable(tab, QStringLiteral("metricsTable"),
                         {tr("Arm"), tr("Holdout (offer / control)"), tr("Qini AUC"),
                          tr("Uplift AUC"), tr("Uplift @30%"), tr("Effect (95%)")});
    modelNotes_ = new QLabel(tab);
    modelNotes_->setObjectName(QStringLiteral("modelNotes"));
    modelNotes_->setWordWrap(true);
    auto* metricsBox = new QGroupBox(tr("Model on the holdout"), tab);
    auto* metricsLayout = new QVBoxLayout(metricsBox);
    metricsLayout->addWidget(metrics_);
    metricsLayout->addWidget(modelNotes_);
    metricsLayout->addStretch(1);

    auto* tables = new QHBoxLayout;
    tables->addWidget(armsBox, 4);
    tables->addWidget(metricsBox, 5);

    armPicker_ = new QComboBox(tab);
    armPicker_->setObjectName(QStringLiteral("armPicker"));
    connect(armPicker_, &QComboBox::currentIndexChanged, this, &TargetingPage::showArmCharts);
    auto* armRow = new QHBoxLayout;
    armRow->addWidget(new QLabel(tr("Charts for arm"), tab));
    armRow->addWidget(armPicker_);
    armRow->addStretch(1);
    charts_ = new UpliftCharts(tab);

    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addLayout(settings);
    layout->addLayout(tables);
    layout->addLayout(armRow);
    layout->addWidget(charts_, 1);
    return tab;
}

QWidget* TargetingPage::buildOffersTab() {
    auto* tab = new QWidget(this);
    budget_ = new BudgetControl(tab);
    connect(budget_, &BudgetControl::budgetChanged, this, &TargetingPage::showBudget);
    maxOffers_ = new QSpinBox(tab);
    maxOffers_->setObjectName(QStringLiteral("maxOffersBox"));
    maxOffers_->setRange(1, 10);
    maxOffers_->setValue(1);
    maxOffers_->setToolTip(tr("Most offers one customer receives in this campaign."));
    controlShare_ = new QDoubleSpinBox(tab);
    controlShare_->setObjectName(QStringLiteral("controlShareBox"));
    controlShare_->setRange(0.0, 0.5);
    controlShare_->setSingleStep(0.05);
    controlShare_->setValue(0.1);
    controlShare_->setToolTip(
        tr("Share of eligible customers held back as a random control group to measure the "
           "campaign's real result."));
    planButton_ = new QPushButton(tr("Plan at this budget"), tab);
    planButton_->setObjectName(QStringLiteral("planButton"));
    planButton_->setEnabled(false);
    connect(planButton_, &QPushButton::clicked, this, &TargetingPage::planOffers);

    maxContacts_ = new QSpinBox(tab);
    maxContacts_->setObjectName(QStringLiteral("maxContactsBox"));
    maxContacts_->setRange(-1, 99);
    maxContacts_->setValue(-1);
    maxContacts_->setSpecialValueText(tr("No cap"));
    maxContacts_->setToolTip(
        tr("Most contacts per customer, counting this campaign's offers and, when ticked, the "
           "offers earlier runs recorded in this project."));
    countContacts_ = new QCheckBox(tr("counting offers recorded by earlier runs"), tab);
    countContacts_->setObjectName(QStringLiteral("countContactsBox"));
    countContacts_->setToolTip(
        tr("Earlier target runs recorded in this project are contacts, dated by the day each "
           "run started; their control groups are not."));
    contactPeriod_ = new QSpinBox(tab);
    contactPeriod_->setObjectName(QStringLiteral("contactPeriodBox"));
    contactPeriod_->setRange(0, 3650);
    contactPeriod_->setValue(0);
    contactPeriod_->setSpecialValueText(tr("all time"));
    contactPeriod_->setSuffix(tr(" days"));
    contactPeriod_->setToolTip(
        tr("Count only the contacts in this many days up to the latest recorded one."));
    auto enableContacts = [this] {
        const bool capped = maxContacts_->value() >= 0;
        countContacts_->setEnabled(capped);
        contactPeriod_->setEnabled(capped && countContacts_->isChecked());
    };
    connect(maxContacts_, &QSpinBox::valueChanged, this, enableContacts);
    connect(countContacts_, &QCheckBox::toggled, this, enableContacts);
    enableContacts();

    auto* settings = new QHBoxLayout;
    settings->addWidget(new QLabel(tr("Budget"), tab));
    settings->addWidget(budget_, 3);
    settings->addSpacing(8);
    settings->addWidget(new QLabel(tr("Offers per customer"), tab));
    settings->addWidget(maxOffers_);
    settings->addSpacing(8);
    settings->addWidget(new QLabel(tr("Control group"), tab));
    settings->addWidget(controlShare_);
    settings->addSpacing(8);
    settings->addWidget(planButton_);
    auto* contactRow = new QHBoxLayout;
    contactRow->addWidget(new QLabel(tr("Contacts per customer at most"), tab));
    contactRow->addWidget(maxContacts_);
    contactRow->addWidget(countContacts_);
    contactRow->addWidget(new QLabel(tr("in the last"), tab));
    contactRow->addWidget(contactPeriod_);
    contactRow->addStretch(1);

    cards_ = new StatCardRow(tab);
    cards_->setObjectName(QStringLiteral("forecastCards"));
    cards_->addCard(tr("Expected net value at this budget"));
    cards_->addCard(tr("Spend at this budget"));
    cards_->addCard(tr("Incremental purchases (plan)"));
    cards_->addCard(tr("Incremental margin (plan)"));
    cards_->addCard(tr("Return on spend (plan)"));

    capacities_ = makeTable(tab, QStringLiteral("capacityTable"),
                            {tr("Offer"), tr("Cost"), tr("Capacity"), tr("Eligible segments")});
    capacities_->setEditTriggers(QAbstractItemView::AllEditTriggers);
    capacities_->setSelectionMode(QAbstractItemView::SingleSelection);
    capacities_->setToolTip(
        tr("Most customers each offer may go to (empty means no limit) and "
           "the customer segments it may go to."));
    strategies_ = makeTable(
        tab, QStringLiteral("strategyTable"),
        {tr("Strategy"), tr("Offers"), tr("Spend"), tr("Net value"), tr("P10"), tr("P90")});
    strategyChart_ = new ChartPanel(tab);
    strategyChart_->setObjectName(QStringLiteral("strategyChart"));
    strategyChart_->setTitle(tr("Net value by strategy"));
    strategyChart_->setBaseName(QStringLiteral("targeting-strategies"));
    strategyChart_->view()->setMinimumSize(300, 220);

    auto* left = new QWidget(tab);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("<b>Offer capacities and eligibility</b>"), left));
    leftLayout->addWidget(capacities_);
    leftLayout->addWidget(new QLabel(tr("<b>Strategies at the plan's budget</b>"), left));
    leftLayout->addWidget(strategies_);
    leftLayout->addWidget(strategyChart_, 1);

    filters_ = new FilterBar(tab);
    filters_->setSourceModel(offers_);
    filters_->addSearch({OfferListModel::Customer, OfferListModel::Reason},
                        tr("Search customer or reason"));
    filters_->addChoice(OfferListModel::Offer, tr("Offer"));
    filters_->addChoice(OfferListModel::Segment, tr("Segment"));
    filters_->addChoice(OfferListModel::Group, tr("Group"));
    filters_->proxy()->setSortRole(Qt::EditRole);
    offerView_ = new QTableView(tab);
    offerView_->setObjectName(QStringLiteral("offerView"));
    offerView_->setModel(filters_->proxy());
    offerView_->setSortingEnabled(true);
    offerView_->sortByColumn(OfferListModel::Customer, Qt::AscendingOrder);
    styleResultTable(offerView_);
    offerView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    offerView_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    offerView_->horizontalHeader()->setStretchLastSection(false);
    offerView_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    offerView_->horizontalHeader()->setSectionResizeMode(OfferListModel::Reason,
                                                         QHeaderView::Stretch);
    counts_ = new QLabel(tab);
    counts_->setObjectName(QStringLiteral("countsLabel"));
    counts_->setWordWrap(true);
    auto* right = new QWidget(tab);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(filters_);
    rightLayout->addWidget(offerView_, 1);
    rightLayout->addWidget(counts_);
    rightLayout->addWidget(buildRecordRow());
    rightLayout->addWidget(buildExportRow());

    auto* split = new QSplitter(Qt::Horizontal, tab);
    split->addWidget(left);
    split->addWidget(right);
    split->setChildrenCollapsible(false);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    left->setMinimumWidth(480);

    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addLayout(settings);
    layout->addLayout(contactRow);
    layout->addWidget(cards_);
    layout->addWidget(split, 1);
    return tab;
}

QWidget* TargetingPage::buildExportRow() {
    auto* row = new QWidget(this);
    pseudonymise_ = new QCheckBox(tr("Pseudonymise customer ids with key"), row);
    pseudonymise_->setObjectName(QStringLiteral("pseudonymiseBox"));
    pseudonymKey_ = new QLineEdit(row);
    pseudonymKey_->setObjectName(QStringLiteral("pseudonymKey"));
    // The key is a secret: shown as dots and never written to the settings.
    pseudonymKey_->setEchoMode(QLineEdit::Password);
    pseudonymKey_->setPlaceholderText(
        tr("at least %1 characters").arg(targeting::Pseudonymiser::minimumKeyBytes));
    pseudonymKey_->setEnabled(false);
    connect(pseudonymise_, &QCheckBox::toggled, pseudonymKey_, &QLineEdit::setEnabled);
    exportCsv_ = new QPushButton(tr("Export offer list (CSV)…"), row);
    exportCsv_->setObjectName(QStringLiteral("exportCsvButton"));
    exportXlsx_ = new QPushButton(tr("Export offer list (Excel)…"), row);
    exportXlsx_->setObjectName(QStringLiteral("exportXlsxButton"));
    connect(exportCsv_, &QPushButton::clicked, this,
            [this] { askAndExport(QStringLiteral("csv")); });
    connect(exportXlsx_, &QPushButton::clicked, this,
            [this] { askAndExport(QStringLiteral("xlsx")); });
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(pseudonymise_);
    layout->addWidget(pseudonymKey_, 1);
    layout->addWidget(exportCsv_);
    layout->addWidget(exportXlsx_);
    return row;
}

QWidget* TargetingPage::buildRecordRow() {
    auto* row = new QWidget(this);
    recordButton_ = new QPushButton(tr("Record offer list"), row);
    recordButton_->setObjectName(QStringLiteral("recordButton"));
    recordButton_->setEnabled(false);
    recordButton_->setToolTip(
        tr("Save this offer list in the project as a targeting run with its parameters, so it "
           "can be traced and repeated, and so later runs can count these offers as contacts."));
    connect(recordButton_, &QPushButton::clicked, this, &TargetingPage::recordOfferList);
    recorded_ = new QLabel(row);
    recorded_->setObjectName(QStringLiteral("recordedLabel"));
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(recordButton_);
    layout->addWidget(recorded_, 1);
    return row;
}

void TargetingPage::setConnection(ProjectConnection* connection) {
    if (taskBar_->isRunning())
        taskBar_->cancel();
    showPlan(nullptr);
    showEvaluation(nullptr);
    showSummary(nullptr);
    ProjectPage::setConnection(connection);
    {
        const QSignalBlocker blockCampaign(campaign_);
        const QSignalBlocker blockOutcome(outcome_);
        campaign_->clear();
        outcome_->clear();
    }
    if (!connection)
        return;
    refresh();
}

void TargetingPage::refresh() {
    if (!connection())
        return;
    QStringList names;
    try {
        names = projectCampaigns(connection()->projectPath());
    } catch (const Error& error) {
        setStatus(tr("Cannot read the campaigns: %1").arg(error.message()), true);
        return;
    }
    const QString current = campaign_->currentText();
    {
        const QSignalBlocker block(campaign_);
        campaign_->clear();
        campaign_->addItems(names);
        if (names.contains(current))
            campaign_->setCurrentText(current);
    }
    if (names.isEmpty()) {
        setStatus(tr("The project has no campaign test yet: import campaign results (customer, "
                     "arm, outcomes, features) on the Data page."),
                  true);
        return;
    }
    loadSummary();
}

void TargetingPage::loadSummary() {
    if (!connection() || campaign_->currentText().isEmpty())
        return;
    const QString path = connection()->projectPath();
    const QString campaign = campaign_->currentText();
    const QString outcome = outcome_->currentText();
    setStatus(tr("Reading campaign %1…").arg(campaign));
    BackgroundTask* task =
        taskBar_->start(tr("Reading campaign"), [path, campaign, outcome](ProgressToken&) {
            return QVariant::fromValue(readCampaignSummary(path, campaign, outcome));
        });
    connect(task, &BackgroundTask::finished, this, [this](const QVariant& result) {
        showSummary(result.value<CampaignSummaryPtr>());
        taskBar_->dismiss();
        emit summaryShown();
    });
    connect(task, &BackgroundTask::failed, this, [this](const QString& message) {
        showSummary(nullptr);
        setStatus(tr("Cannot read the campaign: %1").arg(message), true);
    });
}

void TargetingPage::showSummary(CampaignSummaryPtr summary) {
    summary_ = std::move(summary);
    arms_->setRowCount(0);
    trainButton_->setEnabled(summary_ != nullptr);
    if (!summary_) {
        consent_->clear();
        return;
    }
    {
        const QSignalBlocker block(outcome_);
        if (outcome_->count() != summary_->outcomes.size()) {
            outcome_->clear();
            outcome_->addItems(summary_->outcomes);
        }
        outcome_->setCurrentText(summary_->outcome);
    }
    const bool binary = summary_->binaryOutcomes.contains(summary_->outcome);
    for (const CampaignArmSummary& arm : summary_->arms) {
        const int row = arms_->rowCount();
        arms_->insertRow(row);
        arms_->setItem(row, 0,
                       cell(arm.isControl && arm.arm.compare(QLatin1String("control"),
                                                             Qt::CaseInsensitive) != 0
                                ? tr("%1 (control)").arg(arm.arm)
                                : arm.arm,
                            false));
        arms_->setItem(row, 1, cell(formatNumber(double(arm.customers))));
        arms_->setItem(row, 2, cell(outcomeText(arm.meanOutcome, binary)));
        arms_->setItem(row, 3,
                       cell(arm.isControl ? QStringLiteral("–")
                                          : effectText(arm.effect, arm.standardError, binary)));
    }
    fitHeight(arms_);
    consent_->setText(
        tr("%1 customers in the project, %2 consented to personalised offers (%3); only they can "
           "be offered anything. Offers in the project: %4.")
            .arg(formatNumber(double(summary_->customers)),
                 formatNumber(double(summary_->consented)),
                 formatPercent(summary_->customers > 0
                                   ? double(summary_->consented) / double(summary_->customers)
                                   : 0.0,
                               0),
                 summary_->offers.isEmpty() ? tr("none") : summary_->offers.join(u", ")));
    setStatus(tr("Campaign %1: %2 arms, outcome %3. Choose the model and press Train model.")
                  .arg(summary_->campaign)
                  .arg(summary_->arms.size())
                  .arg(summary_->outcome));
}

targeting::UpliftSettings TargetingPage::modelSettings() const {
    targeting::UpliftSettings settings;
    settings.method = static_cast<targeting::UpliftMethod>(model_->currentData().toInt());
    settings.seed = static_cast<std::uint64_t>(seed_->value());
    return settings;
}

bool TargetingPage::train() {
    if (!connection() || !summary_) {
        setStatus(tr("Open a project with a campaign test first."), true);
        return false;
    }
    ModelRequest request;
    request.projectPath = connection()->projectPath();
    request.campaign = summary_->campaign;
    request.outcome = summary_->outcome;
    request.settings = modelSettings();
    request.holdoutShare = evaluationHoldout_->value();
    setStatus(tr("Training the %1 on %2…").arg(model_->currentText(), request.outcome));
    BackgroundTask* task =
        taskBar_->start(tr("Training uplift model"), [request](ProgressToken& token) {
            return QVariant::fromValue(evaluateModel(request, token));
        });
    connect(task, &BackgroundTask::finished, this, [this](const QVariant& result) {
        const ModelEvaluationPtr evaluation = result.value<ModelEvaluationPtr>();
        if (!evaluation)
            return;
        showEvaluation(evaluation);
        emit evaluationShown();
        // The offers follow from the same model settings; plan them straight away.
        startPlan(false);
    });
    connect(task, &BackgroundTask::failed, this, [this](const QString& message) {
        setStatus(tr("Training failed: %1").arg(message), true);
    });
    connect(task, &BackgroundTask::cancelled, this,
            [this] { setStatus(tr("Training cancelled; the previous model is kept.")); });
    return true;
}

void TargetingPage::showEvaluation(ModelEvaluationPtr evaluation) {
    evaluation_ = std::move(evaluation);
    metrics_->setRowCount(0);
    modelNotes_->clear();
    {
        const QSignalBlocker block(armPicker_);
        armPicker_->clear();
    }
    if (!evaluation_) {
        charts_->showArm(nullptr, -1);
        return;
    }
    const bool binary = evaluation_->binaryOutcome;
    for (const ArmEvaluation& arm : evaluation_->arms) {
        const int row = metrics_->rowCount();
        metrics_->insertRow(row);
        metrics_->setItem(row, 0, cell(arm.arm, false));
        metrics_->setItem(
            row, 1,
            cell(tr("%1 / %2").arg(formatNumber(double(arm.effect.treatment.customers)),
                                   formatNumber(double(arm.effect.control.customers)))));
        metrics_->setItem(row, 2, cell(orDash(arm.qiniAuc, 3)));
        metrics_->setItem(row, 3, cell(orDash(arm.upliftAuc, 3)));
        metrics_->setItem(row, 4,
                          cell(std::isfinite(arm.upliftAt30) ? outcomeText(arm.upliftAt30, binary)
                                                             : QStringLiteral("–")));
        metrics_->setItem(row, 5,
                          cell(effectText(arm.effect.effect, arm.effect.standardError, binary)));
        armPicker_->addItem(arm.arm);
    }
    fitHeight(metrics_);
    QString notes = tr("Trained on %1 customers, measured on %2 held out (seed %3).")
                        .arg(formatNumber(double(evaluation_->trainingCustomers)),
                             formatNumber(double(evaluation_->holdoutCustomers)))
                        .arg(evaluation_->request.settings.seed);
    if (!evaluation_->notes.isEmpty())
        notes += QLatin1Char(' ') + evaluation_->notes.join(QStringLiteral("; "));
    modelNotes_->setText(notes);
    const QJsonObject parameters{
        {QStringLiteral("campaign"), evaluation_->request.campaign},
        {QStringLiteral("outcome"), evaluation_->request.outcome},
        {QStringLiteral("model"), targeting::methodName(evaluation_->request.settings.method)},
        {QStringLiteral("holdout"), evaluation_->request.holdoutShare},
        {QStringLiteral("seed"), QString::number(evaluation_->request.settings.seed)}};
    charts_->setParameters(parameters);
    armPicker_->setCurrentIndex(0);
    showArmCharts();
}

void TargetingPage::showArmCharts() {
    charts_->showArm(evaluation_, armPicker_->currentIndex());
}

bool TargetingPage::planOffers() {
    return startPlan(true);
}

bool TargetingPage::startPlan(bool reuseInputs) {
    if (!connection() || !summary_) {
        setStatus(tr("Open a project with a campaign test first."), true);
        return false;
    }
    if (summary_->offers.isEmpty()) {
        setStatus(tr("The project has no offers: import the offers (offer, cost, capacity) to "
                     "plan who gets which."),
                  true);
        return false;
    }
    PlanRequest request;
    request.projectPath = connection()->projectPath();
    request.campaign = summary_->campaign;
    targeting::TargetingSettings& settings = request.settings;
    // Offers raise a 0/1 response; a spend outcome chosen for the model falls back to purchase.
    settings.outcome =
        summary_->binaryOutcomes.contains(summary_->outcome) ? summary_->outcome : QString();
    settings.model = modelSettings();
    settings.seed = settings.model.seed;
    settings.budget = budget_->budget();
    settings.maxOffersPerCustomer = maxOffers_->value();
    settings.holdoutFraction = controlShare_->value();
    settings.budgetCurvePoints = kBudgetCurvePoints;
    settings.maxContacts = maxContacts_->value();
    request.countProjectContacts = settings.maxContacts >= 0 && countContacts_->isChecked();
    request.contactPeriodDays =
        request.countProjectContacts && contactPeriod_->value() > 0 ? contactPeriod_->value() : -1;
    for (int r = 0; r < capacities_->rowCount(); ++r) {
        const QString offer = capacities_->item(r, 0)->text();
        const QString text =
            capacities_->item(r, 2) ? capacities_->item(r, 2)->text().trimmed() : QString();
        bool ok = false;
        const double value = readerLocale().toDouble(text, &ok);
        if (text.isEmpty())
            request.capacities.insert(offer, targeting::unlimited);
        else if (ok && value >= 0.0)
            request.capacities.insert(offer, std::floor(value));
        else {
            setStatus(tr("The capacity of %1 must be a count of customers (%2).").arg(offer, text),
                      true);
            return false;
        }
        const auto* picker = qobject_cast<const SegmentPicker*>(capacities_->cellWidget(r, 3));
        if (!picker || picker->allChosen())
            continue;
        if (picker->chosen().isEmpty()) {
            setStatus(
                tr("Choose at least one segment for %1, or set its capacity to 0.").arg(offer),
                true);
            return false;
        }
        targeting::EligibilityRule rule;
        rule.offer = offer;
        rule.segments = picker->chosen();
        request.eligibilityRules << rule.text();
    }
    // runPlan refits when the campaign, outcome or model settings differ from the kept model's.
    if (reuseInputs && plan_)
        request.inputs = plan_->inputs;
    setStatus(tr("Allocating offers at a budget of %1…").arg(formatNumber(settings.budget, 2)));
    BackgroundTask* task = taskBar_->start(
        tr("Allocating offers"),
        [request](ProgressToken& token) { return QVariant::fromValue(runPlan(request, token)); });
    connect(task, &BackgroundTask::finished, this, [this](const QVariant& result) {
        const PlanResultPtr plan = result.value<PlanResultPtr>();
        if (!plan)
            return;
        showPlan(plan);
        emit planShown();
    });
    connect(task, &BackgroundTask::failed, this, [this](const QString& message) {
        setStatus(tr("Allocation failed: %1").arg(message), true);
    });
    connect(task, &BackgroundTask::cancelled, this,
            [this] { setStatus(tr("Allocation cancelled; the previous plan is kept.")); });
    return true;
}

void TargetingPage::fillCapacities() {
    if (!plan_)
        return;
    const auto& offers = plan_->target.offers;
    if (capacities_->rowCount() == static_cast<int>(offers.size()))
        return;  // keep what the user typed
    capacities_->setRowCount(0);
    for (const targeting::TargetingOffer& offer : offers) {
        const int row = capacities_->rowCount();
        capacities_->insertRow(row);
        auto* name = cell(offer.offer, false);
        name->setFlags(name->flags() & ~Qt::ItemIsEditable);
        auto* cost = cell(formatNumber(offer.cost, 2));
        cost->setFlags(cost->flags() & ~Qt::ItemIsEditable);
        capacities_->setItem(row, 0, name);
        capacities_->setItem(row, 1, cost);
        capacities_->setItem(
            row, 2, cell(std::isfinite(offer.capacity) ? formatNumber(offer.capacity) : QString()));
        auto* segments = new SegmentPicker(capacities_);
        segments->setObjectName(QStringLiteral("segmentPicker_") + offer.offer);
        segments->setSegments(summary_ ? summary_->segments : QStringList());
        capacities_->setCellWidget(row, 3, segments);
    }
    fitHeight(capacities_);
}

SegmentPicker* TargetingPage::segmentPicker(const QString& offer) const {
    for (int r = 0; r < capacities_->rowCount(); ++r) {
        if (capacities_->item(r, 0) && capacities_->item(r, 0)->text() == offer)
            return qobject_cast<SegmentPicker*>(capacities_->cellWidget(r, 3));
    }
    return nullptr;
}

void TargetingPage::showPlan(PlanResultPtr plan) {
    plan_ = std::move(plan);
    offers_->setPlan(plan_);
    planButton_->setEnabled(plan_ != nullptr);
    exportCsv_->setEnabled(plan_ != nullptr);
    exportXlsx_->setEnabled(plan_ != nullptr);
    recordedRun_ = -1;
    recordButton_->setEnabled(plan_ != nullptr);
    recorded_->setText(plan_ ? tr("Not recorded yet.") : QString());
    if (!plan_) {
        budget_->setCurve({}, budget_->budget());
        counts_->clear();
        strategies_->setRowCount(0);
        strategyChart_->clear();
        for (int i = 0; i < cards_->count(); ++i)
            cards_->card(i)->clear();
        return;
    }
    fillCapacities();
    const targeting::TargetingPlan& p = plan_->target.plan;
    budget_->setCurve(p.budgetCurve, plan_->request.settings.budget);
    strategyChart_->setParameters(plan_->target.provenance.request);

    const qint64 consented = plan_->target.consented;
    const qint64 customers = plan_->target.customers;
    counts_->setText(
        tr("%1 offers to %2 customers; %3 held back as the control group. %4 of %5 customers "
           "consented; the %6 without consent are never offered anything.")
            .arg(formatNumber(double(p.allocation.chosen.size())),
                 formatNumber(double(p.allocation.assignedCustomers)),
                 formatNumber(double(p.allocation.heldOutCustomers)),
                 formatNumber(double(consented)), formatNumber(double(customers)),
                 formatNumber(double(customers - consented))));
    QStringList limits;
    if (plan_->request.settings.maxContacts >= 0)
        limits << tr("%1 at the contact cap").arg(formatNumber(double(p.customersAtContactCap)));
    if (!plan_->request.eligibilityRules.isEmpty())
        limits << tr("%1 customer-offer pairs outside the eligible segments, %2 customers with "
                     "no eligible offer")
                      .arg(formatNumber(double(p.ineligibleOptions)),
                           formatNumber(double(p.customersWithoutEligibleOffer)));
    if (!limits.isEmpty())
        counts_->setText(counts_->text() + QLatin1Char(' ') + limits.join(QStringLiteral("; ")) +
                         QLatin1Char('.'));

    const targeting::CampaignForecast& f = p.forecast;
    StatCard* responses = cards_->card(2);
    responses->setValue(f.incrementalResponses.mean, 0);
    responses->setInterval(f.incrementalResponses.p10, f.incrementalResponses.p90, 0);
    StatCard* margin = cards_->card(3);
    margin->setValue(f.incrementalMargin.mean, 0);
    margin->setInterval(f.incrementalMargin.p10, f.incrementalMargin.p90, 0);
    StatCard* ratio = cards_->card(4);
    if (std::isfinite(f.returnOnSpend.mean)) {
        ratio->setValue(f.returnOnSpend.mean, 2, {}, QStringLiteral("×"));
        ratio->setInterval(f.returnOnSpend.p10, f.returnOnSpend.p90, 2);
    } else {
        ratio->clear();
    }
    showStrategies();
    showBudget();
    QString text = tr("Planned at a budget of %1 with the %2 on %3 (%4 Monte Carlo runs).")
                       .arg(formatNumber(plan_->request.settings.budget, 2),
                            targeting::methodName(plan_->request.settings.model.method), p.outcome)
                       .arg(f.replicates);
    // The first note (customers left unscored) matters most; the rest are in the tooltip.
    if (!p.notes.isEmpty())
        text += QLatin1Char(' ') + p.notes.first() + QLatin1Char('.');
    setStatus(text);
    status_->setToolTip(p.notes.join(QLatin1Char('\n')));
}

void TargetingPage::showStrategies() {
    strategies_->setRowCount(0);
    strategyChart_->clear();
    if (!plan_)
        return;
    auto* set = new QBarSet(tr("Net value (mean)"));
    set->setColor(QColor(0x1f, 0x6f, 0xb5));
    QStringList names;
    double low = 0.0;
    double high = 0.0;
    for (const targeting::StrategyForecast& s : plan_->target.plan.strategies) {
        // What a strategy earns net of what it spends, the same measure as the budget curve.
        const double net = s.forecast.incrementalMargin.mean - s.forecast.spend.mean;
        const double p10 = s.forecast.incrementalMargin.p10 - s.forecast.spend.mean;
        const double p90 = s.forecast.incrementalMargin.p90 - s.forecast.spend.mean;
        const int row = strategies_->rowCount();
        strategies_->insertRow(row);
        strategies_->setItem(row, 0, cell(strategyLabel(s.strategy), false));
        strategies_->setItem(row, 1, cell(formatNumber(double(s.chosen.size()))));
        strategies_->setItem(row, 2, cell(formatNumber(s.forecast.spend.mean, 0)));
        strategies_->setItem(row, 3, cell(formatNumber(net, 0)));
        strategies_->setItem(row, 4, cell(formatNumber(p10, 0)));
        strategies_->setItem(row, 5, cell(formatNumber(p90, 0)));
        names << strategyLabel(s.strategy, true);
        *set << net;
        low = std::min({low, net, p10});
        high = std::max({high, net, p90});
    }
    fitHeight(strategies_);
    auto* series = new QBarSeries;
    series->append(set);
    auto* x = new QBarCategoryAxis;
    x->append(names);
    auto* y = new QValueAxis;
    y->setTitleText(tr("Net value"));
    const double pad = std::max(1.0, (high - low) * 0.08);
    y->setRange(low < 0.0 ? low - pad : 0.0, high + pad);
    strategyChart_->addSeries(series, x, y);
    strategyChart_->chart()->legend()->hide();
}

void TargetingPage::showBudget() {
    const targeting::BudgetPoint* point = budget_->point();
    StatCard* value = cards_->card(0);
    StatCard* spend = cards_->card(1);
    if (!point) {
        shownValue_ = 0.0;
        value->clear();
        spend->clear();
        return;
    }
    shownValue_ = point->netValue;
    value->setValue(point->netValue, 0);
    value->setIntervalText(tr("whole offers: %1").arg(formatNumber(point->wholeOffersNetValue, 0)));
    spend->setValue(point->spend, 0);
    spend->setIntervalText(tr("of a budget of %1").arg(formatNumber(point->budget, 0)));
}

bool TargetingPage::exportOfferList(const QString& path, const QString& pseudonymKey) {
    if (!plan_) {
        setStatus(tr("Plan the offers before exporting them."), true);
        return false;
    }
    try {
        std::unique_ptr<targeting::Pseudonymiser> pseudonyms;
        if (!pseudonymKey.isEmpty())
            pseudonyms = std::make_unique<targeting::Pseudonymiser>(pseudonymKey.toUtf8());
        // The one offer-list writer, as the CLI's: the same request writes the same file.
        targeting::OfferListFiles files;
        if (QFileInfo(path).suffix().compare(QLatin1String("xlsx"), Qt::CaseInsensitive) == 0)
            files.xlsx = path;
        else
            files.csv = path;
        targeting::writeOfferListFiles(plan_->target, files, pseudonyms.get(), recordedRun_);
    } catch (const Error& error) {
        setStatus(tr("Export failed: %1").arg(error.message()), true);
        return false;
    }
    // Noted in the project, so erasing a customer later lists this file.
    try {
        const auto project =
            data::Project::open(connection()->projectPath(), data::Project::OpenMode::MustExist);
        targeting::recordOfferListExport(*project, plan_->target.provenance.request, path);
    } catch (const Error& error) {
        setStatus(tr("Offer list written to %1, but the project could not note it: %2")
                      .arg(QDir::toNativeSeparators(path), error.message()),
                  true);
        return true;
    }
    setStatus(tr("Offer list written to %1.").arg(QDir::toNativeSeparators(path)));
    return true;
}

qint64 TargetingPage::recordOfferList() {
    if (!plan_) {
        setStatus(tr("Plan the offers before recording them."), true);
        return -1;
    }
    if (recordedRun_ >= 0)
        return recordedRun_;
    try {
        recordedRun_ = recordPlan(*plan_);
    } catch (const Error& error) {
        setStatus(tr("Recording failed: %1").arg(error.message()), true);
        return -1;
    }
    qint64 offered = 0;
    for (const targeting::OfferListRow& row : plan_->target.plan.rows)
        offered += row.control ? 0 : 1;
    recordButton_->setEnabled(false);
    recorded_->setText(tr("Recorded as run %1.").arg(recordedRun_));
    setStatus(tr("Recorded as run %1: %2 offers, the control group left out.")
                  .arg(recordedRun_)
                  .arg(formatNumber(double(offered))));
    emit offerListRecorded(recordedRun_);
    return recordedRun_;
}

void TargetingPage::askAndExport(const QString& suffix) {
    const QString key = pseudonymise_->isChecked() ? pseudonymKey_->text() : QString();
    if (pseudonymise_->isChecked() &&
        key.toUtf8().size() < targeting::Pseudonymiser::minimumKeyBytes) {
        setStatus(tr("The pseudonym key needs at least %1 characters.")
                      .arg(targeting::Pseudonymiser::minimumKeyBytes),
                  true);
        return;
    }
    const QString filter =
        suffix == QLatin1String("xlsx") ? tr("Excel workbooks (*.xlsx)") : tr("CSV files (*.csv)");
    const QString path = ExportLocation::askSavePath(this, tr("Export offer list"),
                                                     QStringLiteral("offer-list"), filter, suffix);
    if (!path.isEmpty())
        exportOfferList(path, key);
}

void TargetingPage::setStatus(const QString& text, bool problem) {
    status_->setText(text);
    status_->setStyleSheet(problem ? QStringLiteral("color: #b3261e;") : QString());
}

QString TargetingPage::statusText() const {
    return status_->text();
}

}  // namespace mb::ui
