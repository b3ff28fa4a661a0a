#pragma once

#include "MarkdownRun.h"

#include <QObject>
#include <QStringList>
#include <QUndoCommand>
#include <map>
#include <vector>

class QUndoStack;

namespace mb::ui {

// What a user's fixed schedule for one item is worth, evaluated exactly under the item's
// demand, and which planning rules it breaks (a user may break them; the page says so).
struct ItemEdit {
    std::vector<int> steps;
    markdown::MarkdownPlan plan;
    QStringList ruleBreaks;
};

// The price step the plan charges in each week on its expected path: the schedule an edit
// starts from.
std::vector<int> planSteps(const markdown::ItemPlan& item);

// The rules a fixed schedule breaks, one line per break ("week 5: a 4th markdown, the rules
// allow 3"); empty when the schedule could have been chosen by the optimiser.
QStringList scheduleRuleBreaks(const markdown::MarkdownProblem& problem,
                               const std::vector<int>& steps);

// The user's schedules, per item of scenario A, each re-evaluated when it changes. Changes go
// through the undo stack so that every override can be undone and redone.
class ScheduleEdits : public QObject {
    Q_OBJECT
public:
    explicit ScheduleEdits(QObject* parent = nullptr);

    // Forgets every edit and the undo history (a new plan).
    void setRun(MarkdownRunResultPtr run);
    QUndoStack* undoStack() const { return undo_; }

    bool isEdited(int item) const { return edits_.contains(item); }
    const ItemEdit* edit(int item) const;
    QList<int> editedItems() const;
    // Pushes an undoable override of one week (1-based) of an item; a no-op when unchanged.
    void overrideWeek(int item, int week, int step);
    // Pushes an undoable best rule-respecting schedule that charges `step` in `week` (see
    // bestScheduleWithLock); false when there is none or too many to search (*tooMany).
    bool lockWeek(int item, int week, int step, bool* tooMany = nullptr);
    // Pushes an undoable return of the item to the optimiser's plan.
    void revertItem(int item);
    // Sets the schedule without the undo stack (the commands call this); empty clears it.
    void setSteps(int item, const std::vector<int>& steps);
    std::vector<int> currentSteps(int item) const;

signals:
    void itemChanged(int item);

private:
    MarkdownRunResultPtr run_;
    std::map<int, ItemEdit> edits_;  // node-based: an edit's address outlives other edits
    QUndoStack* undo_ = nullptr;
};

// One undoable change of an item's schedule: swaps the steps before and after.
class ScheduleCommand : public QUndoCommand {
public:
    ScheduleCommand(ScheduleEdits* edits, int item, std::vector<int> before, std::vector<int> after,
                    const QString& text);
    void undo() override;
    void redo() override;

private:
    ScheduleEdits* edits_;
    int item_;
    std::vector<int> before_, after_;
};

}  // namespace mb::ui
