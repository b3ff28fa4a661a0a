#include "BudgetControl.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>
#include <algorithm>
#include <cmath>

namespace mb::ui {

BudgetControl::BudgetControl(QWidget* parent) : QWidget(parent) {
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setObjectName(QStringLiteral("budgetSlider"));
    slider_->setRange(0, 0);
    slider_->setEnabled(false);
    slider_->setMinimumWidth(180);
    spin_ = new QDoubleSpinBox(this);
    spin_->setObjectName(QStringLiteral("budgetSpin"));
    spin_->setRange(0.0, 1e9);
    spin_->setDecimals(2);
    spin_->setGroupSeparatorShown(true);
    spin_->setValue(500.0);
    spin_->setToolTip(tr("Total cost of the offers sent."));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(slider_, 1);
    layout->addWidget(spin_);

    connect(slider_, &QSlider::valueChanged, this, [this](int index) {
        if (updating_ || index < 0 || index >= static_cast<int>(curve_.size()))
            return;
        {
            const QSignalBlocker block(spin_);
            spin_->setValue(curve_[static_cast<std::size_t>(index)].budget);
        }
        emit budgetChanged(budget());
    });
    // Typing settles on the nearest curve point once the user leaves the field or presses Enter.
    connect(spin_, &QDoubleSpinBox::editingFinished, this, [this] { setBudget(spin_->value()); });
}

void BudgetControl::setCurve(std::vector<targeting::BudgetPoint> curve, double budget) {
    curve_ = std::move(curve);
    updating_ = true;
    slider_->setRange(0, std::max(0, static_cast<int>(curve_.size()) - 1));
    slider_->setEnabled(!curve_.empty());
    slider_->setPageStep(std::max(1, static_cast<int>(curve_.size()) / 10));
    updating_ = false;
    if (!curve_.empty())
        spin_->setMaximum(curve_.back().budget);
    setBudget(budget);
}

int BudgetControl::nearestPoint(double budget) const {
    int best = -1;
    double distance = 0.0;
    for (std::size_t i = 0; i < curve_.size(); ++i) {
        const double d = std::abs(curve_[i].budget - budget);
        if (best < 0 || d < distance) {
            best = static_cast<int>(i);
            distance = d;
        }
    }
    return best;
}

double BudgetControl::budget() const {
    // The spin box rounds to cents; the curve point is the exact budget.
    const targeting::BudgetPoint* at = point();
    return at ? at->budget : spin_->value();
}

void BudgetControl::setBudget(double budget) {
    const int index = nearestPoint(budget);
    const double before = spin_->value();
    {
        const QSignalBlocker block(spin_);
        spin_->setValue(index >= 0 ? curve_[static_cast<std::size_t>(index)].budget : budget);
    }
    if (index >= 0) {
        updating_ = true;
        slider_->setValue(index);
        updating_ = false;
    }
    if (spin_->value() != before || index >= 0)
        emit budgetChanged(this->budget());
}

const targeting::BudgetPoint* BudgetControl::point() const {
    if (curve_.empty())
        return nullptr;
    return &curve_[static_cast<std::size_t>(
        std::clamp(slider_->value(), 0, static_cast<int>(curve_.size()) - 1))];
}

}  // namespace mb::ui
