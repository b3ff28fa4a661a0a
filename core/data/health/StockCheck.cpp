#include "data/Sqlite.h"
#include "data/health/HealthCheck.h"
#include "data/health/Wording.h"

#include <cstdint>

namespace mb::data::health {

void checkStock(HealthCheck& check) {
    KindHealth& inventory = check.health("inventory");
    if (inventory.rows == 0)
        return;
    inventory.negativeUnits =
        queryInt(check.db, "SELECT count(*) FROM inventory WHERE on_hand < 0");
    if (inventory.negativeUnits == 0)
        return;
    check.add(Severity::Problem, "inventory", "negative_stock", QStringLiteral("all stock records"),
              QStringLiteral("%1 negative stock on hand: a markdown plan starts from the stock to "
                             "clear, so correct them first.")
                  .arg(plural(inventory.negativeUnits, "stock record shows", "stock records show")),
              static_cast<double>(inventory.negativeUnits));
    Statement rows(check.db,
                   "SELECT product, store, date, on_hand FROM inventory WHERE on_hand < 0 "
                   "ORDER BY on_hand, product, store, date LIMIT ?1");
    rows.bind(1, static_cast<std::int64_t>(kMaxExamples));
    while (rows.step()) {
        check.addExample(Severity::Problem, "inventory", "negative_stock",
                         seriesName(rows.text(0), rows.text(1)),
                         QStringLiteral("%1 units on hand on %2.")
                             .arg(QString::number(rows.real(3)), rows.text(2)),
                         rows.real(3));
    }
}

}  // namespace mb::data::health
