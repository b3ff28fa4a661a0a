#include "LayoutScenario.h"

#include <QUndoCommand>
#include <QUndoStack>

namespace mb::ui {

namespace {

const std::vector<int> kNoAssignment;
const layout::LayoutScoreTerms kNoTerms;

QString zoneName(const layout::LayoutModel& model, int zone) {
    return zone < 0 ? QObject::tr("off the floor") : model.zones[zone];
}

class MoveCommand : public QUndoCommand {
public:
    MoveCommand(LayoutScenario* scenario, int category, int from, int to)
        : scenario_(scenario), category_(category), from_(from), to_(to) {
        setText(QObject::tr("Move %1 to %2")
                    .arg(scenario->model().categories[category], zoneName(scenario->model(), to)));
    }
    void redo() override { scenario_->applyMove(category_, to_); }
    void undo() override { scenario_->applyMove(category_, from_); }

private:
    LayoutScenario* scenario_;
    int category_, from_, to_;
};

class SwapCommand : public QUndoCommand {
public:
    SwapCommand(LayoutScenario* scenario, int categoryA, int categoryB)
        : scenario_(scenario), categoryA_(categoryA), categoryB_(categoryB) {
        setText(QObject::tr("Swap %1 and %2")
                    .arg(scenario->model().categories[categoryA],
                         scenario->model().categories[categoryB]));
    }
    // A swap is its own inverse.
    void redo() override { scenario_->applySwap(categoryA_, categoryB_); }
    void undo() override { scenario_->applySwap(categoryA_, categoryB_); }

private:
    LayoutScenario* scenario_;
    int categoryA_, categoryB_;
};

// Sets a whole value (the assignment, the impulse flags): after on redo, before on undo.
template <typename Value, void (LayoutScenario::*apply)(const Value&)>
class ChangeCommand : public QUndoCommand {
public:
    ChangeCommand(LayoutScenario* scenario, Value before, Value after, const QString& text)
        : scenario_(scenario), before_(std::move(before)), after_(std::move(after)) {
        setText(text);
    }
    void redo() override { (scenario_->*apply)(after_); }
    void undo() override { (scenario_->*apply)(before_); }

private:
    LayoutScenario* scenario_;
    Value before_, after_;
};

using AssignmentCommand = ChangeCommand<std::vector<int>, &LayoutScenario::applyAssignment>;
using ImpulseCommand = ChangeCommand<std::vector<std::uint8_t>, &LayoutScenario::applyImpulse>;
using FloorCommand = ChangeCommand<LayoutScenario::Floor, &LayoutScenario::applyFloor>;

}  // namespace

LayoutScenario::LayoutScenario(QObject* parent) : QObject(parent) {
    undoStack_ = new QUndoStack(this);
}

LayoutScenario::~LayoutScenario() {
    // Commands point back at the scenario: drop them while it is whole.
    undoStack_->clear();
}

void LayoutScenario::reset(layout::LayoutModel model, std::vector<int> imported) {
    undoStack_->clear();
    model_ = std::move(model);
    imported_ = std::move(imported);
    importedTerms_ = layout::scoreLayout(model_, imported_);
    scorer_ = std::make_unique<layout::LayoutScorer>(model_, imported_);
    emit changed();
}

void LayoutScenario::clear() {
    undoStack_->clear();
    model_ = {};
    imported_.clear();
    importedTerms_ = {};
    scorer_.reset();
    emit changed();
}

void LayoutScenario::setModel(layout::LayoutModel model) {
    const std::vector<int> current = assignment();
    model_ = std::move(model);
    importedTerms_ = layout::scoreLayout(model_, imported_);
    scorer_ = std::make_unique<layout::LayoutScorer>(model_, current);
    emit changed();
}

const std::vector<int>& LayoutScenario::assignment() const {
    return scorer_ ? scorer_->zoneOfCategory() : kNoAssignment;
}

const layout::LayoutScoreTerms& LayoutScenario::terms() const {
    return scorer_ ? scorer_->terms() : kNoTerms;
}

layout::LayoutScoreTerms LayoutScenario::moveChange(int category, int zone) const {
    return scorer_ ? scorer_->moveChange(category, zone) : layout::LayoutScoreTerms{};
}

layout::LayoutScoreTerms LayoutScenario::swapChange(int categoryA, int categoryB) const {
    return scorer_ ? scorer_->swapChange(categoryA, categoryB) : layout::LayoutScoreTerms{};
}

void LayoutScenario::move(int category, int zone) {
    if (!scorer_ || category < 0 || category >= model_.categoryCount() || zone < -1 ||
        zone >= model_.zoneCount() || scorer_->zoneOf(category) == zone)
        return;
    undoStack_->push(new MoveCommand(this, category, scorer_->zoneOf(category), zone));
}

void LayoutScenario::swap(int categoryA, int categoryB) {
    const int n = model_.categoryCount();
    if (!scorer_ || categoryA < 0 || categoryB < 0 || categoryA >= n || categoryB >= n ||
        scorer_->zoneOf(categoryA) == scorer_->zoneOf(categoryB))
        return;
    undoStack_->push(new SwapCommand(this, categoryA, categoryB));
}

void LayoutScenario::setAssignment(const std::vector<int>& assignment, const QString& text) {
    if (!scorer_ || assignment.size() != static_cast<std::size_t>(model_.categoryCount()) ||
        assignment == this->assignment())
        return;
    undoStack_->push(new AssignmentCommand(this, this->assignment(), assignment, text));
}

void LayoutScenario::setImpulse(const std::vector<std::uint8_t>& impulse, const QString& text) {
    if (!scorer_ || impulse.size() != model_.impulse.size() || impulse == model_.impulse)
        return;
    undoStack_->push(new ImpulseCommand(this, model_.impulse, impulse, text));
}

void LayoutScenario::setFloor(const std::vector<int>& assignment,
                              const std::vector<std::uint8_t>& impulse, const QString& text) {
    if (!scorer_ || assignment.size() != static_cast<std::size_t>(model_.categoryCount()) ||
        impulse.size() != model_.impulse.size() ||
        (assignment == this->assignment() && impulse == model_.impulse))
        return;
    undoStack_->push(new FloorCommand(this, Floor{this->assignment(), model_.impulse},
                                      Floor{assignment, impulse}, text));
}

void LayoutScenario::applyMove(int category, int zone) {
    scorer_->move(category, zone);
    emit changed();
}

void LayoutScenario::applySwap(int categoryA, int categoryB) {
    scorer_->swap(categoryA, categoryB);
    emit changed();
}

void LayoutScenario::applyAssignment(const std::vector<int>& assignment) {
    scorer_ = std::make_unique<layout::LayoutScorer>(model_, assignment);
    emit changed();
}

void LayoutScenario::applyImpulse(const std::vector<std::uint8_t>& impulse) {
    applyFloor(Floor{assignment(), impulse});
}

void LayoutScenario::applyFloor(const Floor& floor) {
    model_.impulse = floor.impulse;
    importedTerms_ = layout::scoreLayout(model_, imported_);
    scorer_ = std::make_unique<layout::LayoutScorer>(model_, floor.assignment);
    emit changed();
}

}  // namespace mb::ui
