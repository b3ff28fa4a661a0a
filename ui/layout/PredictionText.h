#pragma once

#include "layout/LayoutPrediction.h"

#include <QString>

namespace mb::ui {

// How the Layout page writes a prediction in money: a share change as "+8.3%", money per week
// in the project's currency as "+$470" (whole units: the prediction is not that precise), a range
// as "+2.5% to +14.9%"; "" when unknown.
QString predictedShareText(double change);
QString predictedMoneyText(double perWeek);
QString predictedRangeText(const layout::PredictedRange& range, QString (*format)(double));

// One sentence for the whole proposal, or why there is none.
QString predictionSentence(const layout::LayoutPrediction& prediction);

}  // namespace mb::ui
