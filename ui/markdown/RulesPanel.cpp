#include "RulesPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <algorithm>
#include <cmath>
#include <limits>

namespace mb::ui {

namespace {

constexpr int kNoLimit = -1;           // the max-markdowns box's "no limit"
constexpr double kNoFloor = -100.0;    // the margin-floor box's "none", in percent
constexpr double kNoBudget = -1.0;     // the budget box's "none"
constexpr int kDistributionCount = 4;  // fitted, poisson, negbin, deterministic

QLabel* caption(const QString& text, QWidget* buddy, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

}  // namespace

RulesPanel::RulesPanel(QWidget* parent) : QWidget(parent) {
    ladder_ = new QLineEdit(this);
    ladder_->setObjectName(QStringLiteral("ladderEdit"));
    ladder_->setToolTip(
        tr("Prices the plan may charge, in percent of the regular price, full "
           "price first: \"100, 85, 70, 55, 40\"."));
    objective_ = new QComboBox(this);
    objective_->setObjectName(QStringLiteral("objectiveBox"));
    objective_->addItems({tr("Margin"), tr("Revenue")});
    distribution_ = new QComboBox(this);
    distribution_->setObjectName(QStringLiteral("distributionBox"));
    distribution_->addItems(
        {tr("Fitted"), tr("Poisson"), tr("Negative binomial"), tr("Deterministic")});
    distribution_->setToolTip(tr("How weekly demand varies around its forecast."));
    salvage_ = new QDoubleSpinBox(this);
    salvage_->setRange(0.0, 1000.0);
    salvage_->setDecimals(0);
    salvage_->setSuffix(tr(" % of cost"));
    salvage_->setToolTip(tr("What a unit left at the exit week fetches (jobber, outlet)."));
    maxMarkdowns_ = new QSpinBox(this);
    maxMarkdowns_->setObjectName(QStringLiteral("maxMarkdownsBox"));
    maxMarkdowns_->setRange(kNoLimit, 52);
    maxMarkdowns_->setSpecialValueText(tr("no limit"));
    minWeeks_ = new QSpinBox(this);
    minWeeks_->setRange(0, 52);
    minWeeks_->setSuffix(tr(" wk"));
    earliestWeek_ = new QSpinBox(this);
    earliestWeek_->setRange(1, 520);
    earliestWeek_->setPrefix(tr("week "));
    marginFloor_ = new QDoubleSpinBox(this);
    marginFloor_->setRange(kNoFloor, 1000.0);
    marginFloor_->setDecimals(0);
    marginFloor_->setSuffix(tr(" % on cost"));
    marginFloor_->setSpecialValueText(tr("none"));
    marginFloor_->setToolTip(
        tr("No price below cost × (1 + floor): -50% allows selling at "
           "half of cost."));
    simulations_ = new QSpinBox(this);
    simulations_->setRange(0, 100000);
    simulations_->setSingleStep(100);
    simulations_->setSpecialValueText(tr("none"));
    simulations_->setToolTip(tr("Simulated seasons per item for the P10–P90 range."));
    endings_ = new QLineEdit(this);
    endings_->setObjectName(QStringLiteral("endingsEdit"));
    endings_->setPlaceholderText(tr("none"));
    endings_->setToolTip(
        tr("Price points: each marked-down price goes to the highest price at or below it that "
           "ends in one of these cents, e.g. \"0.99\" or \"0.49, 0.99\" (7.20 becomes 6.99)."));
    noChange_ = new QSpinBox(this);
    noChange_->setObjectName(QStringLiteral("noChangeBox"));
    noChange_->setRange(0, 52);
    noChange_->setSuffix(tr(" wk"));
    noChange_->setSpecialValueText(tr("none"));
    noChange_->setToolTip(
        tr("No price change in the first weeks after the stock arrived (its received date, "
           "else the stock count)."));
    allOrNothing_ = new QCheckBox(tr("All or nothing in a cluster"), this);
    allOrNothing_->setObjectName(QStringLiteral("allOrNothingBox"));
    allOrNothing_->setToolTip(
        tr("The stores of a cluster take every markdown in the same week, each selling its own "
           "stock; the shared schedule is planned on the cluster's pooled stock."));
    budget_ = new QDoubleSpinBox(this);
    budget_->setObjectName(QStringLiteral("budgetBox"));
    budget_->setRange(kNoBudget, 1e12);
    budget_->setDecimals(0);
    budget_->setSingleStep(1000.0);
    budget_->setSpecialValueText(tr("none"));
    budget_->setToolTip(
        tr("Cap on the season's expected markdown spend over every item planned together: "
           "(regular price - price paid) x units sold, in the project's currency. The plan is "
           "within the reported gap of the best plan under the cap."));
    minOnHand_ = new QSpinBox(this);
    minOnHand_->setObjectName(QStringLiteral("minOnHandBox"));
    minOnHand_->setRange(0, 1000000);
    minOnHand_->setSuffix(tr(" units"));
    minOnHand_->setSpecialValueText(tr("none"));
    minOnHand_->setToolTip(
        tr("No price change in a week that starts with fewer units on hand: an item nearly sold "
           "out is not marked down (a locked week keeps its lock)."));
    problem_ = new QLabel(this);
    problem_->setObjectName(QStringLiteral("rulesProblem"));
    problem_->setStyleSheet(QStringLiteral("color: #b3261e;"));
    problem_->hide();

    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(6, 6, 6, 6);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(4);
    grid->addWidget(caption(tr("Price ladder (%)"), ladder_, this), 0, 0);
    grid->addWidget(ladder_, 0, 1, 1, 3);
    grid->addWidget(caption(tr("Objective"), objective_, this), 0, 4);
    grid->addWidget(objective_, 0, 5);
    grid->addWidget(caption(tr("Demand"), distribution_, this), 0, 6);
    grid->addWidget(distribution_, 0, 7);
    grid->addWidget(caption(tr("Max markdowns"), maxMarkdowns_, this), 1, 0);
    grid->addWidget(maxMarkdowns_, 1, 1);
    grid->addWidget(caption(tr("Weeks between"), minWeeks_, this), 1, 2);
    grid->addWidget(minWeeks_, 1, 3);
    grid->addWidget(caption(tr("Earliest"), earliestWeek_, this), 1, 4);
    grid->addWidget(earliestWeek_, 1, 5);
    grid->addWidget(caption(tr("Margin floor"), marginFloor_, this), 1, 6);
    grid->addWidget(marginFloor_, 1, 7);
    grid->addWidget(caption(tr("Salvage"), salvage_, this), 2, 0);
    grid->addWidget(salvage_, 2, 1);
    grid->addWidget(caption(tr("Simulations"), simulations_, this), 2, 2);
    grid->addWidget(simulations_, 2, 3);
    grid->addWidget(caption(tr("Price endings"), endings_, this), 2, 4);
    grid->addWidget(endings_, 2, 5);
    grid->addWidget(caption(tr("No change after arrival"), noChange_, this), 2, 6);
    grid->addWidget(noChange_, 2, 7);
    // Columns 0 to 3 of row 3 are left for the budget and minimum on-hand rules.
    grid->addWidget(caption(tr("Markdown budget"), budget_, this), 3, 0);
    grid->addWidget(budget_, 3, 1);
    grid->addWidget(caption(tr("Min on hand"), minOnHand_, this), 3, 2);
    grid->addWidget(minOnHand_, 3, 3);
    grid->addWidget(allOrNothing_, 3, 4, 1, 4);
    grid->addWidget(problem_, 4, 0, 1, 8);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    grid->setColumnStretch(5, 1);
    grid->setColumnStretch(7, 1);

    setRules(markdown::PlanningRules());
    const auto changed = [this] {
        showProblem();
        emit rulesChanged();
    };
    connect(ladder_, &QLineEdit::textEdited, this, changed);
    connect(endings_, &QLineEdit::textEdited, this, changed);
    connect(allOrNothing_, &QCheckBox::toggled, this, changed);
    for (QComboBox* box : {objective_, distribution_})
        connect(box, &QComboBox::currentIndexChanged, this, changed);
    for (QSpinBox* box :
         {maxMarkdowns_, minWeeks_, earliestWeek_, simulations_, noChange_, minOnHand_})
        connect(box, &QSpinBox::valueChanged, this, changed);
    for (QDoubleSpinBox* box : {salvage_, marginFloor_, budget_})
        connect(box, &QDoubleSpinBox::valueChanged, this, changed);
}

void RulesPanel::setRules(const markdown::PlanningRules& rules) {
    base_ = rules;
    const QSignalBlocker blockLadder(ladder_);
    ladder_->setText(ladderText(rules.ladder));
    objective_->setCurrentIndex(rules.objective == markdown::MarkdownObjective::Margin ? 0 : 1);
    distribution_->setCurrentIndex(
        std::clamp(static_cast<int>(rules.distribution), 0, kDistributionCount - 1));
    salvage_->setValue(rules.salvageValue >= 0.0 ? 0.0 : rules.salvageShareOfCost * 100.0);
    maxMarkdowns_->setValue(rules.rules.maxMarkdowns == std::numeric_limits<int>::max()
                                ? kNoLimit
                                : std::min(rules.rules.maxMarkdowns, maxMarkdowns_->maximum()));
    minWeeks_->setValue(rules.rules.minWeeksBetween);
    earliestWeek_->setValue(rules.rules.earliestWeek);
    marginFloor_->setValue(rules.rules.marginFloor <= -1.0 ? kNoFloor
                                                           : rules.rules.marginFloor * 100.0);
    simulations_->setValue(rules.simulations);
    {
        const QSignalBlocker blockEndings(endings_);
        endings_->setText(endingsText(rules.rules.priceEndingCents));
    }
    noChange_->setValue(std::min(rules.rules.noChangeWeeks, noChange_->maximum()));
    allOrNothing_->setChecked(rules.clusterAllOrNothing);
    budget_->setValue(rules.markdownBudget < 0.0 ? kNoBudget : rules.markdownBudget);
    minOnHand_->setValue(std::min(rules.rules.minOnHand, minOnHand_->maximum()));
    showProblem();
    emit rulesChanged();  // the fields above may not all have moved
}

bool RulesPanel::readRules(markdown::PlanningRules& rules, QString& problem) const {
    rules = base_;
    if (!parseLadder(ladder_->text(), rules.ladder, problem))
        return false;
    rules.objective = objective_->currentIndex() == 0 ? markdown::MarkdownObjective::Margin
                                                      : markdown::MarkdownObjective::Revenue;
    rules.distribution = static_cast<markdown::PlanningDistribution>(distribution_->currentIndex());
    // A salvage value per unit set in a rules file stays until the user edits the share.
    if (base_.salvageValue < 0.0 || salvage_->value() > 0.0) {
        rules.salvageValue = -1.0;
        rules.salvageShareOfCost = salvage_->value() / 100.0;
    }
    rules.rules.maxMarkdowns = maxMarkdowns_->value() == kNoLimit ? std::numeric_limits<int>::max()
                                                                  : maxMarkdowns_->value();
    rules.rules.minWeeksBetween = minWeeks_->value();
    rules.rules.earliestWeek = earliestWeek_->value();
    rules.rules.marginFloor =
        marginFloor_->value() <= kNoFloor ? -1.0 : marginFloor_->value() / 100.0;
    rules.simulations = simulations_->value();
    if (!parseEndings(endings_->text(), rules.rules.priceEndingCents, problem))
        return false;
    rules.rules.noChangeWeeks = noChange_->value();
    // All or nothing shares a schedule across each cluster; unticked, the file's choice stays.
    rules.clusterAllOrNothing = allOrNothing_->isChecked();
    rules.schedulePerCluster = base_.schedulePerCluster || rules.clusterAllOrNothing;
    rules.markdownBudget = budget_->value() <= kNoBudget ? -1.0 : budget_->value();
    rules.rules.minOnHand = minOnHand_->value();
    if (rules.markdownBudget >= 0.0 && rules.clusterAllOrNothing) {
        problem = tr("Markdown budget: not available with all or nothing in a cluster yet");
        return false;
    }
    const int steps = static_cast<int>(rules.ladder.size());
    if (rules.rules.startStep >= steps)
        rules.rules.startStep = 0;
    if (rules.rules.deepestStep != std::numeric_limits<int>::max() &&
        rules.rules.deepestStep >= steps)
        rules.rules.deepestStep = std::numeric_limits<int>::max();
    return true;
}

bool RulesPanel::parseLadder(const QString& text, std::vector<double>& ladder, QString& problem) {
    ladder.clear();
    const QStringList parts =
        text.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts);
    for (QString part : parts) {
        part.remove(QLatin1Char('%'));
        bool ok = false;
        const double percent = part.toDouble(&ok);
        if (!ok || !(percent > 0.0) || percent > 100.0) {
            problem = tr("Price ladder: \"%1\" is not a percentage in (0, 100]").arg(part);
            return false;
        }
        if (!ladder.empty() && percent / 100.0 >= ladder.back()) {
            problem =
                tr("Price ladder: each step must be cheaper than the one before (%1)").arg(part);
            return false;
        }
        ladder.push_back(percent / 100.0);
    }
    if (ladder.size() < 2) {
        problem = tr("Price ladder: give at least two prices, full price first");
        return false;
    }
    return true;
}

QString RulesPanel::ladderText(const std::vector<double>& ladder) {
    QStringList parts;
    for (double step : ladder)
        parts.append(QString::number(std::round(step * 1000.0) / 10.0));
    return parts.join(QStringLiteral(", "));
}

bool RulesPanel::parseEndings(const QString& text, std::vector<int>& cents, QString& problem) {
    cents.clear();
    for (const QString& part :
         text.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts)) {
        bool ok = false;
        const double ending = part.toDouble(&ok);
        const auto whole = static_cast<int>(std::lround(ending * 100.0));
        if (!ok || ending < 0.0 || whole > 99 || std::abs(ending * 100.0 - whole) > 1e-6) {
            problem =
                tr("Price endings: \"%1\" is not an ending in cents from 0.00 to 0.99").arg(part);
            return false;
        }
        if (std::find(cents.begin(), cents.end(), whole) == cents.end())
            cents.push_back(whole);
    }
    std::sort(cents.begin(), cents.end());
    return true;
}

QString RulesPanel::endingsText(const std::vector<int>& cents) {
    QStringList parts;
    for (const int ending : cents)
        parts.append(QStringLiteral("0.%1").arg(ending, 2, 10, QLatin1Char('0')));
    return parts.join(QStringLiteral(", "));
}

void RulesPanel::showProblem() {
    markdown::PlanningRules rules;
    QString problem;
    const bool ok = readRules(rules, problem);
    problem_->setText(ok ? QString() : problem);
    problem_->setVisible(!ok);
}

}  // namespace mb::ui
