#pragma once

#include <QJsonValue>
#include <cmath>

namespace mb {

// A number for a JSON summary, request or decision: JSON has no NaN or infinity, so a value
// that could not be computed is null, never a made-up 0.
inline QJsonValue jsonNumber(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue();
}

}  // namespace mb
