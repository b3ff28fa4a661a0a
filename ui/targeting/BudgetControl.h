#pragma once

#include "targeting/CampaignSimulation.h"

#include <QWidget>
#include <vector>

class QDoubleSpinBox;
class QSlider;

namespace mb::ui {

// A budget slider with a spin box beside it. The typed budget is the budget: nothing snaps to
// the budget curve's points. The slider spans nothing to the curve's top budget (what the plan
// would spend with no budget limit) and follows the typed value; dragging it types a budget.
// The curve is read between its points for a preview while the plan is not yet re-made.
class BudgetControl : public QWidget {
    Q_OBJECT
public:
    explicit BudgetControl(QWidget* parent = nullptr);

    // The curve of the plan on screen (empty: none); keeps the typed budget.
    void setCurve(std::vector<targeting::BudgetPoint> curve);
    const std::vector<targeting::BudgetPoint>& curve() const { return curve_; }

    double budget() const;
    void setBudget(double budget);
    // The curve read at the budget, linearly between its two nearest points (exact at a point);
    // false when there is no curve or the budget is outside it.
    bool readCurve(double budget, targeting::BudgetPoint* point) const;

    QSlider* slider() const { return slider_; }
    QDoubleSpinBox* spinBox() const { return spin_; }

signals:
    void budgetChanged(double budget);

private:
    double sliderTop() const;
    void placeSlider();

    std::vector<targeting::BudgetPoint> curve_;
    QSlider* slider_ = nullptr;
    QDoubleSpinBox* spin_ = nullptr;
    bool updating_ = false;
};

}  // namespace mb::ui
