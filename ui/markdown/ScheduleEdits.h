#pragma once

#include "MarkdownRun.h"

#include <QObject>
#include <QStringList>
#include <QUndoCommand>
#include <map>
#include <memory>
#include <vector>

class QUndoStack;

namespace mb {
class ProgressToken;
}

namespace mb::ui {

// A user's change of one item: weeks locked at a step, and either the optimiser's policy
// re-solved around those locks or a schedule the user fixed week by week (which may break the
// rules; the page lists the breaks). Either way `plan` holds its exact figures.
struct ItemEdit {
    // One entry per 0-based week as MarkdownRules::lockedSteps: the locked step, or -1.
    std::vector<int> locks;
    // The user's schedule fixed in advance; empty when the edit is the re-solved policy.
    std::vector<int> fixedSteps;
    markdown::MarkdownPlan plan;
    // The steps shown and exported: the fixed schedule, or the policy's expected path.
    std::vector<int> steps;
    QStringList ruleBreaks;

    bool isFixed() const { return !fixedSteps.empty(); }
    // week is 1-based, as the page shows it.
    bool isLocked(int week) const;
    int lockCount() const;
};
using ItemEditPtr = std::shared_ptr<const ItemEdit>;

// The price step the plan charges in each week on its expected path: the schedule an edit
// starts from.
std::vector<int> planSteps(const markdown::ItemPlan& item);

// The rules a fixed schedule breaks, one line per break ("week 5: a 4th markdown, the rules
// allow 3"); empty when the schedule could have been chosen by the optimiser.
QStringList scheduleRuleBreaks(const markdown::MarkdownProblem& problem,
                               const std::vector<int>& steps);

// A fixed schedule evaluated exactly under the item's demand.
ItemEditPtr fixedScheduleEdit(const markdown::MarkdownProblem& problem, std::vector<int> locks,
                              std::vector<int> steps);
// The item's policy re-solved with optimiseMarkdown so that the locked weeks charge their steps
// and every other week stays optimal. Throws mb::Error (locks the rules cannot keep, cancel).
ItemEditPtr lockedPolicyEdit(const markdown::MarkdownProblem& problem, std::vector<int> locks,
                             ProgressToken* progress = nullptr);

// The user's edits, per item of scenario A. Every change goes through the undo stack as a whole
// edit, so undo and redo restore computed results without solving again.
class ScheduleEdits : public QObject {
    Q_OBJECT
public:
    explicit ScheduleEdits(QObject* parent = nullptr);

    // Forgets every edit and the undo history (a new plan).
    void setRun(MarkdownRunResultPtr run);
    const MarkdownRunResultPtr& run() const { return run_; }
    QUndoStack* undoStack() const { return undo_; }

    bool isEdited(int item) const { return edits_.contains(item); }
    const ItemEdit* edit(int item) const;
    ItemEditPtr editPtr(int item) const;
    QList<int> editedItems() const;
    std::vector<int> currentSteps(int item) const;
    // The item's locks with `week` (1-based) locked at `step`, or with it unlocked (step -1).
    std::vector<int> locksWith(int item, int week, int step) const;

    // Pushes an undoable override of one week (1-based) of an item, evaluated at once as a
    // fixed schedule; a no-op when unchanged. A locked week keeps its lock at the new step.
    void overrideWeek(int item, int week, int step);
    // Pushes an undoable change of the item to `after` (nullptr: back to the optimiser's plan).
    void pushEdit(int item, ItemEditPtr after, const QString& text);
    // Pushes an undoable return of the item to the optimiser's plan.
    void revertItem(int item);
    // Sets the edit without the undo stack (the commands call this).
    void setEdit(int item, ItemEditPtr edit);

signals:
    void itemChanged(int item);

private:
    bool validItem(int item) const;

    MarkdownRunResultPtr run_;
    std::map<int, ItemEditPtr> edits_;
    QUndoStack* undo_ = nullptr;
};

// One undoable change of an item: swaps whole edits, computed results included.
class EditCommand : public QUndoCommand {
public:
    EditCommand(ScheduleEdits* edits, int item, ItemEditPtr before, ItemEditPtr after,
                const QString& text);
    void undo() override;
    void redo() override;

private:
    ScheduleEdits* edits_;
    int item_;
    ItemEditPtr before_, after_;
};

}  // namespace mb::ui

Q_DECLARE_METATYPE(mb::ui::ItemEditPtr)
