#include "BudgetControl.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>
#include <algorithm>
#include <cmath>

namespace mb::ui {

namespace {

constexpr int kSliderSteps = 1000;  // fine enough that a drag feels continuous

}  // namespace

BudgetControl::BudgetControl(QWidget* parent) : QWidget(parent) {
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setObjectName(QStringLiteral("budgetSlider"));
    slider_->setRange(0, kSliderSteps);
    slider_->setPageStep(kSliderSteps / 10);
    slider_->setMinimumWidth(120);
    spin_ = new QDoubleSpinBox(this);
    spin_->setObjectName(QStringLiteral("budgetSpin"));
    spin_->setRange(0.0, 1e9);
    spin_->setDecimals(2);
    spin_->setGroupSeparatorShown(true);
    spin_->setValue(500.0);
    spin_->setKeyboardTracking(false);
    spin_->setToolTip(tr("Total cost of the offers sent: the plan spends at most this."));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(slider_, 1);
    layout->addWidget(spin_);

    connect(slider_, &QSlider::valueChanged, this, [this](int step) {
        if (updating_)
            return;
        // Whole cents, as the spin box shows them.
        const double budget = std::round(sliderTop() * step / kSliderSteps * 100.0) / 100.0;
        const QSignalBlocker block(spin_);
        spin_->setValue(budget);
        emit budgetChanged(spin_->value());
    });
    connect(spin_, &QDoubleSpinBox::valueChanged, this, [this](double budget) {
        placeSlider();
        emit budgetChanged(budget);
    });
    placeSlider();
}

double BudgetControl::sliderTop() const {
    if (!curve_.empty() && curve_.back().budget > 0.0)
        return std::max(curve_.back().budget, spin_->value());
    // No curve yet: room on both sides of the typed budget.
    return std::max(1000.0, 2.0 * spin_->value());
}

void BudgetControl::placeSlider() {
    const double top = sliderTop();
    updating_ = true;
    slider_->setValue(top > 0.0 ? static_cast<int>(std::lround(spin_->value() / top * kSliderSteps))
                                : 0);
    updating_ = false;
}

void BudgetControl::setCurve(std::vector<targeting::BudgetPoint> curve) {
    curve_ = std::move(curve);
    placeSlider();
}

double BudgetControl::budget() const {
    return spin_->value();
}

void BudgetControl::setBudget(double budget) {
    spin_->setValue(budget);
}

bool BudgetControl::readCurve(double budget, targeting::BudgetPoint* point) const {
    if (curve_.empty() || budget < curve_.front().budget || budget > curve_.back().budget)
        return false;
    const auto high =
        std::lower_bound(curve_.begin(), curve_.end(), budget,
                         [](const targeting::BudgetPoint& p, double b) { return p.budget < b; });
    if (high->budget == budget || high == curve_.begin()) {
        *point = *high;
        return true;
    }
    const targeting::BudgetPoint& low = *(high - 1);
    const double t = (budget - low.budget) / (high->budget - low.budget);
    const auto mix = [t](double a, double b) { return a + t * (b - a); };
    point->budget = budget;
    point->spend = mix(low.spend, high->spend);
    point->netValue = mix(low.netValue, high->netValue);
    point->incrementalMargin = mix(low.incrementalMargin, high->incrementalMargin);
    point->wholeOffersSpend = mix(low.wholeOffersSpend, high->wholeOffersSpend);
    point->wholeOffersNetValue = mix(low.wholeOffersNetValue, high->wholeOffersNetValue);
    return true;
}

}  // namespace mb::ui
