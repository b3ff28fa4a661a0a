#pragma once

#include "MarkdownRun.h"

#include <QWidget>

class QTableWidget;

namespace mb::ui {

class ScheduleEdits;
class StatCardRow;

// The season at a glance: cards for the scenario shown (items planned, its objective, revenue,
// gain against no markdown and against the best fixed rule, and the total with the user's
// edits), and, when two rule sets were planned, both compared on the same measures (revenue,
// margin, margin + salvage, units, sell-through, leftover units) with B − A under each.
class SeasonSummary : public QWidget {
    Q_OBJECT
public:
    // The comparison's columns after Scenario and Rules.
    enum Measure { Items, Revenue, Margin, MarginWithSalvage, Units, SellThrough, Leftover, Count };

    explicit SeasonSummary(QWidget* parent = nullptr);

    // `edits` apply to scenario A; showB puts scenario B on the cards.
    void showRun(const MarkdownRunResultPtr& run, const ScheduleEdits* edits, bool showB = false);
    StatCardRow* cards() const { return cards_; }
    QTableWidget* scenarios() const { return scenarios_; }

    // Scenario A's objective with each edited item's schedule in place of its plan.
    static double editedObjective(const MarkdownRunResult& run, const ScheduleEdits& edits);
    // "+1,234", "−56", "0": a difference with its sign (a true minus sign).
    static QString signedNumber(double value, int decimals = 0);

private:
    void showScenarios(const MarkdownRunResult& run, const ScheduleEdits* edits);

    StatCardRow* cards_ = nullptr;
    QTableWidget* scenarios_ = nullptr;
};

}  // namespace mb::ui
