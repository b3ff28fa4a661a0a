#pragma once

#include "TargetingRun.h"

#include <QWidget>

namespace mb::ui {

class ChartPanel;

// One treatment arm's holdout evaluation as three charts: the Qini curve and the uplift curve
// (model, random targeting and the perfect ranking) and the uplift by decile of predicted
// uplift (predicted beside observed).
class UpliftCharts : public QWidget {
    Q_OBJECT
public:
    explicit UpliftCharts(QWidget* parent = nullptr);

    // Clears the charts when evaluation is null or arm is out of range.
    void showArm(const ModelEvaluationPtr& evaluation, int arm);
    void setParameters(const QJsonObject& parameters);
    // What each chart says while it has nothing to show (before training).
    void setEmptyText(const QString& text);

    ChartPanel* qiniChart() const { return qini_; }
    ChartPanel* upliftChart() const { return uplift_; }
    ChartPanel* decileChart() const { return deciles_; }

private:
    void showCurves(ChartPanel* panel, const targeting::UpliftCurve& model,
                    const targeting::UpliftCurve& perfect, const QString& yTitle);
    void showDeciles(const ArmEvaluation& arm, bool binaryOutcome);

    ChartPanel* qini_ = nullptr;
    ChartPanel* uplift_ = nullptr;
    ChartPanel* deciles_ = nullptr;
};

}  // namespace mb::ui
