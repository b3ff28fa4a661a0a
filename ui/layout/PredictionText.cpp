#include "PredictionText.h"

#include "common/Numbers.h"

#include <QObject>
#include <cmath>

namespace mb::ui {

QString predictedShareText(double change) {
    return std::isfinite(change) ? formatSignedPercent(change, 1) : QString();
}

QString predictedMoneyText(double perWeek) {
    return std::isfinite(perWeek) ? formatSignedMoney(perWeek, 0) : QString();
}

QString predictedRangeText(const layout::PredictedRange& range, QString (*format)(double)) {
    if (!std::isfinite(range.low) || !std::isfinite(range.high))
        return {};
    return QObject::tr("%1 to %2").arg(format(range.low), format(range.high));
}

QString predictionSentence(const layout::LayoutPrediction& prediction) {
    if (!prediction.predicted())
        return QObject::tr("No prediction in money: %1.").arg(prediction.effect.source);
    QString sentence = QObject::tr("Predicted: cross-category baskets %1 (%2)")
                           .arg(predictedShareText(prediction.shareChange.value),
                                predictedRangeText(prediction.shareChange, predictedShareText));
    if (std::isfinite(prediction.weeklyRevenue.value))
        sentence += QObject::tr(", revenue %1 a week (%2)")
                        .arg(predictedMoneyText(prediction.weeklyRevenue.value),
                             predictedRangeText(prediction.weeklyRevenue, predictedMoneyText));
    return sentence + u'.';
}

}  // namespace mb::ui
