#include "TargetingPage.h"

#include "BudgetControl.h"
#include "OfferListModel.h"
#include "ProjectConnection.h"
#include "SegmentPicker.h"
#include "TargetingText.h"
#include "UpliftCharts.h"
#include "common/ChartPanel.h"
#include "common/Error.h"
#include "common/ExportLocation.h"
#include "common/FilterBar.h"
#include "common/Numbers.h"
#include "common/PublishPanel.h"
#include "common/RowFilterModel.h"
#include "common/ScenarioManager.h"
#include "common/StatCard.h"
#include "common/TableStyle.h"
#include "common/TaskBar.h"
#include "data/Project.h"
#include "data/SavedScenarios.h"
#include "targeting/EligibilityRules.h"
#include "targeting/OfferListRecord.h"
#include "targeting/Pseudonym.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QInputDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <memory>

namespace mb::ui {

namespace {

// Evenly spaced budgets of the plan's curve, each one allocation; read between them.
constexpr int kBudgetCurvePoints = 41;

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

// Fits a table to its rows and columns so a small table neither scrolls nor cuts a column: the
// scroll area around it scrolls instead when the screen is small.
void fitHeight(QTableWidget* table) {
    int height = table->horizontalHeader()->sizeHint().height() + 2 * table->frameWidth() + 2;
    for (int r = 0; r < table->rowCount(); ++r)
        height += table->rowHeight(r);
    table->setFixedHeight(std::max(height, table->horizontalHeader()->sizeHint().height() + 40));
    // From the contents, not the sections' current widths: a hidden tab's table is laid out
    // only when shown.
    int width = 2 * table->frameWidth() + 2;
    if (!table->verticalHeader()->isHidden())
        width += table->verticalHeader()->sizeHint().width();
    const QFontMetrics metrics(table->font());
    const int padding = 2 * table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 12;
    for (int c = 0; c < table->columnCount(); ++c) {
        int column = table->horizontalHeader()->sectionSizeHint(c);
        for (int r = 0; r < table->rowCount(); ++r) {
            if (const QTableWidgetItem* item = table->item(r, c))
                column = std::max(column, metrics.horizontalAdvance(item->text()) + padding);
            if (const QWidget* widget = table->cellWidget(r, c))
                column = std::max(column, widget->sizeHint().width());
        }
        table->setColumnWidth(c, column);
        width += column;
    }
    table->setMinimumWidth(width);
}

QString orDash(double value, int decimals) {
    return std::isfinite(value) ? formatNumber(value, decimals) : QStringLiteral("–");
}

// A 0/1 outcome reads as a rate and its effect in percentage points; a spend in its own unit.
QString outcomeText(double value, bool binary) {
    return binary ? formatPercent(value, 1) : formatMoney(value, 2);
}

const QString kScenarioPage = QStringLiteral("targeting");

// A simulated range of money, as the cards show it: "P10 $1,200 – P90 $2,400".
QString moneyInterval(double p10, double p90) {
    if (!std::isfinite(p10) || !std::isfinite(p90))
        return {};
    return QObject::tr("P10 %1 – P90 %2").arg(formatMoney(p10), formatMoney(p90));
}
const QString kModelKey = QStringLiteral("uplift_train");  // the model's request in the edits

// A tab's content in a scroll area, so a small screen scrolls instead of growing the window.
QScrollArea* scrolling(QWidget* content, QWidget* parent) {
    auto* area = new QScrollArea(parent);
    area->setWidget(content);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

// The strategy's name in the table and on the chart.
QString strategyLabel(targeting::TargetingStrategy strategy) {
    switch (strategy) {
        case targeting::TargetingStrategy::Everyone:
            return QObject::tr("Everyone");
        case targeting::TargetingStrategy::Random:
            return QObject::tr("Random");
        case targeting::TargetingStrategy::TopPropensity:
            return QObject::tr("Top propensity");
        case targeting::TargetingStrategy::TopUplift:
            return QObject::tr("Top uplift (plan)");
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
    tabs_->setCornerWidget(buildScenarioRow(), Qt::TopRightCorner);
    // Once the tab is laid out at its real size.
    connect(tabs_, &QTabWidget::currentChanged, this,
            [this] { QTimer::singleShot(0, this, &TargetingPage::sizeSplitOnce); });

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
    clearPage();
    setRequiredInputs(
        {{QStringLiteral("campaign")}, {QStringLiteral("customers")}, {QStringLiteral("offers")}});
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
    connect(model_, &QComboBox::currentIndexChanged, this, [this] { updateFreshness(); });
    connect(seed_, &QSpinBox::valueChanged, this, [this] { updateFreshness(); });
    connect(evaluationHoldout_, &QDoubleSpinBox::valueChanged, this, [this] { updateFreshness(); });

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
    charts_->setEmptyText(tr("Press Train model to measure the model on the holdout"));
    modelBanner_ = new OutOfDateBanner(tab);
    modelBanner_->setObjectName(QStringLiteral("modelOutOfDate"));

    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addLayout(settings);
    layout->addWidget(modelBanner_);
    layout->addLayout(tables);
    layout->addLayout(armRow);
    layout->addWidget(charts_, 1);
    return scrolling(tab, this);
}

QWidget* TargetingPage::buildScenarioRow() {
    auto* row = new QWidget(this);
    scenarios_ = new QComboBox(row);
    scenarios_->setObjectName(QStringLiteral("scenarioBox"));
    // As wide as the longest name, up to a limit that keeps the page within a small screen.
    scenarios_->setMinimumContentsLength(12);
    scenarios_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    scenarios_->setMaximumWidth(fontMetrics().averageCharWidth() * 40);
    scenarios_->setToolTip(
        tr("Scenarios saved in this project: a trained model and its offer "
           "list, re-made exactly when loaded."));
    loadScenario_ = new QPushButton(tr("Load"), row);
    loadScenario_->setObjectName(QStringLiteral("loadScenarioButton"));
    connect(loadScenario_, &QPushButton::clicked, this,
            [this] { loadScenario(scenarios_->currentText()); });
    saveScenario_ = new QPushButton(tr("Save scenario…"), row);
    saveScenario_->setObjectName(QStringLiteral("saveScenarioButton"));
    saveScenario_->setToolTip(tr("Save the trained model and the offer list in the project."));
    connect(saveScenario_, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name =
            QInputDialog::getText(this, tr("Save scenario"), tr("Name of the scenario:"),
                                  QLineEdit::Normal, scenarios_->currentText(), &ok)
                .trimmed();
        if (ok && !name.isEmpty())
            saveScenario(name);
    });
    auto* manage = new QPushButton(tr("Manage…"), row);
    manage->setObjectName(QStringLiteral("manageScenarios"));
    manage->setToolTip(tr("Rename or delete saved scenarios."));
    connect(manage, &QPushButton::clicked, this, &TargetingPage::manageScenarios);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 2);
    layout->addWidget(new QLabel(tr("Scenario"), row));
    layout->addWidget(scenarios_);
    layout->addWidget(loadScenario_);
    layout->addWidget(saveScenario_);
    layout->addWidget(manage);
    return row;
}

QWidget* TargetingPage::buildOffersTab() {
    auto* tab = new QWidget(this);
    budget_ = new BudgetControl(tab);
    connect(budget_, &BudgetControl::budgetChanged, this, [this] {
        showCurveReading();
        updateFreshness();
    });
    curveLabel_ = new QLabel(tab);
    curveLabel_->setObjectName(QStringLiteral("curveLabel"));
    curveLabel_->setToolTip(
        tr("The plan's budget curve read at the typed budget; press Plan at this budget for the "
           "offer list at that budget."));
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
    contactRow->addSpacing(12);
    contactRow->addWidget(curveLabel_, 1);
    for (QSpinBox* box : {maxOffers_, maxContacts_, contactPeriod_})
        connect(box, &QSpinBox::valueChanged, this, [this] { updateFreshness(); });
    connect(controlShare_, &QDoubleSpinBox::valueChanged, this, [this] { updateFreshness(); });
    connect(countContacts_, &QCheckBox::toggled, this, [this] { updateFreshness(); });

    cards_ = new StatCardRow(tab);
    cards_->setObjectName(QStringLiteral("forecastCards"));
    cards_->addCard(tr("Expected net value (plan)"));
    cards_->addCard(tr("Spend (plan)"));
    cards_->addCard(tr("Incremental purchases (plan)"));
    cards_->addCard(tr("Incremental margin (plan)"));
    cards_->addCard(tr("Return on spend (plan)"));

    capacities_ = makeTable(tab, QStringLiteral("capacityTable"),
                            {tr("Offer"), tr("Cost"), tr("Capacity"), tr("Eligible segments")});
    // Not AllEditTriggers: a current-cell change onto the segment pickers' column would open
    // an editor behind the picker and close it through the picker, a widget the view does not
    // know as an editor (QAbstractItemView::closeEditor's warning).
    capacities_->setEditTriggers(
        QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
        QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
    connect(capacities_, &QTableWidget::itemChanged, this, [this] { updateFreshness(); });
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
    leftLayout->setContentsMargins(0, 0, 6, 0);
    leftLayout->addWidget(new QLabel(tr("<b>Offer capacities and eligibility</b>"), left));
    leftLayout->addWidget(capacities_);
    leftLayout->addStretch(1);

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
    // Short columns first and the long reason last, where it can run past the pane's edge and
    // scroll instead of being cut.
    offerView_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    offerView_->horizontalHeader()->moveSection(OfferListModel::Group, OfferListModel::Reason);
    offerView_->horizontalHeader()->setStretchLastSection(false);
    counts_ = new QLabel(tab);
    counts_->setObjectName(QStringLiteral("countsLabel"));
    counts_->setWordWrap(true);
    auto* list = new QWidget(tab);
    auto* listLayout = new QVBoxLayout(list);
    listLayout->setContentsMargins(0, 4, 0, 0);
    listLayout->addWidget(filters_);
    listLayout->addWidget(offerView_, 1);
    listLayout->addWidget(counts_);
    listLayout->addWidget(buildRecordRow());
    listLayout->addWidget(buildExportRow());
    // The strategies compared at the plan's budget: the table and its chart side by side.
    auto* compared = new QWidget(tab);
    auto* comparedLayout = new QHBoxLayout(compared);
    comparedLayout->setContentsMargins(0, 4, 0, 0);
    auto* strategyColumn = new QVBoxLayout;
    strategyColumn->addWidget(strategies_);
    strategyColumn->addStretch(1);
    comparedLayout->addLayout(strategyColumn);
    comparedLayout->addWidget(strategyChart_, 1);
    auto* right = new QTabWidget(tab);
    right->setObjectName(QStringLiteral("offerListTabs"));
    right->setDocumentMode(true);
    right->addTab(list, tr("Offer list"));
    right->addTab(scrolling(compared, right), tr("Strategies at the plan's budget"));

    // The left pane scrolls, so its tables and chart never make the window taller or wider.
    auto* leftArea = scrolling(left, tab);
    leftArea->setObjectName(QStringLiteral("offerSettingsArea"));
    leftArea->setMinimumWidth(320);
    auto* split = new QSplitter(Qt::Horizontal, tab);
    split_ = split;
    split->addWidget(leftArea);
    split->addWidget(right);
    split->setChildrenCollapsible(false);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    planBanner_ = new OutOfDateBanner(tab);
    planBanner_->setObjectName(QStringLiteral("planOutOfDate"));

    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addLayout(settings);
    layout->addLayout(contactRow);
    layout->addWidget(planBanner_);
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
    // Two lines, so the offer list's pane stays narrow enough for a 1280-pixel screen.
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(pseudonymise_);
    keyRow->addWidget(pseudonymKey_, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(exportCsv_);
    buttons->addWidget(exportXlsx_);
    auto* layout = new QVBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(keyRow);
    layout->addLayout(buttons);
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
    // The recorded list goes to the project's database (settings publish_to) when one is named,
    // while it is still the current plan.
    publish_ = new PublishPanel(row);
    publish_->setGuard([this] {
        updateFreshness(true);
        if (!plan_ || !planBanner_->isOutOfDate())
            return plan_ != nullptr;
        setStatus(planBanner_->text(), true);
        return false;
    });
    auto* layout = new QVBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* record = new QHBoxLayout;
    record->addWidget(recordButton_);
    record->addWidget(recorded_, 1);
    layout->addLayout(record);
    layout->addWidget(publish_);
    return row;
}

void TargetingPage::setConnection(ProjectConnection* connection) {
    if (taskBar_->isRunning())
        taskBar_->cancel();
    ProjectPage::setConnection(connection);
    publish_->setConnection(connection);
    clearPage();
    if (!connection)
        return;
    showScenarios();
    refresh();
}

// Nothing of the previous project stays: results, the limits typed for its offers, the
// messages, the saved scenarios and a scenario still waiting for its campaign.
void TargetingPage::clearPage() {
    pendingScenario_.reset();
    savedPlanRequest_ = {};
    showPlan(nullptr);
    showEvaluation(nullptr);
    showSummary(nullptr);
    capacities_->setRowCount(0);
    filters_->clear();
    {
        const QSignalBlocker blockCampaign(campaign_);
        const QSignalBlocker blockOutcome(outcome_);
        const QSignalBlocker blockScenarios(scenarios_);
        campaign_->clear();
        outcome_->clear();
        scenarios_->clear();
    }
    loadScenario_->setEnabled(false);
    taskBar_->dismiss();
    setStatus(QString());
    status_->setToolTip(QString());
    updateFreshness(true);
}

ScenarioManager* TargetingPage::manageScenarios() {
    if (!connection())
        return nullptr;
    auto* dialog = ScenarioManager::open(connection()->projectPath(), kScenarioPage, this);
    connect(dialog, &ScenarioManager::scenarioRenamed, this,
            [this](const QString& from, const QString& to) {
                const bool shown = scenarios_->currentText() == from;
                showScenarios();
                if (shown)
                    scenarios_->setCurrentText(to);
            });
    connect(dialog, &ScenarioManager::scenarioDeleted, this, &TargetingPage::showScenarios);
    return dialog;
}

void TargetingPage::showScenarios() {
    const QString current = scenarios_->currentText();
    const QSignalBlocker block(scenarios_);
    scenarios_->clear();
    if (connection()) {
        try {
            const auto project = data::Project::open(connection()->projectPath(),
                                                     data::Project::OpenMode::MustExist);
            for (const data::SavedScenario& scenario :
                 data::savedScenarios(*project, kScenarioPage))
                scenarios_->addItem(scenario.name);
        } catch (const Error& error) {
            setStatus(tr("Cannot read the saved scenarios: %1").arg(error.message()), true);
        }
    }
    if (scenarios_->findText(current) >= 0)
        scenarios_->setCurrentText(current);
    loadScenario_->setEnabled(scenarios_->count() > 0);
}

void TargetingPage::showEvent(QShowEvent* event) {
    ProjectPage::showEvent(event);
    // The data may have changed on another page since the results were computed.
    updateFreshness(true);
}

void TargetingPage::refresh() {
    if (!connection())
        return;
    updateFreshness(true);
    publish_->readSink();
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
        if (pendingScenario_ && summary_ && summary_->campaign == campaign_->currentText()) {
            const data::SavedScenario scenario = *pendingScenario_;
            pendingScenario_.reset();
            applyScenario(scenario);
        }
    });
    connect(task, &BackgroundTask::failed, this, [this](const QString& message) {
        pendingScenario_.reset();
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
    QStringList unclear;
    for (const CampaignArmSummary& arm : summary_->arms) {
        if (!arm.isControl && indistinguishableFromZero(arm.effect, arm.standardError))
            unclear << arm.arm;
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
        (unclear.isEmpty() ? QString() : noEffectText(unclear) + QLatin1Char(' ')) +
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

ModelRequest TargetingPage::modelRequestNow() const {
    ModelRequest request;
    request.projectPath = connection() ? connection()->projectPath() : QString();
    request.campaign = summary_ ? summary_->campaign : campaign_->currentText();
    request.outcome = summary_ ? summary_->outcome : outcome_->currentText();
    request.settings = modelSettings();
    request.holdoutShare = evaluationHoldout_->value();
    return request;
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
    const ModelRequest request = modelRequestNow();
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
        updateFreshness();
        return;
    }
    const bool binary = evaluation_->binaryOutcome;
    QStringList unclear;
    for (const ArmEvaluation& arm : evaluation_->arms) {
        if (indistinguishableFromZero(arm.effect.effect, arm.effect.standardError))
            unclear << arm.arm;
        const int row = metrics_->rowCount();
        metrics_->insertRow(row);
        metrics_->setItem(row, 0, cell(arm.arm, false));
        metrics_->setItem(
            row, 1,
            cell(tr("%1 / %2").arg(formatNumber(double(arm.effect.treatment.customers)),
                                   formatNumber(double(arm.effect.control.customers)))));
        metrics_->setItem(row, 2, cell(orDash(arm.qiniAuc, 3)));
        metrics_->setItem(row, 3, cell(orDash(arm.upliftAuc, 3)));
        const QString at30 =
            binary ? formatSignedPoints(arm.upliftAt30, 1) : formatSignedMoney(arm.upliftAt30, 2);
        metrics_->setItem(row, 4, cell(at30.isEmpty() ? QStringLiteral("–") : at30));
        metrics_->setItem(row, 5,
                          cell(effectText(arm.effect.effect, arm.effect.standardError, binary)));
        armPicker_->addItem(arm.arm);
    }
    fitHeight(metrics_);
    QString notes = tr("Trained on %1 customers, measured on %2 held out (seed %3).")
                        .arg(formatNumber(double(evaluation_->trainingCustomers)),
                             formatNumber(double(evaluation_->holdoutCustomers)))
                        .arg(evaluation_->request.settings.seed);
    if (!unclear.isEmpty())
        notes += QLatin1Char(' ') + noEffectText(unclear);
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
    updateFreshness(true);
}

void TargetingPage::showArmCharts() {
    charts_->showArm(evaluation_, armPicker_->currentIndex());
}

bool TargetingPage::planOffers() {
    return startPlan(true);
}

bool TargetingPage::startPlan(bool reuseInputs) {
    QString problem;
    std::optional<PlanRequest> made = planRequestNow(&problem);
    if (!made) {
        setStatus(problem, true);
        return false;
    }
    PlanRequest request = std::move(*made);
    const targeting::TargetingSettings& settings = request.settings;
    // runPlan refits when the campaign, outcome or model settings differ from the kept model's.
    if (reuseInputs && plan_)
        request.inputs = plan_->inputs;
    setStatus(tr("Allocating offers at a budget of %1…").arg(formatMoney(settings.budget, 2)));
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

std::optional<PlanRequest> TargetingPage::planRequestNow(QString* problem) const {
    if (!connection() || !summary_) {
        *problem = tr("Open a project with a campaign test first.");
        return std::nullopt;
    }
    if (summary_->offers.isEmpty()) {
        *problem =
            tr("The project has no offers: import the offers (offer, cost, capacity) to "
               "plan who gets which.");
        return std::nullopt;
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
            *problem = tr("The capacity of %1 must be a count of customers (%2).").arg(offer, text);
            return std::nullopt;
        }
        const auto* picker = qobject_cast<const SegmentPicker*>(capacities_->cellWidget(r, 3));
        if (!picker || picker->allChosen())
            continue;
        if (picker->chosen().isEmpty()) {
            *problem =
                tr("Choose at least one segment for %1, or set its capacity to 0.").arg(offer);
            return std::nullopt;
        }
        targeting::EligibilityRule rule;
        rule.offer = offer;
        rule.segments = picker->chosen();
        request.eligibilityRules << rule.text();
    }
    return request;
}

Freshness TargetingPage::modelFreshness() const {
    if (!evaluation_ || !connection())
        return Freshness::Current;
    return freshnessOf(evaluation_->provenance, trainRequestOf(modelRequestNow()).toJson(),
                       fingerprintNow_);
}

Freshness TargetingPage::planFreshness() const {
    if (!plan_ || !connection())
        return Freshness::Current;
    const QString& fingerprint = fingerprintNow_;
    QString problem;
    const std::optional<PlanRequest> now = planRequestNow(&problem);
    if (!now)
        return fingerprint == plan_->target.provenance.inputFingerprint ? Freshness::ControlsChanged
                                                                        : Freshness::DataChanged;
    // What the load adds to a request from the data (the offers' rows, the contact period's
    // end) is the plan's own: a change there is a change of data, which the fingerprint tells.
    targeting::TargetRequest planned = plan_->target.request();
    targeting::TargetRequest request = now->targetRequest();
    request.offers = planned.offers;
    request.contactAsOf = request.contactPeriodDays >= 0 ? planned.contactAsOf : QString();
    // A capacity equal to the offer's own says nothing: the first plan is made before the
    // capacity table lists the offers, every later one from the table.
    for (targeting::TargetRequest* r : {&planned, &request}) {
        for (const targeting::TargetingOffer& offer : planned.offers) {
            const auto set = r->capacities.find(offer.offer);
            if (set != r->capacities.end() && set->second == offer.capacity)
                r->capacities.erase(set);
        }
    }
    jobs::Provenance compared = plan_->target.provenance;
    compared.request = planned.toJson();
    return freshnessOf(compared, request.toJson(), fingerprint);
}

void TargetingPage::updateFreshness(bool readData) {
    if (!modelBanner_ || !planBanner_)
        return;  // still building the page
    // The fingerprint counts the project's rows: read on refresh, show, a new result, export and
    // record, not on every keystroke or slider step.
    if (readData || fingerprintNow_.isEmpty())
        fingerprintNow_ = connection() ? connection()->inputFingerprint() : QString();
    modelBanner_->setFreshness(modelFreshness(), tr("model"), tr("Train model"));
    planBanner_->setFreshness(planFreshness(), tr("offer list"), tr("Plan at this budget"));
}

void TargetingPage::fillCapacities() {
    if (!plan_)
        return;
    if (capacities_->rowCount() == static_cast<int>(plan_->target.offers.size()))
        return;  // keep what the user typed
    const targeting::TargetRequest request = plan_->target.request();
    fillCapacityRows(request.offers, request.capacities, request.eligibilityRules);
}

void TargetingPage::fillCapacityRows(const std::vector<targeting::TargetingOffer>& offers,
                                     const std::map<QString, double>& capacities,
                                     const QStringList& eligibilityRules) {
    const QSignalBlocker block(capacities_);
    capacities_->setRowCount(0);
    for (const targeting::TargetingOffer& offer : offers) {
        const int row = capacities_->rowCount();
        capacities_->insertRow(row);
        auto* name = cell(offer.offer, false);
        name->setFlags(name->flags() & ~Qt::ItemIsEditable);
        auto* cost = cell(formatMoney(offer.cost, 2));
        cost->setFlags(cost->flags() & ~Qt::ItemIsEditable);
        capacities_->setItem(row, 0, name);
        capacities_->setItem(row, 1, cost);
        const auto set = capacities.find(offer.offer);
        const double capacity = set != capacities.end() ? set->second : offer.capacity;
        capacities_->setItem(row, 2,
                             cell(std::isfinite(capacity) ? formatNumber(capacity) : QString()));
        // The column under the pickers holds no editable item, so no editor opens behind them.
        auto* under = new QTableWidgetItem;
        under->setFlags(Qt::ItemIsEnabled);
        capacities_->setItem(row, 3, under);
        auto* segments = new SegmentPicker(capacities_);
        segments->setObjectName(QStringLiteral("segmentPicker_") + offer.offer);
        segments->setSegments(summary_ ? summary_->segments : QStringList());
        for (const QString& text : eligibilityRules) {
            try {
                const targeting::EligibilityRule rule = targeting::parseEligibilityRule(text);
                if (rule.offer == offer.offer &&
                    rule.test == targeting::EligibilityRule::Test::Segment)
                    segments->setChosen(rule.segments);
            } catch (const Error&) {
                // The page writes only segment rules; another kind cannot be shown here.
            }
        }
        connect(segments, &SegmentPicker::chosenChanged, this, [this] { updateFreshness(); });
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
    publish_->setRun(-1);
    recordButton_->setEnabled(plan_ != nullptr);
    recorded_->setText(plan_ ? tr("Not recorded yet.") : QString());
    if (!plan_) {
        shownValue_ = 0.0;
        budget_->setCurve({});
        counts_->clear();
        strategies_->setRowCount(0);
        strategyChart_->clear();
        for (int i = 0; i < cards_->count(); ++i)
            cards_->card(i)->clear();
        showCurveReading();
        updateFreshness();
        return;
    }
    fillCapacities();
    showStrategies();
    sizeSplitOnce();
    const targeting::TargetingPlan& p = plan_->target.plan;
    budget_->setCurve(p.budgetCurve);
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
    // Every card is the plan on screen: its allocation's expected net value and spend (the
    // strategies table's "Top uplift (plan)" row), then its simulated outcomes.
    shownValue_ = p.expected.incrementalMargin - p.expected.spend;
    StatCard* value = cards_->card(0);
    value->setValueText(formatMoney(shownValue_));
    value->setIntervalText(moneyInterval(f.incrementalMargin.p10 - f.spend.mean,
                                         f.incrementalMargin.p90 - f.spend.mean));
    StatCard* spend = cards_->card(1);
    spend->setValueText(formatMoney(p.expected.spend));
    spend->setIntervalText(
        tr("of a budget of %1").arg(formatMoney(plan_->request.settings.budget, 0)));
    StatCard* responses = cards_->card(2);
    responses->setValue(f.incrementalResponses.mean, 0);
    responses->setInterval(f.incrementalResponses.p10, f.incrementalResponses.p90, 0);
    StatCard* margin = cards_->card(3);
    margin->setValueText(formatMoney(f.incrementalMargin.mean));
    margin->setIntervalText(moneyInterval(f.incrementalMargin.p10, f.incrementalMargin.p90));
    StatCard* ratio = cards_->card(4);
    if (std::isfinite(f.returnOnSpend.mean)) {
        ratio->setValue(f.returnOnSpend.mean, 2, {}, QStringLiteral("×"));
        ratio->setInterval(f.returnOnSpend.p10, f.returnOnSpend.p90, 2);
    } else {
        ratio->clear();
    }
    showCurveReading();
    QString text = tr("Planned at a budget of %1 with the %2 on %3 (%4 Monte Carlo runs).")
                       .arg(formatMoney(plan_->request.settings.budget, 2),
                            targeting::methodTitle(plan_->request.settings.model.method), p.outcome)
                       .arg(f.replicates);
    // The first note (customers left unscored) matters most; the rest are in the tooltip.
    if (!p.notes.isEmpty())
        text += QLatin1Char(' ') + p.notes.first() + QLatin1Char('.');
    setStatus(text);
    status_->setToolTip(p.notes.join(QLatin1Char('\n')));
    updateFreshness(true);
}

void TargetingPage::sizeSplitOnce() {
    if (splitSized_ || !plan_ || !split_->isVisible())
        return;
    // The first plan seen gives the limits and strategies their tables' width, up to 45% of
    // the tab; the user's own dragging is kept after that.
    const int total = split_->width();
    const int wanted = capacities_->minimumWidth() + 24;
    const int left = std::min(wanted, total * 45 / 100);
    split_->setSizes({left, total - left});
    splitSized_ = true;
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
        // What a strategy is expected to earn net of what it spends: the cards' and the budget
        // curve's measure (the plan's row is the plan itself); the simulation gives its range.
        const double net = s.expected.incrementalMargin - s.expected.spend;
        const double p10 = s.forecast.incrementalMargin.p10 - s.forecast.spend.mean;
        const double p90 = s.forecast.incrementalMargin.p90 - s.forecast.spend.mean;
        const int row = strategies_->rowCount();
        strategies_->insertRow(row);
        strategies_->setItem(row, 0, cell(strategyLabel(s.strategy), false));
        strategies_->setItem(row, 1, cell(formatNumber(double(s.chosen.size()))));
        strategies_->setItem(row, 2, cell(formatMoney(s.expected.spend)));
        strategies_->setItem(row, 3, cell(formatMoney(net)));
        strategies_->setItem(row, 4, cell(formatMoney(p10)));
        strategies_->setItem(row, 5, cell(formatMoney(p90)));
        names << strategyLabel(s.strategy);
        *set << net;
        low = std::min({low, net, p10});
        high = std::max({high, net, p90});
    }
    fitHeight(strategies_);
    // Horizontal bars: the strategies' names stand in full beside them.
    auto* series = new QHorizontalBarSeries;
    series->append(set);
    auto* categories = new QBarCategoryAxis;
    categories->append(names);
    auto* value = new QValueAxis;
    value->setTitleText(moneyCurrency().isEmpty() ? tr("Net value")
                                                  : tr("Net value (%1)").arg(moneyCurrency()));
    const double pad = std::max(1.0, (high - low) * 0.08);
    value->setRange(low < 0.0 ? low - pad : 0.0, high + pad);
    strategyChart_->addSeries(series, value, categories);
    strategyChart_->chart()->legend()->hide();
}

void TargetingPage::showCurveReading() {
    targeting::BudgetPoint point;
    const double budget = budget_->budget();
    if (!plan_ || !budget_->readCurve(budget, &point)) {
        curveLabel_->setText(plan_ ? tr("Past the budget curve's end: nothing more is worth "
                                        "sending.")
                                   : QString());
        return;
    }
    curveLabel_->setText(
        tr("Budget curve at %1: net %2, spend %3")
            .arg(formatMoney(budget), formatMoney(point.netValue), formatMoney(point.spend)));
}

bool TargetingPage::exportOfferList(const QString& path, const QString& pseudonymKey) {
    if (!plan_) {
        setStatus(tr("Plan the offers before exporting them."), true);
        return false;
    }
    // A list planned under other settings or on other data is never written as if current.
    updateFreshness(true);
    if (planBanner_->isOutOfDate()) {
        setStatus(planBanner_->text(), true);
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
    updateFreshness(true);
    if (planBanner_->isOutOfDate()) {
        setStatus(planBanner_->text(), true);
        return -1;
    }
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
    publish_->setRun(recordedRun_);
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

bool TargetingPage::saveScenario(const QString& name) {
    if (!connection() || !plan_ || !evaluation_) {
        setStatus(tr("Train a model and plan the offers before saving a scenario."), true);
        return false;
    }
    data::SavedScenario scenario;
    scenario.page = kScenarioPage;
    scenario.name = name;
    scenario.analysis = plan_->target.provenance.analysis;
    scenario.request = plan_->target.provenance.request;
    // The offer list allows no edits of its own; the trained model's request rides along.
    scenario.edits.insert(kModelKey, evaluation_->provenance.request);
    scenario.inputFingerprint = plan_->target.provenance.inputFingerprint;
    scenario.programVersion = plan_->target.provenance.programVersion;
    try {
        const auto project =
            data::Project::open(connection()->projectPath(), data::Project::OpenMode::MustExist);
        data::saveScenario(*project, scenario);
    } catch (const Error& error) {
        setStatus(tr("Saving scenario %1 failed: %2").arg(name, error.message()), true);
        return false;
    }
    savedPlanRequest_ = scenario.request;
    showScenarios();
    scenarios_->setCurrentText(name);
    setStatus(tr("Saved scenario %1.").arg(name));
    return true;
}

bool TargetingPage::loadScenario(const QString& name) {
    if (!connection())
        return false;
    std::optional<data::SavedScenario> scenario;
    try {
        const auto project =
            data::Project::open(connection()->projectPath(), data::Project::OpenMode::MustExist);
        scenario = data::savedScenario(*project, kScenarioPage, name);
    } catch (const Error& error) {
        setStatus(tr("Cannot read scenario %1: %2").arg(name, error.message()), true);
        return false;
    }
    if (!scenario) {
        setStatus(tr("There is no saved scenario %1.").arg(name), true);
        return false;
    }
    const QString campaign = scenario->request.value(QStringLiteral("campaign")).toString();
    if (campaign_->findText(campaign) < 0) {
        setStatus(tr("Scenario %1 plans campaign %2, which the project no longer has.")
                      .arg(name, campaign),
                  true);
        return false;
    }
    if (summary_ && summary_->campaign == campaign) {
        applyScenario(*scenario);
        return true;
    }
    // The campaign is read in the background; the scenario follows when it arrives.
    pendingScenario_ = scenario;
    campaign_->setCurrentText(campaign);
    return true;
}

void TargetingPage::applyScenario(const data::SavedScenario& scenario) {
    targeting::TargetRequest plan;
    targeting::UpliftTrainRequest model;
    try {
        plan = targeting::TargetRequest::fromJson(scenario.request);
        model = targeting::UpliftTrainRequest::fromJson(scenario.edits.value(kModelKey).toObject());
    } catch (const Error& error) {
        setStatus(tr("Scenario %1 cannot be read: %2").arg(scenario.name, error.message()), true);
        return;
    }
    model_->setCurrentIndex(std::max(0, model_->findData(int(plan.model))));
    seed_->setValue(static_cast<int>(plan.seed));
    evaluationHoldout_->setValue(model.holdout);
    budget_->setBudget(plan.budget);
    maxOffers_->setValue(plan.maxOffersPerCustomer);
    controlShare_->setValue(plan.holdout);
    maxContacts_->setValue(plan.maxContacts);
    countContacts_->setChecked(plan.countProjectContacts);
    contactPeriod_->setValue(std::max(0, plan.contactPeriodDays));
    fillCapacityRows(plan.offers, plan.capacities, plan.eligibilityRules);
    savedPlanRequest_ = scenario.request;
    scenarios_->setCurrentText(scenario.name);
    // Seeded training and planning make the same model and offer list from the same data.
    if (train())
        setStatus(tr("Re-making scenario %1: training the %2, then planning at %3…")
                      .arg(scenario.name, targeting::methodTitle(plan.model),
                           formatMoney(plan.budget, 2)));
}

bool TargetingPage::hasUnsavedWork() const {
    return plan_ && plan_->target.provenance.request != savedPlanRequest_;
}

QString TargetingPage::unsavedWorkDescription() const {
    if (!hasUnsavedWork())
        return {};
    return tr("an offer list of %1 offers at a budget of %2")
        .arg(formatNumber(double(plan_->target.plan.allocation.chosen.size())),
             formatMoney(plan_->request.settings.budget, 2));
}

bool TargetingPage::saveWork(QString* error) {
    if (!hasUnsavedWork())
        return true;
    const QString name =
        tr("Budget %1, %2")
            .arg(formatMoney(plan_->request.settings.budget, 2),
                 QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    if (saveScenario(name))
        return true;
    if (error)
        *error = statusText();
    return false;
}

void TargetingPage::setStatus(const QString& text, bool problem) {
    status_->setText(text);
    status_->setStyleSheet(problem ? QStringLiteral("color: #b3261e;") : QString());
}

QString TargetingPage::statusText() const {
    return status_->text();
}

}  // namespace mb::ui
