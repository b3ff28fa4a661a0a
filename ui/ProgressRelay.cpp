#include "ProgressRelay.h"

#include <QMetaObject>
#include <algorithm>
#include <cmath>

namespace mb::ui {

ProgressRelay::ProgressRelay(QObject* parent) : QObject(parent) {}

ProgressToken::Listener ProgressRelay::listener() {
    return [this](double fraction) {
        const int percent = std::clamp(static_cast<int>(std::lround(fraction * 100.0)), 0, 100);
        if (lastPercent_.exchange(percent) == percent)
            return;
        QMetaObject::invokeMethod(
            this, [this, percent] { emit percentChanged(percent); }, Qt::QueuedConnection);
    };
}

void ProgressRelay::reset() {
    lastPercent_.store(-1);
}

}  // namespace mb::ui
