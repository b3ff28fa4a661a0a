#include "SeasonSummary.h"

#include "RulesPanel.h"
#include "ScheduleEdits.h"
#include "common/Numbers.h"
#include "common/StatCard.h"

#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

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
    scenarios_->setFixedHeight(scenarios_->horizontalHeader()->sizeHint().height() + 2 * row + 4);
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
    scenarios_->setRowCount(2);
    const MarkdownScenario* both[] = {&run.a, &*run.b};
    for (int row = 0; row < 2; ++row) {
        const markdown::SeasonPlan& season = both[row]->season;
        const QStringList cells = {row == 0 ? tr("A") : tr("B"),
                                   rulesText(both[row]->rules),
                                   QString::number(season.plannedItems()),
                                   formatNumber(season.expectedObjective()),
                                   formatNumber(season.expectedRevenue()),
                                   formatNumber(season.expectedMargin()),
                                   formatSignedPercent(gainShare(season.expectedObjective(),
                                                                 season.noMarkdownObjective()))};
        for (int column = 0; column < cells.size(); ++column) {
            auto* cell = new QTableWidgetItem(cells[column]);
            if (column >= 2)
                cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            scenarios_->setItem(row, column, cell);
        }
    }
}

}  // namespace mb::ui
