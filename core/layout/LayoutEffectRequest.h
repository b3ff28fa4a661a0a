#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace mb::layout {

// The effect of walking distance on attach rates (LayoutEffectJob.h), for one request: which
// stores' baskets and placements are read, and up to which day.
struct LayoutEffectRequest {
    QStringList stores;      // "stores"; empty = every store the basket lines name
    QString asOf;            // "as_of", ISO date; '' = every basket line
    qint64 memoryLimit = 0;  // "memory_limit", bytes; 0 = the machine's default

    bool operator==(const LayoutEffectRequest& other) const = default;
    QJsonObject toJson() const;
    // Throws mb::Error naming the field, what was found and what was expected.
    static LayoutEffectRequest fromJson(const QJsonObject& json);
};

}  // namespace mb::layout
