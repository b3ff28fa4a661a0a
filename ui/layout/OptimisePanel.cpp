#include "OptimisePanel.h"

#include "FloorPlanView.h"
#include "LayoutTerms.h"
#include "PredictionText.h"
#include "common/Numbers.h"
#include "common/ResultFreshness.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>

namespace mb::ui {

namespace {

QDoubleSpinBox* weightBox(double value, QWidget* parent) {
    auto* box = new QDoubleSpinBox(parent);
    box->setRange(0.0, 100.0);
    box->setDecimals(2);
    box->setSingleStep(0.1);
    box->setValue(value);
    return box;
}

QTableWidgetItem* cell(const QString& text, bool number = true) {
    auto* item = new QTableWidgetItem(text);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

}  // namespace

OptimisePanel::OptimisePanel(QWidget* parent) : QWidget(parent) {
    auto* settingsBox = new QGroupBox(tr("Rules and search"), this);
    auto* form = new QFormLayout(settingsBox);
    fixedTable_ = new QTableWidget(0, 2, settingsBox);
    fixedTable_->setObjectName(QStringLiteral("fixedTable"));
    fixedTable_->setHorizontalHeaderLabels({tr("Category"), tr("Fixed zone")});
    fixedTable_->verticalHeader()->hide();
    fixedTable_->horizontalHeader()->setStretchLastSection(true);
    fixedTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    fixedTable_->setToolTip(tr("Pin a category to a zone; the optimiser places the others."));
    form->addRow(fixedTable_);
    capacity_ = new QSpinBox(settingsBox);
    capacity_->setRange(1, 1000);
    capacity_->setValue(1);
    capacity_->setToolTip(tr("How many categories one zone may hold."));
    form->addRow(tr("Categories per zone"), capacity_);
    maxMoves_ = new QSpinBox(settingsBox);
    maxMoves_->setObjectName(QStringLiteral("maxMoves"));
    maxMoves_->setRange(0, 100000);
    maxMoves_->setSpecialValueText(tr("no limit"));
    maxMoves_->setToolTip(
        tr("At most this many categories change zone in the proposal; the "
           "moves worth most come first."));
    form->addRow(tr("Most categories moved"), maxMoves_);
    const layout::LayoutWeights defaults;
    adjacencyWeight_ = weightBox(defaults.adjacency, settingsBox);
    exposureWeight_ = weightBox(defaults.exposure, settingsBox);
    distanceWeight_ = weightBox(defaults.distance, settingsBox);
    form->addRow(tr("Adjacency weight"), adjacencyWeight_);
    form->addRow(tr("Exposure weight"), exposureWeight_);
    form->addRow(tr("Walk weight"), distanceWeight_);
    seconds_ = new QDoubleSpinBox(settingsBox);
    seconds_->setRange(0.1, 3600);
    seconds_->setValue(2.0);
    seconds_->setSuffix(tr(" s"));
    form->addRow(tr("Time limit"), seconds_);
    iterations_ = new QSpinBox(settingsBox);
    iterations_->setRange(0, std::numeric_limits<int>::max());
    iterations_->setSpecialValueText(tr("solver default"));
    iterations_->setGroupSeparatorShown(true);
    iterations_->setToolTip(
        tr("With an iteration limit (and time to reach it) every machine "
           "proposes the same layout."));
    form->addRow(tr("Iterations"), iterations_);
    seed_ = new QSpinBox(settingsBox);
    seed_->setRange(0, std::numeric_limits<int>::max());
    seed_->setValue(1);
    form->addRow(tr("Seed"), seed_);
    // The effect of proximity: the chain's measured one unless the planner gives one (a
    // pilot's, or a reference figure), as --effect does.
    effectRate_ = new QDoubleSpinBox(settingsBox);
    effectRate_->setObjectName(QStringLiteral("effectRate"));
    effectRate_->setRange(0.0, 10.0);
    effectRate_->setDecimals(2);
    effectRate_->setSingleStep(0.01);
    effectRate_->setPrefix(QStringLiteral("×"));
    effectRate_->setSpecialValueText(tr("measured"));
    effectRate_->setToolTip(
        tr("The factor by which a category pair's attach rate rises when their zones are 10 m "
           "closer, for the prediction in money; \"measured\": the chain's own estimate."));
    form->addRow(tr("Effect per 10 m"), effectRate_);
    effectLow_ = new QDoubleSpinBox(settingsBox);
    effectHigh_ = new QDoubleSpinBox(settingsBox);
    auto* interval = new QHBoxLayout;
    interval->addWidget(effectLow_);
    interval->addWidget(new QLabel(tr("to"), settingsBox));
    interval->addWidget(effectHigh_);
    for (QDoubleSpinBox* bound : {effectLow_, effectHigh_}) {
        bound->setRange(0.01, 10.0);
        bound->setDecimals(2);
        bound->setSingleStep(0.01);
        bound->setValue(1.0);
        bound->setToolTip(
            tr("The effect's interval: the prediction's range is the prediction "
               "at its two ends."));
    }
    form->addRow(tr("Its interval"), interval);
    const auto enableBounds = [this] {
        effectLow_->setEnabled(effectRate_->value() > 0);
        effectHigh_->setEnabled(effectRate_->value() > 0);
    };
    connect(effectRate_, &QDoubleSpinBox::valueChanged, this, enableBounds);
    enableBounds();
    runButton_ = new QPushButton(tr("Optimise"), settingsBox);
    runButton_->setObjectName(QStringLiteral("optimiseButton"));
    runButton_->setToolTip(tr("Starts from the layout on the floor now; runs in the background."));
    connect(runButton_, &QPushButton::clicked, this, &OptimisePanel::runRequested);
    form->addRow(runButton_);
    settingsBox->setMaximumWidth(340);
    for (QSpinBox* box : {capacity_, maxMoves_, iterations_, seed_})
        connect(box, &QSpinBox::valueChanged, this, &OptimisePanel::settingsChanged);
    for (QDoubleSpinBox* box : {adjacencyWeight_, exposureWeight_, distanceWeight_, seconds_,
                                effectRate_, effectLow_, effectHigh_})
        connect(box, &QDoubleSpinBox::valueChanged, this, &OptimisePanel::settingsChanged);

    comparison_ = new QWidget(this);
    summary_ = new QLabel(tr("Run the optimiser to see a proposed layout next to the current "
                             "one."),
                          comparison_);
    summary_->setWordWrap(true);
    banner_ = new OutOfDateBanner(comparison_);
    currentView_ = new FloorPlanView(comparison_);
    currentView_->setObjectName(QStringLiteral("currentFloor"));
    currentView_->setEditable(false);
    proposedView_ = new FloorPlanView(comparison_);
    proposedView_->setObjectName(QStringLiteral("proposedFloor"));
    proposedView_->setEditable(false);
    // The two plans shrink before the window has to grow (they scale to fit).
    for (FloorPlanView* view : {currentView_, proposedView_})
        view->setMinimumHeight(100);
    auto* views = new QSplitter(Qt::Horizontal, comparison_);
    views->addWidget(currentView_);
    views->addWidget(proposedView_);
    terms_ = new QTableWidget(0, 4, comparison_);
    terms_->setObjectName(QStringLiteral("termsTable"));
    terms_->setHorizontalHeaderLabels({tr("Term"), tr("Current"), tr("Proposed"), tr("Change")});
    terms_->verticalHeader()->hide();
    terms_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    // The term names (with their units) are never cut; the numbers share the rest.
    terms_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    terms_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Tall enough for the five terms without a scroll bar.
    terms_->verticalHeader()->setDefaultSectionSize(terms_->fontMetrics().height() + 8);
    const int termsHeight = terms_->horizontalHeader()->sizeHint().height() +
                            5 * terms_->verticalHeader()->defaultSectionSize() +
                            2 * terms_->frameWidth() + 2;
    terms_->setFixedHeight(termsHeight);
    terms_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    applyButton_ = new QPushButton(tr("Apply proposed"), comparison_);
    applyButton_->setObjectName(QStringLiteral("applyProposed"));
    applyButton_->setToolTip(tr("Puts the proposed layout on the floor; Undo takes it back."));
    discardButton_ = new QPushButton(tr("Discard"), comparison_);
    connect(applyButton_, &QPushButton::clicked, this, &OptimisePanel::applyRequested);
    connect(discardButton_, &QPushButton::clicked, this, &OptimisePanel::discardRequested);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(discardButton_);
    buttons->addWidget(applyButton_);
    auto* right = new QVBoxLayout(comparison_);
    right->setContentsMargins(0, 0, 0, 0);
    right->addWidget(banner_);
    right->addWidget(summary_);
    right->addWidget(views, 1);
    right->addWidget(terms_);
    right->addLayout(buttons);

    auto* layout = new QHBoxLayout(this);
    // The settings scroll on a short screen instead of making the window taller than it.
    auto* settingsScroll = new QScrollArea(this);
    settingsScroll->setWidget(settingsBox);
    settingsScroll->setWidgetResizable(true);
    settingsScroll->setFrameShape(QFrame::NoFrame);
    settingsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    settingsScroll->setFixedWidth(settingsBox->maximumWidth() +
                                  settingsScroll->verticalScrollBar()->sizeHint().width());
    layout->addWidget(settingsScroll);
    layout->addWidget(comparison_, 1);
    clearProposal();
}

void OptimisePanel::setFloor(const layout::FloorPlan& plan, const QStringList& categories) {
    zones_.clear();
    for (const layout::FloorZone& zone : plan.zones)
        zones_.append(zone.zone);
    fixedTable_->setRowCount(static_cast<int>(categories.size()));
    for (int c = 0; c < categories.size(); ++c) {
        fixedTable_->setItem(c, 0, cell(categories[c], false));
        auto* zones = new QComboBox(fixedTable_);
        zones->addItem(tr("(free)"), -1);
        for (int z = 0; z < static_cast<int>(plan.zones.size()); ++z) {
            const layout::FloorZone& zone = plan.zones[static_cast<std::size_t>(z)];
            zones->addItem(zone.name.isEmpty() ? zone.zone : zone.zone + u' ' + zone.name, z);
        }
        fixedTable_->setCellWidget(c, 1, zones);
        connect(zones, &QComboBox::currentIndexChanged, this, &OptimisePanel::settingsChanged);
    }
    fixedTable_->resizeColumnToContents(0);
    for (FloorPlanView* view : {currentView_, proposedView_}) {
        view->setPlan(plan);
        view->setCategories(categories);
    }
    currentView_->setCaption(tr("Current layout"));
    proposedView_->setCaption(tr("Proposed layout"));
    clearProposal();
}

OptimiseSettings OptimisePanel::settings() const {
    OptimiseSettings settings;
    settings.weights = {adjacencyWeight_->value(), exposureWeight_->value(),
                        distanceWeight_->value()};
    settings.capacity = capacity_->value();
    // The interval's ends are put in order; an effect outside them is none the planner meant.
    layout::ProximityEffect effect;
    effect.ratePer10m = effectRate_->value();
    effect.ciLow = std::min(effectLow_->value(), effectHigh_->value());
    effect.ciHigh = std::max(effectLow_->value(), effectHigh_->value());
    if (effect.identified())
        settings.effect = effect;
    settings.maxMoves = maxMoves_->value();
    settings.seconds = seconds_->value();
    settings.iterations = iterations_->value();
    settings.seed = static_cast<std::uint64_t>(seed_->value());
    for (int c = 0; c < fixedTable_->rowCount(); ++c)
        if (auto* zones = qobject_cast<QComboBox*>(fixedTable_->cellWidget(c, 1));
            zones && zones->currentData().toInt() >= 0)
            settings.fixed.emplace_back(c, zones->currentData().toInt());
    return settings;
}

void OptimisePanel::setSettings(const OptimiseSettings& settings) {
    adjacencyWeight_->setValue(settings.weights.adjacency);
    exposureWeight_->setValue(settings.weights.exposure);
    distanceWeight_->setValue(settings.weights.distance);
    capacity_->setValue(settings.capacity);
    maxMoves_->setValue(settings.maxMoves);
    seconds_->setValue(settings.seconds);
    iterations_->setValue(static_cast<int>(settings.iterations));
    seed_->setValue(static_cast<int>(settings.seed));
    for (int c = 0; c < fixedTable_->rowCount(); ++c)
        setFixedZone(c, -1);
    for (const auto& [category, zone] : settings.fixed)
        setFixedZone(category, zone);
    setProximityEffect(settings.effect);
}

void OptimisePanel::setProximityEffect(const std::optional<layout::ProximityEffect>& effect) {
    effectLow_->setValue(effect ? effect->ciLow : 1.0);
    effectHigh_->setValue(effect ? effect->ciHigh : 1.0);
    effectRate_->setValue(effect ? effect->ratePer10m : 0.0);
}

void OptimisePanel::setMaxMoves(int maxMoves) {
    maxMoves_->setValue(maxMoves);
}

void OptimisePanel::setSeed(std::uint64_t seed) {
    seed_->setValue(static_cast<int>(seed));
}
void OptimisePanel::setIterations(std::int64_t iterations) {
    iterations_->setValue(static_cast<int>(iterations));
}
void OptimisePanel::setSeconds(double seconds) {
    seconds_->setValue(seconds);
}
void OptimisePanel::setCapacity(int capacity) {
    capacity_->setValue(capacity);
}

void OptimisePanel::setFixedZone(int category, int zone) {
    if (auto* zones = qobject_cast<QComboBox*>(fixedTable_->cellWidget(category, 1)))
        zones->setCurrentIndex(zones->findData(zone));
}

void OptimisePanel::setRunning(bool running) {
    runButton_->setEnabled(!running);
    applyButton_->setEnabled(!running && hasProposal_);
}

namespace {

// What the search maximised, in a sentence.
QString objectiveSentence(const layout::LayoutResult& result) {
    if (result.objective == layout::LayoutObjective::PredictedCoPurchases)
        return QObject::tr(
                   "The search maximised the predicted co-purchases: %1 now, %2 "
                   "proposed.")
            .arg(formatNumber(result.coPurchasesBefore, 0),
                 formatNumber(result.coPurchasesAfter, 0));
    return QObject::tr(
        "The search maximised the unitless score: no known effect of proximity "
        "to predict co-purchases with.");
}

}  // namespace

void OptimisePanel::showProposal(const layout::LayoutResult& result) {
    const layout::LayoutProposal& proposal = result.proposal;
    const double directWalkMetres = result.model.directWalkMetres;
    const int moved = result.movedCategories;
    const int placed = result.placedCategories;
    hasProposal_ = true;
    currentView_->setAssignment(proposal.current);
    proposedView_->setAssignment(proposal.proposed);
    summary_->setText(
        proposal.keptCurrent
            ? tr("The search found nothing better than the current layout (%1 iterations, %2 s).")
                  .arg(formatNumber(static_cast<double>(proposal.iterations)),
                       formatNumber(proposal.seconds, 1))
            : tr("%1 of %2 categories move; %3 iterations in %4 s.")
                      .arg(moved)
                      .arg(placed)
                      .arg(formatNumber(static_cast<double>(proposal.iterations)),
                           formatNumber(proposal.seconds, 1)) +
                  u' ' + predictionSentence(result.prediction) + u' ' + objectiveSentence(result));
    const layout::LayoutScoreTerms& a = proposal.before;
    const layout::LayoutScoreTerms& b = proposal.after;
    struct Row {
        QString name;
        double before, after;
        int decimals;
        QString tip;
    };
    const Row rows[] = {
        {tr("Adjacency (points)"), a.adjacency, b.adjacency, 4,
         layoutTermExplanation(LayoutTerm::Adjacency)},
        {tr("Impulse exposure (share of visits)"), a.exposure, b.exposure, 4,
         layoutTermExplanation(LayoutTerm::Exposure)},
        {tr("Basket walk (m)"), a.walkingMetres, b.walkingMetres, 1,
         layoutTermExplanation(LayoutTerm::Walk)},
        {tr("Walk ratio (× direct walk)"), a.walkingMetres / directWalkMetres,
         b.walkingMetres / directWalkMetres, 3,
         tr("The basket walk divided by the direct walk from the entrance to the checkout.")},
        {tr("Total (points)"), a.total, b.total, 4, layoutTermExplanation(LayoutTerm::Total)}};
    terms_->setRowCount(static_cast<int>(std::size(rows)));
    for (int r = 0; r < static_cast<int>(std::size(rows)); ++r) {
        const Row& row = rows[r];
        terms_->setItem(r, 0, cell(row.name, false));
        terms_->setItem(r, 1, cell(formatNumber(row.before, row.decimals)));
        terms_->setItem(r, 2, cell(formatNumber(row.after, row.decimals)));
        const double change = row.after - row.before;
        terms_->setItem(r, 3,
                        cell((change >= 0 ? QStringLiteral("+") : QString()) +
                             formatNumber(change, row.decimals)));
        terms_->item(r, 0)->setToolTip(row.tip);
        terms_->item(r, 2)->setData(Qt::UserRole, row.after);
    }
    applyButton_->setEnabled(!proposal.keptCurrent);
    discardButton_->setEnabled(true);
    comparison_->setEnabled(true);
}

void OptimisePanel::clearProposal() {
    hasProposal_ = false;
    terms_->setRowCount(0);
    applyButton_->setEnabled(false);
    discardButton_->setEnabled(false);
    proposedView_->setAssignment({});
    summary_->setText(tr("Run the optimiser to see a proposed layout next to the current one."));
}

}  // namespace mb::ui
