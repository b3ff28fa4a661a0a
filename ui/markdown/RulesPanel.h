#pragma once

#include "markdown/PlanningRules.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace mb::ui {

// The merchandiser's planning rules as editable fields: the price ladder in percentages of the
// regular price, the objective, salvage, the markdown count and spacing rules, the margin floor
// and the demand distribution, price endings, the weeks without a change after arrival, the
// markdown budget and the minimum on hand. Rules
// the panel has no field for (monotone, start step, target) are kept as they were set.
class RulesPanel : public QWidget {
    Q_OBJECT
public:
    explicit RulesPanel(QWidget* parent = nullptr);

    void setRules(const markdown::PlanningRules& rules);
    // The rules as edited; false with the reason when a field cannot be read.
    bool readRules(markdown::PlanningRules& rules, QString& problem) const;

    // "100, 85, 70" -> {1.0, 0.85, 0.7}; false when a value is not a percentage in (0, 100] or
    // the steps do not fall.
    static bool parseLadder(const QString& text, std::vector<double>& ladder, QString& problem);
    static QString ladderText(const std::vector<double>& ladder);
    // "0.99, 0.49" (or ".99 .49") -> {49, 99} cents; empty text: no price points.
    static bool parseEndings(const QString& text, std::vector<int>& cents, QString& problem);
    static QString endingsText(const std::vector<int>& cents);

    QLineEdit* ladderEdit() const { return ladder_; }
    QComboBox* objectiveBox() const { return objective_; }
    QSpinBox* maxMarkdownsBox() const { return maxMarkdowns_; }
    QLineEdit* endingsEdit() const { return endings_; }
    QSpinBox* noChangeBox() const { return noChange_; }
    QCheckBox* allOrNothingBox() const { return allOrNothing_; }
    QDoubleSpinBox* budgetBox() const { return budget_; }
    QSpinBox* minOnHandBox() const { return minOnHand_; }

signals:
    void rulesChanged();

private:
    void showProblem();

    markdown::PlanningRules base_;
    QLineEdit* ladder_ = nullptr;
    QComboBox* objective_ = nullptr;
    QComboBox* distribution_ = nullptr;
    QDoubleSpinBox* salvage_ = nullptr;
    QSpinBox* maxMarkdowns_ = nullptr;
    QSpinBox* minWeeks_ = nullptr;
    QSpinBox* earliestWeek_ = nullptr;
    QDoubleSpinBox* marginFloor_ = nullptr;
    QSpinBox* simulations_ = nullptr;
    QLineEdit* endings_ = nullptr;
    QSpinBox* noChange_ = nullptr;
    QCheckBox* allOrNothing_ = nullptr;
    QDoubleSpinBox* budget_ = nullptr;
    QSpinBox* minOnHand_ = nullptr;
    QLabel* problem_ = nullptr;
};

}  // namespace mb::ui
