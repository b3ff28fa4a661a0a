#pragma once

#include <QDate>
#include <QString>
#include <vector>

namespace mb::markdown {

// One row of the merchandiser's own plan: from `date` on, the item charges this step, discount
// or price (exactly one is given).
struct UserPriceChange {
    QString product;
    QString store;
    QDate date;
    int step = -1;
    double discount = -1.0;  // share off the regular price, 0 to 1
    double price = -1.0;
    qint64 line = 0;

    bool operator==(const UserPriceChange&) const = default;
};

// Reads a price-change list in the shape `markdown --out` writes: product, store, week (a date
// in the week of the change) and one of step, discount (0.3 or 30%) or new_price. Throws
// mb::Error with file:line:column on the first bad field.
std::vector<UserPriceChange> readUserPlan(const QString& path);

}  // namespace mb::markdown
