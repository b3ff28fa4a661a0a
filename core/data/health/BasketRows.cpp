#include "data/Sqlite.h"
#include "data/health/HealthCheck.h"
#include "data/health/Wording.h"

namespace mb::data::health {

// Returns and free lines in transaction logs: both are kept at import (they are real records),
// so the report says how many there are and how the analyses treat them.
void checkBasketRows(HealthCheck& check) {
    KindHealth& baskets = check.health("baskets");
    if (baskets.rows == 0)
        return;
    Statement counts(check.db,
                     "SELECT count(CASE WHEN quantity < 0 THEN 1 END), "
                     "count(CASE WHEN price = 0 THEN 1 END), "
                     "count(DISTINCT CASE WHEN quantity < 0 THEN basket END) FROM basket_lines");
    if (!counts.step())
        return;
    baskets.negativeUnits = counts.int64(0);
    baskets.zeroPrices = counts.int64(1);
    const qint64 returnBaskets = counts.int64(2);
    if (baskets.negativeUnits > 0) {
        check.add(Severity::Warning, "baskets", "negative_quantity",
                  QStringLiteral("all basket lines"),
                  QStringLiteral("%1 a negative quantity (returns or cancellations, in %2): rules, "
                                 "affinity, customer features and conversion count them as "
                                 "returns, not purchases; monetary value is net of them.")
                      .arg(plural(baskets.negativeUnits, "basket line has", "basket lines have"),
                           plural(returnBaskets, "basket", "baskets")),
                  static_cast<double>(baskets.negativeUnits));
    }
    if (baskets.zeroPrices > 0) {
        check.add(Severity::Warning, "baskets", "zero_price", QStringLiteral("all basket lines"),
                  QStringLiteral("%1 a price of 0 (free items, samples or adjustments?): they "
                                 "count as bought items but add no value.")
                      .arg(plural(baskets.zeroPrices, "basket line has", "basket lines have")),
                  static_cast<double>(baskets.zeroPrices));
    }
}

}  // namespace mb::data::health
