#pragma once

#include "layout/LayoutJob.h"

#include <QWidget>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace mb::ui {

class FloorPlanView;
class OutOfDateBanner;

// What the planner asks the optimiser for; the same options as `merchbench-cli layout
// --optimize` (--fix, --capacity, --max-moves, --weights, --seconds, --iterations, --seed,
// --effect).
struct OptimiseSettings {
    layout::LayoutWeights weights;
    int capacity = 1;
    int maxMoves = 0;  // 0 = no limit
    double seconds = 2.0;
    std::int64_t iterations = 0;  // 0 = the solver's default
    std::uint64_t seed = 1;
    std::vector<std::pair<int, int>> fixed;  // (category, zone)
    // The effect of proximity the prediction in money uses; none: the chain's measured one.
    std::optional<layout::ProximityEffect> effect;
};

// The Optimise tab: the rules and search settings on the left; after a run, the current and
// proposed layouts side by side with the score terms before and after, and Apply / Discard.
class OptimisePanel : public QWidget {
    Q_OBJECT
public:
    explicit OptimisePanel(QWidget* parent = nullptr);

    void setFloor(const layout::FloorPlan& plan, const QStringList& categories);
    OptimiseSettings settings() const;
    // The controls set from a saved request (fixed zones by the floor's indices).
    void setSettings(const OptimiseSettings& settings);
    void setMaxMoves(int maxMoves);
    void setSeed(std::uint64_t seed);
    void setIterations(std::int64_t iterations);
    void setSeconds(double seconds);
    void setCapacity(int capacity);
    // zone -1 frees the category.
    void setFixedZone(int category, int zone);
    // The effect the prediction uses (none: the chain's measured one).
    void setProximityEffect(const std::optional<layout::ProximityEffect>& effect);
    void setRunning(bool running);

    void showProposal(const layout::LayoutResult& result);
    void clearProposal();
    bool hasProposal() const { return hasProposal_; }

    FloorPlanView* currentView() const { return currentView_; }
    FloorPlanView* proposedView() const { return proposedView_; }
    QPushButton* runButton() const { return runButton_; }
    QPushButton* applyButton() const { return applyButton_; }
    QPushButton* discardButton() const { return discardButton_; }
    // The proposal in a sentence: moves, prediction and what the search maximised.
    QLabel* summaryLabel() const { return summary_; }
    QTableWidget* termsTable() const { return terms_; }
    QWidget* comparison() const { return comparison_; }
    QSpinBox* maxMovesBox() const { return maxMoves_; }
    // Above the proposal: says when it no longer answers the controls or the data.
    OutOfDateBanner* banner() const { return banner_; }

signals:
    // Any control of the request changed (weights, rules, search).
    void settingsChanged();
    void runRequested();
    void applyRequested();
    void discardRequested();

private:
    QTableWidget* fixedTable_ = nullptr;
    QSpinBox* capacity_ = nullptr;
    QSpinBox* maxMoves_ = nullptr;
    OutOfDateBanner* banner_ = nullptr;
    QDoubleSpinBox* adjacencyWeight_ = nullptr;
    QDoubleSpinBox* exposureWeight_ = nullptr;
    QDoubleSpinBox* distanceWeight_ = nullptr;
    QDoubleSpinBox* seconds_ = nullptr;
    QSpinBox* iterations_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QDoubleSpinBox* effectRate_ = nullptr;
    QDoubleSpinBox* effectLow_ = nullptr;
    QDoubleSpinBox* effectHigh_ = nullptr;
    QPushButton* runButton_ = nullptr;
    QWidget* comparison_ = nullptr;
    QLabel* summary_ = nullptr;
    FloorPlanView* currentView_ = nullptr;
    FloorPlanView* proposedView_ = nullptr;
    QTableWidget* terms_ = nullptr;
    QPushButton* applyButton_ = nullptr;
    QPushButton* discardButton_ = nullptr;
    QStringList zones_;
    bool hasProposal_ = false;
};

}  // namespace mb::ui
