#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace mb::layout {

// A layout test: stores whose layout changed on a date, compared with control stores over the
// same weeks before and after it (difference in differences). The CLI's `layout-test` fills it
// from its options, the Layout page's test section from its controls, `run` from a file.
struct LayoutTestRequest {
    QStringList stores;   // the changed stores
    QString date;         // the change's date, ISO (YYYY-MM-DD): the first day after it
    QStringList control;  // the control stores; empty: every other store with baskets
    int weeks = 8;        // weeks compared on each side of the date
    double confidence = 0.95;
    // The store permutation's sample of changed-store choices, when there are too many to try
    // every one.
    qint64 seed = 1;

    bool operator==(const LayoutTestRequest&) const = default;

    QJsonObject toJson() const;
    // Throws mb::Error naming the field, what was found and what was expected.
    static LayoutTestRequest fromJson(const QJsonObject& json);
};

}  // namespace mb::layout
