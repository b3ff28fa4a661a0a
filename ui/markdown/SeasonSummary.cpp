#include "SeasonSummary.h"

#include "RulesPanel.h"
#include "ScheduleEdits.h"
#include "common/Numbers.h"
#include "common/StatCard.h"

#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <iterator>

namespace mb::ui {

namespace {

enum Card { Items, Objective, Revenue, VsNone, VsRule, Edited };

double gainShare(double plan, double baseline) {
    return baseline != 0.0 ? (plan - baseline) / std::abs(baseline) : 0.0;
}

QString objectiveName(const markdown::PlanningRules& rules) {
    return rules.objective == markdown::MarkdownObjective::Margin ? QObject::tr("margin")
                                                                  : QObject::tr("revenue");
}

QString rulesText(const markdown::PlanningRules& rules) {
    const markdown::MarkdownRules& r = rules.rules;
    QString text =
        objectiveName(rules) + QStringLiteral(", ladder ") + RulesPanel::ladderText(rules.ladder);
    if (r.maxMarkdowns < 1000)
        text += QObject::tr(", ≤%1 markdowns").arg(r.maxMarkdowns);
    if (r.minWeeksBetween > 1)
        text += QObject::tr(", %1 wk apart").arg(r.minWeeksBetween);
    return text;
}

}  // namespace

QString SeasonSummary::signedNumber(double value, int decimals) {
    QString size = formatNumber(std::abs(value), decimals);
    if (size == formatNumber(0.0, decimals))
        return size;
    return (value < 0.0 ? QStringLiteral("−") : QStringLiteral("+")) + size;
}

SeasonSummary::SeasonSummary(QWidget* parent) : QWidget(parent) {
    cards_ = new StatCardRow(this);
    cards_->setObjectName(QStringLiteral("summaryCards"));
    for (const QString& label :
         {tr("Items planned"), tr("Expected margin"), tr("Expected revenue"),
          tr("Gain vs no markdown"), tr("Gain vs best fixed rule"), tr("With your edits")})
        cards_->addCard(label);
    scenarios_ = new QTableWidget(0, 7, this);
    scenarios_->setObjectName(QStringLiteral("scenarioTable"));
    scenarios_->setHorizontalHeaderLabels({tr("Scenario"), tr("Rules"), tr("Items"),
                                           tr("Objective"), tr("Revenue"), tr("Margin"),
                                           tr("vs no markdown")});
    scenarios_->verticalHeader()->hide();
    scenarios_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    scenarios_->setSelectionMode(QAbstractItemView::NoSelection);
    scenarios_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    scenarios_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    const int row = scenarios_->verticalHeader()->defaultSectionSize();
    scenarios_->setFixedHeight(scenarios_->horizontalHeader()->sizeHint().height() + 3 * row + 4);
    scenarios_->hide();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(cards_);
    layout->addWidget(scenarios_);
}

double SeasonSummary::editedObjective(const MarkdownRunResult& run, const ScheduleEdits& edits) {
    double total = run.a.season.expectedObjective();
    for (int item : edits.editedItems())
        total += edits.edit(item)->plan.expectedObjective -
                 run.a.season.items[size_t(item)].plan.expectedObjective;
    return total;
}

void SeasonSummary::showRun(const MarkdownRunResultPtr& run, const ScheduleEdits* edits) {
    for (int i = 0; i < cards_->count(); ++i)
        cards_->card(i)->clear();
    scenarios_->setVisible(run && run->b);
    if (!run)
        return;
    const markdown::SeasonPlan& season = run->a.season;
    const double objective = season.expectedObjective();
    cards_->card(Items)->setValueText(
        tr("%1 of %2").arg(season.plannedItems()).arg(season.items.size()));
    cards_->card(Items)->setIntervalText(
        tr("%1 weeks, %2 to %3")
            .arg(season.weeks)
            .arg(season.firstWeek.toString(QStringLiteral("d MMM")),
                 season.exitWeek.toString(QStringLiteral("d MMM"))));
    const bool margin = run->a.rules.objective == markdown::MarkdownObjective::Margin;
    cards_->card(Objective)->setLabel(margin ? tr("Margin + salvage") : tr("Revenue + salvage"));
    cards_->card(Objective)->setValue(objective, 0);
    cards_->card(Objective)->setIntervalText(
        tr("%1 %2 before salvage")
            .arg(objectiveName(run->a.rules),
                 formatNumber(margin ? season.expectedMargin() : season.expectedRevenue())));
    cards_->card(Revenue)->setValue(season.expectedRevenue(), 0);
    cards_->card(VsNone)->setValue(
        objective - season.noMarkdownObjective(), 0,
        objective >= season.noMarkdownObjective() ? QStringLiteral("+") : QString());
    cards_->card(VsNone)->setDelta(gainShare(objective, season.noMarkdownObjective()),
                                   tr("no markdown"));
    cards_->card(VsRule)->setValue(
        objective - season.fixedRuleObjective(), 0,
        objective >= season.fixedRuleObjective() ? QStringLiteral("+") : QString());
    cards_->card(VsRule)->setDelta(gainShare(objective, season.fixedRuleObjective()),
                                   QStringLiteral("\"%1\"").arg(season.fixedRule.name));
    if (edits && !edits->editedItems().isEmpty()) {
        const double edited = editedObjective(*run, *edits);
        cards_->card(Edited)->setValue(edited, 0);
        cards_->card(Edited)->setDelta(gainShare(edited, objective), tr("plan"));
        cards_->card(Edited)->setIntervalText(
            tr("%n item(s) edited", nullptr, int(edits->editedItems().size())));
    } else {
        cards_->card(Edited)->setValueText(tr("no edits"));
    }
    if (run->b)
        showScenarios(*run);
}

void SeasonSummary::showScenarios(const MarkdownRunResult& run) {
    scenarios_->setRowCount(3);
    const auto put = [this](int row, int column, const QString& text, double value) {
        auto* cell = new QTableWidgetItem(text);
        if (column >= 2)
            cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        cell->setData(Qt::UserRole, value);  // the raw figure, for tests and copies
        scenarios_->setItem(row, column, cell);
    };
    const MarkdownScenario* both[] = {&run.a, &*run.b};
    double figures[2][5] = {};
    for (int row = 0; row < 2; ++row) {
        const markdown::SeasonPlan& season = both[row]->season;
        const double values[5] = {
            double(season.plannedItems()), season.expectedObjective(), season.expectedRevenue(),
            season.expectedMargin(),
            gainShare(season.expectedObjective(), season.noMarkdownObjective())};
        put(row, 0, row == 0 ? tr("A") : tr("B"), 0.0);
        put(row, 1, rulesText(both[row]->rules), 0.0);
        put(row, 2, QString::number(season.plannedItems()), values[0]);
        for (int i = 1; i < 4; ++i)
            put(row, 2 + i, formatNumber(values[i]), values[i]);
        put(row, 6, formatSignedPercent(values[4]), values[4]);
        std::copy(std::begin(values), std::end(values), figures[row]);
    }
    // B − A: what switching to B's rules would change, total by total.
    put(2, 0, tr("B − A"), 0.0);
    put(2, 1, tr("difference"), 0.0);
    for (int i = 0; i < 4; ++i)
        put(2, 2 + i, signedNumber(figures[1][i] - figures[0][i]), figures[1][i] - figures[0][i]);
    const double points = 100.0 * (figures[1][4] - figures[0][4]);
    put(2, 6, tr("%1 pts").arg(signedNumber(points, 1)), figures[1][4] - figures[0][4]);
    for (int column = 0; column < scenarios_->columnCount(); ++column) {
        QFont font = scenarios_->item(2, column)->font();
        font.setBold(true);
        scenarios_->item(2, column)->setFont(font);
    }
}

}  // namespace mb::ui
