#include "SeasonSummary.h"

#include "RulesPanel.h"
#include "ScheduleEdits.h"
#include "common/Numbers.h"
#include "common/StatCard.h"
#include "markdown/SeasonTotals.h"

#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <array>
#include <cmath>

namespace mb::ui {

namespace {

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
    scenarios_ = new QTableWidget(0, 2 + Count, this);
    scenarios_->setObjectName(QStringLiteral("scenarioTable"));
    scenarios_->setHorizontalHeaderLabels({tr("Scenario"), tr("Rules"), tr("Items"), tr("Revenue"),
                                           tr("Margin"), tr("Margin + salvage"), tr("Units"),
                                           tr("Sell-through"), tr("Leftover units")});
    scenarios_->verticalHeader()->hide();
    scenarios_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    scenarios_->setSelectionMode(QAbstractItemView::NoSelection);
    scenarios_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scenarios_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
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
    return markdown::seasonTotals(run.a.season, &edits.all()).objective;
}

void SeasonSummary::showRun(const MarkdownRunResultPtr& run, const ScheduleEdits* edits,
                            bool showB) {
    for (int i = 0; i < cards_->count(); ++i)
        cards_->card(i)->clear();
    scenarios_->setVisible(run && run->b);
    if (!run) {
        cards_->card(1)->setLabel(tr("Expected margin"));
        return;
    }
    const bool onB = showB && run->b;
    const MarkdownScenario& scenario = onB ? *run->b : run->a;
    if (onB)
        edits = nullptr;  // the user's edits are of scenario A
    const markdown::SeasonPlan& season = scenario.season;
    const double objective = season.expectedObjective();
    cards_->card(0)->setValueText(
        tr("%1 of %2").arg(season.plannedItems()).arg(season.items.size()));
    cards_->card(0)->setIntervalText(tr("%1 weeks, %2 to %3")
                                         .arg(season.weeks)
                                         .arg(season.firstWeek.toString(QStringLiteral("d MMM")),
                                              season.exitWeek.toString(QStringLiteral("d MMM"))));
    const bool margin = scenario.rules.objective == markdown::MarkdownObjective::Margin;
    const QString name = onB ? tr("B") : tr("A");
    cards_->card(1)->setLabel(margin ? tr("%1: margin + salvage").arg(name)
                                     : tr("%1: revenue + salvage").arg(name));
    cards_->card(1)->setValueText(formatMoney(objective));
    cards_->card(1)->setIntervalText(
        tr("%1 %2 before salvage")
            .arg(objectiveName(scenario.rules),
                 formatMoney(margin ? season.expectedMargin() : season.expectedRevenue())));
    cards_->card(2)->setValueText(formatMoney(season.expectedRevenue()));
    cards_->card(3)->setValueText(formatSignedMoney(objective - season.noMarkdownObjective()));
    cards_->card(3)->setDelta(gainShare(objective, season.noMarkdownObjective()),
                              tr("no markdown"));
    cards_->card(4)->setValueText(formatSignedMoney(objective - season.fixedRuleObjective()));
    // The rule's name ("−15% wk 2, −45% wk 8") can be long: it goes in the tooltip, so the
    // cards never widen the window.
    cards_->card(4)->setDelta(gainShare(objective, season.fixedRuleObjective()), tr("the rule"));
    cards_->card(4)->setToolTip(
        tr("The best fixed rule for these items: %1").arg(season.fixedRule.name));
    if (edits && !edits->editedItems().isEmpty()) {
        const double edited = editedObjective(*run, *edits);
        cards_->card(5)->setValueText(formatMoney(edited));
        cards_->card(5)->setDelta(gainShare(edited, objective), tr("plan"));
        cards_->card(5)->setIntervalText(
            edits->editedItems().size() == 1
                ? tr("1 item edited")
                : tr("%1 items edited").arg(edits->editedItems().size()));
    } else {
        cards_->card(5)->setValueText(onB ? QStringLiteral("\u2013") : tr("none"));
        if (onB)
            cards_->card(5)->setIntervalText(tr("your edits are of A"));
    }
    if (run->b)
        showScenarios(*run, edits);
}

void SeasonSummary::showScenarios(const MarkdownRunResult& run, const ScheduleEdits* edits) {
    scenarios_->setRowCount(3);
    const auto put = [this](int row, int column, const QString& text, double value) {
        auto* cell = new QTableWidgetItem(text);
        if (column >= 2)
            cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        cell->setData(Qt::UserRole, value);  // the raw figure, for tests and copies
        scenarios_->setItem(row, column, cell);
    };
    // Each scenario with the user's edits where it has them (only A can), on one set of
    // measures whatever each one maximised.
    const markdown::SeasonTotals totals[2] = {
        markdown::seasonTotals(run.a.season, edits ? &edits->all() : nullptr),
        markdown::seasonTotals(run.b->season)};
    const auto measures = [](const markdown::SeasonTotals& t) {
        return std::array<double, Count>{
            double(t.plannedItems), t.revenue, t.margin, t.marginWithSalvage(), t.units,
            t.sellThrough(),        t.leftover};
    };
    const std::array<double, Count> values[2] = {measures(totals[0]), measures(totals[1])};
    const MarkdownScenario* both[] = {&run.a, &*run.b};
    for (int row = 0; row < 2; ++row) {
        put(row, 0, row == 0 ? tr("A") : tr("B"), 0.0);
        put(row, 1, rulesText(both[row]->rules), 0.0);
        for (int m = 0; m < Count; ++m) {
            const double value = values[row][size_t(m)];
            const QString text = m == Items || m == Units || m == Leftover ? formatNumber(value)
                                 : m == SellThrough                        ? formatPercent(value, 1)
                                                                           : formatMoney(value);
            put(row, 2 + m, text, value);
        }
    }
    // B − A: what switching to B's rules would change, measure by measure.
    put(2, 0, tr("B − A"), 0.0);
    put(2, 1,
        edits && !edits->editedItems().isEmpty() ? tr("difference (A with your edits)")
                                                 : tr("difference"),
        0.0);
    for (int m = 0; m < Count; ++m) {
        const double difference = values[1][size_t(m)] - values[0][size_t(m)];
        const QString text = m == Items || m == Units || m == Leftover ? signedNumber(difference)
                             : m == SellThrough
                                 ? tr("%1 pts").arg(signedNumber(100.0 * difference, 1))
                                 : formatSignedMoney(difference);
        put(2, 2 + m, text, difference);
    }
    for (int column = 0; column < scenarios_->columnCount(); ++column) {
        QFont font = scenarios_->item(2, column)->font();
        font.setBold(true);
        scenarios_->item(2, column)->setFont(font);
    }
}

}  // namespace mb::ui
