#pragma once

#include "layout/LayoutScore.h"

#include <QObject>
#include <cstdint>
#include <memory>
#include <vector>

class QUndoStack;

namespace mb::ui {

// The layout a planner is editing: the zone of every category, its score kept current by a
// LayoutScorer, and an undo stack of the edits. The imported layout stays as the baseline every
// change is measured against.
class LayoutScenario : public QObject {
    Q_OBJECT
public:
    explicit LayoutScenario(QObject* parent = nullptr);
    ~LayoutScenario() override;

    // Starts over on a model (kept by the scenario) from the imported layout; clears undo.
    void reset(layout::LayoutModel model, std::vector<int> imported);
    // Back to nothing loaded: no model, no layout, no undo history (a closed project).
    void clear();
    // Swaps the model (e.g. new weights) keeping the current layout and the undo history.
    void setModel(layout::LayoutModel model);
    bool isEmpty() const { return !scorer_; }

    const layout::LayoutModel& model() const { return model_; }
    const std::vector<int>& imported() const { return imported_; }
    const std::vector<int>& assignment() const;
    int zoneOf(int category) const { return assignment()[static_cast<std::size_t>(category)]; }
    const layout::LayoutScoreTerms& terms() const;
    const layout::LayoutScoreTerms& importedTerms() const { return importedTerms_; }

    // What a move or swap would change, the layout unchanged.
    layout::LayoutScoreTerms moveChange(int category, int zone) const;
    layout::LayoutScoreTerms swapChange(int categoryA, int categoryB) const;

    // Undoable edits.
    void move(int category, int zone);
    void swap(int categoryA, int categoryB);
    void setAssignment(const std::vector<int>& assignment, const QString& text);
    // Which categories are impulse categories (one flag per category): changes the exposure
    // term of the layout now and of the imported one.
    void setImpulse(const std::vector<std::uint8_t>& impulse, const QString& text);
    // The layout and the impulse categories together, as one undoable step (a saved scenario
    // put on the floor).
    void setFloor(const std::vector<int>& assignment, const std::vector<std::uint8_t>& impulse,
                  const QString& text);

    QUndoStack* undoStack() const { return undoStack_; }

    // For the undo commands: apply without recording.
    void applyMove(int category, int zone);
    void applySwap(int categoryA, int categoryB);
    void applyAssignment(const std::vector<int>& assignment);
    void applyImpulse(const std::vector<std::uint8_t>& impulse);
    struct Floor {
        std::vector<int> assignment;
        std::vector<std::uint8_t> impulse;
    };
    void applyFloor(const Floor& floor);

signals:
    void changed();

private:
    layout::LayoutModel model_;
    std::vector<int> imported_;
    layout::LayoutScoreTerms importedTerms_;
    std::unique_ptr<layout::LayoutScorer> scorer_;
    QUndoStack* undoStack_ = nullptr;
};

}  // namespace mb::ui
