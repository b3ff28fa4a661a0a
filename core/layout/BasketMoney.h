#pragma once

#include "layout/BasketReader.h"

#include <QHash>
#include <QString>
#include <cmath>

namespace mb::data {
class Project;
}

namespace mb::layout {

// What turns a store's attach purchases into money per week: each category's value in the
// baskets that hold it and the weeks the baskets span.
struct BasketMoney {
    // Category -> its mean value per basket holding it (the basket's lines of that category
    // summed; value, else price x quantity). A category none of whose lines has a value is
    // absent: its money is unknown, never zero.
    QHash<QString, double> valuePerBasket;
    // Days from the first basket's day to the last one's, inclusive, over 7; NaN when a basket
    // line read carries no time (its week cannot be known) or there are no baskets.
    double weeks = std::nan("");
    QString firstDay;
    QString lastDay;
    qint64 undatedLines = 0;
};

// Reads the basket lines `scope` selects (the lines readProjectBaskets reads at category level:
// purchases only, a line's category or its product's). Call inside the load's read snapshot.
BasketMoney readBasketMoney(const data::Project& project, const BasketScope& scope);

}  // namespace mb::layout
