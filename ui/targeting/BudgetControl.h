#pragma once

#include "targeting/CampaignSimulation.h"

#include <QWidget>
#include <vector>

class QDoubleSpinBox;
class QSlider;

namespace mb::ui {

// A budget slider with a spin box beside it, over a budget curve computed once: each slider
// step is one point of the curve, so moving it only reads a number (instant, whatever the
// campaign's size). Typing a budget between points moves the slider to the nearest one.
class BudgetControl : public QWidget {
    Q_OBJECT
public:
    explicit BudgetControl(QWidget* parent = nullptr);

    // Keeps the current budget when the curve covers it; an empty curve disables the control.
    void setCurve(std::vector<targeting::BudgetPoint> curve, double budget);
    const std::vector<targeting::BudgetPoint>& curve() const { return curve_; }

    double budget() const;
    // Snaps to the nearest point of the curve (or keeps the value with no curve yet).
    void setBudget(double budget);
    // The curve's point at the current budget, or nullptr with no curve.
    const targeting::BudgetPoint* point() const;

    QSlider* slider() const { return slider_; }
    QDoubleSpinBox* spinBox() const { return spin_; }

signals:
    void budgetChanged(double budget);

private:
    int nearestPoint(double budget) const;

    std::vector<targeting::BudgetPoint> curve_;
    QSlider* slider_ = nullptr;
    QDoubleSpinBox* spin_ = nullptr;
    bool updating_ = false;
};

}  // namespace mb::ui
