#pragma once

#include "MarkdownRun.h"
#include "markdown/ItemEdit.h"

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

// A user's change of one item and the schedule functions live in core (markdown/ItemEdit.h),
// where the price-change list reads them; the page uses them under these names.
using markdown::fixedScheduleEdit;
using markdown::ItemEdit;
using markdown::ItemEditPtr;
using markdown::lockedPolicyEdit;
using markdown::planSteps;
using markdown::scheduleRuleBreaks;

// The user's edits, per item of scenario A. Every change goes through the undo stack as a whole
// edit, so undo and redo restore computed results without solving again.
class ScheduleEdits : public QObject {
    Q_OBJECT
public:
    explicit ScheduleEdits(QObject* parent = nullptr);

    // Forgets every edit and the undo history (a new plan).
    void setRun(MarkdownRunResultPtr run);
    // The edits of a saved scenario, re-applied to its plan: they are where the user starts
    // from, so nothing goes on the undo stack.
    void restore(const std::map<int, ItemEditPtr>& edits);
    const MarkdownRunResultPtr& run() const { return run_; }
    QUndoStack* undoStack() const { return undo_; }

    bool isEdited(int item) const { return edits_.contains(item); }
    // Every edit by item, for the price-change list.
    const std::map<int, ItemEditPtr>& all() const { return edits_; }
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
